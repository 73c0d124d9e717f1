#!/bin/sh
# Index the bundled corpus/ and search it: CJK phrases, English words and
# stems, phrases, filters, output formats, exit codes.
. "$abs_top_srcdir/tests/cli/lib.sh"

in_corpus

expect_rc "index the corpus" 0 "$INDEX" .
expect_match "summary counts two added files" "$err" \
    "2 added, 0 updated, 0 removed, 0 unchanged"

# The ground truth for CJK strings, computed with grep, not sousuo.
for q in 新质生产力 中华民族的伟大复兴 产业链 伟大复兴 生产 复; do
    want=$(grep -lF "$q" "$CIIP" "$NQPF" | sort)
    expect_rc "CJK '$q' runs" 0 "$SEARCH" --files --limit 10 "$q"
    expect_eq "CJK '$q' finds exactly the files that contain it" \
        "$(printf '%s\n' "$out" | sort)" "$want"
done
# Quoted, so the partial fallback (T150) stays out of it.
expect_rc "a CJK string that is not in the corpus" 1 "$SEARCH" '"生产链"'
expect_eq "...finds nothing (no partial bigram matches)" "$out" ""

expect_rc "an English word" 0 "$SEARCH" --files DeepSeek
expect_eq "...is only in the NQPF article" "$out" "$NQPF"
expect_rc "a stem finds inflections" 0 "$SEARCH" --files rebranded
expect_eq "...rebranded finds rebranding" "$out" "$CIIP"
expect_rc "an exact phrase" 0 "$SEARCH" --files '"blog post"'
expect_eq "...in the CIIP post only" "$out" "$CIIP"
expect_rc "the phrase's words in another order" 1 "$SEARCH" '"post blog"'
expect_rc "NOT" 0 "$SEARCH" --files 'productive -DeepSeek'
expect_eq "...drops the DeepSeek article" "$out" "$CIIP"
expect_rc "OR" 0 "$SEARCH" --count 'DeepSeek OR CIIP'
expect_eq "...counts both" "$out" "2"
expect_rc "title: filter" 0 "$SEARCH" --files 'title:vision'
expect_eq "...matches the titled article" "$out" "$CIIP"
expect_rc "date: filter from the text's date" 0 "$SEARCH" --files 'date:2024-04'
expect_eq "...Published on April 17th 2024" "$out" "$CIIP"
expect_rc "ext: filter" 0 "$SEARCH" --count 'forces ext:txt'
expect_eq "...both are .txt" "$out" "2"
expect_rc "ext: filter that excludes" 1 "$SEARCH" --count 'forces ext:md'
expect_eq "...none are .md" "$out" "0"

expect_rc "a misspelt word" 1 "$SEARCH" rejuvenatoin
expect_match "...gets a suggestion from the indexed words" "$out" \
    "^Did you mean: rejuvenation$"
expect_rc "a misspelt word among others" 0 "$SEARCH" 'producitve forces'
expect_match "...says no document has every word" "$out" \
    "No document matches every word"
expect_match "...and suggests the spelling" "$out" \
    "^Did you mean: productive forces$"
big=$(yes productive | head -c 102400 | tr '\n' ' ')
expect_rc "a 100 KB query is read in bounded time" 0 "$SEARCH" --count "$big"
deep=$(printf '%1000s' | tr ' ' '(')productive$(printf '%1000s' | tr ' ' ')')
expect_rc "1000 nested parentheses" 0 "$SEARCH" --count "$deep"
expect_rc "no hits exits 1" 1 "$SEARCH" zzzqqxv
expect_rc "a query with nothing to search exits 2" 2 "$SEARCH" '!!!'
expect_match "...and says why" "$err" "no words to search for"

# Ranking: the article about DeepSeek mentions it most.
expect_rc "ranked human output" 0 "$SEARCH" --limit 2 'productive forces'
expect_match "rank 1 line" "$out" '^1\. '
expect_match "rank 2 line" "$out" '^2\. '
expect_match "a path:line:column line" "$out" "^   ($CIIP|$NQPF):[0-9]+:[0-9]+  score [0-9.]+$"

# --explain: the BM25 parts of each matched term add up to the score.
expect_rc "--explain" 0 "$SEARCH" --explain --limit 1 'productive forces 新质生产力'
score=$(printf '%s\n' "$out" | sed -n 's/.*  score \([0-9.]*\)$/\1/p' | head -1)
parts=$(printf '%s\n' "$out" | sed -n 's/.*BM25 parts[^:]*: //p' | head -1)
expect_match "...lists body, title and CJK bigram terms" "$parts" \
    "Zforc=.*" 
expect_match "...with the CJK bigrams of the phrase" "$parts" "新质=[0-9.]+"
sum=$(printf '%s\n' "$parts" | tr ' ' '\n' | awk -F= '{s += $2} END {printf "%.3f", s}')
expect_eq "...and the parts add up to the score" "$sum" "$(printf '%.3f' "$score")"
# 生 inside the run 生产力 is found through the glued form 质生, which
# adds no weight and is not listed.
expect_rc "--explain, a run of one glued on" 0 "$SEARCH" --explain --limit 1 '"新质 生"'
score=$(printf '%s\n' "$out" | sed -n 's/.*  score \([0-9.]*\)$/\1/p' | head -1)
parts=$(printf '%s\n' "$out" | sed -n 's/.*BM25 parts[^:]*: //p' | head -1)
expect_match "...lists the phrase's terms" "$parts" "新质=[0-9.]+ .*生=|生=[0-9.]+ .*新质="
case "$parts" in
*质生=*) not_ok "...not the glued bigram" "$parts" ;;
*) ok "...not the glued bigram" ;;
esac
sum=$(printf '%s\n' "$parts" | tr ' ' '\n' | awk -F= '{s += $2} END {printf "%.3f", s}')
expect_eq "...and the parts add up to the score" "$sum" "$(printf '%.3f' "$score")"

# --vimgrep: path:line:col:text, and the column points at the match.
expect_rc "--vimgrep" 0 "$SEARCH" --vimgrep 新质生产力
first=$(printf '%s\n' "$out" | head -1)
file=${first%%:*}
rest=${first#*:}
line=${rest%%:*}
rest=${rest#*:}
col=${rest%%:*}
expect_eq "vimgrep file" "$file" "$CIIP"
at=$(sed -n "${line}p" "$file" | tail -c +"$col" | head -c 15)
expect_eq "line:column point at the match (bytes, 1-based)" "$at" "新质生产力"
expect_eq "one vimgrep line per match" "$(printf '%s\n' "$out" | wc -l)" \
    "$(grep -o 新质生产力 "$CIIP" | wc -l)"

done_testing
