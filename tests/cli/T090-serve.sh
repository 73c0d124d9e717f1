#!/bin/sh
# sousuo-search --serve driven through a FIFO as an editor would: requests
# and replies line by line, index updates while it runs (seen without a
# restart, never half-written), malformed requests, a 10 MB line, EOF.
. "$abs_top_srcdir/tests/cli/lib.sh"

in_corpus
ROOT=$(pwd -P)
"$INDEX" -q .

mkfifo "$TMP/req" || exit 2
# Exists before the server's own redirection happens (that waits for the
# FIFO to open): wait_reply must never read a missing file as "no lines".
: >"$TMP/resp"
"$SEARCH" --serve <"$TMP/req" >"$TMP/resp" 2>"$TMP/serve.err" &
pid=$!
exec 3>"$TMP/req"
n=0

# wait_reply: wait (30 s at most) for reply number $n, put it in $reply.
wait_reply() {
    _i=0
    while [ "$(wc -l <"$TMP/resp")" -lt "$n" ]; do
        _i=$((_i + 1))
        if [ $_i -gt 600 ] || ! kill -0 "$pid" 2>/dev/null; then
            reply="(no reply to request $n)"
            return
        fi
        sleep 0.05
    done
    reply=$(sed -n "${n}p" "$TMP/resp")
}

# ask LINE: send one request and wait for its reply.
ask() {
    printf '%s\n' "$1" >&3
    n=$((n + 1))
    wait_reply
}

ask '{"id":1,"type":"ping"}'
expect_match "ping" "$reply" '^\{"id":1,"type":"ping","version":"[0-9.]+","protocol":1\}$'

ask '{"id":"s1","type":"search","query":"DeepSeek","limit":1}'
expect_match "search: the summary first" "$reply" \
    '^\{"id":"s1","type":"search","query":"DeepSeek","total":1,"returned":1,"partial":false,"suggestion":null,"hits":\[\{"rank":1,"score":[0-9.]+,'
expect_match "...a hit with path, line and columns" "$reply" \
    "\"path\":\"$NQPF\",.*\"line\":[0-9]+,\"column\":[0-9]+,\"char_column\":[0-9]+,\"utf16_column\":[0-9]+,"
expect_match "...and its absolute path" "$reply" \
    "\"abspath\":\"$ROOT/$NQPF\"\\}\\]\\}\$"

ask '{"id":2,"type":"search","query":"productive forces","limit":1,"offset":1}'
expect_match "limit and offset" "$reply" '"total":2,"returned":1,.*"hits":\[\{"rank":2,'

ask '{"id":3,"type":"count","query":"productive"}'
expect_eq "count" "$reply" '{"id":3,"type":"count","count":2}'

ask '{"id":4,"type":"complete","prefix":"Prod","limit":3}'
expect_match "complete: folded words with the prefix" "$reply" \
    '^\{"id":4,"type":"complete","prefix":"Prod","completions":\["prod[a-z]*","prod[a-z]*","prod[a-z]*"\]\}$'
expect_match "...the most frequent first" "$reply" '"completions":\["productive",'
ask '{"id":5,"type":"complete","prefix":"zzzqq"}'
expect_eq "complete without candidates" "$reply" \
    '{"id":5,"type":"complete","prefix":"zzzqq","completions":[]}'

ask '{"id":6,"type":"stats"}'
expect_match "stats" "$reply" \
    "^\\{\"id\":6,\"type\":\"stats\",\"documents\":2,\"updated\":\"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z\",\"index\":\"$ROOT/.sousuo\",\"root\":\"$ROOT\"\\}\$"

# The index changes under the running server.
ask '{"id":7,"type":"search","query":"zebrafish"}'
expect_match "a word not yet indexed" "$reply" '"total":0,"returned":0,'
printf 'The zebrafish swims.\n' >new.txt
"$INDEX" -q .
ask '{"id":8,"type":"search","query":"zebrafish"}'
expect_match "after sousuo-index ran, the new document is found" "$reply" \
    '"total":1,"returned":1,.*"path":"new.txt",'
ask '{"id":9,"type":"stats"}'
expect_match "...and counted" "$reply" '"documents":3,'
rm new.txt
"$INDEX" -q .
ask '{"id":10,"type":"count","query":"zebrafish"}'
expect_eq "a removed document is gone" "$reply" '{"id":10,"type":"count","count":0}'
# --full over the root rebuilds into a new compacted database and deletes
# the old one under the server, which then opens the index anew.
printf 'yak wool\n' >yak.txt
expect_rc "--full while the server runs" 0 "$INDEX" -v --full .
expect_match "...switches to a new compacted database" "$err" "compacted [0-9]+ databases? into compact-2"
ask '{"id":10,"type":"count","query":"yak"}'
expect_eq "...which the server reads at its next request" "$reply" \
    '{"id":10,"type":"count","count":1}'
