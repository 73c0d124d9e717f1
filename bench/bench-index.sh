#!/usr/bin/env bash
# bench/bench-index.sh - indexing benchmark: sousuo vs omindex vs SQLite FTS5
# (trigram, unicode61) on the same corpus files, in one run.
# See bench/README.md, section "Indexing benchmark".
set -uo pipefail
export LC_ALL=C.UTF-8

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SRC=$(cd "$HERE/.." && pwd)
CORPUS="$HERE/out/corpus"
BUILD=/tmp/build-bench
WORK="$HERE/out/index-bench"
RUNS=3
ENGINES="sousuo omindex fts5-trigram fts5-unicode61"
UPDATES=5

usage() {
	cat <<'EOF'
Usage: bench/bench-index.sh [--corpus DIR] [--build DIR] [--work DIR]
                            [--runs N] [--engines "LIST"] [--no-make]

Build, on the same files and in one run, the sousuo index (--full), an
omindex database (XAPIAN_CJK_NGRAM=1), and SQLite FTS5 tables with the
trigram and unicode61 tokenizers; print wall time (median of N runs),
MB/s, CPU time, peak RSS, index size, and for sousuo the no-change re-run,
the one-file update and the size after xapian-compact.

  --corpus DIR   corpus from bench/corpus.sh (default bench/out/corpus)
  --build DIR    sousuo build folder, configured out of tree and re-made
                 here (default /tmp/build-bench)
  --work DIR     where the file copy, indexes and logs go
                 (default bench/out/index-bench)
  --runs N       full builds per engine, median reported (default 3)
  --engines L    subset of: sousuo omindex fts5-trigram fts5-unicode61
  --no-make      use the binaries in --build as they are

The indexes stay in --work for bench/bench-search.sh.
EOF
}

die() { printf 'bench-index: error: %s\n' "$*" >&2; exit 2; }
note() { printf 'bench-index: %s\n' "$*" >&2; }
MAKE=1
while [ $# -gt 0 ]; do
	case "$1" in
	--corpus) CORPUS=$2; shift 2 ;;
	--build) BUILD=$2; shift 2 ;;
	--work) WORK=$2; shift 2 ;;
	--runs) RUNS=$2; shift 2 ;;
	--engines) ENGINES=$2; shift 2 ;;
	--no-make) MAKE=0; shift ;;
	-h | --help) usage; exit 0 ;;
	*) usage >&2; die "unknown argument: $1" ;;
	esac
done
case "$RUNS" in '' | *[!0-9]* | 0) die "--runs must be a positive integer" ;; esac

for t in /usr/bin/time omindex sqlite3 xapian-compact xapian-delve python3; do
	command -v "$t" >/dev/null 2>&1 || die "$t not found: run bench/deps.sh (as root)"
done
[ -f "$CORPUS/MANIFEST.tsv" ] || die "no $CORPUS/MANIFEST.tsv: run bench/corpus.sh first"
CORPUS=$(cd "$CORPUS" && pwd)

# ------------------------------------------------------------- sousuo build
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
SS="$BUILD/searcher/sousuo-search"
[ -x "$SX" ] && [ -x "$SS" ] || die "no sousuo binaries in $BUILD"

# ------------------------------------------------------------- the files
# A copy of exactly the files of the manifest (no MANIFEST.tsv/PACKAGES.tsv),
# mtimes kept; the sousuo index lives in its default place FILES/.sousuo
# (omindex, ripgrep and the FTS5 loader skip hidden folders / use the list).
mkdir -p "$WORK/logs"
WORK=$(cd "$WORK" && pwd)
FILES="$WORK/files"
SIDX="$FILES/.sousuo"
if ! cmp -s "$CORPUS/MANIFEST.tsv" "$WORK/files.manifest"; then
	note "copying the corpus files to $FILES"
	rm -rf "$FILES" "$WORK/files.manifest"
	mkdir -p "$FILES"
	(cd "$CORPUS" && cut -f1 MANIFEST.tsv | xargs -d '\n' cp -p --parents -t "$FILES") ||
		die "copy failed"
	cp "$CORPUS/MANIFEST.tsv" "$WORK/files.manifest"
