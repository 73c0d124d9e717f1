#!/bin/sh
# Ranking knobs and fallbacks (issue 10): --rank, the proximity boost,
# BM25 parameters, and the partial fallback of a CJK run that no
# document has whole.
. "$abs_top_srcdir/tests/cli/lib.sh"

mkdir -p "$TMP/r" && cd "$TMP/r" || exit 2
filler() { i=0; while [ $i -lt "$1" ]; do printf 'lorem ipsum dolor '; i=$((i + 1)); done; }
# near.txt has the two words side by side once; far.txt has each twice,
# but 60 words apart, so plain BM25 prefers far.txt.
# (Line 1 is a plain text's title: the same neutral one for all.)
{ printf 'A note\nalpha beta\n'; filler 20; printf '\n'; } >near.txt
{ printf 'A note\nalpha alpha\n'; filler 20; printf '\nbeta beta\n'; } >far.txt
{ printf 'A note\n'; filler 10; printf '\n'; } >other.txt
printf '这是一个关于新质生产力的文件。\n' >zh.txt
"$INDEX" -q . || exit 2

first() { printf '%s\n' "$1" | head -1 | cut -f3 -d"$(printf '\t')"; }
TAB=$(printf '\t')

expect_rc "plain BM25 (the default)" 0 "$SEARCH" --batch - <<EOF
q${TAB}alpha beta
EOF
expect_eq "...ranks the repeated words first" "$(printf '%s\n' "$out" | head -1 | cut -f4)" far.txt
plain=$out

expect_rc "--rank prox=2 (off by default: doc/ranking.md)" 0 "$SEARCH" --rank prox=2 --batch - <<EOF
q${TAB}alpha beta
EOF
expect_eq "...puts the words side by side first" "$(printf '%s\n' "$out" | head -1 | cut -f4)" near.txt
expect_eq "...and keeps the document with them far apart" \
    "$(printf '%s\n' "$out" | cut -f4 | sort | tr '\n' ' ')" "far.txt near.txt "
expect_eq "...the same documents as without it" \
    "$(printf '%s\n' "$plain" | cut -f4 | sort | tr '\n' ' ')" "far.txt near.txt "

# k1=0: term frequency stops counting, so the two tie on the words and the
# shorter document (b=1 normalises fully) has the same weight as any other.
expect_rc "--rank k1=0" 0 "$SEARCH" --rank k1=0,b=1 --batch - <<EOF
q${TAB}alpha beta
EOF
s1=$(printf '%s\n' "$out" | sed -n 1p | cut -f3)
s2=$(printf '%s\n' "$out" | sed -n 2p | cut -f3)
expect_eq "...makes the scores equal" "$s1" "$s2"

expect_rc "--rank with a bad part" 2 "$SEARCH" --rank b=2 alpha
expect_match "...says which part" "$err" "--rank: bad part 'b=2'"
expect_rc "--rank with an unknown knob" 2 "$SEARCH" --rank foo=1 alpha
expect_rc "--rank with no value" 2 "$SEARCH" --rank k1= alpha
# slack counts positions: a fraction is refused, not cut to 1.
expect_rc "--rank slack=1.5" 2 "$SEARCH" --rank slack=1.5 alpha
expect_match "...says slack is a whole number" "$err" \
    "bad part 'slack=1.5' \(slack a whole number from 0 to 64\)"
expect_rc "--rank slack=2.0 is 2" 0 "$SEARCH" --rank slack=2.0 alpha

