#!/usr/bin/env bash
# bench/eval.sh - relevance of sousuo on the bench corpus: known-item
# search (MRR@10, success@1, success@10 per language and query variant)
# and the phrase oracle (precision, recall).  See bench/README.md,
# "Relevance evaluation".  Meant to be rerun after every ranking change.
set -uo pipefail
export LC_ALL=C.UTF-8

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CORPUS="$HERE/out/corpus"
BUILD=${SOUSUO_BUILD:-/tmp/build-bench}
OUT="$HERE/out/eval"
INDEX=""
FULL=0
SETS_ONLY=0
SEED=20261123 PERLANG=200 PHRASES=450

usage() {
	cat <<'EOF'
Usage: bench/eval.sh [--build DIR] [--corpus DIR] [--out DIR] [--index DIR]
                     [--full] [--seed S] [--per-lang N] [--phrases N]

Derive the judgments once (bench/make-eval.py, cached in OUT/sets/ until
the corpus manifest, the script or the options change), bring the sousuo
index of the corpus up to date (incremental: seconds when nothing
changed), run every query with sousuo-search --batch --trec, grade the
known items with sousuo-eval and print one table.

  --build DIR    sousuo build folder with searcher/sousuo-search,
                 searcher/sousuo-eval, indexer/sousuo-index
                 (default $SOUSUO_BUILD or /tmp/build-bench)
  --corpus DIR   corpus of bench/corpus.sh (default bench/out/corpus;
                 copy*/ folders of --scale are left out)
  --out DIR      work folder (default bench/out/eval): sets/, index/,
                 runs, per-query metrics, table.txt
  --index DIR    search this index instead (not updated)
  --full         rebuild the index from scratch (after a tokenizer or
                 schema change)
  --sets-only    only derive the judgments; print the folder holding them
  --seed S, --per-lang N, --phrases N   passed to make-eval.py
                 (defaults 20261123, 200 known items per language,
                 450 phrases)
EOF
}
die() { printf 'eval: error: %s\n' "$*" >&2; exit 2; }
note() { printf 'eval: %s\n' "$*" >&2; }
while [ $# -gt 0 ]; do
	case "$1" in
	--build) BUILD=$2; shift 2 ;;
	--corpus) CORPUS=$2; shift 2 ;;
	--out) OUT=$2; shift 2 ;;
	--index) INDEX=$2; shift 2 ;;
	--full) FULL=1; shift ;;
	--sets-only) SETS_ONLY=1; shift ;;
	--seed) SEED=$2; shift 2 ;;
	--per-lang) PERLANG=$2; shift 2 ;;
	--phrases) PHRASES=$2; shift 2 ;;
	-h | --help) usage; exit 0 ;;
	*) usage >&2; die "unknown argument: $1" ;;
	esac
done
SS="$BUILD/searcher/sousuo-search"
SE="$BUILD/searcher/sousuo-eval"
SX="$BUILD/indexer/sousuo-index"
[ "$SETS_ONLY" = 1 ] || for b in "$SS" "$SE" "$SX"; do
	[ -x "$b" ] || die "no $b: build sousuo in $BUILD (make -j2)"
done
command -v python3 >/dev/null || die "python3 not found: run bench/deps.sh"
[ -f "$CORPUS/MANIFEST.tsv" ] || die "no $CORPUS/MANIFEST.tsv: run bench/corpus.sh"
CORPUS=$(cd "$CORPUS" && pwd)
mkdir -p "$OUT/sets" || die "cannot create $OUT"
OUT=$(cd "$OUT" && pwd)
SETS="$OUT/sets"
T0=$(date +%s%N)

# 1. Judgments: derived once per corpus/script/options.
stamp=$( { sha256sum "$CORPUS/MANIFEST.tsv" "$HERE/make-eval.py" | cut -d' ' -f1
	echo "$SEED $PERLANG $PHRASES"; } | sha256sum | cut -d' ' -f1)
if [ "$(cat "$SETS/stamp" 2>/dev/null)" != "$stamp" ]; then
	note "deriving queries and judgments (about a minute) ..."
	rm -f "$SETS/stamp"
	# make-eval.py reads the manifest: a scaled corpus is limited to 1x.
	python3 "$HERE/make-eval.py" make "$CORPUS" --out "$SETS" --seed "$SEED" \
		--per-lang "$PERLANG" --phrases "$PHRASES" 2>"$SETS/make.log" ||
		{ cat "$SETS/make.log" >&2; die "make-eval.py failed"; }
	echo "$stamp" >"$SETS/stamp"
fi
[ "$SETS_ONLY" = 1 ] && { echo "$SETS"; exit 0; }

# 2. The index.
if [ -z "$INDEX" ]; then
	INDEX="$OUT/index"
	full=()
	[ "$FULL" = 1 ] || [ ! -d "$INDEX" ] && full=(--full)
	t=$(date +%s%N)
	"$SX" -q "${full[@]}" -i "$INDEX" -x 'copy[0-9]*' "$CORPUS"
	rc=$?
	if [ $rc -ge 2 ] && [ ${#full[@]} = 0 ]; then
		note "incremental update failed (exit $rc): rebuilding with --full"
		"$SX" -q --full -i "$INDEX" -x 'copy[0-9]*' "$CORPUS" || die "sousuo-index failed"
	elif [ $rc -ge 2 ]; then
		die "sousuo-index failed (exit $rc)"
	fi
	note "index up to date in $(( ($(date +%s%N) - t) / 1000000 )) ms${full:+ (full build)}"
fi

# 3. Runs.  Known items: the top 10; phrases: every hit.
"$SS" -i "$INDEX" --batch "$SETS/known.tsv" --trec sousuo --limit 10 >"$OUT/known.run" 2>"$OUT/known.err"
[ $? -le 1 ] || { head -n3 "$OUT/known.err" >&2; die "sousuo-search --batch failed on the known items"; }
"$SS" -i "$INDEX" --batch "$SETS/phrase.tsv" --trec sousuo --limit 1000000 >"$OUT/phrase.run" 2>"$OUT/phrase.err"
[ $? -le 1 ] || { head -n3 "$OUT/phrase.err" >&2; die "sousuo-search --batch failed on the phrases"; }

# 4. Grade and print.
"$SE" -q -k 1 -k 10 "$SETS/known.qrels" "$OUT/known.run" >"$OUT/known.perq" ||
	die "sousuo-eval failed"
{
	echo "sousuo relevance, $(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
	echo "sousuo $(cd "$HERE/.." && git rev-parse --short HEAD 2>/dev/null)$(cd "$HERE/.." && git diff --quiet 2>/dev/null || echo '+uncommitted'); index $INDEX"
	echo
	python3 "$HERE/make-eval.py" report --meta "$SETS/meta.tsv" --known-perq "$OUT/known.perq" \
		--phrase-qrels "$SETS/phrase.qrels" --phrase-run "$OUT/phrase.run" --engine sousuo
	echo
	echo "sousuo-eval over all known-item queries (desc and kw):"
	grep -P '\tall\t' "$OUT/known.perq" | tr '\t' ' ' | sed 's/ all / /' | paste -sd' ' | fold -s -w 78 | sed 's/^/  /'
	echo
	echo "eval.sh took $(( ($(date +%s%N) - T0) / 1000000 )) ms"
} | tee "$OUT/table.txt"