fi
cut -f1 "$WORK/files.manifest" >"$WORK/paths.txt"
NFILES=$(wc -l <"$WORK/paths.txt")
BYTES=$(awk -F'\t' '{ t += $3 } END { printf "%d", t }' "$WORK/files.manifest")
LANGS=$(awk -F'\t' '{ n[$2]++; b[$2] += $3 } END { for (l in n) printf "%s %d files %.1f MB; ", l, n[l], b[l] / 1e6 }' "$WORK/files.manifest")
note "corpus: $NFILES files, $(awk -v b="$BYTES" 'BEGIN { printf "%.1f", b / 1e6 }') MB ($LANGS)"
# Warm the page cache: every engine reads the files from memory.
(cd "$FILES" && xargs -d '\n' cat -- <"$WORK/paths.txt" >/dev/null)

# FTS5 loader: the CLI's readfile() reads each file as is (HTML included).
fts5_sql() { # tokenizer
	cat <<EOF
.bail on
CREATE VIRTUAL TABLE docs USING fts5(path UNINDEXED, body, tokenize='$1');
CREATE TEMP TABLE p(path TEXT);
.mode tabs
.import '$WORK/paths.txt' p
BEGIN;
INSERT INTO docs(path, body) SELECT path, CAST(readfile('$FILES/' || path) AS TEXT) FROM p;
COMMIT;
EOF
}
fts5_sql trigram >"$WORK/load-trigram.sql"
fts5_sql unicode61 >"$WORK/load-unicode61.sql"

RES="$WORK/results.tsv"
printf 'engine\tstep\trun\twall_s\tuser_s\tsys_s\tmaxrss_kb\tsize_b\trc\tloadavg\n' >"$RES"

# timed ENGINE STEP RUN SIZEPATH CMD... : run CMD under /usr/bin/time -v, wall
# clock in ns around it, append a row to results.tsv.
timed() {
	local engine=$1 step=$2 run=$3 sizepath=$4
	shift 4
	local tf="$WORK/logs/$engine-$step-$run.time" log="$WORK/logs/$engine-$step-$run.log"
	local load t0 t1 rc size
	load=$(cut -d' ' -f1 /proc/loadavg)
	t0=$(date +%s%N)
	/usr/bin/time -v -o "$tf" "$@" >"$log" 2>&1
	rc=$?
	t1=$(date +%s%N)
	size=-
	[ -n "$sizepath" ] && [ -e "$sizepath" ] && size=$(du -sb "$sizepath" | cut -f1)
	awk -F': ' -v e="$engine" -v s="$step" -v r="$run" -v w="$(((t1 - t0) / 1000))" \
		-v sz="$size" -v rc="$rc" -v ld="$load" '
		/User time/ { u = $2 } /System time/ { y = $2 }
		/Maximum resident set size/ { m = $2 }
		END { printf "%s\t%s\t%s\t%.4f\t%s\t%s\t%s\t%s\t%s\t%s\n", e, s, r, w / 1e6, u, y, m, sz, rc, ld }' \
		"$tf" >>"$RES"
	[ "$rc" = 0 ] || note "$engine $step run $run exited $rc (see $log)"
	tail -n1 "$RES" | awk -F'\t' '{ printf "bench-index: %-15s %-8s run %s: %8.3f s, %6.0f MB peak RSS, load %s\n", $1, $2, $3, $4, $7 / 1024, $10 }' >&2
	return 0
}

run_full() { # engine run
	case "$1" in
	sousuo)
		rm -rf "$SIDX"
		timed sousuo full "$2" "$SIDX" "$SX" --full "$FILES" ;;
	omindex)
		rm -rf "$WORK/omindex"
		timed omindex full "$2" "$WORK/omindex" env XAPIAN_CJK_NGRAM=1 \
			omindex --overwrite --db "$WORK/omindex" --url / "$FILES" ;;
	fts5-trigram | fts5-unicode61)
		rm -f "$WORK/$1.db"
		timed "$1" full "$2" "$WORK/$1.db" sqlite3 "$WORK/$1.db" ".read $WORK/load-${1#fts5-}.sql" ;;
	*) die "unknown engine $1" ;;
	esac
}

