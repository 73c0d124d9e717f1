#!/bin/sh
# sousuo-search --batch: many queries over one open index, as TSV, JSON
# lines and a TREC run; each query's hits equal those of a single search;
# a bad query gets an error record and the batch goes on; exit codes.
. "$abs_top_srcdir/tests/cli/lib.sh"

in_corpus
TAB=$(printf '\t')
printf 'the zebrafish swims\n' >"with space.txt"
"$INDEX" -q .

# Comments, blank lines, bare queries (numbered), QID<TAB>QUERY, a query
# with no words, one without hits, CRLF line ends.
printf '%s\n' \
    '# evaluation queries' \
    '' \
    'productive forces' \
    "q2${TAB}新质生产力" \
    "bad${TAB}!!!" \
    "none${TAB}zzzqqxv" \
    '   ' \
    "zeb${TAB}zebrafish" \
    'DeepSeek' >"$TMP/q.txt"
printf 'crlf\t产业链\r\n' >>"$TMP/q.txt"

expect_rc "a batch with a failing query exits 2" 2 "$SEARCH" --batch "$TMP/q.txt"
tsv=$out
expect_match "...and says which query failed" "$err" \
    "^sousuo-search: query bad: the query has no words to search for$"
expect_eq "bare queries are numbered among all queries" \
    "$(printf '%s\n' "$tsv" | cut -f1 | uniq | tr '\n' ' ')" \
    "1 q2 bad zeb 6 crlf "
expect_eq "the error record" "$(printf '%s\n' "$tsv" | grep "^bad$TAB")" \
    "bad${TAB}error${TAB}query${TAB}the query has no words to search for"
expect_eq "a query without hits has no records" \
    "$(printf '%s\n' "$tsv" | grep -c "^none$TAB")" "0"
expect_match "hit records are QID RANK SCORE PATH" "$tsv" \
    "^1${TAB}1${TAB}[0-9]+\.[0-9]{6}${TAB}($CIIP|$NQPF)\$"

# Each query's hits, in order, are those of a single search; the scores
# are its --json scores.
for pair in "1:productive forces" "q2:新质生产力" "zeb:zebrafish" \
            "6:DeepSeek" "crlf:产业链"; do
    qid=${pair%%:*}
    q=${pair#*:}
    "$SEARCH" --json "$q" >"$TMP/one.json"
    want=$(sed -n 's/.*"rank":\([0-9]*\),"score":\([0-9.e+-]*\),"path":"\([^"]*\)".*/\1 \2 \3/p' \
               "$TMP/one.json" |
           while read -r rank score path; do
               printf '%s\t%s\t%.6f\t%s\n' "$qid" "$rank" "$score" "$path"
           done)
    expect_eq "batch query '$q' equals a single search" \
        "$(printf '%s\n' "$tsv" | grep "^$qid$TAB")" "$want"
done

# Partial matches: TSV keeps its four columns, the hits listed as a
# single search lists them; --batch --json's summary marks them.
expect_rc "a query with a partial match" 0 "$SEARCH" --batch - <<EOF
p${TAB}forces nothinghere
EOF
expect_match "...is listed in the four columns" "$out" \
    "^p${TAB}1${TAB}[0-9]+\.[0-9]{6}${TAB}[^$TAB]+\$"
expect_rc "...and with --json" 0 "$SEARCH" --batch - --json <<EOF
p${TAB}forces nothinghere
EOF
expect_match "...the summary says partial" "$out" '"type":"summary",.*"partial":true'

expect_rc "queries from stdin" 2 "$SEARCH" --batch - <"$TMP/q.txt"
expect_eq "...print the same" "$out" "$tsv"

# Exit codes: 0 some hits, 1 none, 2 a failure or an unreadable file.
printf 'DeepSeek\nzzzqqxv\n' >"$TMP/ok.txt"
expect_rc "a batch with hits exits 0" 0 "$SEARCH" --batch "$TMP/ok.txt"
printf 'zzzqqxv\n# only a comment\n\nqqqzzzv\n' >"$TMP/none.txt"
expect_rc "a batch without hits exits 1" 1 "$SEARCH" --batch "$TMP/none.txt"
expect_eq "...and prints nothing" "$out" ""
expect_rc "an empty batch exits 1" 1 "$SEARCH" --batch - </dev/null
expect_rc "a missing query file exits 2" 2 "$SEARCH" --batch "$TMP/nope.txt"
expect_match "...and says so" "$err" "cannot read '$TMP/nope.txt'"
printf 'q1\t' >"$TMP/empty.txt"
expect_rc "an empty query after the tab is a failure" 2 \
    "$SEARCH" --batch "$TMP/empty.txt"
expect_match "...with its record" "$out" "^q1${TAB}error${TAB}query${TAB}"
# A line of only a tab has an (empty) id field: a query, numbered, and
# a failure like any empty query, not a skipped blank line.
printf 'DeepSeek\n\t\n' >"$TMP/tab.txt"
expect_rc "a line of only a tab is an empty query" 2 "$SEARCH" --batch "$TMP/tab.txt"
expect_match "...numbered, with its record" "$out" "^2${TAB}error${TAB}query${TAB}"
# A numbered query whose number an explicit id already took: warned.
printf '2\tDeepSeek\n\nzebrafish\nzzzqqxv\n' >"$TMP/dup.txt"
expect_rc "a repeated query id" 0 "$SEARCH" --batch "$TMP/dup.txt"
expect_eq "...is warned about, once" "$err" \
    "sousuo-search: warning: line 3: query id 2 was already used on line 1"
{ printf 'long\t'; head -c 1100000 /dev/zero | tr '\0' a; printf '\nok\tDeepSeek\n'; } \
    >"$TMP/long.txt"
expect_rc "a query line over 1 MiB is a failure" 2 "$SEARCH" --batch "$TMP/long.txt"
expect_eq "...and the batch goes on" "$(printf '%s\n' "$out" | cut -f1,2)" \
    "$(printf 'long\terror\nok\t1')"

# --json: hits and a summary per query, each with its qid; errors.
expect_rc "--json" 2 "$SEARCH" --batch "$TMP/q.txt" --json --limit 1
json=$out
expect_eq "one summary per successful query" \
    "$(printf '%s\n' "$json" | grep -c '"type":"summary"')" "6"
expect_eq "one hit per query with hits (--limit 1)" \
    "$(printf '%s\n' "$json" | grep '"type":"hit"' |
       sed 's/.*"qid":"\([^"]*\)".*/\1/' | tr '\n' ' ')" "1 q2 zeb 6 crlf "
