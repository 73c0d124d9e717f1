#!/bin/sh
# A build from scratch (a new index, or --full over the whole root) is
# written by --jobs writers as parts in parallel and ends with Xapian's
# compaction, which merges them (indexer/main.c, shards.c): the same
# documents and the same ranked results as one writer, in less space,
# behind a stub that readers switch to at once.  A killed build leaves
# parts that the next run completes and merges; a killed --full leaves
# the old index.  Incremental runs do not compact; --no-compact keeps one
# plain database; a sharded index is not merged.
. "$abs_top_srcdir/tests/cli/lib.sh"

# 600 files of mixed English and CJK text in 6 folders: with --batch 50,
# a dozen commits that each split the B-tree blocks they insert into.
mkdir -p "$TMP/src"
awk -v dir="$TMP/src" 'BEGIN {
    split("quality productive forces supply chain industry policy model " \
          "growth market energy vision digital reform", en, " ")
    split("新质生产力 产业链 供应链 中华民族 伟大复兴 人工智能 日本語の文章 " \
          "東京都 한국어 문장 数字经济 高质量发展", cj, " ")
    for (i = 0; i < 600; i++) {
        if (i < 6) system("mkdir -p " dir "/d" i)
        f = sprintf("%s/d%d/f%04d.txt", dir, i % 6, i)
        for (l = 0; l < 10; l++)
            printf "Line %d: corpus u%dx %s %s %s%s w%dy.\n", l, i,
                en[(i + l) % 14 + 1], en[(i * 5 + l * 3) % 14 + 1],
                cj[(i + l) % 12 + 1], cj[(i * 3 + l) % 12 + 1], (i * 7 + l) % 331 > f
        close(f)
    }
}'
cd "$TMP/src" || exit 2

# results INDEX: the ranked hits of a fixed query set, scores included;
# not Xapian's estimate of the total, which depends on the docid order.
results() {
    for q in quality "productive forces" 新质生产力 "产业链 OR 供应链" u17x \
             "market -energy" 日本語 corpus; do
        "$SEARCH" --index "$1" --json --limit 50 "$q"
    done | sed 's/"total":[0-9]*,//'
}
kb() { du -sk "$1" | cut -f1; }

expect_rc "a new index" 0 "$INDEX" -v --batch 50 --index "$TMP/a" .
expect_match "...is compacted at the end of the run" "$err" \
    "^sousuo-index: $TMP/a: compacted [0-9]+ databases? into compact: "
expect_match "...which the summary counts as one index" "$err" \
    "600 added, .* s$"
expect_eq "...into a stub and one database" "$(ls "$TMP/a" | tr '\n' ' ')" \
    "XAPIANDB compact sousuo.lock "
expect_rc "...which xapian-check passes" 0 xapian_check "$TMP/a"

expect_rc "a new index with --no-compact" 0 "$INDEX" -q --no-compact --batch 50 \
    --index "$TMP/b" .
expect_eq "...stays one plain database" \
    "$([ -f "$TMP/b/iamglass" ] && [ ! -e "$TMP/b/XAPIANDB" ] && echo plain)" plain
"$DBTOOL" dump "$TMP/a" >"$TMP/a.dump"
"$DBTOOL" dump "$TMP/b" >"$TMP/b.dump"
expect_match "both have every file" "$(head -1 "$TMP/a.dump")" "^documents 600$"
expect_eq "...the same documents and terms" \
    "$(cmp "$TMP/a.dump" "$TMP/b.dump" 2>&1 && echo same)" same
results "$TMP/a" >"$TMP/a.res"
results "$TMP/b" >"$TMP/b.res"
expect_eq "...the same ranked results and scores" \
    "$(cmp "$TMP/a.res" "$TMP/b.res" 2>&1 && echo same)" same
a=$(kb "$TMP/a")
b=$(kb "$TMP/b")
expect_eq "the compacted index is at most 3/4 of the plain one (${a} KB, ${b} KB)" \
    "$([ $((a * 4)) -le $((b * 3)) ] && echo smaller)" smaller

for j in 1 2 3; do
    expect_rc "--jobs $j" 0 "$INDEX" -v --jobs $j --batch 50 --index "$TMP/j$j" .
    expect_match "...builds $j part(s) and merges them" "$err" \
        "compacted $j databases? into compact: "
    expect_eq "...into one database" "$(ls "$TMP/j$j" | tr '\n' ' ')" "XAPIANDB compact sousuo.lock "
    expect_dump "...with the same documents and terms" "$TMP/j$j" "$TMP/b.dump"
    results "$TMP/j$j" >"$TMP/j.res"
    expect_eq "...and the same ranked results and scores" \
        "$(cmp "$TMP/b.res" "$TMP/j.res" 2>&1 && echo same)" same
done
expect_rc "--jobs 0" 2 "$INDEX" --jobs 0 --index "$TMP/x" .
expect_match "...is refused" "$err" "--jobs needs a number from 1 to 64"

