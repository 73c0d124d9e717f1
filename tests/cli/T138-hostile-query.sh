#!/bin/sh
# Hostile queries end to end, through each front door (arguments,
# --batch, --serve): every malformed class, 100 KB of text, 1000 and
# 1,000,000 nested parentheses, a 100,000-term OR, 10,000-character CJK
# runs, wildcards over thousands of terms.  Each gets an answer (exit 0
# or 1) or a one-line error (exit 2): never a signal, in bounded time
# (timeout) and memory (ulimit -v; ASan builds, which reserve terabytes
# of shadow memory, get their peak RSS checked instead).
# check_query.c holds the parse trees of these classes; here it is the
# whole program under them.
. "$abs_top_srcdir/tests/cli/lib.sh"

if [ -n "${SOUSUO_TEST_WRAP:-}" ]; then
    asan=1 secs=600 rss_max=4000000 # valgrind: slow, its own memory
elif ldd "$SEARCH" 2>/dev/null | grep -q libasan; then
    asan=1 secs=60 rss_max=1500000
else
    asan=0 secs=20 rss_max=300000
fi
have_time=0
[ -x /usr/bin/time ] && have_time=1

# An index with many distinct terms for wildcards and ORs to expand to:
# the two articles plus 300 files over 100,000 words and CJK text.
in_corpus
awk 'BEGIN {
    for (d = 0; d < 300; d++) {
        f = sprintf("g%03d.txt", d)
        for (l = 0; l < 334; l++)
            printf "w%d x%d 词语%d 生产力 ", d * 334 + l, (d * 37 + l * 101) % 100000, l % 50 > f
        printf "\n" > f
        close(f)
    }
}'
"$INDEX" -q .

# bounded CMD...: run CMD with a time and memory bound; $rc, $out, $err,
# $rss (kB, when /usr/bin/time is there).
bounded() {
    if [ $have_time = 1 ]; then set -- /usr/bin/time -f '%M' -o "$TMP/.rss" "$@"; fi
    if [ $asan = 1 ]; then
        timeout $secs "$@" >"$TMP/.out" 2>"$TMP/.err" <"${stdin:-/dev/null}"
    else
        (ulimit -v 1048576; exec timeout $secs "$@") >"$TMP/.out" 2>"$TMP/.err" <"${stdin:-/dev/null}"
    fi
    rc=$?
    out=$(cat "$TMP/.out")
    err=$(cat "$TMP/.err")
    rss=$(tail -1 "$TMP/.rss" 2>/dev/null)
    # /usr/bin/time reports a child killed by a signal as such.
    if grep -q 'Command terminated by signal' "$TMP/.rss" 2>/dev/null; then rc=$((128 + 99)); fi
    case $rss in ''|*[!0-9]*) rss=0 ;; esac
}

# answered WHAT: the last bounded run answered or failed cleanly.
answered() {
    _bad=""
    case $rc in
    0|1) ;;
    2) [ "$(printf '%s\n' "$err" | grep -c '^sousuo-search: ')" = 1 ] &&
       [ "$(printf '%s\n' "$err" | wc -l | tr -d ' ')" = 1 ] ||
           _bad="exit 2 without a one-line error" ;;
    124) _bad="no answer in $secs s" ;;
    *) _bad="exit $rc (a signal, or out of memory)" ;;
    esac
    [ "$rss" -le $rss_max ] || _bad="$_bad peak RSS $rss kB > $rss_max kB"
    if [ -z "$_bad" ]; then ok "$1 (exit $rc, ${rss} kB)"
    else not_ok "$1" "$_bad" "stderr: $(printf '%s\n' "$err" | head -3 | cut -c1-300)"; fi
}

