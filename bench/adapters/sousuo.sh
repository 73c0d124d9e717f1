#!/usr/bin/env bash
# bench/adapters/sousuo.sh - sousuo-index --full; sousuo-search --batch
# (TREC run with --timings: each query's sousuo_search() time).  The
# binaries come from $SOUSUO_BUILD (default /tmp/build-bench).
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
B=${SOUSUO_BUILD:-/tmp/build-bench}
[ -x "$B/searcher/sousuo-search" ] || die "no $B/searcher/sousuo-search (set SOUSUO_BUILD)"
if [ "$CMD" = build ]; then
	rm -rf "$DIR/index"
	exec "$B/indexer/sousuo-index" -q --full -i "$DIR/index" "$FILES"
fi
[ "$LIMIT" = 0 ] && LIMIT=1000000
# TREC: qid Q0 docid rank score tag ms; docids have white space and %
# percent-encoded.  A query without hits prints no line (and no time).
"$B/searcher/sousuo-search" -i "$DIR/index" --batch "$QUERIES" --trec sousuo \
	--limit "$LIMIT" --timings | python3 -c '
import sys, urllib.parse
times = open(sys.argv[1], "w")
last = None
for line in sys.stdin:
    qid, _, doc, rank, _, _, ms = line.split()
    print("%s\t%s\t%s" % (qid, rank, urllib.parse.unquote(doc)))
    if qid != last:
        times.write("%s\t%s\n" % (qid, ms))
        last = qid
' "$TIMES"
rc=("${PIPESTATUS[@]}")
[ "${rc[0]}" -le 1 ] && [ "${rc[1]}" = 0 ] || die "sousuo-search failed (${rc[*]})"