index_signal_at 200 KILL --jobs 2 --batch 20 --index "$TMP/k" .
if [ $signalled = 1 ] && [ -f "$TMP/k/XAPIANDB" ] && ! grep -q compact "$TMP/k/XAPIANDB"; then
    expect_eq "a build killed midway leaves its two parts" \
        "$(grep -v '^#' "$TMP/k/XAPIANDB" | tr '\n' ' ')" "glass part0 glass part1 "
    expect_rc "...each of which xapian-check passes" 0 xapian_check "$TMP/k"
    expect_rc "...searchable as one index" 0 "$SEARCH" --index "$TMP/k" --count corpus
    expect_eq "...of what was committed" "$out" \
        "$(dumped_docs "$TMP/k")"
    expect_rc "...the next run completes it" 0 "$INDEX" -v --index "$TMP/k" .
    expect_match "...and merges the parts" "$err" "compacted 2 databases into compact: "
    expect_eq "...into one database" "$(ls "$TMP/k" | tr '\n' ' ')" "XAPIANDB compact sousuo.lock "
    expect_dump "...equal to a clean build" "$TMP/k" "$TMP/b.dump"
else
    skip "a build killed midway leaves its two parts" "it finished first"
fi

# Readers take a stub's metadata (tokenizer, schema) from the first
# database it lists, so every revision of it must say how it was built,
# even when part1 commits documents before part0 commits any: here part0
# has one 8 MB file, walked first, and part1 300 small ones.
mkdir "$TMP/odd"
python3 - "$TMP/odd" <<'PY'
import sys
def part(rel):  # indexer/shards.h shard_of(): FNV-1a 64, mod 2
    h = 0xcbf29ce484222325
    for b in rel.encode():
        h = ((h ^ b) * 0x100000001b3) & (2**64 - 1)
    return h % 2
big = next("a%d.txt" % i for i in range(99) if part("a%d.txt" % i) == 0)
open(sys.argv[1] + "/" + big, "w").write("corpus growth market energy\n" * 300000)
small = [r for r in ("n%05d.txt" % i for i in range(1000)) if part(r) == 1]
for rel in small[:300]:
    open(sys.argv[1] + "/" + rel, "w").write("corpus 新质生产力 %s\n" % rel * 20)
PY
(
    cd "$TMP/odd" || exit 2
    index_signal_at 100 KILL --jobs 2 --batch 20 --index "$TMP/o" .
    if [ $signalled = 1 ] &&
       [ "$(dumped_docs "$TMP/o/part0")" = 0 ]; then
        expect_rc "part1 committed, part0 not yet: the index is searchable" 0 \
            "$SEARCH" --index "$TMP/o" --count corpus
        expect_eq "...and finds what part1 committed" "$out" \
            "$(dumped_docs "$TMP/o/part1")"
    else
        skip "part1 committed, part0 not yet: the index is searchable" \
            "part0 committed first"
    fi
    echo "tap_n=$tap_n tap_failed=$tap_failed" >"$TMP/odd.tap"
)
. "$TMP/odd.tap"

# A --full rebuild is written beside the index, which stays whole.
cp -R "$TMP/j2" "$TMP/f"
index_signal_at 200 KILL --full --jobs 2 --batch 20 --index "$TMP/f" .
if [ $signalled = 1 ]; then
    expect_eq "a --full killed midway leaves the index as it was" \
        "$(grep -v '^#' "$TMP/f/XAPIANDB")" "glass compact"
    expect_dump "...every document in it" "$TMP/f" "$TMP/b.dump"
    expect_rc "...searchable" 0 "$SEARCH" --index "$TMP/f" --count corpus
    expect_eq "...all of it" "$out" 600
    expect_rc "...and the next --full completes" 0 "$INDEX" -v --full --jobs 2 --index "$TMP/f" .
    expect_eq "...leaving one database, no parts" "$(ls "$TMP/f" | tr '\n' ' ')" \
        "XAPIANDB compact-2 sousuo.lock "
else
    skip "a --full killed midway leaves the index as it was" "it finished first"
fi

# So is --full --jobs 1 (one writer, no parts) of a compacted index.
cp -R "$TMP/j2" "$TMP/f1"
index_signal_at 200 KILL --full --jobs 1 --batch 20 --index "$TMP/f1" .
if [ $signalled = 1 ]; then
    expect_eq "--full --jobs 1 killed midway leaves the index as it was" \
        "$(grep -v '^#' "$TMP/f1/XAPIANDB")" "glass compact"
    expect_dump "...every document in it" "$TMP/f1" "$TMP/b.dump"
else
    skip "--full --jobs 1 killed midway leaves the index as it was" "it finished first"
fi
expect_rc "...and the next one completes" 0 "$INDEX" -q --full --jobs 1 --index "$TMP/f1" .
expect_eq "...into one compacted database" "$(ls "$TMP/f1" | tr '\n' ' ')" "XAPIANDB compact sousuo.lock "
expect_dump "...with every document" "$TMP/f1" "$TMP/b.dump"

