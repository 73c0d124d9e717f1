#!/bin/sh
# A kill -9 at any moment leaves the last committed revision intact and
# the next run completes the job: the index then equals a clean build.
# SIGINT commits what is done and exits 130.
. "$abs_top_srcdir/tests/cli/lib.sh"

# 3000 small files in 30 folders, each with a word of its own.
mkdir -p "$TMP/src"
i=0
while [ $i -lt 30 ]; do
    mkdir "$TMP/src/d$i"
    j=0
    while [ $j -lt 100 ]; do
        printf 'File %s of folder %s.\nUnique word w%sx%s and the shared word corpus.\n日本語の文章%s\n' \
            "$j" "$i" "$i" "$j" "$j" >"$TMP/src/d$i/f$j.txt"
        j=$((j + 1))
    done
    i=$((i + 1))
done

cp -R "$TMP/src" "$TMP/clean"
expect_rc "a clean build" 0 "$INDEX" -q "$TMP/clean"
"$DBTOOL" dump "$TMP/clean/.sousuo" >"$TMP/clean.dump"
expect_match "...has every file" "$(head -1 "$TMP/clean.dump")" "^documents 3000$"

# Kill at increasing moments (fixed, so the run is repeatable).
partial=0
delays="0.05 0.1 0.2 0.3 0.5 0.8"
# make check-valgrind: a run takes about 40 times as long.
[ -n "${SOUSUO_TEST_WRAP:-}" ] && delays="1 2 3 5 8 12"
for delay in $delays; do
    rm -rf "$TMP/k"
    cp -R "$TMP/src" "$TMP/k"
    "$INDEX" -q --batch 50 "$TMP/k" 2>/dev/null &
    pid=$!
    sleep "$delay"
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    if [ -f "$TMP/k/.sousuo/iamglass" ] || [ -f "$TMP/k/.sousuo/XAPIANDB" ]; then
        expect_rc "killed after ${delay}s: xapian-check finds no error" 0 \
            xapian_check "$TMP/k/.sousuo"
        docs=$(dumped_docs "$TMP/k/.sousuo")
        [ "${docs:-0}" -gt 0 ] && [ "${docs:-0}" -lt 3000 ] && partial=$((partial + 1))
        ( cd "$TMP/k" && "$SEARCH" --count corpus >"$TMP/count" 2>&1 )
        rc=$?
        if [ $rc -le 1 ]; then ok "killed after ${delay}s: searching works"
        else not_ok "killed after ${delay}s: searching works" "$(cat "$TMP/count")"; fi
    else
        skip "killed after ${delay}s: xapian-check" "killed before the index existed"
        skip "killed after ${delay}s: searching works" "no index yet"
    fi
    expect_rc "killed after ${delay}s: the next run completes" 0 \
        "$INDEX" -q "$TMP/k"
    "$DBTOOL" dump "$TMP/k/.sousuo" >"$TMP/k.dump"
    expect_eq "killed after ${delay}s: then equals a clean build" \
        "$(cmp "$TMP/clean.dump" "$TMP/k.dump" 2>&1 && echo same)" "same"
done

if [ $partial -gt 0 ]; then ok "$partial kills landed in the middle of a run"
else not_ok "some kill lands in the middle of a run" "all were too early or too late"; fi

# A first run killed while Xapian created the database leaves tables but
# no revision file: nothing was committed, so the next run starts afresh.
mkdir -p "$TMP/c/.sousuo"
printf 'yankee\n' >"$TMP/c/y.txt"
: >"$TMP/c/.sousuo/flintlock"
: >"$TMP/c/.sousuo/postlist.glass"
# (--no-compact: a plain database, whose tables stay below.)
expect_rc "a database killed while being created is created again" 0 \
    "$INDEX" -q --no-compact "$TMP/c"
expect_rc "...and works" 0 "$SEARCH" --index "$TMP/c/.sousuo" yankee
: >"$TMP/c/.sousuo/mine.txt"
rm "$TMP/c/.sousuo/iamglass"
expect_rc "a folder with other files in it is never overwritten" 2 \
    "$INDEX" -q "$TMP/c"
expect_eq "...the other file is still there" \
    "$(ls "$TMP/c/.sousuo/mine.txt")" "$TMP/c/.sousuo/mine.txt"

