#!/usr/bin/env bash
# bench/bench-shards.sh - sharded indexes (doc/scale-out.md): build time
# with 1 and 2 shards, query latency over shards (local and served by
# xapian-tcpsrv), and the growth table at 1x/2x/4x corpus size.
set -uo pipefail
export LC_ALL=C.UTF-8

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SRC=$(cd "$HERE/.." && pwd)
CORPUS="$HERE/out/corpus"
BUILD=/tmp/build-bench
WORK="$HERE/out/shards-bench"
RUNS=3
SHARDS="1 2"
SCALES="1 2 4"
GROWTH_SHARDS="1 2"
SEED=20250117
NKW=200 NCJK=200 NMIXED=100
MAKE=1

usage() {
	cat <<'EOF'
Usage: bench/bench-shards.sh [--corpus DIR] [--build DIR] [--work DIR]
                             [--runs N] [--shards "1 2"] [--scales "1 2 4"]
                             [--growth-shards "1 2"] [--no-make]

1. Build: a fresh index of the corpus with each shard count of --shards,
   --runs times; median wall time, CPU time, peak RSS, MB/s, index size,
   and the speed-up over 1 shard (target: 2 shards >= 1.6x on 2 cores).
2. Query latency: a fixed query set (bench/make-queries.py, seed fixed)
   through sousuo_search() in one process (bench/peers/sousuo-lat.c,
   top 10 with snippets) over the 1-shard index, the 2-shard stub, and
   the 2 shards served by xapian-tcpsrv on 127.0.0.1: p50/p95/p99 (ms).
   The top-10 lists of every query are compared with the 1-shard index.
3. Growth: corpus.sh --scale N for each of --scales (built once, kept in
   bench/out/corpus-xN), indexed once with each of --growth-shards: time,
   MB/s, size, p95 over the same query set.

  --corpus DIR   1x corpus from bench/corpus.sh (default bench/out/corpus)
  --build DIR    sousuo build folder, configured with -O2 and re-made here
                 (default /tmp/build-bench)
  --work DIR     indexes, logs, results (default bench/out/shards-bench)
  --runs N       builds per shard count, median reported (default 3)
  --no-make      use the binaries in --build as they are
The machine's load average is printed with every section: on a shared
machine, compare numbers from runs at similar load only.
EOF
}
die() { printf 'bench-shards: error: %s\n' "$*" >&2; exit 2; }
note() { printf 'bench-shards: %s\n' "$*" >&2; }
while [ $# -gt 0 ]; do
	case "$1" in
	--corpus) CORPUS=$2; shift 2 ;;
	--build) BUILD=$2; shift 2 ;;
	--work) WORK=$2; shift 2 ;;
	--runs) RUNS=$2; shift 2 ;;
	--shards) SHARDS=$2; shift 2 ;;
	--scales) SCALES=$2; shift 2 ;;
	--growth-shards) GROWTH_SHARDS=$2; shift 2 ;;
	--no-make) MAKE=0; shift ;;
	-h | --help) usage; exit 0 ;;
	*) usage >&2; die "unknown argument: $1" ;;
	esac
done
case "$RUNS" in '' | *[!0-9]* | 0) die "--runs must be a positive integer" ;; esac
for t in /usr/bin/time python3 gcc xapian-tcpsrv setsid; do
	command -v "$t" >/dev/null 2>&1 || die "$t not found: run bench/deps.sh (as root)"
done
[ -f "$CORPUS/MANIFEST.tsv" ] || die "no $CORPUS/MANIFEST.tsv: run bench/corpus.sh first"
CORPUS=$(cd "$CORPUS" && pwd)
mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)
load() { cut -d' ' -f1-3 /proc/loadavg; }

if [ ! -x "$BUILD/indexer/sousuo-index" ] || [ "$MAKE" = 1 ]; then
	mkdir -p "$BUILD"
	if [ ! -f "$BUILD/Makefile" ]; then
		note "configuring sousuo in $BUILD"
		(cd "$BUILD" && "$SRC/configure" -q CFLAGS='-O2 -g' CXXFLAGS='-O2 -g') ||
			die "configure failed"
	fi
	note "make -j2 in $BUILD"
	make -C "$BUILD" -j2 >"$BUILD/bench-make.log" 2>&1 ||
		die "make failed: see $BUILD/bench-make.log"
fi
SX="$BUILD/indexer/sousuo-index"
[ -x "$SX" ] && [ -f "$BUILD/lib/.libs/libsousuo.so" ] || die "no sousuo build in $BUILD"
gcc -O2 -std=c11 -Wall -I"$SRC/include" -o "$WORK/sousuo-lat" "$HERE/peers/sousuo-lat.c" \
	-L"$BUILD/lib/.libs" -lsousuo -Wl,-rpath,"$BUILD/lib/.libs" || die "cannot build sousuo-lat"

