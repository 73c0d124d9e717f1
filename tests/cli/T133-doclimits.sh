#!/bin/sh
# Per-document limits (lib/indexdoc.h, issue 8): a body past
# INDEXDOC_MAX_TERMS distinct terms (250,000) or INDEXDOC_MAX_POSTINGS
# words (12 M) is indexed up to the limit, named as truncated on stderr
# and counted in the summary; its start and its title are searchable, its
# end is not, and its whole text is stored (snippets show it).  Where the
# body stops depends on the text alone, so a rebuild gives the same terms.
# Peak memory on the pathological inputs these limits exist for is
# measured by bench/bench-hostile.sh (cases cjk-run, cjk-long).
. "$abs_top_srcdir/tests/cli/lib.sh"

count() {
    "$SEARCH" --count "$1" 2>&1
}

mkdir -p "$TMP/d"
cd "$TMP/d" || exit 2
# Each wN is two terms (the word and its Z stem), and so is firstword:
# the 250,000th term is the stem of w124998.
awk 'BEGIN {
    print "<html><head><title>zebratitle</title></head><body><p>firstword"
    for (i = 0; i < 130000; i++) printf "w%d ", i
    print "lastword</p></body></html>" }' >wide.html
printf 'smallword\n' >small.txt

# ---- distinct terms -------------------------------------------------------
expect_rc "a body of 260,002 distinct terms" 0 "$INDEX" -v .
expect_match "...is named as truncated" "$err" \
    "^sousuo-index: wide.html: truncated: only the start of its text is searchable"
expect_match "...and counted in the summary" "$err" \
    ": 2 added, .* 0 binary; 1 truncated; 0 errors; "
expect_match "...and still added" "$err" "^add wide.html$"
expect_eq "its first word is found" "$(count firstword)" 1
expect_eq "the last word before the limit is found" "$(count w124998)" 1
expect_eq "the first word past the limit is not" "$(count w124999)" 0
expect_eq "nor its last word" "$(count lastword)" 0
expect_eq "its title is found" "$(count title:zebratitle)" 1
expect_eq "the other file is untouched" "$(count smallword)" 1
"$SEARCH" --color=never w124998 >"$TMP/snip" 2>&1
expect_match "the snippet shows the stored text past the limit" \
    "$(cat "$TMP/snip")" " w124998 w124999 w125000 "

"$DBTOOL" dump .sousuo >"$TMP/dump1" 2>&1
expect_rc "a --full rebuild" 0 "$INDEX" --full .
"$DBTOOL" dump .sousuo >"$TMP/dump2" 2>&1
expect_eq "...gives the same documents and terms" \
    "$(cmp "$TMP/dump1" "$TMP/dump2" 2>&1)" ""
expect_rc "an unchanged re-run" 0 "$INDEX" .
expect_match "...reads nothing and warns of nothing" "$err" \
    "^sousuo-index: [^:]*: 0 added, 0 updated, 0 removed, 2 unchanged, .* 0 truncated; 0 errors; 0.0 MB read"

rm -rf .sousuo
expect_rc "--shards 2" 0 "$INDEX" --shards 2 .
expect_match "...the shards' summary counts it" "$err" \
    ": 2 added, .* 1 truncated; 0 errors; .*\(2 shards\)$"
expect_eq "...and the limit is the same" "$(count w124998) $(count w124999)" "1 0"

# ---- words ----------------------------------------------------------------
# 12,000,002 words, 3 distinct: about 4 s to index plainly, far too long
# under valgrind.
if [ -n "${SOUSUO_TEST_WRAP:-}" ]; then
    skip "12 M words" "too slow under valgrind (about 4 s plain)"
else
    rm -rf "$TMP/d"
    mkdir -p "$TMP/w"
    cd "$TMP/w" || exit 2
    { echo firstword; yes aa | head -n 12000000 | tr '\n' ' '; echo lastword; } >long.txt
    expect_rc "a body of 12,000,002 words" 0 "$INDEX" .
    expect_match "...is named as truncated" "$err" "^sousuo-index: long.txt: truncated: "
    expect_match "...and counted" "$err" ": 1 added, .* 1 truncated; 0 errors; "
    expect_eq "its first word is found" "$(count firstword)" 1
    expect_eq "its last word is not" "$(count lastword)" 0
fi

done_testing