rm yak.txt
"$INDEX" -q .
ask '{"id":10,"type":"count","query":"yak"}'
expect_eq "...and keeps following" "$reply" '{"id":10,"type":"count","count":0}'
# The index deleted and made anew (maybe at the same revision): errors
# while there is none, then the new one, never the deleted files.
printf 'bongo drums\n' >bongo.txt
rm -rf .sousuo
ask '{"id":10,"type":"count","query":"bongo"}'
expect_match "a deleted index: an error" "$reply" '"error":\{"code":"noindex",'
"$INDEX" -q .
ask '{"id":10,"type":"count","query":"bongo"}'
expect_eq "...the new one once sousuo-index made it" "$reply" \
    '{"id":10,"type":"count","count":1}'
rm -rf .sousuo bongo.txt
"$INDEX" -q .
ask '{"id":10,"type":"count","query":"bongo"}'
expect_eq "...rebuilt with no new revision number: still followed" "$reply" \
    '{"id":10,"type":"count","count":0}'

# Bad requests get an error reply (with the id when it can be read) and
# the server goes on.
ask '{"id": 11, "type": "search", broken'
expect_match "malformed JSON, the id still read" "$reply" \
    '^\{"id":11,"error":\{"code":"bad_request","message":"invalid JSON at column [0-9]+: .*"\}\}$'
ask 'not json at all'
expect_match "not JSON" "$reply" '^\{"id":null,"error":\{"code":"bad_request","message":"invalid JSON'
ask '[1,2]'
expect_eq "not an object" "$reply" \
    '{"id":null,"error":{"code":"bad_request","message":"a request must be a JSON object"}}'
ask '{"id":"x","type":"frobnicate"}'
expect_eq "unknown type" "$reply" \
    '{"id":"x","error":{"code":"bad_request","message":"unknown request type '"'frobnicate'"'"}}'
ask '{"id":12,"query":"a"}'
expect_eq "no type" "$reply" \
    '{"id":12,"error":{"code":"bad_request","message":"missing field '"'type'"'"}}'
ask '{"id":13,"type":5}'
expect_eq "a type that is no string" "$reply" \
    '{"id":13,"error":{"code":"bad_request","message":"field '"'type'"' must be a string"}}'
ask '{"id":14,"type":"search"}'
expect_eq "no query" "$reply" \
    '{"id":14,"error":{"code":"bad_request","message":"missing field '"'query'"'"}}'
ask '{"id":15,"type":"search","query":["a"]}'
expect_eq "a query that is no string" "$reply" \
    '{"id":15,"error":{"code":"bad_request","message":"field '"'query'"' must be a string"}}'
ask '{"id":16,"type":"search","query":"a","limit":"5"}'
expect_eq "a limit that is no integer" "$reply" \
    '{"id":16,"error":{"code":"bad_request","message":"field '"'limit'"' must be an integer from 0 to 1000"}}'
ask '{"id":17,"type":"search","query":"a","offset":-1}'
expect_match "a negative offset" "$reply" \
    '^\{"id":17,"error":\{"code":"bad_request","message":"field .offset. must be an integer'
ask '{"id":18,"type":"search","query":"a","explain":"yes"}'
expect_match "a flag that is no boolean" "$reply" \
    '^\{"id":18,"error":\{"code":"bad_request","message":"field .explain. must be true or false"'
ask '{"id":19,"type":"search","query":"!!!"}'
expect_eq "a query with nothing to search: the library's code" "$reply" \
    '{"id":19,"error":{"code":"query","message":"the query has no words to search for"}}'
printf '\n  \n' >&3
ask "$(printf '{"id":20,"type":"search","query":"\377"}')"
expect_match "blank lines get no reply; invalid UTF-8 is bad JSON" "$reply" \
    '^\{"id":20,"error":\{"code":"bad_request","message":"invalid JSON'
ask '{"type":"ping"}'
expect_match "a request without id gets id null" "$reply" '^\{"id":null,"type":"ping",'
ask '{"id":{"seq":21},"type":"count","query":"DeepSeek"}'
expect_eq "any JSON id is echoed" "$reply" '{"id":{"seq":21},"type":"count","count":1}'
ask '{"id":22,"type":"search","query":"a\u0000b"}'
expect_eq "a NUL in a string: said in the protocol's words" "$reply" \
    '{"id":22,"error":{"code":"bad_request","message":"invalid request at column 43: a string holds \\u0000 (a NUL character), which no member may contain"}}'
