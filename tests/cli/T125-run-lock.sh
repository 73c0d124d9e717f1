#!/bin/sh
# The run lock (indexer/runlock.h): two sousuo-index runs on one index at
# once, where Xapian's per-database locks cover nothing: two first builds
# (parts, or --shards 2), two --full rebuilds, two --compact.  With
# --wait both runs succeed one after the other; without, one may fail
# with the lock message and status 2.  Either way the index stays whole:
# searchable, with every document.  The races are run a few times each.
. "$abs_top_srcdir/tests/cli/lib.sh"

n=60
loops=4
mkdir -p "$TMP/t"
cd "$TMP/t" || exit 2
i=0
while [ $i -lt $n ]; do
    printf 'license %d: everyone may read this.\n' $i >"f$i.txt"
    i=$((i + 1))
done

# pair NAME OPTS...: run "sousuo-index OPTS ." twice at once; $rc1 $rc2
# their exit status, $TMP/r1.err $TMP/r2.err their stderr.
pair() {
    "$INDEX" -q "$@" . 2>"$TMP/r1.err" &
    _p1=$!
    "$INDEX" -q "$@" . 2>"$TMP/r2.err"
    rc2=$?
    wait $_p1
    rc1=$?
}

# whole WHAT: after pair, the index has every document and xapian-check
# passes it; otherwise say what went wrong (appended to $bad).
whole() {
    _c=$("$SEARCH" --count license 2>&1)
    if [ "$_c" != $n ]; then
        bad="$bad
$1: the index counts '$_c' ($(ls .sousuo | tr '\n' ' '))"
    elif ! xapian_check .sousuo >/dev/null 2>&1; then
        bad="$bad
$1: xapian-check fails"
    fi
}

# both_ok WHAT: after pair with --wait, both runs exited 0.
both_ok() {
    [ "$rc1 $rc2" = "0 0" ] || bad="$bad
$1: exit $rc1 and $rc2: $(cat "$TMP/r1.err" "$TMP/r2.err" | head -c 300)"
    whole "$1"
}

# one_locked WHAT: after pair without --wait, a run that failed did so
# with status 2 and the lock message, and the other succeeded.
one_locked() {
    for _k in 1 2; do
        eval "_rc=\$rc$_k"
        case $_rc in
        0) ;;
        2)
            if grep -q "^sousuo-index: cannot open index '.*': locked by another sousuo-index" \
                "$TMP/r$_k.err"; then
                locked=$((locked + 1))
            else
                bad="$bad
$1: run $_k exits 2: $(head -c 300 "$TMP/r$_k.err")"
            fi
            ;;
        *) bad="$bad
$1: run $_k exits $_rc: $(head -c 300 "$TMP/r$_k.err")" ;;
        esac
    done
    [ "$rc1$rc2" != 22 ] || bad="$bad
$1: both runs failed"
    whole "$1"
}

# With the lock held, every kind of run fails at once or waits for it;
# a search does not need it.
if command -v flock >/dev/null; then
    "$INDEX" -q .
    mkfifo "$TMP/hold"
    flock .sousuo/sousuo.lock sh -c 'echo held; read x' <"$TMP/hold" \
        >"$TMP/held" &
    holder=$!
    exec 9>"$TMP/hold"
    _i=0
    until [ -s "$TMP/held" ] || [ $_i -gt 100 ]; do
        sleep 0.05
        _i=$((_i + 1))
    done
    for o in "" --full "--full --shards 2" --compact; do
        expect_rc "run lock held: sousuo-index $o" 2 "$INDEX" $o .
        expect_match "...fails with the lock message" "$err" \
            "^sousuo-index: cannot open index '$TMP/t/.sousuo': locked by another sousuo-index \\($TMP/t/.sousuo/sousuo.lock\\)$"
    done
    expect_rc "...while a search works" 0 "$SEARCH" --count license
    expect_eq "...all of it" "$out" $n
    "$INDEX" -q --wait 20 --full --shards 2 . 2>"$TMP/w.err" 9>&- &
    waiter=$!
    sleep 0.5
    if kill -0 $waiter 2>/dev/null; then
        ok "...a --wait run waits"
    else
        not_ok "...a --wait run waits" "$(cat "$TMP/w.err")"
    fi
    exec 9>&-
    wait $holder
    wait $waiter
    expect_eq "...and runs once the lock is free" "$?" 0
    expect_eq "...into 2 shards" "$(grep -c '^glass shard' .sousuo/XAPIANDB)" 2
    expect_rc "...searchable" 0 "$SEARCH" --count license
    expect_eq "...whole" "$out" $n
else
    skip "run lock held" "no flock(1)"
fi

# Two first builds: parts merged at the end, or 2 shards behind a stub
# made at the start.
for s in "" "--shards 2"; do
    bad="" locked=0
    l=0
    while [ $l -lt $loops ]; do
        rm -rf .sousuo
        pair --wait 30 $s
        both_ok "first builds $s, loop $l"
        rm -rf .sousuo
        pair $s
        one_locked "first builds $s without --wait, loop $l"
        l=$((l + 1))
    done
    expect_eq "two first builds at once${s:+ with $s}, $loops times each" "$bad" ""
    echo "# without --wait, a run was refused $locked times of $loops"
done

# Two --full rebuilds: each builds a new set beside the index and swaps
# the stub.
"$INDEX" -q .
bad="" locked=0
l=0
while [ $l -lt $loops ]; do
    pair --full --wait 30
    both_ok "--full and --full, loop $l"
    pair --full
    one_locked "--full and --full without --wait, loop $l"
    l=$((l + 1))
done
expect_eq "two --full rebuilds at once, $loops times each" "$bad" ""
echo "# without --wait, a run was refused $locked times of $loops"

# Two --compact of 3 shards: each writes a compact database and swaps.
bad="" locked=0
l=0
while [ $l -lt $loops ]; do
    "$INDEX" -q --full --shards 3 .
    pair --compact --wait 20
    both_ok "--compact and --compact, loop $l"
    "$INDEX" -q --full --shards 3 .
    pair --compact
    one_locked "--compact and --compact without --wait, loop $l"
    l=$((l + 1))
done
expect_eq "two --compact at once, $loops times each" "$bad" ""
echo "# without --wait, a run was refused $locked times of $loops"
# Two runs that did not overlap (a slow start, as under valgrind) both
# compact: the second one's database is compact-2.
expect_match "...one database is left" "$(ls .sousuo | tr '\n' ' ')" \
    "^XAPIANDB compact(-2)? sousuo.lock \$"

# A run that makes no index leaves no lock file behind in a folder of
# the user's.
mkdir "$TMP/mine"
printf 'mine\n' >"$TMP/mine/notes.txt"
expect_rc "--compact of a folder without an index" 2 \
    "$INDEX" --index "$TMP/mine" --compact
expect_eq "...leaves it alone" "$(ls -A "$TMP/mine")" "notes.txt"
expect_rc "--compact where no index folder is" 2 \
    "$INDEX" --index "$TMP/nothing" --compact
expect_eq "...makes none" "$(ls -d "$TMP/nothing" 2>/dev/null)" ""

done_testing