# SIGINT: finish the batch, commit, say so, exit 130.
rm -rf "$TMP/k"
cp -R "$TMP/src" "$TMP/k"
index_signal_at 500 INT --batch 50 "$TMP/k"
if [ $rc = 130 ]; then
    ok "SIGINT exits 130"
    expect_match "...and says the work is committed" "$(cat "$TMP/signal.log")" \
        "interrupted; the work done so far is committed"
elif [ $rc = 0 ] && [ $signalled = 0 ]; then
    skip "SIGINT exits 130" "the run finished before the signal"
    skip "...and says the work is committed" "finished first"
else
    not_ok "SIGINT exits 130" "exit $rc" "$(cat "$TMP/int.err")"
fi
expect_rc "after SIGINT the next run completes" 0 "$INDEX" -q "$TMP/k"
"$DBTOOL" dump "$TMP/k/.sousuo" >"$TMP/k.dump"
expect_eq "...and equals a clean build" \
    "$(cmp "$TMP/clean.dump" "$TMP/k.dump" 2>&1 && echo same)" "same"

# Changing every file, with small batches: the reading thread's snapshot
# is discarded by the writer's commits many times over, and must reopen.
for f in "$TMP"/k/d*/f*.txt; do
    printf 'changed again\n' >>"$f"
done
expect_rc "an incremental run rewriting 3000 files in batches of 20" 0 \
    "$INDEX" -q --batch 20 "$TMP/k"
rm -rf "$TMP/k2" && cp -R "$TMP/k" "$TMP/k2" && rm -rf "$TMP/k2/.sousuo"
"$INDEX" -q "$TMP/k2"
"$DBTOOL" dump "$TMP/k/.sousuo" >"$TMP/k.dump"
"$DBTOOL" dump "$TMP/k2/.sousuo" >"$TMP/k2.dump"
expect_eq "...equals a clean build of the changed tree" \
    "$(cmp "$TMP/k.dump" "$TMP/k2.dump" 2>&1 && echo same)" "same"

# A run re-reading every file for an older extractor (T020), killed in
# the middle: the index's version stays old, so the next run reads every
# file again, and records this extractor's version only then.
ev=$(sed -n 's/^#define EXTRACT_VERSION_N \([0-9]*\).*/\1/p' \
    "$abs_top_srcdir/lib/schema.h")
for sig in KILL INT; do
    "$DBTOOL" set-meta "$TMP/k/.sousuo" sousuo.extractor 1
    "$INDEX" -v --batch 50 "$TMP/k" >/dev/null 2>"$TMP/re.log" &
    pid=$!
    signalled=0
    while kill -0 $pid 2>/dev/null; do
        if [ "$(grep -c '^update ' "$TMP/re.log")" -ge 500 ]; then
            kill -$sig $pid 2>/dev/null && signalled=1
            break
        fi
        sleep 0.01
    done
    wait $pid
    rc=$?
    if [ $signalled = 1 ]; then
        expect_eq "SIG$sig while re-reading every file" "$rc" \
            "$([ $sig = KILL ] && echo 137 || echo 130)"
        expect_eq "...leaves the version old" \
            "$("$DBTOOL" meta "$TMP/k/.sousuo" sousuo.extractor)" "1"
        expect_rc "...and the index whole" 0 xapian_check "$TMP/k/.sousuo"
        expect_rc "...and searchable" 0 "$SEARCH" --index "$TMP/k/.sousuo" \
            --count corpus
        expect_eq "...every file" "$out" "3000"
    else
        not_ok "SIG$sig while re-reading every file" \
            "exit $rc before 500 updates" "$(tail -3 "$TMP/re.log")"
    fi
    expect_rc "...the next run" 0 "$INDEX" "$TMP/k"
    expect_match "...says it reads every file again" "$err" \
        "older extractor; re-reading every file\$"
    expect_match "...and does" "$err" "0 added, 3000 updated, 0 removed"
    expect_eq "...then records the version" \
        "$("$DBTOOL" meta "$TMP/k/.sousuo" sousuo.extractor)" "$ev"
    "$DBTOOL" dump "$TMP/k/.sousuo" >"$TMP/k.dump"
    expect_eq "...and equals a clean build" \
        "$(cmp "$TMP/k.dump" "$TMP/k2.dump" 2>&1 && echo same)" "same"
done

done_testing
