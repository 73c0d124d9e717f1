#!/usr/bin/env bash
# bench/bench-instr.sh - instructions per query (valgrind --tool=callgrind)
# of sousuo's ranking against Xapian's QueryParser, on the query set of
# bench/bench-search.sh.  Latency percentiles on a shared 2-core machine
# move by 20-30% from run to run; an instruction count is the same every
# time for the same binaries, index and queries, so it shows differences
# of a few percent that the timings cannot.  It does not see cache
# misses or I/O: a complement to bench-search.sh, not a replacement.
set -uo pipefail
export LC_ALL=C.UTF-8

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
WORK="$HERE/out/index-bench"
OUT="$HERE/out/search-bench"

usage() {
	cat <<'EOF'
Usage: bench/bench-instr.sh [--work DIR] [--out DIR]

Needs a run of bench/bench-search.sh before (its queries.tsv and the
sousuo-lat and xapian-qp programs in OUT/bin, the indexes in WORK).  For
each query class (kw, cjk, mixed) it counts the instructions of:
  sousuo-rank   sousuo_search(), ranking only (sousuo-lat ... rank)
  xapian-qp     QueryParser + get_mset(0,10) on the omindex database
  xapian-qp-sx  the same QueryParser on sousuo's own database, so that
                both sides read the same postings
  qp-sx-N       the same, asking for as many hits (N) as sousuo does: the
                page and ORDER_LOOKAHEAD (lib/order.h) more, which show
                whether a tie crosses the page's edge (ties are ordered by
                path, the same however the index is split)
and prints the instructions per query (the count of a run with no query,
the start-up, taken off) and the ratios.

  --work DIR   bench-index.sh work folder (default bench/out/index-bench)
  --out DIR    bench-search.sh results (default bench/out/search-bench)
EOF
}
die() { printf 'bench-instr: error: %s\n' "$*" >&2; exit 2; }
while [ $# -gt 0 ]; do
	case "$1" in
	--work) WORK=$2; shift 2 ;;
	--out) OUT=$2; shift 2 ;;
	-h | --help) usage; exit 0 ;;
	*) usage >&2; die "unknown argument: $1" ;;
	esac
done
command -v valgrind >/dev/null || die "valgrind not found (Debian package valgrind)"
Q="$OUT/queries.tsv"
LAT="$OUT/bin/sousuo-lat"
QP="$OUT/bin/xapian-qp"
SX="$WORK/files/.sousuo"
[ -f "$Q" ] && [ -x "$LAT" ] && [ -x "$QP" ] || die "run bench/bench-search.sh first"
[ -d "$SX" ] && [ -d "$WORK/omindex" ] || die "no indexes in $WORK: run bench/bench-index.sh"
# xapian-qp opens one database: the one sousuo's stub lists.
sxdb="$SX/$(awk '!/^#/ { print $2; exit }' "$SX/XAPIANDB" 2>/dev/null)"
[ -f "$SX/XAPIANDB" ] || sxdb=$SX
[ "$(grep -vc '^#' "$SX/XAPIANDB" 2>/dev/null || echo 1)" = 1 ] ||
	die "$SX has several databases; index it without --shards"

# count ENGINE FILE: instructions callgrind counted for ENGINE over FILE.
count() {
	local cmd
	case $1 in
	sousuo-rank) cmd=("$LAT" "$SX" 10 rank) ;;
	xapian-qp) cmd=("$QP" "$WORK/omindex" and) ;;
	xapian-qp-sx) cmd=("$QP" "$sxdb" and) ;;
	qp-sx-ahead) cmd=("$QP" "$sxdb" and - $((10 + lookahead))) ;;
	esac
	valgrind --tool=callgrind --callgrind-out-file=/dev/null "${cmd[@]}" <"$2" 2>&1 >/dev/null |
		awk '/Collected :/ { print $NF }'
}

tmp=$(mktemp -d) || die "mktemp failed"
trap 'rm -rf "$tmp"' EXIT
: >"$tmp/none"
# The page is 10; sousuo asks for ORDER_LOOKAHEAD more.
lookahead=$(sed -n 's/^#define ORDER_LOOKAHEAD \([0-9]*\).*/\1/p' "$HERE/../lib/order.h")
[ -n "$lookahead" ] || die "no ORDER_LOOKAHEAD in lib/order.h"
ahead="qp-sx-$((10 + lookahead))"
printf "class\tqueries\tsousuo-rank\txapian-qp\txapian-qp-sx\t$ahead\tvs qp\tvs qp-sx\tvs $ahead\n"
for cls in kw cjk mixed all; do
	if [ $cls = all ]; then cp "$Q" "$tmp/q"
	else awk -F'\t' -v c=$cls '$2 == c' "$Q" >"$tmp/q"; fi
	n=$(wc -l <"$tmp/q")
	[ "$n" -gt 0 ] || continue
	line="$cls\t$n"
	for e in sousuo-rank xapian-qp xapian-qp-sx qp-sx-ahead; do
		base=$(count $e "$tmp/none")
		total=$(count $e "$tmp/q")
		[ -n "$base" ] && [ -n "$total" ] || die "$e: callgrind failed"
		eval "per_${e//-/_}=$(((total - base) / n))"
		line="$line\t$(((total - base) / n))"
	done
	printf "$line\t%s\t%s\t%s\n" \
		"$(awk -v a=$per_sousuo_rank -v b=$per_xapian_qp 'BEGIN { printf "%.2fx", a / b }')" \
		"$(awk -v a=$per_sousuo_rank -v b=$per_xapian_qp_sx 'BEGIN { printf "%.2fx", a / b }')" \
		"$(awk -v a=$per_sousuo_rank -v b=$per_qp_sx_ahead 'BEGIN { printf "%.2fx", a / b }')"
done
echo "(instructions per query, start-up taken off; callgrind, $(valgrind --version))"
