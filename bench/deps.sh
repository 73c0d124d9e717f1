#!/usr/bin/env bash
# bench/deps.sh - install (as root, with apt-get) every Debian package the
# benchmarks in bench/ need. See bench/README.md, "Benchmark dependencies".
set -euo pipefail
PKGS=(
	time                 # /usr/bin/time -v: wall time and peak RSS
	xapian-omega         # omindex, the Xapian peer indexer
	xapian-tools         # xapian-compact, xapian-delve
	libxapian-dev        # Xapian headers + pkg-config for bench/peers/xapian-qp.cc
	g++ pkg-config       # to build the peer programs at run time
	sqlite3 libsqlite3-dev # FTS5 trigram/unicode61 peer (CLI and C API)
	python3              # FTS5 loader, query generator, statistics
	ripgrep              # rg, the no-index baseline
	groonga-bin          # groonga: the Groonga peer (TokenBigram, NormalizerAuto)
	libunistring-dev     # sousuo build dependency (bench/peers/sousuo-lat.c links libsousuo)
	libjemalloc-dev      # bench/bench-alloc.sh: the jemalloc build (also in .ci/deps)
	linux-perf           # optional: perf record for profiles
	groff-base           # bench/corpus.sh: renders man pages (groff, preconv, tbl)
	bsdextrautils        # bench/corpus.sh: col -bx
)
if [ "$(id -u)" != 0 ]; then
	echo "deps.sh: run as root: apt-get install -y ${PKGS[*]}" >&2
	exit 1
fi
missing=()
for p in "${PKGS[@]}"; do
	dpkg-query -W -f '${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
	echo "deps.sh: all benchmark packages are installed"
	exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get install -y --no-install-recommends "${missing[@]}" ||
	{ apt-get update && apt-get install -y --no-install-recommends "${missing[@]}"; }