# Servers started here are stopped on the way out (each in its own
# process group: xapian-tcpsrv signals its whole group on SIGTERM).
SERVERS=""
cleanup() { for p in $SERVERS; do kill -TERM "-$p" 2>/dev/null; done; }
trap cleanup EXIT
trap 'exit 2' INT TERM

note "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
note "sousuo: $(cd "$SRC" && git rev-parse --short HEAD 2>/dev/null)$(cd "$SRC" && git diff --quiet 2>/dev/null || echo '+uncommitted changes')"

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)] }'; }
mb() { du -sb "$1" | awk '{ printf "%.1f", $1 / 1e6 }'; }

# build DIR N INDEX: a fresh index of DIR with N shards, one writer each
# (issue 9's comparison: 1 shard is one writer, not compacted, like the
# shards); N "1*" is one database as sousuo-index builds it by default
# (--jobs parts in parallel, merged by the compaction at the end).
# Prints "wall cpu rss_mb" and leaves INDEX.
build() {
	local how
	case $2 in
	1) how="--shards 1 --no-compact" ;;
	'1*') how="--shards 1" ;;
	*) how="--shards $2" ;;
	esac
	rm -rf "$3"
	/usr/bin/time -f '%e %U %S %M' -o "$WORK/time" "$SX" -q $how --index "$3" "$1" \
		2>>"$WORK/index.log" || { note "sousuo-index failed: see $WORK/index.log"; return 1; }
	awk '{ printf "%s %.2f %.0f\n", $1, $2 + $3, $4 / 1024 }' "$WORK/time"
}

# ------------------------------------------------------------ 1. build time
bytes=$(du -sb --exclude=.sousuo "$CORPUS" | cut -f1)
files=$(($(wc -l <"$CORPUS/MANIFEST.tsv")))
echo "== build: $CORPUS, $files files, $(awk -v b="$bytes" 'BEGIN { printf "%.1f MB", b / 1e6 }'), median of $RUNS (load before: $(load))"
printf '%-7s %9s %9s %8s %8s %9s %8s  %s\n' shards "wall s" "CPU s" "RSS MB" "MB/s" "index MB" speedup "runs (wall s)"
t1=""
rows="$SHARDS $(case " $SHARDS " in *" 1 "*) echo '1*' ;; esac)"
set -f # "1*" is a row's name, not a pattern
# The rows take turns, run after run, so that a change of load on this
# shared machine falls on all of them alike.
for n in $rows; do : >"$WORK/runs.${n/\*/d}"; done
for r in $(seq 1 "$RUNS"); do
	for n in $rows; do
		f=${n/\*/d} # a file name without the star
		build "$CORPUS" "$n" "$WORK/ix$f" >>"$WORK/runs.$f" || exit 2
	done
done
for n in $rows; do
	f=${n/\*/d}
	wall=$(cut -d' ' -f1 "$WORK/runs.$f" | median)
	cpu=$(cut -d' ' -f2 "$WORK/runs.$f" | median)
	rss=$(cut -d' ' -f3 "$WORK/runs.$f" | median)
	[ "$n" = 1 ] && t1=$wall
	speed=$([ -n "$t1" ] && awk -v a="$t1" -v b="$wall" 'BEGIN { printf "%.2fx", a / b }' || echo -)
	printf '%-7s %9s %9s %8s %8.2f %9s %8s  %s\n' "$n" "$wall" "$cpu" "$rss" \
		"$(awk -v b="$bytes" -v t="$wall" 'BEGIN { print b / 1e6 / t }')" \
		"$(mb "$WORK/ix$f")" "$speed" "$(cut -d' ' -f1 "$WORK/runs.$f" | tr '\n' ' ')"
done
set +f
echo "(1: one writer, as each shard has; 1*: the default build of one database,"
echo " $(( $(nproc) > 4 ? 4 : $(nproc) )) parts in parallel merged by the compaction at the end; load after: $(load))"

# ------------------------------------------------------------ 2. latency
python3 "$HERE/make-queries.py" --seed "$SEED" --kw "$NKW" --cjk "$NCJK" --mixed "$NMIXED" \
	--manifest "$CORPUS/MANIFEST.tsv" "$CORPUS" >"$WORK/queries.tsv" || die "make-queries.py failed"

# serve DB: xapian-tcpsrv for DB on a free port of 127.0.0.1 (in $port).
serve() {
	local try pid
	for try in 1 2 3 4 5 6 7 8 9 10; do
		port=$((RANDOM % 20000 + 30000))
		setsid xapian-tcpsrv --quiet --interface 127.0.0.1 --port "$port" "$1" \
			>"$WORK/srv.$port" 2>&1 &
		pid=$!
		sleep 0.5
		if kill -0 "$pid" 2>/dev/null; then
			SERVERS="$SERVERS $pid"
			return 0
		fi
	done
	return 1
}

