#!/usr/bin/env bash
# bench/bench-batch.sh - queries per second of sousuo-search --batch (one
# process, one open index) against running sousuo-search once per query.
set -uo pipefail
export LC_ALL=C.UTF-8 NO_COLOR=1

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SRC=$(cd "$HERE/.." && pwd)
BUILD=${BUILD:-$SRC}
CORPUS=""
QUERIES=""
WORK="$HERE/out/batch-bench"
N=600
SEED=20250117
LIMIT=10

usage() {
	cat <<'EOF'
Usage: bench/bench-batch.sh [--build DIR] [--corpus DIR] [--queries FILE]
                            [--work DIR] [-n N] [--seed N] [--limit N]

Index CORPUS (once; the index is kept in WORK/index), then run the same
queries (a) all at once with `sousuo-search --batch` (TSV and --json) and
(b) one `sousuo-search --json` and one `--files` process per query, and
print queries per second for each and the speed-up.  Both return the
same hits (checked).

  --build DIR    the build folder with searcher/ and indexer/ (default:
                 $BUILD, else the source tree)
  --corpus DIR   folder to index (default bench/out/corpus if built by
                 bench/corpus.sh, else the bundled corpus/)
  --queries FILE qid<TAB>query or qid<TAB>class<TAB>query lines (default
                 bench/out/search-bench/queries.tsv when it exists, else N
                 queries drawn from the corpus' words and CJK runs)
  --work DIR     index and results (default bench/out/batch-bench)
  -n N           queries to generate (default 600)
  --seed N       generator seed (default 20250117)
  --limit N      hits per query (default 10)
EOF
}
die() { printf 'bench-batch: error: %s\n' "$*" >&2; exit 2; }
note() { printf 'bench-batch: %s\n' "$*" >&2; }
while [ $# -gt 0 ]; do
	case "$1" in
	--build) BUILD=$2; shift 2 ;;
	--corpus) CORPUS=$2; shift 2 ;;
	--queries) QUERIES=$2; shift 2 ;;
	--work) WORK=$2; shift 2 ;;
	-n) N=$2; shift 2 ;;
	--seed) SEED=$2; shift 2 ;;
	--limit) LIMIT=$2; shift 2 ;;
	-h | --help) usage; exit 0 ;;
	*) usage >&2; die "unknown argument: $1" ;;
	esac
done
SEARCH="$BUILD/searcher/sousuo-search"
INDEX="$BUILD/indexer/sousuo-index"
[ -x "$SEARCH" ] && [ -x "$INDEX" ] || die "no programs in $BUILD (use --build)"
command -v python3 >/dev/null || die "needs python3"
if [ -z "$CORPUS" ]; then
	if [ -d "$HERE/out/corpus" ]; then CORPUS="$HERE/out/corpus"
	else CORPUS="$SRC/corpus"; fi
fi
[ -d "$CORPUS" ] || die "no corpus folder $CORPUS"
CORPUS=$(cd "$CORPUS" && pwd -P)
mkdir -p "$WORK" || die "cannot create $WORK"
IX="$WORK/index"

note "indexing $CORPUS into $IX"
"$INDEX" -q --index "$IX" "$CORPUS" || [ $? = 1 ] || die "sousuo-index failed"
export SOUSUO_INDEX="$IX"

Q="$WORK/queries.tsv"
if [ -z "$QUERIES" ] && [ -f "$HERE/out/search-bench/queries.tsv" ]; then
	QUERIES="$HERE/out/search-bench/queries.tsv"
fi
if [ -n "$QUERIES" ]; then
	# Keep the first and last fields: qid and query.
	awk -F'\t' 'NF >= 2 && $1 !~ /^#/ { print $1 "\t" $NF }' "$QUERIES" >"$Q"
else
	python3 - "$CORPUS" "$N" "$SEED" >"$Q" <<'EOF' || die "query generation failed"
# Deterministic queries from the corpus: 2/3 one or two English words
# seen in at least 2 files, 1/3 2-4 character substrings of CJK runs.
import os, random, re, sys
root, n, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
word = re.compile(r"(?<![A-Za-z])[A-Za-z]{3,15}(?![A-Za-z])")
cjk = re.compile("[\u3041-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]{2,}")
tag = re.compile(r"<[^>]*>|&#?\w+;")
df, runs = {}, []
for d, subs, files in sorted(os.walk(root)):
    subs[:] = sorted(s for s in subs if not s.startswith("."))
    for f in sorted(files):
        try:
            with open(os.path.join(d, f), "rb") as fh:
                t = tag.sub(" ", fh.read(1 << 20).decode("utf-8", "replace"))
        except OSError:
            continue
        for w in set(x.lower() for x in word.findall(t)):
            df[w] = df.get(w, 0) + 1
        runs.extend(cjk.findall(t)[:50])
