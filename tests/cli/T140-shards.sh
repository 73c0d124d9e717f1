#!/bin/sh
# Sharded indexes (doc/scale-out.md): --shards N builds N databases and a
# Xapian stub; searching the stub gives the single index's results (same
# paths, order and scores) for every query of a fixed set; a document
# stays in its shard across incremental runs; the count is kept, and
# changed only with --full; locks, kill -9 and SIGINT work per shard;
# --compact merges the shards into one database with the same results.
. "$abs_top_srcdir/tests/cli/lib.sh"

# gen DIR FIRST COUNT: files of mixed English and CJK text, lengths from
# one line to hundreds, some Markdown (a title) and HTML, some dated.
gen() {
    awk -v dir="$1" -v first="$2" -v n="$3" 'BEGIN {
        split("quality productive forces supply chain industry policy " \
              "model growth market energy vision digital reform", en, " ")
        split("新质生产力 产业链 供应链 中华民族 伟大复兴 人工智能 " \
              "日本語の文章 東京都 한국어 문장 数字经济 高质量发展", cj, " ")
        for (i = first; i < first + n; i++) {
            ext = (i % 10 == 3) ? "md" : (i % 10 == 7) ? "html" : "txt"
            f = sprintf("%s/d%02d/f%05d.%s", dir, i % 12, i, ext)
            if (ext == "md") printf "# Report %d on %s\n\n", i, en[i % 14 + 1] > f
            if (ext == "html")
                printf "<html><head><title>Page %d %s</title></head><body><p>\n", i, cj[i % 12 + 1] > f
            if (i % 5 == 0) printf "Published on April %d 2024\n", i % 28 + 1 > f
            lines = 1 + (i * 7) % 23
            for (l = 0; l < lines; l++)
                printf "Line %d: corpus u%dx %s %s %s%s, %s.\n", l, i,
                    en[(i + l) % 14 + 1], en[(i * 5 + l * 3) % 14 + 1],
                    cj[(i + l) % 12 + 1], cj[(i * 3 + l) % 12 + 1], cj[l % 12 + 1] > f
            if (ext == "html") print "</p></body></html>" > f
            close(f)
        }
    }'
}
mkdir -p "$TMP/src"
i=0
while [ $i -lt 12 ]; do mkdir "$TMP/src/$(printf d%02d $i)"; i=$((i + 1)); done
gen "$TMP/src" 0 400

# The fixed query set: words, phrases, CJK, operators, filters (all
# weights 0: the order is the tie-break alone).  Not prefix* (below).
cat >"$TMP/queries" <<'EOF'
quality
productive forces
"supply chain" growth
新质生产力
产业链 OR 供应链
日本語
market -energy
policy NOT digital
title:report
ext:md
date:2024
u17x
corpus
数字经济 reform
EOF

# results INDEX [QUERIES]: for each query, its hits as "QUERY<TAB>PATH<TAB>SCORE",
# in rank order (JSON output: full precision scores).
results() {
    while IFS= read -r q; do
        "$SEARCH" --index "$1" --json --limit 1000 -- "$q" 2>/dev/null |
            sed -n 's/^{"format_version":1,"type":"hit","rank":[0-9]*,"score":\([^,]*\),"path":"\([^"]*\)".*/\2	\1/p' |
            sed "s|^|$q	|"
    done <"${2:-$TMP/queries}"
}

