#!/usr/bin/env bash
# bench/adapters/fts5-unicode61.sh - SQLite FTS5, tokenize='unicode61' (see fts5.py).
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
if [ "$CMD" = build ]; then
	exec python3 "$ADIR/fts5.py" build "$FILES" "$DIR/fts5.db" unicode61
fi
python3 "$ADIR/fts5.py" query "$DIR/fts5.db" "$QUERIES" "$LIMIT" "$TIMES" unicode61 || die "query failed"
