#!/usr/bin/env bash
# bench/bench-detect.sh - how often the encoding detector reads text
# right: legacy-encoded fragments of the bench corpus, UTF-8 with a bad
# byte, windows-1252 (bench/detect-samples.py), each class's share read
# as an encoding of the right family.  Deterministic: same corpus, same
# numbers.
set -euo pipefail
export LC_ALL=C.UTF-8
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
BUILD=/tmp/build-bench
CORPUS="$HERE/out/corpus"
WORK="$HERE/out/detect-bench"
while [ $# -gt 0 ]; do
	case "$1" in
	--build) BUILD=$2; shift 2 ;;
	--corpus) CORPUS=$2; shift 2 ;;
	-h|--help) echo "usage: bench/bench-detect.sh [--build DIR] [--corpus DIR]"; exit 0 ;;
	*) echo "bench-detect: unknown option $1" >&2; exit 2 ;;
	esac
done
[ -d "$CORPUS/zh" ] || { echo "bench-detect: no corpus at $CORPUS (run bench/corpus.sh)" >&2; exit 2; }
make -C "$BUILD" -s bench/bench-detect >/dev/null
mkdir -p "$WORK"
python3 "$HERE/detect-samples.py" "$CORPUS" "$WORK/samples.bin" "$WORK/expected.tsv"
"$BUILD/bench/bench-detect" <"$WORK/samples.bin" >"$WORK/detected.txt"
echo "bench-detect: $(git -C "$HERE" rev-parse --short HEAD 2>/dev/null || echo '?'), $(wc -l <"$WORK/expected.tsv") samples"
paste "$WORK/expected.tsv" "$WORK/detected.txt" | awk -F'\t' '
BEGIN { f["GB18030"] = f["Big5"] = f["Big5-HKSCS"] = "zh"
        f["Shift_JIS"] = f["EUC-JP"] = "ja"; f["EUC-KR"] = "ko"
        f["UTF-8"] = "utf8"; f["windows-1252"] = "latin" }
{ n[$2]++; if (f[$3] == $1) ok[$2]++; else miss[$2] = miss[$2] " " $3 }
END { printf "%-18s %6s %7s  %s\n", "class", "n", "right", "read instead as (most often)"
      for (k in n) {
          delete c; top = ""; m = split(miss[k], a, " ")
          for (i = 1; i <= m; i++) c[a[i]]++
          for (e in c) top = top sprintf("%s %d; ", e, c[e])
          printf "%-18s %6d %6.1f%%  %s\n", k, n[k], 100 * ok[k] / n[k], top
      } }' | { read -r head; echo "$head"; sort -t/ -k1,1 -k2,2n; }