note "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo), $(uname -r)"
note "sousuo: $(cd "$SRC" && git rev-parse --short HEAD 2>/dev/null)$(cd "$SRC" && git diff --quiet 2>/dev/null || echo '+uncommitted changes')"
T0=$(date +%s)
for run in $(seq 1 "$RUNS"); do
	for e in $ENGINES; do run_full "$e" "$run"; done
done

# ------------------------------------------------------------- sousuo extras
if [[ " $ENGINES " == *" sousuo "* ]]; then
	# No-change re-run: incremental run over the unchanged tree.
	for run in $(seq 1 "$RUNS"); do
		timed sousuo rerun "$run" "$SIDX" "$SX" "$FILES"
	done
	# One-file update: a mid-sized zh text file gets a new unique word; the
	# file path alone is indexed (editor on-save use); the word must be found.
	target=$(awk -F'\t' '$2 == "zh" && $1 ~ /\.txt$/ && $3 >= 8000 && $3 <= 32000 { print $1; exit }' "$WORK/files.manifest")
	[ -n "$target" ] || target=$(head -n1 "$WORK/paths.txt")
	tf="$FILES/$target"
	cp -p "$tf" "$WORK/update-orig"
	for run in $(seq 1 "$UPDATES"); do
		word="sousuobench$run$$"
		printf '\n%s 一文件更新测试\n' "$word" >>"$tf"
		touch -d "@$(($(date +%s) + run))" "$tf"
		timed sousuo update "$run" "" "$SX" "$tf"
		n=$("$SS" --index "$SIDX" --count "$word" 2>/dev/null)
		[ "$n" = 1 ] || note "one-file update $run: '$word' found in ${n:-?} documents, expected 1"
	done
	cp -p "$WORK/update-orig" "$tf"
	"$SX" -q "$tf" || note "restoring $target in the index failed"
	echo "$target" >"$WORK/update-target"
	# Compaction.
	rm -rf "$WORK/sousuo-compact"
	timed sousuo compact 1 "$WORK/sousuo-compact" xapian-compact "$SIDX" "$WORK/sousuo-compact"
fi
if [[ " $ENGINES " == *" omindex "* ]]; then
	rm -rf "$WORK/omindex-compact"
	timed omindex compact 1 "$WORK/omindex-compact" xapian-compact "$WORK/omindex" "$WORK/omindex-compact"
fi
T1=$(date +%s)

# Documents in each index (sanity: all engines indexed the same files).
{
	[ -d "$SIDX" ] && printf 'sousuo\t%s\n' "$(xapian-delve "$SIDX" 2>/dev/null | sed -n 's/^number of documents = //p')"
	[ -d "$WORK/omindex" ] && printf 'omindex\t%s\n' "$(xapian-delve "$WORK/omindex" 2>/dev/null | sed -n 's/^number of documents = //p')"
	for t in trigram unicode61; do
		[ -f "$WORK/fts5-$t.db" ] && printf 'fts5-%s\t%s\n' "$t" "$(sqlite3 "$WORK/fts5-$t.db" 'SELECT count(*) FROM docs')"
	done
} >"$WORK/doccount.tsv"

sed -n 's/^\(sousuo-index: .*\)/\1/p' "$WORK/logs/sousuo-full-$RUNS.log" 2>/dev/null | tail -n1 >&2

python3 - "$RES" "$WORK/doccount.tsv" "$BYTES" "$NFILES" "$RUNS" "$((T1 - T0))" \
	"$(cat "$WORK/update-target" 2>/dev/null)" <<'EOF' | tee "$WORK/table.txt"
import sys, statistics, collections
res, dc, nbytes, nfiles, runs, total, target = sys.argv[1:8]
nbytes, nfiles, runs = int(nbytes), int(nfiles), int(runs)
rows = collections.defaultdict(list)
with open(res) as f:
    next(f)
    for line in f:
        e, step, run, wall, user, sysx, rss, size, rc, load = line.rstrip("\n").split("\t")
        rows[(e, step)].append(dict(wall=float(wall), cpu=float(user) + float(sysx),
                                    rss=int(rss), size=None if size == "-" else int(size),
                                    rc=int(rc), load=float(load)))