stop = {"and", "or", "not", "the"}
words = sorted(w for w, c in df.items() if c >= 2 and w not in stop)
rng = random.Random(seed)
out = []
for i in range(n):
    if runs and (i % 3 == 2 or not words):
        r = rng.choice(runs)
        k = rng.randint(2, min(4, len(r)))
        s = rng.randint(0, len(r) - k)
        out.append(r[s:s + k])
    elif words:
        out.append(" ".join(rng.sample(words, rng.randint(1, min(2, len(words))))))
for i, q in enumerate(out, 1):
    print("q%04d\t%s" % (i, q))
EOF
fi
NQ=$(wc -l <"$Q")
[ "$NQ" -gt 0 ] || die "no queries"
note "$NQ queries in $Q; $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg)"

now() { date +%s.%N; }
rate() { awk -v n="$1" -v a="$2" -v b="$3" 'BEGIN { printf "%.1f", n / (b - a) }'; }

# Warm the page cache once.
"$SEARCH" --batch "$Q" --limit "$LIMIT" >/dev/null 2>&1

t0=$(now)
"$SEARCH" --batch "$Q" --limit "$LIMIT" >"$WORK/batch.tsv" 2>"$WORK/batch.err"
t1=$(now)
"$SEARCH" --batch "$Q" --limit "$LIMIT" --json >"$WORK/batch.json" 2>/dev/null
t2=$(now)
while IFS=$'\t' read -r qid q; do
	"$SEARCH" --json --limit "$LIMIT" -- "$q" 2>/dev/null |
		sed "s/^{\"format_version\":1,\"type\":\"\\([a-z]*\\)\",/\\1 $qid /"
done <"$Q" >"$WORK/single.txt"
t3=$(now)
# Like for like with TSV (no snippets either): paths only, per process.
while IFS=$'\t' read -r qid q; do
	"$SEARCH" --files --limit "$LIMIT" -- "$q" 2>/dev/null | sed "s/^/$qid /"
done <"$Q" >"$WORK/single-files.txt"
t4=$(now)

# The same hits either way: compare qid, rank and path of every hit.
sed -n 's/^{"format_version":1,"type":"hit","qid":"\([^"]*\)","rank":\([0-9]*\),"score":[^,]*,"path":"\([^"]*\)".*/\1 \2 \3/p' \
	"$WORK/batch.json" >"$WORK/batch.hits"
sed -n 's/^hit \([^ ]*\) "rank":\([0-9]*\),"score":[^,]*,"path":"\([^"]*\)".*/\1 \2 \3/p' \
	"$WORK/single.txt" >"$WORK/single.hits"
if cmp -s "$WORK/batch.hits" "$WORK/single.hits"; then same=yes; else same=NO; fi
# TSV: qid rank score path (paths relative to the index root; --files
# prints them relative to the current folder, so compare the names).
awk -F'\t' '$2 != "error" {print $1, $4}' "$WORK/batch.tsv" | sed 's|[^ ]*/||' >"$WORK/batch-files.hits"
sed 's|[^ ]*/||' "$WORK/single-files.txt" >"$WORK/single-files.hits"
if cmp -s "$WORK/batch-files.hits" "$WORK/single-files.hits"; then same_f=yes; else same_f=NO; fi

b=$(rate "$NQ" "$t0" "$t1")
bj=$(rate "$NQ" "$t1" "$t2")
s=$(rate "$NQ" "$t2" "$t3")
sf=$(rate "$NQ" "$t3" "$t4")
printf '%-34s %10s\n' "mode ($NQ queries, --limit $LIMIT)" "queries/s"
printf '%-34s %10s\n' "--batch (TSV)" "$b"
printf '%-34s %10s\n' "--batch --json" "$bj"
printf '%-34s %10s\n' "one sousuo-search --files per query" "$sf"
printf '%-34s %10s\n' "one sousuo-search --json per query" "$s"
printf 'speed-up, no snippets (--batch TSV vs --files per query): %sx\n' \
	"$(awk -v a="$b" -v b="$sf" 'BEGIN { printf "%.1f", a / b }')"
printf 'speed-up, snippets (--batch --json vs --json per query): %sx\n' \
	"$(awk -v a="$bj" -v b="$s" 'BEGIN { printf "%.1f", a / b }')"
printf 'same files, TSV vs --files: %s\n' "$same_f"
printf 'hits: %s; identical either way: %s; failed queries: %s\n' \
	"$(wc -l <"$WORK/batch.hits")" "$same" "$(awk -F'\t' '$2 == "error"' "$WORK/batch.tsv" | wc -l)"