# An incremental run changes the compacted database in place.
printf 'A new line: zulu9 新词汇\n' >>d1/f0001.txt
expect_rc "an incremental run" 0 "$INDEX" -v --index "$TMP/a" .
expect_match "...updates the file" "$err" "1 updated, 0 removed, 599 unchanged"
expect_eq "...and does not compact" "$(printf '%s\n' "$err" | grep -c compacted)" 0
expect_eq "...the stub still lists the same database" \
    "$(grep -v '^#' "$TMP/a/XAPIANDB")" "glass compact"
expect_rc "...whose change is found" 0 "$SEARCH" --index "$TMP/a" --files zulu9
expect_eq "...in the right file" "$out" "d1/f0001.txt"

# --full over the whole root rebuilds, so compacts again; over a part,
# it only re-reads that part.
expect_rc "--full on a folder of the root" 0 "$INDEX" -v --full --index "$TMP/a" d2
expect_eq "...does not compact" "$(printf '%s\n' "$err" | grep -c compacted)" 0
expect_rc "--full over the whole root" 0 "$INDEX" -v --full --index "$TMP/a" .
expect_match "...compacts into a new database" "$err" "compacted [0-9]+ databases? into compact-2: "
expect_eq "...which replaces the old one" "$(ls "$TMP/a" | tr '\n' ' ')" \
    "XAPIANDB compact-2 sousuo.lock "
expect_rc "a fresh build of the changed files" 0 "$INDEX" -q --index "$TMP/c" .
"$DBTOOL" dump "$TMP/a" >"$TMP/a.dump"
expect_dump "...equals the rebuilt index" "$TMP/c" "$TMP/a.dump"

expect_rc "a new index of 2 shards" 0 "$INDEX" -v --shards 2 --index "$TMP/s" .
expect_eq "...is not merged into one" "$(grep -v '^#' "$TMP/s/XAPIANDB" | tr '\n' ' ')" \
    "glass shard0 glass shard1 "
expect_eq "...nor compacted" "$(printf '%s\n' "$err" | grep -c compacted)" 0

# Readers never find a stub that lists a database not made yet: strace
# holds every rename (the stub's, Xapian's commits) 0.3 s, and whenever
# the stub is there, the index opens.
if [ -z "${SOUSUO_TEST_WRAP:-}" ] && command -v strace >/dev/null &&
   strace -f -qq -o /dev/null true 2>/dev/null; then
    mkdir "$TMP/st"
    for i in 1 2 3 4 5 6; do echo "corpus $i" >"$TMP/st/f$i.txt"; done
    strace -f -qq -o /dev/null -e trace=/^rename \
        -e inject=/^rename:delay_exit=300000 "$INDEX" -q --jobs 2 "$TMP/st" &
    spid=$!
    bad="" seen=0
    while kill -0 $spid 2>/dev/null; do
        if [ -f "$TMP/st/.sousuo/XAPIANDB" ]; then
            seen=$((seen + 1))
            "$SEARCH" --index "$TMP/st/.sousuo" --count corpus >"$TMP/st.out" 2>&1
            [ $? -le 1 ] || bad="$bad [$(cat "$TMP/st.out")]"
        fi
        sleep 0.05
    done
    wait $spid
    expect_eq "a new index's stub never lists a database not made yet" "$bad" ""
    expect_eq "...checked while the run went on" "$([ $seen -ge 1 ] && echo yes)" yes
    expect_eq "...which completed" "$(dumped_docs "$TMP/st/.sousuo")" 6
    # Killed while its databases are made, before its stub: the next run
    # makes its own and removes what nothing lists.
    strace -f -qq -o /dev/null -e trace=/^rename \
        -e inject=/^rename:delay_exit=2000000 "$INDEX" -q --shards 2 \
        --index "$TMP/st2" "$TMP/st" &
    spid=$!
    n=0
    until [ -d "$TMP/st2/shard0" ] || [ $n -ge 100 ]; do sleep 0.05; n=$((n + 1)); done
    sleep 0.3
    # sousuo-index itself (killing strace first would let it run on).
    pkill -9 -f "^$INDEX .*--index $TMP/st2 " 2>/dev/null
    kill -9 $spid 2>/dev/null
    wait $spid 2>/dev/null
    if [ ! -f "$TMP/st2/XAPIANDB" ] && [ -d "$TMP/st2/shard0" ]; then
        expect_rc "a new sharded index killed before its stub: the next run" 0 \
            "$INDEX" -q --shards 2 --index "$TMP/st2" "$TMP/st"
        expect_eq "...leaves only what its stub lists" \
            "$(ls "$TMP/st2" | tr '\n' ' ')" \
            "XAPIANDB $(grep -v '^#' "$TMP/st2/XAPIANDB" | cut -d' ' -f2 | tr '\n' ' ')sousuo.lock "
    else
        skip "a new sharded index killed before its stub" "the kill missed the window"
    fi
else
    skip "a new index's stub never lists a database not made yet" \
        "no strace (or no ptrace here), or under valgrind"
fi

done_testing
