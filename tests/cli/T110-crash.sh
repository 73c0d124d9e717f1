#!/bin/sh
# Crash consistency, the long version of T050: SIGKILL at 20 pseudo-random
# moments (fixed seed, printed), in first builds and in incremental runs
# that change, add and remove files.  After each kill the last committed
# revision opens, passes xapian-check and answers searches; the next run
# completes, and the index then equals a clean build.  SIGINT and SIGTERM
# at random moments: exit 130, the message, and nothing applied is lost.
#
# A "moment" is the K-th line of --verbose output (one per document the
# writer applied), so kills spread over the run whatever the machine's
# speed; K runs past the last document too, into the final commit.
. "$abs_top_srcdir/tests/cli/lib.sh"

seed=${SOUSUO_CRASH_SEED:-8117}
echo "# seed $seed (SOUSUO_CRASH_SEED=N repeats the run with another)"
rng=$seed
# rand N: a number from 0 to N-1 in $r (an LCG: the same on every shell).
rand() {
    rng=$(((rng * 1103515245 + 12345) % 2147483648))
    r=$((rng / 65536 % $1))
}

# Sanitizer builds run 2-3 times slower, valgrind (SOUSUO_TEST_WRAP)
# far more: fewer files, as many moments.
if [ -n "${SOUSUO_TEST_WRAP:-}" ]; then nfiles=200
elif ldd "$INDEX" 2>/dev/null | grep -q libasan; then nfiles=800
else nfiles=2000; fi

# gen DIR FIRST COUNT: COUNT files of mixed English and CJK text, some
# Markdown and HTML, sizes from 100 bytes to 40 KB, every one with the
# word "corpus" (an invariant of every revision) and a word of its own.
gen() {
    awk -v dir="$1" -v first="$2" -v n="$3" 'BEGIN {
        split("quality productive forces supply chain industry policy " \
              "model growth market energy vision digital reform", en, " ")
        split("新质生产力 产业链 供应链 中华民族 伟大复兴 人工智能 " \
              "日本語の文章 東京都 한국어 문장 数字经济 高质量发展", cj, " ")
        for (i = first; i < first + n; i++) {
            ext = (i % 10 == 3) ? "md" : (i % 10 == 7) ? "html" : "txt"
            f = sprintf("%s/d%02d/f%05d.%s", dir, i % 40, i, ext)
            if (ext == "md") printf "# Report %d on %s\n\n", i, en[i % 14 + 1] > f
            if (ext == "html")
                printf "<html><head><title>Page %d %s</title></head><body><p>\n", i, cj[i % 12 + 1] > f
            lines = 1 + i % 13
            if (i % 97 == 0) lines = 600
            for (l = 0; l < lines; l++)
                printf "Line %d of file %d: corpus u%dx %s %s %s%s, %s.\n", l, i, i,
                    en[(i + l) % 14 + 1], en[(i * 7 + l) % 14 + 1],
                    cj[(i + l) % 12 + 1], cj[(i * 3 + l) % 12 + 1], cj[l % 12 + 1] > f
            if (ext == "html") print "</p></body></html>" > f
            close(f)
        }
    }'
}
mkdir -p "$TMP/src"
i=0
while [ $i -lt 40 ]; do mkdir "$TMP/src/$(printf d%02d $i)"; i=$((i + 1)); done
gen "$TMP/src" 0 "$nfiles"

