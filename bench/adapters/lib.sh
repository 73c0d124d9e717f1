# bench/adapters/lib.sh - sourced by every adapter.  An adapter is two
# commands over the same files (see bench/README.md, "Peers"):
#   ENGINE.sh build FILES DIR            index every file under FILES into DIR
#   ENGINE.sh query DIR QUERIES [LIMIT]  QUERIES: qid<TAB>query lines, each
#       query plain words (all of them must match) or one "quoted phrase";
#       print qid<TAB>rank<TAB>path (path relative to FILES, rank from 1),
#       at most LIMIT hits a query (default 10; 0 = every hit).  When
#       $ADAPTER_TIMES names a file, write qid<TAB>milliseconds to it:
#       the engine's own time for the query, measured in its process.
set -uo pipefail
export LC_ALL=C.UTF-8
ADIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ENGINE=$(basename "$0" .sh)
TIMES=${ADAPTER_TIMES:-/dev/null}

die() { printf '%s: error: %s\n' "$ENGINE" "$*" >&2; exit 2; }

CMD=${1:-}
case "$CMD" in
build)
	[ $# = 3 ] || die "usage: $0 build FILES DIR"
	FILES=$(cd "$2" && pwd) || die "no folder $2"
	mkdir -p "$3" || die "cannot create $3"
	DIR=$(cd "$3" && pwd)
	echo "$FILES" >"$DIR/files-path"
	;;
query)
	[ $# = 3 ] || [ $# = 4 ] || die "usage: $0 query DIR QUERIES [LIMIT]"
	DIR=$(cd "$2" && pwd) || die "no folder $2"
	QUERIES=$3
	LIMIT=${4:-10}
	[ -r "$QUERIES" ] || die "cannot read $QUERIES"
	case "$LIMIT" in '' | *[!0-9]*) die "LIMIT must be a number" ;; esac
	FILES=$(cat "$DIR/files-path" 2>/dev/null) || die "$DIR has no index (run build)"
	;;
*) die "usage: $0 build FILES DIR | query DIR QUERIES [LIMIT]" ;;
esac