ask '{"id":23,"type":"count","query":"DeepSeek","limit":10.0}'
expect_eq "a limit of 10.0 is 10" "$reply" '{"id":23,"type":"count","count":1}'
ask '{"id":24,"type":"search","query":"DeepSeek","limit":1e0}'
expect_match "...and 1e0 is 1" "$reply" '^\{"id":24,"type":"search",.*"returned":1,'
ask '{"id":25,"type":"search","query":"DeepSeek","limit":0.5}'
expect_match "...but 0.5 is no integer" "$reply" \
    '^\{"id":25,"error":\{"code":"bad_request","message":"field .limit. must be an integer'
ask '{"id":26,"type":"search","query":"DeepSeek","limit":1e4}'
expect_match "...nor is 1e4 in range" "$reply" \
    '^\{"id":26,"error":\{"code":"bad_request","message":"field .limit. must be an integer'

# A window never cuts a match: a highlight is always a whole 宇宙 (at
# width 16 the window used to end in "😀宇", the lone 宇 highlighted).
if command -v python3 >/dev/null; then
    mkdir "$TMP/cut"
    printf 'Intro line.\r\n宇宙很大。我们看宇宙，😀宇宙在那里，很远很远的宇宙之外还有宇宙。\r\n' \
        >"$TMP/cut/crlf.txt"
    (cd "$TMP/cut" && "$INDEX" -q .) || not_ok "index the snippet fixture"
    got=$(w=4; while [ $w -le 40 ]; do
              printf '{"type":"search","query":"宇宙","snippet_width":%d}\n' $w
              w=$((w + 1))
          done | "$SEARCH" --serve --index "$TMP/cut/.sousuo" | python3 -c '
import json, sys
for line in sys.stdin:
    h = json.loads(line)["hits"][0]
    s = h["snippet"].encode()
    for x in h["highlights"]:
        t = s[x["bytes"]["start"]:x["bytes"]["end"]].decode()
        if t != "宇宙":
            print(repr(h["snippet"]), repr(t))')
    expect_eq "a highlight is always a whole match" "$got" ""
else
    skip "a highlight is always a whole match" "no python3"
fi

# A byte order mark before the first request is skipped; anywhere else it
# is damage, and an id after it is not echoed.
got=$(printf '\357\273\277{"id":1,"type":"ping"}\n\357\273\277{"id":2,"type":"ping"}\n' |
      "$SEARCH" --serve)
expect_match "a BOM before the first request" "$got" '^\{"id":1,"type":"ping",'
expect_match "...is damage before a later one" "$got" \
    '^\{"id":null,"error":\{"code":"bad_request","message":"invalid JSON at column 1: '

# A request of exactly 1 MiB (padded with spaces) fits, whatever its line
# end: the '\r' of CRLF is not counted; one byte more does not fit.
req='{"id":7,"type":"ping"}'
mib_line() {   # mib_line EXTRA END: the request padded to 1 MiB + EXTRA
    printf '%s' "$req"
    head -c $((1048576 + $1 - ${#req})) /dev/zero | tr '\0' ' '
    printf "$2"
}
for le in LF CRLF; do
    end='\n'
    [ $le = CRLF ] && end='\r\n'
    got=$(mib_line 0 "$end" | "$SEARCH" --serve)
    expect_match "a 1 MiB request ending $le is answered" "$got" \
        '^\{"id":7,"type":"ping",'
    got=$(mib_line 1 "$end" | "$SEARCH" --serve)
    expect_match "...one byte longer, ending $le, is too long" "$got" \
        'request longer than 1048576 bytes'
done

# A 10 MB line: an error, memory bounded, and the server goes on.
hwm() { sed -n 's/^VmHWM:[^0-9]*\([0-9]*\).*/\1/p' "/proc/$pid/status" 2>/dev/null; }
before=$(hwm)
{
    printf '{"id":42,"type":"search","query":"'
    head -c 10485760 /dev/zero | tr '\0' a
    printf '"}\n'
} >&3
n=$((n + 1))
wait_reply
expect_eq "a 10 MB request" "$reply" \
    '{"id":42,"error":{"code":"bad_request","message":"request longer than 1048576 bytes"}}'
after=$(hwm)
if [ -n "$before" ] && [ -n "$after" ]; then
    expect_eq "...is not kept in memory (peak RSS grew < 8 MB)" \
        "$([ $((after - before)) -lt 8192 ] && echo yes || echo "no: $before kB -> $after kB")" yes
else
    skip "...is not kept in memory" "no /proc/PID/status"
fi
ask '{"id":43,"type":"ping"}'
expect_match "...and the next request is answered" "$reply" '^\{"id":43,"type":"ping",'

# Searches while sousuo-index commits every 50 documents: every reply is
# a count of a committed revision, never an error or a partial batch.
mkdir batch
i=0
while [ $i -lt 300 ]; do
    printf 'quokka number %d\n' $i >"batch/q$i.txt"
    i=$((i + 1))
done
"$INDEX" -q --batch 50 batch &
ipid=$!
counts=""
while kill -0 $ipid 2>/dev/null; do
    ask '{"id":"c","type":"count","query":"quokka"}'
    c=$(printf '%s\n' "$reply" | sed -n 's/^{"id":"c","type":"count","count":\([0-9]*\)}$/\1/p')
    counts="$counts ${c:-bad-reply}"
    [ -n "$c" ] || break
done
wait $ipid
ask '{"id":"c","type":"count","query":"quokka"}'
expect_eq "after the run, all 300 are found" "$reply" '{"id":"c","type":"count","count":300}'
bad=$(for c in $counts; do
          case $c in *[!0-9]*) echo "$c" ;; *) [ $((c % 50)) -eq 0 ] || echo "$c" ;; esac
      done)
expect_eq "counts while indexing were whole batches:$counts" "$bad" ""
expect_eq "...and only grew" "$(echo $counts | tr ' ' '\n' | sort -n | tr '\n' ' ')" \
    "$(echo $counts | tr ' ' '\n' | tr '\n' ' ')"

# EOF ends the server with status 0.
exec 3>&-
wait $pid
expect_eq "EOF ends the server, exit 0" "$?" 0
expect_eq "...nothing on stderr" "$(cat "$TMP/serve.err")" ""
expect_eq "one reply per request" "$(wc -l <"$TMP/resp" | tr -d ' ')" "$n"

# Started where there is no index yet: errors until one is made.
mkdir "$TMP/later"
printf 'The okapi grazes.\n' >"$TMP/later/a.txt"
printf '%s\n' '{"id":1,"type":"search","query":"okapi"}' |
    "$SEARCH" --serve --index "$TMP/later/.sousuo" >"$TMP/resp2"
expect_match "no index: an error reply with the library's code" \
    "$(cat "$TMP/resp2")" '^\{"id":1,"error":\{"code":"noindex","message":"cannot open index'
{
    printf '%s\n' '{"id":1,"type":"search","query":"okapi"}'
    "$INDEX" -q "$TMP/later" >/dev/null
    printf '%s\n' '{"id":2,"type":"count","query":"okapi"}'
} | "$SEARCH" --serve --index "$TMP/later/.sousuo" >"$TMP/resp2"
expect_eq "...then answers once sousuo-index made it" "$(sed -n 2p "$TMP/resp2")" \
    '{"id":2,"type":"count","count":1}'

# A reader that goes away: a write error, exit 2 and a message, not a
# silent death by SIGPIPE.
{
    printf '%s\n' '{"id":1,"type":"ping"}'
    sleep 2 # head has long exited: the next reply is written to nobody
    printf '%s\n' '{"id":2,"type":"ping"}'
} | {
    "$SEARCH" --serve 2>"$TMP/pipe.err"
    echo $? >"$TMP/pipe.rc"
} | head -c 0
expect_eq "output closed: exit 2" "$(cat "$TMP/pipe.rc")" 2
expect_match "...saying why" "$(cat "$TMP/pipe.err")" "^sousuo-search: write error: "

# Completions are words, numbers and CJK characters and pairs, never the
# glue terms that join a CJK character to a word for phrases ("ai芯").
mkdir "$TMP/glue"
printf 'Title\n\nAI芯片 2024年 CPU使用率\n' >"$TMP/glue/a.txt"
"$INDEX" -q "$TMP/glue" || not_ok "index the glue fixture"
printf '%s\n' '{"id":1,"type":"complete","prefix":"ai"}' \
    '{"id":2,"type":"complete","prefix":"2024"}' \
    '{"id":3,"type":"complete","prefix":"芯"}' |
    "$SEARCH" --serve --index "$TMP/glue/.sousuo" >"$TMP/glue.out"
expect_eq "complete: a word, not its glue to the CJK after it" \
    "$(sed -n 1p "$TMP/glue.out")" \
    '{"id":1,"type":"complete","prefix":"ai","completions":["ai"]}'
expect_eq "...a number, not its glue" "$(sed -n 2p "$TMP/glue.out")" \
    '{"id":2,"type":"complete","prefix":"2024","completions":["2024"]}'
expect_eq "...a CJK character and its pair" "$(sed -n 3p "$TMP/glue.out")" \
    '{"id":3,"type":"complete","prefix":"芯","completions":["芯","芯片"]}'

# Options next to --serve set the session: --limit and --explain are
# defaults that a request overrides, --rank applies to every search.
cd "$TMP/corpus" || exit 2
printf '%s\n' '{"id":1,"type":"search","query":"productive"}' \
    '{"id":2,"type":"search","query":"productive","limit":2,"explain":false}' |
    "$SEARCH" --serve --limit 1 --explain >"$TMP/opts.out"
expect_match "--serve --limit: the default of a search" \
    "$(sed -n 1p "$TMP/opts.out")" '"returned":1,'
expect_match "--serve --explain: hits explained by default" \
    "$(sed -n 1p "$TMP/opts.out")" '"explain":"[^"]+=[0-9.]+'
expect_match "...a request sets its own limit" \
    "$(sed -n 2p "$TMP/opts.out")" '"returned":2,'
expect_eq "...and explain" "$(sed -n 2p "$TMP/opts.out" | grep -c '"explain":')" 0
score() { sed -n 's/.*"rank":1,"score":\([0-9.e+-]*\),.*/\1/p'; }
q='{"id":1,"type":"search","query":"productive forces","limit":1}'
plain=$(printf '%s\n' "$q" | "$SEARCH" --serve | score)
ranked=$(printf '%s\n' "$q" | "$SEARCH" --serve --rank k1=0.3,b=0 | score)
single=$("$SEARCH" --json --limit 1 --rank k1=0.3,b=0 'productive forces' | head -1 | score)
expect_match "--serve --rank: scored with those knobs" "$ranked" '^[0-9]'
expect_eq "...as a single search with --rank is" "$ranked" "$single"
expect_eq "...not with the defaults" "$([ "$ranked" != "$plain" ] && echo differs)" differs
# --offset is refused: it would skip the first hits of every request that
# pages by itself.  So is a --limit no request may ask for.
expect_rc "--serve --offset" 2 "$SEARCH" --serve --offset 1 </dev/null
expect_match "...is refused, saying why" "$err" "--serve does not take --offset"
expect_rc "--serve --offset 0 too" 2 "$SEARCH" --serve --offset 0 </dev/null
expect_rc "--serve --limit above 1000" 2 "$SEARCH" --serve --limit 1001 </dev/null
expect_match "...is refused" "$err" "--serve takes --limit 0 to 1000"
expect_rc "--serve --limit 1000" 0 "$SEARCH" --serve --limit 1000 </dev/null
expect_rc "--serve --allow-partial" 2 "$SEARCH" --serve --allow-partial </dev/null

expect_rc "--serve with a query argument" 2 "$SEARCH" --serve DeepSeek
expect_rc "--serve with --vimgrep" 2 "$SEARCH" --serve --vimgrep
expect_rc "--serve with --batch" 2 "$SEARCH" --serve --batch -

# doc/protocol.md's example session, replayed on a fresh index of the
# corpus in a folder called notes: the replies are the page's (paths as
# in /home/me/notes, the time of the indexing and the last digits of the
# score masked).
mkdir -p "$TMP/ex" && cp -R "$CORPUS" "$TMP/ex/notes" && rm -rf "$TMP/ex/notes/.sousuo"
cd "$TMP/ex/notes" || exit 2
"$INDEX" -q . || not_ok "index the example's corpus"
sed -n '/^### Example session/,/^## /p' "$abs_top_srcdir/doc/protocol.md" |
    sed -n '/^\$ sousuo-search --serve$/,/^```$/p' | sed -e 1d -e '$d' >"$TMP/ex/session"
mask() {
    sed -e "s|$(pwd -P)|/home/me/notes|g" -e 's/"updated":"[^"]*"/"updated":"T"/' \
        -e 's/"score":\([0-9]*\.[0-9]\{4\}\)[0-9]*/"score":\1/'
}
sed -n 'p;n' "$TMP/ex/session" >"$TMP/ex/req"
sed -n 'n;p' "$TMP/ex/session" | mask >"$TMP/ex/want"
"$SEARCH" --serve <"$TMP/ex/req" | mask >"$TMP/ex/got"
expect_eq "doc/protocol.md's example session has 7 requests" \
    "$(wc -l <"$TMP/ex/req" | tr -d ' ')" 7
expect_eq "...and its replies are the server's" \
    "$(diff "$TMP/ex/want" "$TMP/ex/got")" ""

done_testing
