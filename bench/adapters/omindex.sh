#!/usr/bin/env bash
# bench/adapters/omindex.sh - Xapian's omindex (XAPIAN_CJK_NGRAM=1: CJK
# unigrams and bigrams) builds; xapian-run.cc (QueryParser with
# FLAG_CJK_NGRAM) answers.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
export XAPIAN_CJK_NGRAM=1
if [ "$CMD" = build ]; then
	rm -rf "$DIR/db"
	omindex --overwrite --db "$DIR/db" --url / "$FILES" >"$DIR/omindex.log" 2>&1 ||
		die "omindex failed: see $DIR/omindex.log"
	exit 0
fi
bin="$DIR/xapian-run"
if [ ! -x "$bin" ] || [ "$ADIR/xapian-run.cc" -nt "$bin" ]; then
	g++ -O2 -o "$bin" "$ADIR/xapian-run.cc" $(pkg-config --cflags --libs xapian-core) ||
		die "cannot build xapian-run (libxapian-dev, g++)"
fi
"$bin" "$DIR/db" "$LIMIT" "$TIMES" <"$QUERIES" || die "xapian-run failed"