# same_results NAME A B: the same paths in the same order, scores within
# 1e-9.
same_results() {
    if [ ! -s "$2" ]; then not_ok "$1" "no results at all"; return; fi
    diff=$(awk -F '\t' 'NR == FNR { q[FNR] = $1; p[FNR] = $2; s[FNR] = $3; n = FNR; next }
        { m = FNR
          if ($1 != q[FNR] || $2 != p[FNR]) { print "line " FNR ": " $1 " " $2 " vs " q[FNR] " " p[FNR]; exit }
          d = $3 - s[FNR]; if (d < 0) d = -d
          if (d > 1e-9) { print "line " FNR ": score " $3 " vs " s[FNR]; exit } }
        END { if (m != n) print m " hits vs " n }' "$2" "$3")
    if [ -z "$diff" ]; then ok "$1"; else not_ok "$1" "$diff"; fi
}

# ids DB: the id terms of a database, one per line.
ids() { "$DBTOOL" dump "$1" | sed -n 's/^\(Q[^ ]*\) data=.*/\1/p'; }
# shard_with PATH: which shard of $TMP/three holds the document.
shard_with() {
    for s in 0 1 2; do
        ids "$TMP/three/shard$s" | grep -qx "Q$1" && echo "$s"
    done
}

cd "$TMP/src" || exit 2
expect_rc "a single index" 0 "$INDEX" -q --index "$TMP/one" .
expect_rc "3 shards" 0 "$INDEX" --index "$TMP/three" --shards 3 .
expect_match "...written in parallel, 400 added" "$err" "400 added.*\(3 shards\)"
expect_eq "the stub lists the three shards" \
    "$(grep -v '^#' "$TMP/three/XAPIANDB" | tr '\n' ' ')" \
    "glass shard0 glass shard1 glass shard2 "
n0=$(ids "$TMP/three/shard0" | wc -l)
n1=$(ids "$TMP/three/shard1" | wc -l)
n2=$(ids "$TMP/three/shard2" | wc -l)
if [ "$n0" -gt 80 ] && [ "$n1" -gt 80 ] && [ "$n2" -gt 80 ]; then
    ok "every shard has its share ($n0 $n1 $n2)"
else
    not_ok "every shard has its share" "$n0 $n1 $n2"
fi
expect_eq "each path is in exactly one shard" \
    "$(for s in 0 1 2; do ids "$TMP/three/shard$s"; done | sort | uniq -c |
       awk '$1 != 1' | wc -l) $(($n0 + $n1 + $n2))" "0 400"
"$DBTOOL" dump "$TMP/one" >"$TMP/one.dump"
expect_dump "through the stub, the same documents, terms and frequencies" "$TMP/three" "$TMP/one.dump"

results "$TMP/one" >"$TMP/r.one"
results "$TMP/three" >"$TMP/r.three"
expect_eq "the query set has hits for every query" \
    "$(cut -f1 "$TMP/r.one" | sort -u | wc -l)" "$(wc -l <"$TMP/queries")"
same_results "3 shards rank like the single index (paths, order, scores)" \
    "$TMP/r.one" "$TMP/r.three"
expect_match "...with ties (a filter alone scores 0 for all)" \
    "$(grep '^ext:md	' "$TMP/r.three" | head -2)" "	0(\.0)?$"
# prefix* expands against the whole index, not in each shard with its
# own statistics (query-build.c): u1* is 111 terms of one document each,
# whose synonym's estimated frequency depends on how the terms are
# combined; u* is 400, past the 256 kept.
printf 'model* vision\nproduct*\nu1*\nu*\n' >"$TMP/prefix"
results "$TMP/one" "$TMP/prefix" >"$TMP/p.one"
results "$TMP/three" "$TMP/prefix" >"$TMP/p.three"
expect_eq "u* keeps 256 terms, over shards too (not 256 in each)" \
    "$(grep -c '^u\*	' "$TMP/p.one") $(grep -c '^u\*	' "$TMP/p.three")" \
    "256 256"
same_results "prefix* ranks alike over shards (paths, order, scores)" \
    "$TMP/p.one" "$TMP/p.three"
expect_rc "sousuo-search finds the sharded .sousuo like any index" 0 \
    sh -c "cp -R '$TMP/three' .sousuo && '$SEARCH' --files 新质生产力 >/dev/null"
rm -rf .sousuo

# Metadata is read through the stub (from the first shard).
cp -R "$TMP/three" "$TMP/meta"
"$DBTOOL" set-meta "$TMP/meta/shard0" sousuo.tokenizer other/9
expect_rc "the tokenizer check reads the shard's metadata" 2 \
    "$SEARCH" --index "$TMP/meta" quality
expect_match "...and asks for a re-index" "$err" "re-index with sousuo-index --full"
# The schema is read from every shard, not only the first.
cp -R "$TMP/three" "$TMP/meta2"
"$DBTOOL" set-meta "$TMP/meta2/shard1" sousuo.schema 2
expect_rc "a shard of an older schema than the others is refused" 2 \
    "$SEARCH" --index "$TMP/meta2" quality
expect_match "...naming that shard" "$err" \
    "shard '$TMP/meta2/shard1' of index '$TMP/meta2' has schema 2; .*re-index with sousuo-index --full"
rm -rf "$TMP/meta2"
# ...and so is the tokenizer, by the searcher and by the indexer (which
# opens each shard on its own).
cp -R "$TMP/three" "$TMP/meta3"
"$DBTOOL" set-meta "$TMP/meta3/shard2" sousuo.tokenizer other/9
expect_rc "a shard of another tokenizer than the first is refused" 2 \
    "$SEARCH" --index "$TMP/meta3" quality
