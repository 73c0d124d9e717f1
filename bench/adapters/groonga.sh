#!/usr/bin/env bash
# bench/adapters/groonga.sh - Groonga (TokenBigram, NormalizerAuto): see
# groonga.py.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
command -v groonga >/dev/null || die "groonga not found: run bench/deps.sh (groonga-bin)"
if [ "$CMD" = build ]; then
	rm -rf "$DIR/db" && mkdir -p "$DIR/db" || die "cannot create $DIR/db"
	exec python3 "$ADIR/groonga.py" build "$FILES" "$DIR/db/docs"
fi
python3 "$ADIR/groonga.py" query "$DIR/db/docs" "$QUERIES" "$LIMIT" "$TIMES" || die "query failed"
