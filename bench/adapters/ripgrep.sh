#!/usr/bin/env bash
# bench/adapters/ripgrep.sh - ripgrep, no index: build only notes where
# the files are; query greps them (see ripgrep.py).
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
command -v rg >/dev/null || die "rg not found: run bench/deps.sh (ripgrep)"
[ "$CMD" = build ] && exit 0
python3 "$ADIR/ripgrep.py" "$FILES" "$QUERIES" "$LIMIT" "$TIMES" || die "query failed"