expect_match "...naming that shard" "$err" \
    "^sousuo-search: shard '$TMP/meta3/shard2' of index '$TMP/meta3' was built by tokenizer 'other/9' but this is '[^']+': re-index with sousuo-index --full\$"
expect_rc "...and by the indexer" 2 "$INDEX" --index "$TMP/meta3" .
expect_match "...naming it too" "$err" \
    "index '$TMP/meta3/shard2' was built by tokenizer 'other/9'.*re-index with sousuo-index --full"
rm -rf "$TMP/meta3"

# Every shard records the extractor's version (lib/schema.h).  A shard
# whose documents an older extractor made has its files read again, the
# others not; merging shards keeps the oldest version of them.
ev=$(sed -n 's/^#define EXTRACT_VERSION_N \([0-9]*\).*/\1/p' \
    "$abs_top_srcdir/lib/schema.h")
expect_eq "every shard records the extractor's version" \
    "$(for k in 0 1 2; do "$DBTOOL" meta "$TMP/three/shard$k" sousuo.extractor
       done | tr '\n' ' ')" "$ev $ev $ev "
"$DBTOOL" dump "$TMP/three" >"$TMP/three.dump"
cp -R "$TMP/three" "$TMP/old"
"$DBTOOL" set-meta "$TMP/old/shard1" sousuo.extractor 1
in1=$(part_shares . 3 | sed -n 2p)
expect_rc "shard 1 made by an older extractor" 0 "$INDEX" --index "$TMP/old" .
expect_eq "...said once" "$(printf '%s\n' "$err" | grep -c 'older extractor')" 1
expect_match "...its $in1 files are read again, no others" "$err" \
    "0 added, $in1 updated, 0 removed, $((400 - in1)) unchanged"
expect_eq "...and it records the version" \
    "$("$DBTOOL" meta "$TMP/old/shard1" sousuo.extractor)" "$ev"
expect_dump "...the same documents" "$TMP/old" "$TMP/three.dump"
"$DBTOOL" set-meta "$TMP/old/shard2" sousuo.extractor 1
expect_rc "--compact with shard 2 made by an older extractor" 0 \
    "$INDEX" --index "$TMP/old" --compact
expect_eq "...the merged database has the older version" \
    "$("$DBTOOL" meta "$TMP/old" sousuo.extractor)" "1"
expect_rc "...so the next run" 0 "$INDEX" --index "$TMP/old" .
expect_match "...reads every file again" "$err" "0 added, 400 updated, 0 removed"
expect_eq "...and records the version" \
    "$("$DBTOOL" meta "$TMP/old" sousuo.extractor)" "$ev"
rm -rf "$TMP/old"

# Incremental runs keep the count and each document in its shard.
expect_rc "an unchanged run without --shards" 0 "$INDEX" --index "$TMP/three" .
expect_match "...keeps 3 shards and reads nothing" "$err" \
    "0 added, 0 updated, 0 removed, 400 unchanged, 0 touched.*\(3 shards\)"
before=$(shard_with d07/f00007.html)
printf 'a new line with zebra\n' >>d07/f00007.html
rm d11/f00011.txt
gen "$TMP/src" 400 5
expect_rc "one change, one removal, five new files" 0 "$INDEX" --index "$TMP/three" .
expect_match "...counted" "$err" "5 added, 1 updated, 1 removed, 398 unchanged"
expect_eq "the changed document stays in its shard" \
    "$(shard_with d07/f00007.html)" "$before"
expect_eq "the removed one is in no shard" "$(shard_with d11/f00011.txt)" ""
expect_eq "a new one is in exactly one shard" \
    "$(shard_with d08/f00404.txt | wc -l)" "1"
printf 'only this file changed: yankee\n' >>d01/f00001.txt
expect_rc "a run on one file" 0 "$INDEX" --index "$TMP/three" d01/f00001.txt
expect_match "...updates it" "$err" "0 added, 1 updated, 0 removed"
expect_rc "...and the stub finds it" 0 "$SEARCH" --index "$TMP/three" --files yankee
rm -rf "$TMP/one" && "$INDEX" -q --index "$TMP/one" .
"$DBTOOL" dump "$TMP/one" >"$TMP/one.dump"
expect_dump "after the changes, the shards equal a clean single build" "$TMP/three" "$TMP/one.dump"