expect_match "records start with format_version, type, qid" "$json" \
    '^\{"format_version":1,"type":"hit","qid":"q2","rank":1,"score":'
expect_match "the summary of a query without hits" "$json" \
    '^\{"format_version":1,"type":"summary","qid":"none","query":"zzzqqxv","total":0,"returned":0,'
expect_match "the error record" "$json" \
    '^\{"format_version":1,"type":"error","qid":"bad","query":"!!!","error":\{"code":"query","message":"the query has no words to search for"\}\}$'
expect_rc "--json --timings" 2 "$SEARCH" --batch "$TMP/q.txt" --json --timings
expect_eq "...every record has a latency" \
    "$(printf '%s\n' "$out" | grep -vc '"ms":[0-9.e+-]*}$')" "0"

# --trec: QID Q0 DOC RANK SCORE TAG, white space in paths encoded.
expect_rc "--trec" 2 "$SEARCH" --batch "$TMP/q.txt" --trec sousuo-bm25
trec=$out
expect_eq "six fields on every line" \
    "$(printf '%s\n' "$trec" | awk 'NF != 6' | wc -l | tr -d ' ')" "0"
expect_match "a TREC line" "$trec" \
    "^q2 Q0 $CIIP 1 [0-9]+\.[0-9]{6} sousuo-bm25\$"
expect_match "a path with a space" "$trec" \
    '^zeb Q0 with%20space\.txt 1 [0-9.]+ sousuo-bm25$'
expect_eq "no error record in a run" "$(printf '%s\n' "$trec" | grep -c '^bad ')" "0"
expect_eq "the same hits as the TSV" \
    "$(printf '%s\n' "$trec" | awk '{print $1, $4, $5}')" \
    "$(printf '%s\n' "$tsv" | grep -v "${TAB}error${TAB}" | awk -F"$TAB" '{print $1, $2, $3}')"
# The query id is encoded like DOCNO: a space or a control byte in it
# would break the six fields (and the line).
printf 'q 1\tzebrafish\n\001id%%\tzebrafish\n' >"$TMP/qid.txt"
expect_rc "--trec with odd query ids" 0 "$SEARCH" --batch "$TMP/qid.txt" --trec r
expect_eq "...encodes them as %XX" "$(printf '%s\n' "$out" | cut -d' ' -f1-3)" \
    "$(printf 'q%%201 Q0 with%%20space.txt\n%%01id%%25 Q0 with%%20space.txt')"
expect_rc "--trec --timings adds a seventh field" 2 \
    "$SEARCH" --batch "$TMP/q.txt" --trec run --timings
expect_eq "...on every line" \
    "$(printf '%s\n' "$out" | awk 'NF != 7 || $7 !~ /^[0-9]+\.[0-9][0-9][0-9]$/' | wc -l | tr -d ' ')" "0"
expect_rc "--timings adds a fifth TSV field" 2 "$SEARCH" --batch "$TMP/q.txt" --timings
expect_eq "...on every record" \
    "$(printf '%s\n' "$out" | awk -F"$TAB" 'NF != 5' | wc -l | tr -d ' ')" "0"

# A closed stdin: the index's database file, opened next, would get fd 0
# and be read as the query list.  It is a read error instead.
expect_rc "--batch - with stdin closed is a read error" 2 \
    "$SEARCH" --batch - <&-
expect_match "...that says so" "$err" \
    "^sousuo-search: cannot read .*: Bad file descriptor$"
expect_eq "...and prints nothing" "$out" ""
expect_rc "a single search with stdout closed is a write error" 2 \
    sh -c '"$1" DeepSeek >&-' sh "$SEARCH"
