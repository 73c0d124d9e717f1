#!/usr/bin/env bash
# bench/compare.sh - sousuo and its peers on the same files in one run:
# index time, MB/s, peak RSS, index size, query latency, queries/s,
# known-item relevance and phrase precision/recall; then growth with the
# corpus size.  See bench/README.md, "Peers side by side".
set -uo pipefail
export LC_ALL=C.UTF-8

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SRC=$(cd "$HERE/.." && pwd)
CORPUS="$HERE/out/corpus"
BUILD=${SOUSUO_BUILD:-/tmp/build-bench}
WORK="$HERE/out/compare"
RUNS=3
ENGINES="sousuo omindex fts5-trigram fts5-unicode61 groonga ripgrep"
GROWTH="2 4"
GROWTH_ENGINES="sousuo fts5-trigram"
REPORT_ONLY=0

usage() {
	cat <<'EOF'
Usage: bench/compare.sh [--build DIR] [--corpus DIR] [--work DIR] [--runs N]
                        [--engines "LIST"] [--growth "N..."]
                        [--growth-engines "LIST"]

For every engine (bench/adapters/ENGINE.sh), on a hard-linked copy of the
corpus files: build the index N times, run the known-item queries of
bench/eval.sh (top 10) N times, the phrase oracle once (every hit); print
medians and sousuo's ratio to each peer.  Then, for the growth engines,
the same builds and known-item runs on corpus.sh --scale K corpora.

  --build DIR        sousuo build folder (default $SOUSUO_BUILD or
                     /tmp/build-bench)
  --corpus DIR       the 1x corpus (default bench/out/corpus)
  --work DIR         files, indexes, runs, logs (default bench/out/compare)
  --runs N           builds and query runs per engine (default 3)
  --engines L        default: sousuo omindex fts5-trigram fts5-unicode61
                     groonga ripgrep
  --growth "K..."    scales besides 1x (default "2 4"; "" for none); the
                     corpora are made once with bench/corpus.sh --scale K
                     into WORK/corpus-Kx
  --growth-engines L default: sousuo fts5-trigram
  --report-only      print the tables again from WORK (no runs)
EOF
}
die() { printf 'compare: error: %s\n' "$*" >&2; exit 2; }
note() { printf 'compare: %s\n' "$*" >&2; }
while [ $# -gt 0 ]; do
	case "$1" in
	--build) BUILD=$2; shift 2 ;;
	--corpus) CORPUS=$2; shift 2 ;;
	--work) WORK=$2; shift 2 ;;
	--runs) RUNS=$2; shift 2 ;;
	--engines) ENGINES=$2; shift 2 ;;
	--growth) GROWTH=$2; shift 2 ;;
	--growth-engines) GROWTH_ENGINES=$2; shift 2 ;;
	--report-only) REPORT_ONLY=1; shift ;;
	-h | --help) usage; exit 0 ;;
	*) usage >&2; die "unknown argument: $1" ;;
	esac
done
case "$RUNS" in '' | *[!0-9]* | 0) die "--runs must be a positive integer" ;; esac
for e in $ENGINES $GROWTH_ENGINES; do
	[ -x "$HERE/adapters/$e.sh" ] || die "no adapter bench/adapters/$e.sh"
done
[ -x /usr/bin/time ] || die "/usr/bin/time not found: run bench/deps.sh"
[ -x "$BUILD/searcher/sousuo-eval" ] || die "no $BUILD/searcher/sousuo-eval: build sousuo"
[ -f "$CORPUS/MANIFEST.tsv" ] || die "no $CORPUS/MANIFEST.tsv: run bench/corpus.sh"
CORPUS=$(cd "$CORPUS" && pwd)
mkdir -p "$WORK/logs" || die "cannot create $WORK"
WORK=$(cd "$WORK" && pwd)
export SOUSUO_BUILD=$BUILD
SETS=$("$HERE/eval.sh" --build "$BUILD" --corpus "$CORPUS" --out "$WORK/eval" --sets-only) || die "eval.sh --sets-only failed"
RES="$WORK/results.tsv"
[ "$REPORT_ONLY" = 1 ] || printf 'scale\tengine\tstep\trun\twall_s\tcpu_s\tmaxrss_kb\tsize_b\tqueries\trc\tload\n' >"$RES"

# files SCALE CORPUS: a hard-linked copy of exactly the manifest's files
# (no MANIFEST.tsv/PACKAGES.tsv), made once per manifest.
files() {
	local f="$WORK/files-$1x"
	if ! cmp -s "$2/MANIFEST.tsv" "$f.manifest"; then
		note "linking the $1x corpus files into $f"
		rm -rf "$f" "$f.manifest"
		mkdir -p "$f"
		(cd "$2" && cut -f1 MANIFEST.tsv | xargs -d '\n' cp -al --parents -t "$f") ||
			die "cannot link the corpus files"
		cp "$2/MANIFEST.tsv" "$f.manifest"
	fi
	# Every engine starts with the files in the page cache.
	(cd "$f" && find . -type f -print0 | xargs -0 cat >/dev/null)
	echo "$f"
}