# The lock, per shard; a shard is not an index of its own.
mkfifo "$TMP/hold"
"$DBTOOL" lock "$TMP/three/shard1" <"$TMP/hold" >"$TMP/lock.out" &
holder=$!
exec 9>"$TMP/hold"
for _ in 1 2 3 4 5 6 7 8 9 10; do
    [ -s "$TMP/lock.out" ] && break
    sleep 0.2
done
expect_rc "a locked shard stops a second writer" 2 "$INDEX" --index "$TMP/three" .
expect_match "...with the lock message" "$err" "shard1.*locked by another sousuo-index"
exec 9>&-
wait "$holder"
expect_rc "a shard alone is refused" 2 "$INDEX" --index "$TMP/three/shard0" .
expect_match "...and told where the stub is" "$err" "is shard 0/3 of a sharded index"
# Compacted alone, a shard would become a database the stub does not list.
ls -R "$TMP/three" >"$TMP/three.before"
expect_rc "a shard alone is not compacted" 2 \
    "$INDEX" --index "$TMP/three/shard0" --compact
expect_match "...which names the index to compact" "$err" \
    "'$TMP/three/shard0' is shard 0/3 of a sharded index: compact the whole index with sousuo-index --index '$TMP/three' --compact"
expect_eq "...and leaves the index as it was" \
    "$(ls -R "$TMP/three" | cmp - "$TMP/three.before" 2>&1 && echo same)" same
expect_rc "...which still searches" 0 "$SEARCH" --index "$TMP/three" --files yankee

# The count changes only with --full, which builds beside the old shards.
expect_rc "--shards 2 without --full" 2 "$INDEX" --index "$TMP/three" --shards 2 .
expect_match "...says --full is needed" "$err" \
    "has 3 shards; changing that to 2 rebuilds it: sousuo-index --full --shards 2"
cp -R "$TMP/three" "$TMP/two"
expect_rc "--full --shards 2" 0 "$INDEX" --index "$TMP/two" --full --shards 2 .
expect_eq "...lists two new shards" \
    "$(grep -v '^#' "$TMP/two/XAPIANDB" | wc -l) $(ls "$TMP/two" | grep -c '^shard')" "2 2"
expect_dump "...with the same documents" "$TMP/two" "$TMP/one.dump"
expect_rc "a plain index becomes 3 shards with --full" 0 \
    "$INDEX" -q --index "$TMP/one" --full --shards 3 .
expect_eq "...its old database is gone, the stub is in place" \
    "$(ls "$TMP/one" | tr '\n' ' ')" "XAPIANDB shard0 shard1 shard2 sousuo.lock "
results "$TMP/one" >"$TMP/r.three"
rm -rf "$TMP/one" && "$INDEX" -q --index "$TMP/one" .
results "$TMP/one" >"$TMP/r.one"
same_results "...and ranks as before" "$TMP/r.one" "$TMP/r.three"

# --compact: the shards merged into one database, the same results.
cp -R "$TMP/three" "$TMP/c3"
# What a killed rebuild leaves: a shard the stub does not list.
mkdir "$TMP/c3/shard1-2" && : >"$TMP/c3/shard1-2/postlist.glass"
expect_rc "--compact merges 3 shards" 0 "$INDEX" --index "$TMP/c3" --compact
expect_match "...says so" "$err" "compacted 3 databases into compact"
expect_eq "...one database is left (and no stray)" "$(ls "$TMP/c3" | tr '\n' ' ')" "XAPIANDB compact sousuo.lock "
expect_rc "...which xapian-check passes" 0 xapian-check "$TMP/c3/compact"
expect_dump "...with the same documents" "$TMP/c3" "$TMP/one.dump"
results "$TMP/c3" >"$TMP/r.c3"
same_results "...and the same ranked results" "$TMP/r.one" "$TMP/r.c3"
expect_rc "...and runs on incrementally" 0 "$INDEX" --index "$TMP/c3" .
expect_match "...as one database" "$err" "0 added, 0 updated, 0 removed, 404 unchanged, 0 touched; .* s$"
expect_rc "a plain index (--no-compact)" 0 "$INDEX" -q --no-compact --index "$TMP/c1" .
expect_rc "--compact on a plain index" 0 "$INDEX" --index "$TMP/c1" --compact
expect_eq "...replaces it by a stub and the compacted database" \
    "$(ls "$TMP/c1" | tr '\n' ' ')" "XAPIANDB compact sousuo.lock "