# The malformed classes, one per line (also the --batch file).
{
    cat <<'EOF'
"new quality
new" quality
"""
“新质生产力
新质生产力”
((new quality
new quality))
)(
(
)
()
OR
AND
NOT
OR OR OR
AND OR NOT
productive OR
OR productive
productive NOT
NOT productive
productive -
- -productive
-productive
*
**
a*b*
p*roductive*
title:
title:(
title:"
title:title:title:
date:
date:..
date:9999-99..0000
date:2024-13-45
date:0..99999999999999999999
ext:
path:
lang:
lang:xx
path:/../../etc
!!!
...
，。！？
@#$%^&
😀😀😀
　
"" () "" ()
(((((((((())))))))))
EOF
    printf '\357\277\275\n'      # U+FFFD
    printf '\377\376 productive\n' # invalid UTF-8
    printf '\200\n'
    printf 'pro\001ductive\n'    # a control character
    printf '\342\200\256productive\n' # right-to-left override
} >"$TMP/malformed"

i=0
while IFS= read -r q; do
    i=$((i + 1))
    bounded "$SEARCH" --count -- "$q"
    answered "argument $i: $(printf '%s' "$q" | od -An -c | tr -d '\n' | tr -s ' ' | cut -c1-60)"
done <"$TMP/malformed"
nmal=$i

# The big ones.
awk 'BEGIN { for (i = 0; i < 17000; i++) printf "w%d ", i }' >"$TMP/q-100k-words"
head -c 102400 /dev/zero | tr '\0' a >"$TMP/q-100k-token"
awk 'BEGIN { for (i = 0; i < 1000; i++) printf "("; printf "w1"; for (i = 0; i < 1000; i++) printf ")" }' >"$TMP/q-1000-parens"
awk 'BEGIN { for (i = 0; i < 30000; i++) printf "(\""; printf "w1" }' >"$TMP/q-quote-parens"
awk 'BEGIN { for (i = 0; i < 9000; i++) printf "-(w%d OR ", i; printf "w1" }' >"$TMP/q-not-or"
# 10,000 CJK characters: the ideographs of the index, and ones that are
# in no document at all.
awk 'BEGIN { for (i = 0; i < 5000; i++) printf "生产" }' >"$TMP/q-cjk-known"
python3 -c 'import random; random.seed(8); print("".join(chr(0x4e00 + random.randrange(20000)) for _ in range(10000)), end="")' \
    >"$TMP/q-cjk-random" 2>/dev/null ||
    awk 'BEGIN { for (i = 0; i < 3333; i++) printf "龘靐齉" }' >"$TMP/q-cjk-random"
awk 'BEGIN { for (i = 0; i < 256; i++) printf "%s%d*", (i ? " OR w" : "w"), i }' >"$TMP/q-wildcards"
awk 'BEGIN { for (i = 0; i < 300; i++) printf "w* x* "; }' >"$TMP/q-wild-all"
for f in 100k-words 100k-token 1000-parens quote-parens not-or cjk-known cjk-random wildcards wild-all; do
    bounded "$SEARCH" --limit 20 -- "$(cat "$TMP/q-$f")"
    answered "argument: $f ($(wc -c <"$TMP/q-$f" | tr -d ' ') bytes)"
done

# Beyond what an argument can hold (128 KB): --batch and --serve lines.
awk 'BEGIN { for (i = 0; i < 100000; i++) printf "%sw%d", (i ? " OR " : ""), i; print "" }' >"$TMP/q-or-100k"
awk 'BEGIN { for (i = 0; i < 1000000; i++) printf "("; print "w1" }' >"$TMP/q-parens-1m"
awk 'BEGIN { for (i = 0; i < 300000; i++) printf "生"; print "" }' >"$TMP/q-cjk-900k"
awk 'BEGIN { for (i = 0; i < 150000; i++) printf "(a "; print "w1" }' >"$TMP/q-and-nest"
head -c 2000000 /dev/zero | tr '\0' '(' >"$TMP/q-2m"
echo >>"$TMP/q-2m"
{
    cat "$TMP/malformed"
    # (wild-all is left out: it alone takes longer than the bound.)
    for f in 100k-words 100k-token 1000-parens quote-parens not-or cjk-known cjk-random \
             wildcards; do
        cat "$TMP/q-$f"
        echo
    done
    cat "$TMP/q-or-100k" "$TMP/q-parens-1m" "$TMP/q-cjk-900k" "$TMP/q-and-nest" "$TMP/q-2m"
} | awk '{ printf "q%d\t%s\n", NR, $0 }' >"$TMP/batch"
nq=$(wc -l <"$TMP/batch" | tr -d ' ')
stdin=/dev/null bounded "$SEARCH" --batch "$TMP/batch" --json --limit 5
case $rc in 0|2) rc_ok=1 ;; *) rc_ok=0 ;; esac
[ $rc_ok = 1 ] && rc=0 # 2 here: some query failed, reported per query
answered "--batch of all $nq queries, up to 2 MB a line"
expect_eq "...one summary or error record per query" \
    "$(printf '%s\n' "$out" | grep -c '"type":"\(summary\|error\)"')" "$nq"
expect_match "...the 100,000-term OR is answered" "$out" \
    "\"type\":\"summary\",\"qid\":\"q$((nmal + 9))\","
expect_match "...the line over the limit is refused" "$out" \
    "\"type\":\"error\",\"qid\":\"q$nq\",.*longer than 1048576 bytes"

# --serve: the same queries as requests; each gets one reply and the
# server goes on to the next.
python3 -c '
import json, sys
for line in open(sys.argv[1], "rb"):
    qid, _, q = line.rstrip(b"\n").partition(b"\t")
    q = q.decode("utf-8", "surrogateescape").encode("utf-8", "replace").decode("utf-8")
    print(json.dumps({"id": qid.decode(), "type": "search", "query": q, "limit": 5}, ensure_ascii=False))
print(json.dumps({"id": "last", "type": "ping"}))
' "$TMP/batch" >"$TMP/requests" 2>"$TMP/py.err" || : >"$TMP/requests"
if [ -s "$TMP/requests" ]; then
    stdin="$TMP/requests" bounded "$SEARCH" --serve
    answered "--serve with all $nq queries as requests"
    expect_eq "...one reply each" "$(printf '%s\n' "$out" | wc -l | tr -d ' ')" $((nq + 1))
    expect_match "...and still answers after them" "$(printf '%s\n' "$out" | tail -1)" \
        '^\{"id":"last","type":"ping",'
    expect_eq "...every reply a result or an error object" \
        "$(printf '%s\n' "$out" | grep -cv '^{"id":"[a-z0-9]*",\("type":"\(search\|ping\)"\|"error":{"code":"[a-z_]*","message":"[^"]*"}}$\)')" 0
else
    skip "--serve with all queries" "no python3 to write the requests"
fi
stdin=/dev/null

done_testing
