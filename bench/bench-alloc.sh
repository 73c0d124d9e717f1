#!/usr/bin/env bash
# bench/bench-alloc.sh - sousuo-index with jemalloc against the same
# sources built --without-jemalloc (glibc's malloc): the two builds index
# the same files taking turns, and it prints every run, the medians and
# their ratio.  The reason configure links jemalloc by default.
set -uo pipefail
export LC_ALL=C.UTF-8

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SRC=$(cd "$HERE/.." && pwd)
WORK="$HERE/out/alloc-bench"
FILES="$HERE/out/index-bench/files"
RUNS=5

usage() {
	cat <<'EOF'
Usage: bench/bench-alloc.sh [--files DIR] [--runs N] [--work DIR]

Configure and build sousuo twice in WORK (jemalloc/ with configure's
default, glibc/ with --without-jemalloc), then index FILES with each,
taking turns, N times (a fresh index each time, sousuo-index's defaults),
and print wall and CPU seconds and peak RSS of every run, the medians,
and the jemalloc/glibc ratio of the medians.

  --files DIR  folder to index (default bench/out/index-bench/files,
               made by bench/bench-index.sh)
  --runs N     runs of each build (default 5)
  --work DIR   builds and indexes (default bench/out/alloc-bench)
EOF
}
die() { printf 'bench-alloc: error: %s\n' "$*" >&2; exit 2; }
note() { printf 'bench-alloc: %s\n' "$*" >&2; }
while [ $# -gt 0 ]; do
	case "$1" in
	--files) FILES=$2; shift 2 ;;
	--runs) RUNS=$2; shift 2 ;;
	--work) WORK=$2; shift 2 ;;
	-h | --help) usage; exit 0 ;;
	*) usage >&2; die "unknown argument: $1" ;;
	esac
done
case "$RUNS" in '' | *[!0-9]* | 0) die "--runs must be a positive integer" ;; esac
[ -d "$FILES" ] || die "no folder $FILES: run bench/bench-index.sh first, or give --files"
[ -x /usr/bin/time ] || die "/usr/bin/time not found: run bench/deps.sh (as root)"
mkdir -p "$WORK" || die "cannot create $WORK"
WORK=$(cd "$WORK" && pwd)

for b in jemalloc glibc; do
	mkdir -p "$WORK/$b"
	if [ ! -f "$WORK/$b/Makefile" ]; then
		note "configuring $WORK/$b"
		opt=
		[ $b = glibc ] && opt=--without-jemalloc
		(cd "$WORK/$b" && "$SRC/configure" -q $opt) || die "configure failed"
	fi
	make -C "$WORK/$b" -j2 indexer/sousuo-index >"$WORK/$b/make.log" 2>&1 ||
		die "make failed: see $WORK/$b/make.log"
done
grep -q '^#define HAVE_JEMALLOC 1' "$WORK/jemalloc/config.h" ||
	die "configure found no jemalloc: install libjemalloc-dev (bench/deps.sh)"

note "machine: $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg)"
note "sousuo: $(cd "$SRC" && git rev-parse --short HEAD 2>/dev/null)"
note "files: $FILES ($(du -sm "$FILES" | cut -f1) MB)"
printf 'build\trun\twall_s\tcpu_s\trss_mb\n' | tee "$WORK/runs.tsv"
for r in $(seq 1 "$RUNS"); do
	for b in jemalloc glibc; do
		rm -rf "$WORK/index"
		/usr/bin/time -o "$WORK/time" -f '%e %U %S %M' \
			"$WORK/$b/indexer/sousuo-index" -q --index "$WORK/index" "$FILES" ||
			die "$b: sousuo-index failed"
		read -r wall user sys rss <"$WORK/time"
		awk -v b=$b -v r="$r" -v w="$wall" -v u="$user" -v s="$sys" -v m="$rss" \
			'BEGIN { printf "%s\t%s\t%s\t%.1f\t%d\n", b, r, w, u + s, m / 1024 }' |
			tee -a "$WORK/runs.tsv"
	done
done
rm -rf "$WORK/index"
note "load at the end $(cut -d' ' -f1-3 /proc/loadavg)"

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
col() { awk -F'\t' -v b="$1" -v c="$2" '$1 == b { print $c }' "$WORK/runs.tsv" | median; }
printf '\nmedian\twall_s\tcpu_s\trss_mb\n'
for b in jemalloc glibc; do
	printf '%s\t%s\t%s\t%s\n' $b "$(col $b 3)" "$(col $b 4)" "$(col $b 5)"
done
awk -v jw="$(col jemalloc 3)" -v gw="$(col glibc 3)" \
	-v jc="$(col jemalloc 4)" -v gc="$(col glibc 4)" \
	'BEGIN { printf "jemalloc/glibc\t%.2f\t%.2f\n", jw / gw, jc / gc }'