expect_dump "...with the same documents" "$TMP/c1" "$TMP/one.dump"

mkdir "$TMP/mine" && : >"$TMP/mine/notes.txt"
expect_rc "a new sharded index never goes into a folder of other files" 2 \
    "$INDEX" --index "$TMP/mine" --shards 2 .
expect_eq "...which is left alone" "$(ls -A "$TMP/mine")" "notes.txt"

# kill -9 and SIGINT during a sharded build: the next run completes it.
mkdir "$TMP/big"
i=0
while [ $i -lt 12 ]; do mkdir "$TMP/big/$(printf d%02d $i)"; i=$((i + 1)); done
gen "$TMP/big" 0 1500
"$INDEX" -q --index "$TMP/big.clean" "$TMP/big"
"$DBTOOL" dump "$TMP/big.clean" >"$TMP/big.dump"
for delay in 0.2 0.6; do
    rm -rf "$TMP/k"
    "$INDEX" -q --batch 40 --shards 3 --index "$TMP/k" "$TMP/big" 2>/dev/null &
    pid=$!
    sleep "$delay"
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    expect_rc "killed after ${delay}s: the next run completes" 0 \
        "$INDEX" -q --index "$TMP/k" "$TMP/big"
    expect_dump "killed after ${delay}s: then equals a clean build" "$TMP/k" "$TMP/big.dump"
done
rm -rf "$TMP/k"
index_signal_at 300 INT --batch 40 --shards 3 --index "$TMP/k" "$TMP/big"
if [ $rc = 130 ]; then
    ok "SIGINT stops every shard: exit 130"
    expect_match "...the work is committed" "$(cat "$TMP/signal.log")" \
        "interrupted; the work done so far is committed"
else
    skip "SIGINT stops every shard: exit 130" "exit $rc (finished first?)"
    skip "...the work is committed" "no interruption"
fi
expect_rc "after SIGINT the next run completes" 0 "$INDEX" -q --index "$TMP/k" "$TMP/big"
expect_dump "...and equals a clean build" "$TMP/k" "$TMP/big.dump"

# A count change is all or nothing: interrupted, the old shards stay.
index_signal_at 300 INT --full --shards 2 --batch 40 --index "$TMP/k" "$TMP/big"
if [ $rc = 130 ]; then
    ok "SIGINT during a count change: exit 130"
    expect_match "...which says the index is as it was" "$(cat "$TMP/signal.log")" \
        "a rebuild replaces the index only when it is complete"
else
    skip "SIGINT during a count change: exit 130" "exit $rc (finished first?)"
    skip "...which says the index is as it was" "no interruption"
fi
if [ $rc = 130 ]; then
    expect_eq "...still 3 shards, nothing else left" \
        "$(ls "$TMP/k" | tr '\n' ' ')" "XAPIANDB shard0 shard1 shard2 sousuo.lock "
    expect_dump "...with every document" "$TMP/k" "$TMP/big.dump"
else
    skip "...still 3 shards, nothing else left" "no interruption"
    skip "...with every document" "no interruption"
fi

# So is --full at the same count: killed, the old shards stay whole.
expect_rc "a 2-shard index" 0 "$INDEX" -q --shards 2 --index "$TMP/f2" "$TMP/big"
index_signal_at 300 KILL --full --batch 40 --index "$TMP/f2" "$TMP/big"
if [ $signalled = 1 ]; then
    expect_eq "--full killed midway: the stub still lists the old shards" \
        "$(grep -v '^#' "$TMP/f2/XAPIANDB" | tr '\n' ' ')" "glass shard0 glass shard1 "
    expect_dump "...with every document" "$TMP/f2" "$TMP/big.dump"
else
    skip "--full killed midway: the stub still lists the old shards" "it finished first"
    skip "...with every document" "no interruption"
fi
before=$(grep -v '^#' "$TMP/f2/XAPIANDB")
expect_rc "the next --full completes" 0 "$INDEX" -q --full --index "$TMP/f2" "$TMP/big"
expect_eq "...into two new shards, nothing else left" \
    "$(grep -v '^#' "$TMP/f2/XAPIANDB" | wc -l) $(ls "$TMP/f2" | grep -c '^shard')" "2 2"
expect_eq "...not the old ones" \
    "$(printf '%s\n' "$before" | grep -cxF -f - "$TMP/f2/XAPIANDB")" 0
expect_dump "...with every document" "$TMP/f2" "$TMP/big.dump"

done_testing