docs = dict(l.rstrip("\n").split("\t") for l in open(dc) if "\t" in l)
med = lambda xs: statistics.median(xs)
MB = 1e6
print("Corpus: %d files, %.1f MB; %d run(s) per engine (median wall, max peak RSS); "
      "bench wall %d s" % (nfiles, nbytes / MB, runs, int(total)))
print()
hdr = "%-15s %9s %7s %8s %9s %9s %8s  %s"
print(hdr % ("engine", "wall s", "MB/s", "CPU s", "RSS MB", "index MB", "docs", "runs (s) / load"))
full = {}
for e in ("sousuo", "omindex", "fts5-trigram", "fts5-unicode61"):
    r = rows.get((e, "full"))
    if not r:
        continue
    w = med([x["wall"] for x in r])
    full[e] = dict(wall=w, rss=max(x["rss"] for x in r) / 1024,
                   size=r[-1]["size"] / MB if r[-1]["size"] else float("nan"),
                   cpu=med([x["cpu"] for x in r]))
    bad = "" if all(x["rc"] == 0 for x in r) else " EXIT!=0"
    print(hdr % (e, "%.2f" % w, "%.2f" % (nbytes / MB / w), "%.1f" % full[e]["cpu"],
                 "%.0f" % full[e]["rss"], "%.1f" % full[e]["size"], docs.get(e, "?"),
                 " ".join("%.1f" % x["wall"] for x in r) + " / " +
                 " ".join("%.1f" % x["load"] for x in r) + bad))
print()
s = full.get("sousuo")
if s:
    print("sousuo extras:")
    for step, label in (("rerun", "no-change re-run"), ("update", "one-file update")):
        r = rows.get(("sousuo", step))
        if r:
            w = med([x["wall"] for x in r])
            extra = ("%.2f%% of the full build" % (100 * w / s["wall"])) if step == "rerun" \
                else "file %s" % target
            print("  %-22s %9.1f ms  (median of %d: %s; peak RSS %.0f MB)  %s" % (
                label, 1000 * w, len(r), " ".join("%.0f" % (1000 * x["wall"]) for x in r),
                max(x["rss"] for x in r) / 1024, extra))
    for e in ("sousuo", "omindex"):
        r = rows.get((e, "compact"))
        if r and r[0]["size"]:
            print("  %-22s %9.1f MB  (%.0f%% of %.1f MB; xapian-compact took %.1f s)" % (
                e + " compacted", r[0]["size"] / MB, 100 * r[0]["size"] / MB / full[e]["size"],
                full[e]["size"], r[0]["wall"]))
    print()
    print("sousuo vs peers (issue 4 targets):")
    def line(name, val, target, ok):
        print("  %-44s %-22s %-22s %s" % (name, val, target, "MET" if ok else "MISSED"))
    o, t = full.get("omindex"), full.get("fts5-trigram")
    if o:
        x = o["wall"] / s["wall"]
        line("throughput vs omindex", "%.2fx" % x, ">= 4x", x >= 4)
    if t:
        x = t["wall"] / s["wall"]
        line("throughput vs FTS5-trigram", "%.2fx" % x, "> 1x", x > 1)
    line("peak RSS", "%.0f MB" % s["rss"], "< 500 MB", s["rss"] < 500)
    if o:
        line("index size vs omindex", "%.2fx (%.1f / %.1f MB)" % (s["size"] / o["size"], s["size"], o["size"]),
             "< 1x", s["size"] < o["size"])
        c = rows.get(("sousuo", "compact"))
        if c and c[0]["size"]:
            print("  %-44s %.2fx" % ("  compacted sousuo vs omindex (as built)", c[0]["size"] / MB / o["size"]))
    r = rows.get(("sousuo", "rerun"))
    if r:
        x = 100 * med([y["wall"] for y in r]) / s["wall"]
        line("no-change re-run / full build", "%.2f%%" % x, "< 5%", x < 5)
    r = rows.get(("sousuo", "update"))
    if r:
        x = 1000 * med([y["wall"] for y in r])
        line("one-file update", "%.1f ms" % x, "< 100 ms", x < 100)
    if t:
        print("  %-44s RSS %.2fx, size %.2fx" % ("vs FTS5-trigram", s["rss"] / t["rss"], s["size"] / t["size"]))
EOF
note "results: $RES, table: $WORK/table.txt, logs: $WORK/logs/"