# Exact title / heading: a document whose whole title, or one of whose
# HTML headings (section number aside), is the query gets a boost that
# the others do not.
mkdir -p "$TMP/x" && cd "$TMP/x" || exit 2
{ printf '<title>Guide</title><p>printer setup, printer setup and printer setup.</p>'
  printf '<p>Printer setup again.</p>'; } >guide.html
{ printf '<title>Printer Setup</title><p>How the printer setup works.</p><p>'
  filler 30; printf '</p>'; } >setup.html
{ printf '<title>Chapter 9</title><h2>9.1.2. Network  bridges</h2><p>'
  filler 30; printf 'network bridges</p>'; } >chapter.html
{ printf '<title>Notes</title><p>network bridges, network bridges.</p>'; } >notes.html
"$INDEX" -q . || exit 2
score_of() { printf '%s\n' "$1" | awk -F"$TAB" -v p="$2" '$4 == p { print $3 }'; }
for q in 'printer setup:setup.html:guide.html' 'network bridges:chapter.html:notes.html'; do
    text=${q%%:*}; rest=${q#*:}; want=${rest%%:*}; other=${rest#*:}
    expect_rc "'$text' without the exact boost" 0 "$SEARCH" --rank exact=0 --batch - <<EOF
q${TAB}$text
EOF
    off=$out
    expect_rc "'$text' with it (the default)" 0 "$SEARCH" --batch - <<EOF
q${TAB}$text
EOF
    expect_eq "...ranks $want first" "$(printf '%s\n' "$out" | head -1 | cut -f4)" "$want"
    expect_eq "...leaves $other's score alone" "$(score_of "$out" "$other")" \
        "$(score_of "$off" "$other")"
    if awk -v a="$(score_of "$out" "$want")" -v b="$(score_of "$off" "$want")" \
        'BEGIN { exit !(a > b + 1) }'; then ok "...and raises $want's by more than 1"
    else not_ok "...and raises $want's by more than 1" \
        "$(score_of "$out" "$want") vs $(score_of "$off" "$want")"; fi
done
# The boost stays with filters and -words next to the same words (a long
# k8s.md titled "Kubernetes" loses to other.md without it), and never
# brings in a document they keep out.
mkdir -p "$TMP/k/notes" && cd "$TMP/k" || exit 2
{ printf '# Kubernetes\n\n'; filler 200; printf '\n'; } >notes/k8s.md
printf '# Kubernetes cluster tips\n\nKubernetes tips.\n' >notes/other.md
"$INDEX" -q . || exit 2
for q in 'kubernetes' 'kubernetes path:notes' 'kubernetes ext:md' 'kubernetes -zebra' 'kubernetes lang:en -zebra'; do
    expect_rc "'$q'" 0 "$SEARCH" --batch - <<EOF
q${TAB}$q
EOF
    expect_eq "...ranks the exact title first" "$(printf '%s\n' "$out" | head -1 | cut -f4)" notes/k8s.md
done
expect_rc "'kubernetes path:notes/other.md'" 0 "$SEARCH" --batch - <<EOF
q${TAB}kubernetes path:notes/other.md
EOF
expect_eq "...lists only other.md" "$(printf '%s\n' "$out" | cut -f4 | tr '\n' ' ')" "notes/other.md "
cd "$TMP/r" || exit 2

# A CJK run that no document has whole: the bigrams it shares, marked
# partial; a quoted phrase stays strict.
expect_rc "a CJK run with one character different" 0 "$SEARCH" --json 新质生产率
expect_match "...finds the near match" "$out" '"path":"zh.txt"'
expect_match "...and says it is partial" "$out" '"partial":true'
expect_rc "the same run quoted finds nothing" 1 "$SEARCH" '"新质生产率"'
# Outputs that cannot mark hits partial have none (as --count counts).
expect_rc "...--files lists no partial match" 1 "$SEARCH" --files 新质生产率
expect_eq "...nothing at all" "$out" ""
expect_rc "...nor does --vimgrep" 1 "$SEARCH" --vimgrep 新质生产率
expect_eq "...nothing at all" "$out" ""
expect_rc "...and --count counts none" 1 "$SEARCH" --count 新质生产率
expect_eq "...0" "$out" 0
expect_rc "...while --files finds the run itself" 0 "$SEARCH" --files 新质生产力
expect_eq "...in zh.txt" "$out" zh.txt
expect_rc "words that no document has all: partial matches" 0 \
    "$SEARCH" --color=never alpha qwxzvk
expect_match "...said so" "$out" "these are the best partial matches"
expect_rc "...but --files lists none" 1 "$SEARCH" --files alpha qwxzvk
expect_eq "...nothing at all" "$out" ""
expect_rc "a run that shares no bigram finds nothing" 1 "$SEARCH" 完全无关词

# Equal weights come in path order, also at a page's edge: the tie group
# is completed before the page is cut (lib/order.h), so each page holds
# what one long list holds at its place.
mkdir -p "$TMP/t" && cd "$TMP/t" || exit 2
printf 'Other\nzeugma zeugma zeugma\n' >top.txt
"$INDEX" -q . || exit 2
# One file at a time, in reverse, so Xapian's docid order is not the
# path order.
for f in f e d c b a; do
    printf 'Same\nzeugma twin text\n' >"$f.txt"
    "$INDEX" -q "$f.txt" || exit 2
done
expect_rc "six documents tied, one above them" 0 "$SEARCH" --files --limit 100 zeugma
expect_eq "...the tied ones in path order" "$(printf '%s\n' "$out" | tr '\n' ' ')" \
    "top.txt a.txt b.txt c.txt d.txt e.txt f.txt "
expect_rc "a page that cuts the tie" 0 "$SEARCH" --files --limit 2 zeugma
expect_eq "...holds the first tied path" "$(printf '%s\n' "$out" | tr '\n' ' ')" "top.txt a.txt "
expect_rc "the next page" 0 "$SEARCH" --files --offset 2 --limit 3 zeugma
expect_eq "...goes on in path order" "$(printf '%s\n' "$out" | tr '\n' ' ')" "b.txt c.txt d.txt "
expect_rc "the last page" 0 "$SEARCH" --files --offset 6 --limit 3 zeugma
expect_eq "...ends with the last path" "$(printf '%s\n' "$out" | tr '\n' ' ')" "f.txt "

done_testing