# timed SCALE ENGINE STEP RUN SIZEDIR QUERIES CMD...: one row of results.tsv.
timed() {
	local scale=$1 e=$2 step=$3 run=$4 sizedir=$5 nq=$6
	shift 6
	local tf="$WORK/logs/$scale-$e-$step-$run.time" log="$WORK/logs/$scale-$e-$step-$run.log"
	local load t0 t1 rc size=-
	load=$(cut -d' ' -f1 /proc/loadavg)
	t0=$(date +%s%N)
	/usr/bin/time -v -o "$tf" "$@" 2>"$log"
	rc=$?
	t1=$(date +%s%N)
	# Allocated blocks, not apparent sizes: Groonga's files are sparse.
	[ -n "$sizedir" ] && size=$(($(du -sk --exclude=files-path --exclude='*.log' \
		--exclude=xapian-run "$sizedir" | cut -f1) * 1024))
	awk -F': ' -v OFS='\t' -v sc="$scale" -v e="$e" -v s="$step" -v r="$run" \
		-v w="$(((t1 - t0) / 1000))" -v sz="$size" -v nq="$nq" -v rc="$rc" -v ld="$load" '
		/User time/ { u = $2 } /System time/ { y = $2 } /Maximum resident/ { m = $2 }
		END { print sc, e, s, r, w / 1e6, u + y, m, sz, nq, rc, ld }' "$tf" >>"$RES"
	[ "$rc" = 0 ] || note "$e $step (scale $scale, run $run) exited $rc: see $log"
	tail -n1 "$RES" | awk -F'\t' '{ printf "compare: %sx %-15s %-6s run %s: %8.2f s, %5.0f MB RSS, load %s\n", $1, $2, $3, $4, $5, $7 / 1024, $11 }' >&2
}

# bench SCALE FILES ENGINES: builds and known-item runs, interleaved.
bench() {
	local scale=$1 f=$2 engines=$3 run e idx nq
	nq=$(wc -l <"$SETS/known.tsv")
	for run in $(seq 1 "$RUNS"); do
		for e in $engines; do
			idx="$WORK/idx-$scale-$e"
			rm -rf "$idx"
			timed "$scale" "$e" build "$run" "$idx" 0 "$HERE/adapters/$e.sh" build "$f" "$idx"
			export ADAPTER_TIMES="$WORK/times-$scale-$e-$run.tsv"
			timed "$scale" "$e" query "$run" "" "$nq" \
				sh -c '"$1" query "$2" "$3" 10 >"$4"' sh "$HERE/adapters/$e.sh" "$idx" \
				"$SETS/known.tsv" "$WORK/known-$scale-$e-$run.run"
			unset ADAPTER_TIMES
		done
	done
}

note "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo), $(uname -r); load $(cut -d' ' -f1-3 /proc/loadavg)"
note "sousuo: $(cd "$SRC" && git rev-parse --short HEAD 2>/dev/null)$(cd "$SRC" && git diff --quiet 2>/dev/null || echo '+uncommitted changes'); build $BUILD"
T0=$(date +%s)
if [ "$REPORT_ONLY" = 0 ]; then
	F1=$(files 1 "$CORPUS") || exit 2
	bench 1 "$F1" "$ENGINES"
	# Phrases: once per engine, every hit (the last build of each is in place).
	for e in $ENGINES; do
		ADAPTER_TIMES=/dev/null "$HERE/adapters/$e.sh" query "$WORK/idx-1-$e" "$SETS/phrase.tsv" 0 \
			>"$WORK/phrase-1-$e.run" 2>"$WORK/logs/phrase-$e.log" || note "$e: phrase queries failed"
	done
fi

# Relevance of every engine's first run (the runs are identical: checked).
for e in $ENGINES; do
	"$BUILD/searcher/sousuo-eval" -q -k 1 -k 10 "$SETS/known.qrels" "$WORK/known-1-$e-1.run" \
		>"$WORK/known-1-$e.perq" 2>/dev/null
	python3 "$HERE/make-eval.py" report --summary --engine "$e" --meta "$SETS/meta.tsv" \
		--known-perq "$WORK/known-1-$e.perq" --phrase-qrels "$SETS/phrase.qrels" \
		--phrase-run "$WORK/phrase-1-$e.run"
	for run in $(seq 2 "$RUNS"); do
		cmp -s "$WORK/known-1-$e-1.run" "$WORK/known-1-$e-$run.run" ||
			note "$e: run $run returned other hits than run 1"
	done