# lat NAME INDEX: p50/p95/p99 (ms) of the query set; top-10 paths saved.
lat() {
	"$WORK/sousuo-lat" "$2" 10 <"$WORK/queries.tsv" >"$WORK/lat.$1.tsv" ||
		{ note "sousuo-lat failed on $2"; return 1; }
	sort -t'	' -k5,5n "$WORK/lat.$1.tsv" | awk -F'\t' -v name="$1" '
		{ v[NR] = $5 / 1000; hits += ($3 > 0) }
		END { printf "%-14s %6d %8.2f %8.2f %8.2f %6d\n", name, NR,
			v[int(NR * 0.50 + 0.5)], v[int(NR * 0.95 + 0.5)], v[int(NR * 0.99 + 0.5)], hits }'
}
# same NAME INDEX: are the top-10 paths of every query those of 1 shard?
same() {
	cut -f1,3 "$WORK/queries.tsv" | "$BUILD/searcher/sousuo-search" --index "$2" --batch - \
		--limit 10 >"$WORK/top.$1.tsv" 2>/dev/null
	if cmp -s <(cut -f1,2,4 "$WORK/top.ix1.tsv") <(cut -f1,2,4 "$WORK/top.$1.tsv"); then
		echo "$1: top-10 paths and order equal to 1 shard for every query"
	else
		echo "$1: top-10 lists DIFFER from 1 shard ($(diff <(cut -f1,2,4 "$WORK/top.ix1.tsv") \
			<(cut -f1,2,4 "$WORK/top.$1.tsv") | grep -c '^<') lines)"
	fi
}

echo
echo "== query latency, sousuo_search() top 10 with snippets, $(wc -l <"$WORK/queries.tsv") queries (load before: $(load))"
printf '%-14s %6s %8s %8s %8s %6s\n' index queries "p50 ms" "p95 ms" "p99 ms" "hits"
lat warm "$WORK/ix1" >/dev/null
lat 1-shard "$WORK/ix1"
[ -d "$WORK/ix2" ] && lat 2-shards "$WORK/ix2"
if [ -d "$WORK/ix2" ] && serve "$WORK/ix2/shard0" && p0=$port && serve "$WORK/ix2/shard1"; then
	printf 'remote 127.0.0.1:%s\nremote 127.0.0.1:%s\n' "$p0" "$port" >"$WORK/remote.stub"
	lat 2-remote "$WORK/remote.stub"
fi
echo "(load after: $(load))"
same ix1 "$WORK/ix1" >/dev/null
[ -d "$WORK/ix2" ] && same 2-shards "$WORK/ix2"
[ -f "$WORK/remote.stub" ] && same 2-remote "$WORK/remote.stub"
cleanup
SERVERS=""

# ------------------------------------------------------------ 3. growth
echo
echo "== growth (one build each; load before: $(load))"
printf '%-6s %7s %9s %7s %9s %8s %8s %9s %8s\n' scale shards "MB" files "wall s" "CPU s" "MB/s" "index MB" "p95 ms"
for s in $SCALES; do
	dir=$CORPUS
	if [ "$s" != 1 ]; then
		dir="$HERE/out/corpus-x$s"
		if [ ! -f "$dir/MANIFEST.tsv" ]; then
			note "building the ${s}x corpus in $dir"
			"$HERE/corpus.sh" --scale "$s" --out "$dir" >"$WORK/corpus-x$s.log" 2>&1 ||
				{ note "corpus.sh --scale $s failed: see $WORK/corpus-x$s.log"; continue; }
		fi
	fi
	b=$(du -sb --exclude=.sousuo "$dir" | cut -f1)
	f=$(($(wc -l <"$dir/MANIFEST.tsv")))
	for n in $GROWTH_SHARDS; do
		if [ "$s" = 1 ] && [ -f "$WORK/runs.$n" ]; then
			wall=$(cut -d' ' -f1 "$WORK/runs.$n" | median) # from section 1
			cpu=$(cut -d' ' -f2 "$WORK/runs.$n" | median)
			ix="$WORK/ix$n"
		else
			ix="$WORK/grow.x$s.$n"
			run=$(build "$dir" "$n" "$ix") || continue
			wall=${run%% *}
			cpu=$(echo "$run" | cut -d' ' -f2)
		fi
		p95=$(lat "x$s.$n" "$ix" | awk '{ print $4 }')
		printf '%-6s %7s %9.1f %7s %9s %8s %8.2f %9s %8s\n' "${s}x" "$n" "$(awk -v b="$b" 'BEGIN { print b / 1e6 }')" \
			"$f" "$wall" "$cpu" "$(awk -v b="$b" -v t="$wall" 'BEGIN { print b / 1e6 / t }')" "$(mb "$ix")" "$p95"
		[ "$s" != 1 ] && rm -rf "$ix"
	done
done
echo "(load after: $(load))"
