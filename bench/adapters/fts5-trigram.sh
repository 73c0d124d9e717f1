#!/usr/bin/env bash
# bench/adapters/fts5-trigram.sh - SQLite FTS5, tokenize='trigram' (see fts5.py).
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
if [ "$CMD" = build ]; then
	exec python3 "$ADIR/fts5.py" build "$FILES" "$DIR/fts5.db" trigram
fi
python3 "$ADIR/fts5.py" query "$DIR/fts5.db" "$QUERIES" "$LIMIT" "$TIMES" trigram || die "query failed"
