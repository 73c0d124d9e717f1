#!/usr/bin/env bash
# bench/bench-search.sh - query latency: sousuo vs Xapian QueryParser vs
# SQLite FTS5 trigram vs ripgrep, same queries, same files, one run.
# Needs the indexes of bench/bench-index.sh. See bench/README.md, section
# "Search benchmark".
set -uo pipefail
export LC_ALL=C.UTF-8

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SRC=$(cd "$HERE/.." && pwd)
BUILD=/tmp/build-bench
WORK="$HERE/out/index-bench"
OUT="$HERE/out/search-bench"
SEED=20250117
NKW=300 NCJK=300 NMIXED=100
SKIP=""
ROUNDS=5

usage() {
	cat <<'EOF'
Usage: bench/bench-search.sh [--build DIR] [--work DIR] [--out DIR]
                             [--seed N] [--kw N] [--cjk N] [--mixed N]
                             [--skip LIST] [--rounds N]

Generate a deterministic query set (bench/make-queries.py) from the corpus
that bench/bench-index.sh indexed, then time every query on:
  sousuo-lib    sousuo_search() in one process (bench/peers/sousuo-lat.c)
  sousuo-cli    sousuo-search --json --limit 10, one process per query
  xapian-qp     Xapian QueryParser (CJK n-grams) + get_mset(0,10) over the
                omindex database, in one process (bench/peers/xapian-qp.cc)
  fts5-trigram  SQLite FTS5 trigram through the C API, in one process
                (bench/peers/fts5-lat.c)
  ripgrep       rg -F -i -l over the files, one process per query term
  spawn         /bin/true once per query: the cost of starting a process
and print p50/p95/p99 per engine and query class (kw, cjk, mixed).

  --build DIR   sousuo build folder (default /tmp/build-bench)
  --work DIR    bench-index.sh work folder (default bench/out/index-bench)
  --out DIR     results (default bench/out/search-bench)
  --seed N      query generator seed (default 20250117)
  --kw/--cjk/--mixed N   queries per class (default 300/300/100)
  --skip LIST   comma list of engines to leave out (e.g. ripgrep)
  --rounds N    in-process engines run N times, taking turns; each query
                counts with its median time (default 5)
EOF
}
die() { printf 'bench-search: error: %s\n' "$*" >&2; exit 2; }
note() { printf 'bench-search: %s\n' "$*" >&2; }
while [ $# -gt 0 ]; do
	case "$1" in
	--build) BUILD=$2; shift 2 ;;
	--work) WORK=$2; shift 2 ;;
	--out) OUT=$2; shift 2 ;;
	--seed) SEED=$2; shift 2 ;;
	--kw) NKW=$2; shift 2 ;;
	--cjk) NCJK=$2; shift 2 ;;
	--mixed) NMIXED=$2; shift 2 ;;
	--skip) SKIP=$2; shift 2 ;;
	--rounds) ROUNDS=$2; shift 2 ;;
	-h | --help) usage; exit 0 ;;
	*) usage >&2; die "unknown argument: $1" ;;
	esac
done
for t in python3 g++ gcc pkg-config rg sqlite3; do
	command -v "$t" >/dev/null 2>&1 || die "$t not found: run bench/deps.sh (as root)"
done
pkg-config --exists xapian-core || die "xapian-core not found by pkg-config: run bench/deps.sh"
[ -d "$WORK/files/.sousuo" ] && [ -d "$WORK/omindex" ] && [ -f "$WORK/fts5-trigram.db" ] ||
	die "indexes missing in $WORK: run bench/bench-index.sh first"
[ -f "$BUILD/lib/.libs/libsousuo.so" ] || die "no $BUILD/lib/.libs/libsousuo.so (build sousuo, see bench-index.sh)"
mkdir -p "$OUT/bin"
OUT=$(cd "$OUT" && pwd)
WORK=$(cd "$WORK" && pwd)

# The peers, compiled at run time.
note "compiling the peer programs"
g++ -O2 -o "$OUT/bin/xapian-qp" "$HERE/peers/xapian-qp.cc" $(pkg-config --cflags --libs xapian-core) ||
	die "cannot build xapian-qp"
gcc -O2 -std=c11 -Wall -o "$OUT/bin/fts5-lat" "$HERE/peers/fts5-lat.c" -lsqlite3 ||
	die "cannot build fts5-lat (libsqlite3-dev)"
gcc -O2 -std=c11 -Wall -I"$SRC/include" -o "$OUT/bin/sousuo-lat" "$HERE/peers/sousuo-lat.c" \
	-L"$BUILD/lib/.libs" -lsousuo -Wl,-rpath,"$BUILD/lib/.libs" || die "cannot build sousuo-lat"

# The queries: from the copy of the corpus that was indexed.
python3 "$HERE/make-queries.py" --seed "$SEED" --kw "$NKW" --cjk "$NCJK" --mixed "$NMIXED" \
	--manifest "$WORK/files.manifest" "$WORK/files" >"$OUT/queries.tsv" ||
	die "make-queries.py failed"
note "$(wc -l <"$OUT/queries.tsv") queries in $OUT/queries.tsv (seed $SEED)"

note "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo); load $(cut -d' ' -f1-3 /proc/loadavg)"
note "sousuo: $(cd "$SRC" && git rev-parse --short HEAD 2>/dev/null)$(cd "$SRC" && git diff --quiet 2>/dev/null || echo '+uncommitted changes')"
export XAPIAN_CJK_NGRAM=1
python3 "$HERE/search-lat.py" --queries "$OUT/queries.tsv" --out "$OUT" \
	--sousuo-lat "$OUT/bin/sousuo-lat" --sousuo-search "$BUILD/searcher/sousuo-search" \
	--sousuo-index "$WORK/files/.sousuo" \
	--xapian-qp "$OUT/bin/xapian-qp" --omindex-db "$WORK/omindex" \
	--fts5-lat "$OUT/bin/fts5-lat" --fts5-db "$WORK/fts5-trigram.db" \
	--files "$WORK/files" --skip "$SKIP" --rounds "$ROUNDS" | tee "$OUT/table.txt"
note "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
note "per-query results: $OUT/lat-*.tsv; table: $OUT/table.txt"
