# lib.sh - shared by the CLI tests (TAP).  Source it, call the checks,
# end with done_testing.
set -u
: "${abs_top_builddir:?run through make check}" "${abs_top_srcdir:?}"
INDEX="$abs_top_builddir/indexer/sousuo-index"
SEARCH="$abs_top_builddir/searcher/sousuo-search"
DBTOOL="$abs_top_builddir/tests/dbtool"
CORPUS="$abs_top_srcdir/corpus"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/sousuo-cli.XXXXXX")
trap 'chmod -R u+rwx "$TMP" 2>/dev/null; rm -rf "$TMP"' EXIT
# The searcher takes the nearest .sousuo above the working folder, so an
# index left above $TMP (say /tmp/.sousuo) answers the tests that expect
# none, and they fail for a reason that is not theirs.  Stop at once and
# name it (exit 99: a hard error in automake's test driver).
_d=$TMP
while [ "$_d" != / ] && [ -n "$_d" ]; do
    _d=${_d%/*}
    [ -n "$_d" ] || _d=/
    if [ -e "$_d/.sousuo" ]; then
        echo "Bail out! stray index $_d/.sousuo above the test folder: remove it (tests find the nearest index upwards)"
        exit 99
    fi
done
# make check-valgrind: each program runs as $SOUSUO_TEST_WRAP PROGRAM ARGS,
# through a one-line script so that "$INDEX" stays one word.
if [ -n "${SOUSUO_TEST_WRAP:-}" ]; then
    mkdir "$TMP/.wrap"
    for _v in INDEX SEARCH DBTOOL; do
        eval "_p=\$$_v"
        printf '#!/bin/sh\nexec %s "%s" "$@"\n' "$SOUSUO_TEST_WRAP" "$_p" \
            >"$TMP/.wrap/${_p##*/}"
        chmod +x "$TMP/.wrap/${_p##*/}"
        eval "$_v=\$TMP/.wrap/\${_p##*/}"
    done
fi
export NO_COLOR=1 LC_ALL=C.UTF-8
unset SOUSUO_INDEX
tap_n=0
tap_failed=0
CIIP=ciip-new-quality-productive-forces.txt
NQPF=nqpf-deepseek-national-rejuvenation.txt

# in_corpus: work in a fresh copy of corpus/, without any index.
in_corpus() {
    cp -R "$CORPUS" "$TMP/corpus"
    rm -rf "$TMP/corpus/.sousuo"
    cd "$TMP/corpus" || exit 2
}

ok() {
    tap_n=$((tap_n + 1))
    echo "ok $tap_n - $1"
}

not_ok() {
    tap_n=$((tap_n + 1))
    tap_failed=$((tap_failed + 1))
    echo "not ok $tap_n - $1"
    shift
    for line in "$@"; do
        printf '%s\n' "$line" | sed 's/^/#   /'
    done
}

skip() {
    tap_n=$((tap_n + 1))
    echo "ok $tap_n - $1 # SKIP $2"
}

# expect_dump NAME INDEX REF: the dump of INDEX (tests/dbtool: documents,
# terms, values) is the same as the dump in file REF.
expect_dump() {
    "$DBTOOL" dump "$2" >"$TMP/expect_dump.out"
    expect_eq "$1" "$(cmp "$3" "$TMP/expect_dump.out" 2>&1 && echo same)" same
}

# dumped_docs INDEX: how many documents INDEX holds (tests/dbtool dump).
dumped_docs() {
    "$DBTOOL" dump "$1" | sed -n 's/^documents //p'
}

# part_shares DIR N: how many of DIR's files each of N parts or shards
# gets, one count a line (indexer/shards.h shard_of(): FNV-1a 64 of the
# path relative to DIR, mod N).
part_shares() {
    python3 - "$1" "$2" <<'PY'
import os, sys
root, n = sys.argv[1], int(sys.argv[2])
counts = [0] * n
for d, dirs, files in os.walk(root):
    dirs[:] = [x for x in dirs if not x.startswith(".")]
    for f in files:
        h = 0xcbf29ce484222325
        for b in os.path.relpath(os.path.join(d, f), root).encode():
            h = ((h ^ b) * 0x100000001b3) & (2**64 - 1)
        counts[h % n] += 1
print("\n".join(map(str, counts)))
PY
}

# expect_eq NAME GOT WANT
expect_eq() {
    if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1" "got:" "$2" "want:" "$3"; fi
}

# expect_match NAME TEXT EXTENDED-REGEX
expect_match() {
    if printf '%s\n' "$2" | grep -Eq -- "$3"; then ok "$1"
    else not_ok "$1" "no line of:" "$2" "matches: $3"; fi
}

# expect_rc NAME WANT-RC COMMAND...: run COMMAND, output in $out/$err.
# (Its own variables start with _: shell functions share the caller's.)
expect_rc() {
    _name=$1
    _want=$2
    shift 2
    "$@" >"$TMP/.out" 2>"$TMP/.err"
    _got=$?
    out=$(cat "$TMP/.out")
    err=$(cat "$TMP/.err")
    if [ "$_got" = "$_want" ]; then ok "$_name"
    else not_ok "$_name" "exit $_got, wanted $_want: $*" "stdout: $out" "stderr: $err"; fi
}

# xapian_check INDEX: xapian-check every database of an index, plain or a
# stub folder (which a build from scratch leaves: XAPIANDB + compact/).
xapian_check() {
    if [ -f "$1/iamglass" ]; then
        xapian-check "$1"
    elif [ -f "$1/XAPIANDB" ]; then
        for _db in $(sed -n 's/^glass //p' "$1/XAPIANDB"); do
            xapian-check "$1/$_db" || return 1
        done
    else
        echo "xapian_check: no database in $1" >&2
        return 1
    fi
}

# index_signal_at N SIG ARGS...: run "$INDEX -v ARGS" in the background and
# send it SIG once it has named N added files, so the signal lands in the
# middle of the run however fast the machine is.  $rc is its exit status,
# $signalled 1 when the signal was sent (0: it finished first), and
# $TMP/signal.log its stderr.
index_signal_at() {
    _n=$1
    _sig=$2
    shift 2
    "$INDEX" -v "$@" >/dev/null 2>"$TMP/signal.log" &
    _pid=$!
    signalled=0
    while kill -0 $_pid 2>/dev/null; do
        if [ "$(grep -c '^add ' "$TMP/signal.log")" -ge "$_n" ]; then
            kill -"$_sig" $_pid 2>/dev/null && signalled=1
            break
        fi
        sleep 0.01
    done
    wait $_pid
    rc=$?
}

done_testing() {
    echo "1..$tap_n"
    [ "$tap_failed" = 0 ]
}
