#!/bin/sh
# Per-document limits (lib/indexdoc.h, issue 8): a body past
# INDEXDOC_MAX_TERMS distinct terms (250,000) or INDEXDOC_MAX_POSTINGS
# words (12 M) is indexed up to the limit, named as truncated on stderr
# and counted in the summary; its start and its title are searchable, its
# end is not, and its whole text is stored (snippets show it).  Where the
# body stops depends on the text alone, so a rebuild gives the same terms.
# Peak memory on the pathological inputs these limits exist for is
# measured by bench/bench-hostile.sh (cases cjk-run, cjk-long).
# The stored text has a limit of its own (INDEXDOC_MAX_STORED, and what
# the backend takes): see "stored text" below.
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
    ": 2 added, .* 0 binary, 0 dangling links; 1 truncated; 0 errors; "
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

# ---- stored text ------------------------------------------------------------
# A document stores at most INDEXDOC_MAX_STORED (64 MiB) of its text, and
# never more data than the backend takes (lib/xapian-shim.h,
# SX_DOC_DATA_MAX): Xapian failed on a file of 183 MB of random CJK
# ("Can't handle insanely large tags") and took the whole run with it,
# exit 2.  A longer text is indexed whole (up to the limits above), stored
# up to a line end, and its length recorded in slot 4 (SLOT_TEXT_LEN); a
# document whose data cannot fit at all is named, counted as an error and
# left out, and the run goes on: the files before and after it are
# committed.  SOUSUO_TEST_DOC_DATA_MAX brings the limit down to 1,000
# bytes here; T132 has the real size under SOUSUO_TEST_HUGE=1.
mkdir -p "$TMP/s"
cd "$TMP/s" || exit 2
printf 'smallword\n' >a.txt
awk 'BEGIN { print "Long file"
    for (i = 1; i <= 200; i++) printf "line%d storedword%d\n", i, i
    print "tailword" }' >long.txt
# A path of over 1,000 bytes: its data's head alone is over the limit.
p250=$(printf '%0250d' 0)
mkdir -p "z/$p250/$p250/$p250"
refused="z/$p250/$p250/$p250/$p250.txt"
printf 'refusedword\n' >"$refused"
printf 'afterword\n' >zz.txt
low() {
    env SOUSUO_TEST_DOC_DATA_MAX=1000 "$@"
}

expect_rc "a file over the limit, with others: exit 1" 1 low "$INDEX" -v .
expect_match "...its text is stored only in part, and named" "$err" \
    "^sousuo-index: long.txt: truncated: only the first [0-9]+ of its [0-9]+ bytes of text are stored; snippets show no match past them$"
expect_match "...one that cannot be stored at all is named with the reason" "$err" \
    "^sousuo-index: z/0{250}/0{250}/0{250}/0{250}\.txt: not indexed: its stored data \([0-9]+ bytes\) is over the limit of 1000 bytes$"
expect_match "...and counted as an error" "$err" \
    ": 3 added, 0 updated, 0 removed, .* 1 truncated; 1 errors; "
expect_eq "the files before and after it are searchable" \
    "$(count smallword) $(count afterword)" "1 1"
expect_eq "the refused one is not" "$(count refusedword)" 0
expect_eq "the whole text is indexed, past the stored part" \
    "$(count storedword200) $(count tailword)" "1 1"
stored=$(printf '%s\n' "$err" | sed -n 's/^sousuo-index: long.txt: truncated: only the first \([0-9]*\) of its \([0-9]*\) bytes.*/\1 \2/p')
size=$(wc -c <long.txt)
expect_eq "the whole length is recorded in slot 4, as the message says" \
    "$("$DBTOOL" value .sousuo Qlong.txt 4) ${stored#* }" "$size $size"
expect_eq "...and the stored part is under the limit" \
    "$(echo "$stored" | awk '{ print ($1 > 0 && $1 < 1000 && $1 < $2) ? "yes" : "no" }')" yes
"$SEARCH" --vimgrep storedword3 >"$TMP/vim" 2>&1
expect_eq "a match in the stored part has its line and column" \
    "$(cat "$TMP/vim")" "long.txt:4:7:line3 storedword3"
"$SEARCH" --json storedword200 >"$TMP/json" 2>&1
expect_match "a match past it finds the file, its start shown, no match in it" \
    "$(cat "$TMP/json")" '"path":"long.txt".*"snippet":"Long file\\nline1 .*"highlights":\[\],"matches":0\}'

expect_rc "the next run" 1 low "$INDEX" -v .
expect_match "...tries the refused file again" "$err" \
    "^sousuo-index: z/.*: not indexed: its stored data "
expect_match "...and leaves the others" "$err" \
    ": 0 added, 0 updated, 0 removed, 3 unchanged, .* 1 errors; "

expect_rc "without the low limit" 0 "$INDEX" -v .
expect_match "...the file is added" "$err" "^add $refused$"
printf 'changedword\n' >"$refused"
expect_rc "changed, then refused again" 1 low "$INDEX" -v .
expect_eq "...the index keeps what it had for it" \
    "$(count refusedword) $(count changedword)" "1 0"
expect_rc "a --full rebuild without the low limit" 0 "$INDEX" --full .
expect_eq "...stores the whole text again" \
    "$("$DBTOOL" value .sousuo Qlong.txt 4)" ""
expect_match "...and warns of nothing" "$err" " 0 truncated; 0 errors; "

done_testing