# mutate DIR: the change every incremental round makes.  Edits every 7th
# file, touches every 13th (same bytes, new mtime), removes every 11th,
# adds 150 new files in a folder of their own.
mutate() {
    _rm="" _touch=""
    for f in "$1"/d*/f*; do
        n=${f##*/f}
        n=$((1${n%%.*} - 100000))
        if [ $((n % 11)) = 2 ]; then _rm="$_rm $f"
        elif [ $((n % 7)) = 1 ]; then printf 'revised edition 修订版 corpus\n' >>"$f"
        elif [ $((n % 13)) = 5 ]; then _touch="$_touch $f"
        fi
    done
    rm $_rm
    touch -d '2020-02-02 02:02:02' $_touch
    mkdir -p "$1/new"
    i=0
    while [ $i -lt 40 ]; do mkdir -p "$1/new/$(printf d%02d $i)"; i=$((i + 1)); done
    gen "$1/new" 90000 150
}

# The references: a clean build of the tree and of the mutated tree; the
# starting point of incremental rounds: the tree with its index.
cp -R "$TMP/src" "$TMP/clean"
expect_rc "a clean build of $nfiles files" 0 "$INDEX" -q "$TMP/clean"
"$DBTOOL" dump "$TMP/clean/.sousuo" >"$TMP/clean.dump"
expect_match "...has every file" "$(head -1 "$TMP/clean.dump")" "^documents $nfiles\$"
cp -Rp "$TMP/clean" "$TMP/base"
cp -R "$TMP/src" "$TMP/mclean"
mutate "$TMP/mclean"
expect_rc "a clean build of the changed tree" 0 "$INDEX" -q "$TMP/mclean"
"$DBTOOL" dump "$TMP/mclean/.sousuo" >"$TMP/mclean.dump"
cp -Rp "$TMP/base" "$TMP/m"
mutate "$TMP/m"
expect_rc "an uninterrupted incremental run" 0 "$INDEX" -v "$TMP/m"
mlines=$(printf '%s\n' "$err" | grep -c '^\(add\|update\|remove\|touch\) ')
"$DBTOOL" dump "$TMP/m/.sousuo" >"$TMP/m.dump"
expect_eq "...equals the clean build of the changed tree" \
    "$(cmp "$TMP/mclean.dump" "$TMP/m.dump" 2>&1 && echo same)" "same"

# An incremental run's documents are the old or the new version.
grep -h '^Q' "$TMP/clean.dump" "$TMP/mclean.dump" >"$TMP/both.docs"

# signal_at SIG K BATCH DIR: index DIR with --verbose, send SIG when the
# K-th line appears (K=0: at once); $rc is the exit status, the lines
# are in $TMP/run.log.  (A pipe, not a FIFO: a FIFO's reader would wait
# forever for a writer killed before it opened its end.)
signal_at() {
    rm -f "$TMP/pid" "$TMP/rc"
    {
        "$INDEX" -v --batch "$3" "$4" 2>&1 >/dev/null &
        _p=$!
        echo $_p >"$TMP/pid"
        [ "$2" = 0 ] && kill -"$1" $_p
        wait $_p
        echo $? >"$TMP/rc"
    } | {
        _n=0
        while IFS= read -r _line; do
            _n=$((_n + 1))
            if [ $_n = "$2" ]; then
                until [ -s "$TMP/pid" ]; do sleep 0.01; done
                kill -"$1" "$(cat "$TMP/pid")" 2>/dev/null
            fi
            printf '%s\n' "$_line"
        done >"$TMP/run.log"
    }
    rc=$(cat "$TMP/rc")
}

# check_rerun WHAT REF-DUMP DOCS: the committed revision of $TMP/k is
# sound, its documents among the lines of DOCS; the next run completes it
# into REF-DUMP.
check_rerun() {
    if [ -f "$TMP/k/.sousuo/iamglass" ] || [ -f "$TMP/k/.sousuo/XAPIANDB" ]; then
        expect_rc "$1: xapian-check finds no error" 0 xapian_check "$TMP/k/.sousuo"
        docs=$(dumped_docs "$TMP/k/.sousuo")
        # Every document of every revision has the word "corpus".
        "$SEARCH" --index "$TMP/k/.sousuo" --count corpus >"$TMP/count" 2>&1
        _rc=$?
        if { [ $_rc = 0 ] && [ "$(cat "$TMP/count")" = "${docs:-x}" ]; } ||
           { [ $_rc = 1 ] && [ "${docs:-x}" = 0 ]; }; then
            ok "$1: the index opens, a search counts all its ${docs} documents"
        else
            not_ok "$1: the index opens, a search counts all its documents" \
                "exit $_rc, $(cat "$TMP/count"), dbtool says ${docs:-nothing}"
        fi
        if [ "${docs:-0}" -gt 0 ]; then
            expect_rc "$1: a CJK phrase search with snippets works" 0 \
                "$SEARCH" --index "$TMP/k/.sousuo" --limit 3 --color=never 新质生产力
        fi
        # Each committed document is whole: as a clean build has it (data,
        # values), in its old or its new version.
        "$DBTOOL" dump "$TMP/k/.sousuo" | grep '^Q' | grep -vxF -f "$3" >"$TMP/torn"
        expect_eq "$1: every document in it is a whole, right version" \
            "$(head -3 "$TMP/torn")" ""
    else
        docs=none
        skip "$1: xapian-check" "killed before the database existed"
        skip "$1: the index opens" "no database yet"
    fi
    expect_rc "$1: the next run completes" 0 timeout 300 "$INDEX" -q "$TMP/k"
    "$DBTOOL" dump "$TMP/k/.sousuo" >"$TMP/k.dump" 2>&1
    expect_eq "$1: then equals a clean build" \
        "$(cmp "$2" "$TMP/k.dump" 2>&1 && echo same)" "same"
}

# whole_batches INDEX BATCH: "yes" when each database of INDEX holds a
# multiple of BATCH documents or every file of $TMP/src that is its.
whole_batches() {
    if [ -f "$1/XAPIANDB" ] &&
       ! grep -v '^#' "$1/XAPIANDB" | grep -qv ' part[0-9]*$'; then
        _n=$(grep -c ' part[0-9]*$' "$1/XAPIANDB")
        part_shares "$TMP/src" "$_n" >"$TMP/shares"
        [ -s "$TMP/shares" ] || { echo "no: part_shares failed (python3?)"; return; }
        _i=0 _all=yes
        while read -r _share; do
            _d=$(dumped_docs "$1/part$_i")
            [ $((_d % $2)) = 0 ] || [ "$_d" = "$_share" ] || _all="no: part$_i has $_d of $_share"
            _i=$((_i + 1))
        done <"$TMP/shares"
        echo "$_all"
    else
        _d=$(dumped_docs "$1")
        if [ $((_d % $2)) = 0 ] || [ "$_d" = "$nfiles" ]; then echo yes
        else echo "no: $_d documents"; fi
    fi
}

mid=0
round=1
while [ $round -le 20 ]; do
    rand 350
    batch=$((r + 50))
    rm -rf "$TMP/k"
    # Odd rounds build from nothing; even rounds update an index.
    if [ $((round % 2)) = 1 ]; then
        cp -R "$TMP/src" "$TMP/k"
        total=$nfiles ref="$TMP/clean.dump" docs_ok="$TMP/clean.dump" mode=build
    else
        cp -Rp "$TMP/base" "$TMP/k"
        mutate "$TMP/k"
        total=$mlines ref="$TMP/mclean.dump" docs_ok="$TMP/both.docs" mode=update
    fi
    rand $((total + total / 20 + 1))
    k=$r
    what="kill $round ($mode, batch $batch, at line $k of $total)"
    signal_at KILL "$k" "$batch" "$TMP/k"
    [ $rc = 137 ] && mid=$((mid + 1))
    # A first build commits whole batches only, in each of its parts: a
    # part that has written all its files commits the rest.  (Read now:
    # the next run completes the index.)
    whole=none
    if [ $mode = build ] && [ $rc = 137 ] &&
       { [ -f "$TMP/k/.sousuo/iamglass" ] || [ -f "$TMP/k/.sousuo/XAPIANDB" ]; }; then
        whole=$(whole_batches "$TMP/k/.sousuo" "$batch")
    fi
    check_rerun "$what" "$ref" "$docs_ok"
    [ "$whole" = none ] ||
        expect_eq "$what: the revision holds whole batches" "$whole" yes
    round=$((round + 1))
done
echo "# $mid of 20 kills landed while sousuo-index ran"
if [ $mid -ge 10 ]; then ok "most kills landed in the middle of a run"
else not_ok "most kills land in the middle of a run" "only $mid of 20"; fi

# Graceful stops: the batch in hand is committed, the run says so and
# exits 130; every document it reported is in the index.
for sig in INT INT TERM INT TERM; do
    rand 250
    batch=$((r + 20))
    rand $((nfiles / 2))
    k=$((r + 1))
    what="SIG$sig (build, batch $batch, at line $k)"
    rm -rf "$TMP/k"
    cp -R "$TMP/src" "$TMP/k"
    signal_at "$sig" "$k" "$batch" "$TMP/k"
    expect_eq "$what: exit 130" "$rc" 130
    expect_match "$what: ...says the work is committed" "$(cat "$TMP/run.log")" \
        "interrupted; the work done so far is committed, run again to finish"
    added=$(grep -c '^add ' "$TMP/run.log")
    docs=$(dumped_docs "$TMP/k/.sousuo")
    expect_eq "$what: every document reported added is committed" "$docs" "$added"
    check_rerun "$what" "$TMP/clean.dump" "$TMP/clean.dump"
done

# The same during an incremental run: what it removed or changed so far
# is committed, and the next run finishes the job.
rand $((mlines / 2))
k=$((r + 1))
rm -rf "$TMP/k"
cp -Rp "$TMP/base" "$TMP/k"
mutate "$TMP/k"
signal_at INT "$k" 100 "$TMP/k"
expect_eq "SIGINT (update, at line $k): exit 130" "$rc" 130
check_rerun "SIGINT (update, at line $k)" "$TMP/mclean.dump" "$TMP/both.docs"

done_testing