expect_match "...that says so" "$err" "write error: Bad file descriptor"

# Invalid UTF-8 in a query whose spelling suggestion applies: the
# suggestion holds the bad byte too and is made valid as the query is
# (jansson refused it, and the summary, the query's only output, was lost
# without a word), in a single search and in a batch.
bad=$(printf '\377 bad')
expect_rc "--json, invalid UTF-8 and a suggestion: exit 1 (no hits)" 1 \
    "$SEARCH" --json "$bad"
expect_match "...the summary is printed, its suggestion made valid" "$out" \
    '^\{"format_version":1,"type":"summary",.*"suggestion":"'"$(printf '\357\277\275')"' had"\}$'
expect_eq "...and nothing on stderr" "$err" ""
printf 'u8\t\377 bad\n' >"$TMP/u8.txt"
expect_rc "--batch --json, invalid UTF-8 and a suggestion" 1 \
    "$SEARCH" --batch "$TMP/u8.txt" --json
expect_match "...the summary is printed" "$out" \
    '^\{"format_version":1,"type":"summary","qid":"u8",.*"suggestion":"'"$(printf '\357\277\275')"' had"\}$'

# A UTF-8 byte order mark at the start of the file is dropped: a comment
# after it stays a comment, an id after it does not hold it.
printf '\357\273\277# comment\nDeepSeek\n' >"$TMP/bom1.txt"
expect_rc "a BOM before a comment" 0 "$SEARCH" --batch "$TMP/bom1.txt"
expect_eq "...skips the comment: the query is number 1" \
    "$(printf '%s\n' "$out" | cut -f1 | uniq)" "1"
printf '\357\273\277q1\tDeepSeek\n' >"$TMP/bom2.txt"
expect_rc "a BOM before a query id" 0 "$SEARCH" --batch "$TMP/bom2.txt"
expect_eq "...is not part of the id" "$(printf '%s\n' "$out" | cut -f1 | uniq)" "q1"

# A line with a tab is a query: <TAB>#QUERY (an empty id, then a query
# that starts with '#') is numbered and run, not skipped as a comment;
# spaces then '#' is a comment.
printf '  # comment\n\t#DeepSeek\n' >"$TMP/hash.txt"
expect_rc "<TAB>#DeepSeek is a query" 0 "$SEARCH" --batch "$TMP/hash.txt"
expect_eq "...numbered 1, after a comment that starts with spaces" \
    "$(printf '%s\n' "$out" | cut -f1 | uniq)" "1"

# A query line of exactly 1 MiB (padded with spaces) fits, whatever its
# line end: the '\r' of CRLF is not counted; one byte more does not fit.
mib_line() {   # mib_line EXTRA END: "big<TAB>DeepSeek" padded to 1 MiB + EXTRA
    printf 'big\tDeepSeek'
    head -c $((1048576 + $1 - 12)) /dev/zero | tr '\0' ' '
    printf "$2"
}
for le in LF CRLF; do
    end='\n'
    [ $le = CRLF ] && end='\r\n'
    mib_line 0 "$end" >"$TMP/mib.txt"
    expect_rc "a 1 MiB query line ending $le runs" 0 \
        "$SEARCH" --batch "$TMP/mib.txt"
    expect_match "...and finds" "$out" "^big${TAB}1${TAB}.*${TAB}$NQPF\$"
    mib_line 1 "$end" >"$TMP/mib.txt"
    expect_rc "...one byte longer, ending $le, is too long" 2 \
        "$SEARCH" --batch "$TMP/mib.txt"
    expect_match "...and says so" "$err" "query longer than 1048576 bytes"
done

# Options that do not fit.
expect_rc "--trec without --batch" 2 "$SEARCH" --trec x DeepSeek
expect_rc "--timings without --batch" 2 "$SEARCH" --timings DeepSeek
expect_rc "--batch with a query argument" 2 "$SEARCH" --batch "$TMP/q.txt" DeepSeek
expect_rc "--batch with --vimgrep" 2 "$SEARCH" --batch "$TMP/q.txt" --vimgrep
expect_rc "--batch with --json and --trec" 2 "$SEARCH" --batch "$TMP/q.txt" --json --trec x
expect_rc "a run tag with a space" 2 "$SEARCH" --batch "$TMP/q.txt" --trec 'a b'

# A query word that starts with '-' is taken for options unless the query
# is one quoted argument or comes after --: then it excludes.
printf 'DeepSeek in an html page\n' >dsh.txt
"$INDEX" -q .
expect_rc "DeepSeek is in two files now" 0 "$SEARCH" -l -n 5 DeepSeek
expect_eq "...listed" "$(printf '%s\n' "$out" | sort | tr '\n' ' ')" "dsh.txt $NQPF "
expect_rc "a query after --: DeepSeek -html" 0 "$SEARCH" -l -- DeepSeek -html
expect_eq "...excludes the html one (no help printed)" "$out" "$NQPF"
expect_rc "a quoted query: 'DeepSeek -html'" 0 "$SEARCH" -l 'DeepSeek -html'
expect_eq "...excludes it too" "$out" "$NQPF"

done_testing