done >"$WORK/relevance.tsv"

BYTES1=$(awk -F'\t' '{ t += $3 } END { printf "%d", t }' "$CORPUS/MANIFEST.tsv")
# report SCALES: the table, with the growth part for these scales.
report() {
python3 - "$WORK" "$RES" "$BYTES1" "$RUNS" "$ENGINES" "$1" "$GROWTH_ENGINES" \
	"$([ "$REPORT_ONLY" = 1 ] && echo '(not rerun)' || echo $(($(date +%s) - T0)))" <<'EOF'
import math, os, statistics, sys, collections
work, res, bytes1, runs, engines, growth, gengines, total = sys.argv[1:9]
bytes1, runs = int(bytes1), int(runs)
engines, gengines = engines.split(), gengines.split()
scales = [1] + [int(k) for k in growth.split()]
rows = collections.defaultdict(list)
with open(res) as f:
    next(f)
    for line in f:
        sc, e, step, run, wall, cpu, rss, size, nq, rc, load = line.rstrip("\n").split("\t")
        rows[(int(sc), e, step)].append(dict(run=int(run), wall=float(wall), cpu=float(cpu),
            rss=int(rss or 0), size=None if size == "-" else int(size), nq=int(nq),
            rc=int(rc), load=float(load)))
med = statistics.median

def pct(xs, p):
    xs = sorted(xs)
    return xs[max(0, math.ceil(p / 100.0 * len(xs)) - 1)] if xs else float("nan")

def lat(sc, e):
    """Median over the runs of each run's p50/p95/p99 (ms)."""
    ps = {50: [], 95: [], 99: []}
    for r in range(1, runs + 1):
        fn = os.path.join(work, "times-%d-%s-%d.tsv" % (sc, e, r))
        if not os.path.exists(fn):
            continue
        ms = [float(l.split("\t")[1]) for l in open(fn) if "\t" in l]
        for p in ps:
            ps[p].append(pct(ms, p))
    return {p: med(v) if v else float("nan") for p, v in ps.items()}

rel = {}
for line in open(os.path.join(work, "relevance.tsv")):
    c = line.rstrip("\n").split("\t")
    rel.setdefault(c[0], {})[c[1]] = dict(kv.split("=") for kv in c[2:])

def summary(sc, e):
    b, q = rows.get((sc, e, "build")), rows.get((sc, e, "query"))
    if not b or not q:
        return None
    s = dict(wall=med([x["wall"] for x in b]), cpu=med([x["cpu"] for x in b]),
             rss=max(x["rss"] for x in b) / 1024, size=b[-1]["size"] / 1e6,
             qps=med([x["nq"] / x["wall"] for x in q]), qrss=max(x["rss"] for x in q) / 1024,
             load=[x["load"] for x in b + q], bad=any(x["rc"] for x in b + q))
    s.update(lat(sc, e))
    return s

print("Corpus: %.1f MB (1x); %d run(s) per engine, medians (peak RSS: the largest); bench took %s s"
      % (bytes1 / 1e6, runs, total))
print("Latency: the engine's own time per known-item query (top 10), ms; q/s: queries / wall time")
print("of the whole query command (start-up included).  Relevance: known items (desc + kw),")
print("phrases: quoted, every hit (P, R: mean per query).")
print()
hdr = "%-15s %8s %6s %7s %8s %8s %7s %7s %8s %7s %7s %7s %7s %7s"
print(hdr % ("engine", "index s", "MB/s", "RSS MB", "index MB", "p50 ms", "p95", "p99", "q/s",
             "MRR@10", "succ@1", "phr P", "phr R", "q RSS"))
S = {}
for e in engines:
    s = summary(1, e)
    if not s:
        continue
    S[e] = s
    k = rel.get(e, {})
    mrr = succ = float("nan")
    if "known-desc" in k and "known-kw" in k:
        # Both variants, weighted by their numbers of queries.
        n1, n2 = int(k["known-desc"]["n"]), int(k["known-kw"]["n"])
        mrr = (float(k["known-desc"]["MRR@10"]) * n1 + float(k["known-kw"]["MRR@10"]) * n2) / (n1 + n2)
        succ = (float(k["known-desc"]["success@1"]) * n1 + float(k["known-kw"]["success@1"]) * n2) / (n1 + n2)
    ph = k.get("phrase", {})
    s.update(mrr=mrr, succ=succ, P=float(ph.get("P", "nan")), R=float(ph.get("R", "nan")))
    print(hdr % (e + (" (!)" if s["bad"] else ""), "%.1f" % s["wall"], "%.2f" % (bytes1 / 1e6 / s["wall"]) if s["wall"] > 0.05 else "-",
                 "%.0f" % s["rss"], "%.1f" % s["size"], "%.2f" % s[50], "%.2f" % s[95],
                 "%.2f" % s[99], "%.0f" % s["qps"], "%.4f" % mrr, "%.4f" % succ,
                 "%.4f" % s["P"], "%.4f" % s["R"], "%.0f" % s["qrss"]))
print()
print("Known items by variant (MRR@10 / success@1 / success@10):")
for e in engines:
    k = rel.get(e, {})
    print("  %-15s %s" % (e, "   ".join("%s %s / %s / %s" % (v, k[x]["MRR@10"], k[x]["success@1"], k[x]["success@10"])
                                        for v, x in (("desc", "known-desc"), ("kw", "known-kw")) if x in k)))
print("Phrases (exact = hit set equals the truth; FP, FN summed over the queries):")
for e in engines:
    ph = rel.get(e, {}).get("phrase")
    if ph:
        print("  %-15s P %s  R %s  exact %s/%s  FP %s  FN %s" % (e, ph["P"], ph["R"], ph["exact"], ph["n"], ph["FP"], ph["FN"]))
print()
if "sousuo" in S:
    me = S["sousuo"]
    print("sousuo / peer (time, RSS, size, latency: < 1 is better for sousuo; q/s, MRR, P, R: > 1):")
    print("%-15s %8s %7s %8s %8s %7s %7s %8s %7s %7s %7s %7s" % ("peer", "index s", "RSS", "index MB",
          "p50", "p95", "p99", "q/s", "MRR@10", "succ@1", "phr P", "phr R"))
    ratio = lambda a, b: "%.2f" % (a / b) if b and not math.isnan(a) and not math.isnan(b) else "-"
    for e, s in S.items():
        if e == "sousuo":
            continue
        built = s["wall"] > 0.05   # ripgrep builds nothing
        print("%-15s %8s %7s %8s %8s %7s %7s %8s %7s %7s %7s %7s" % (e,
              ratio(me["wall"], s["wall"]) if built else "-",
              ratio(me["rss"], s["rss"]) if built else "-",
              ratio(me["size"], s["size"]) if built else "-", ratio(me[50], s[50]),
              ratio(me[95], s[95]), ratio(me[99], s[99]), ratio(me["qps"], s["qps"]),
              ratio(me["mrr"], s["mrr"]), ratio(me["succ"], s["succ"]), ratio(me["P"], s["P"]),
              ratio(me["R"], s["R"])))
    print()
loads = [x["load"] for v in rows.values() for x in v]
if loads:
    print("Load average (1 min) at the start of the steps: min %.1f, median %.1f, max %.1f"
          % (min(loads), med(loads), max(loads)))
if len(scales) > 1:
    print()
    print("Growth: median index build time (s) and known-item query p95 (ms) by corpus size")
    print("%-15s %-8s %s  %s" % ("engine", "", "  ".join("%9s" % ("%dx" % k) for k in scales), "order (log-log slope)"))
    for e in gengines:
        for what, key in (("index s", "wall"), ("p95 ms", 95)):
            xs, ys = [], []
            for k in scales:
                s = summary(k, e)
                if s:
                    xs.append(math.log(k)); ys.append(math.log(max(s[key], 1e-9)))
            vals = [summary(k, e) for k in scales]
            cells = "  ".join("%9s" % ("%.2f" % v[key] if v else "-") for v in vals)
            order = "-"
            if len(xs) >= 2:
                mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
                b = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
                order = "n^%.2f" % b
            print("%-15s %-8s %s  %s" % (e, what, cells, order))
EOF
}
report "" | tee "$WORK/table.txt"
if [ -n "$GROWTH" ]; then
	[ "$REPORT_ONLY" = 1 ] || note "the 1x table is in $WORK/table.txt; now the growth runs"
	[ "$REPORT_ONLY" = 1 ] || for k in $GROWTH; do
		c="$WORK/corpus-${k}x"
		if [ ! -f "$c/MANIFEST.tsv" ]; then
			note "making the ${k}x corpus with corpus.sh --scale $k"
			"$HERE/corpus.sh" --scale "$k" --out "$c" >"$WORK/logs/corpus-${k}x.log" 2>&1 ||
				die "corpus.sh --scale $k failed: see $WORK/logs/corpus-${k}x.log"
		fi
		Fk=$(files "$k" "$c") || exit 2
		bench "$k" "$Fk" "$GROWTH_ENGINES"
		# Growth indexes are big: keep only the 1x ones.
		for e in $GROWTH_ENGINES; do rm -rf "$WORK/idx-$k-$e"; done
	done
	report "$GROWTH" | sed -n '/^Growth/,$p' | tee -a "$WORK/table.txt"
fi
note "results: $RES; table: $WORK/table.txt; logs: $WORK/logs/"
