#!/bin/sh
# run-fuzz.sh SECONDS NAME... - run each libFuzzer target
# tests/fuzz/fuzz-NAME (built by `make fuzz`, run from the build folder)
# for SECONDS on tests/fuzz/corpus/NAME, which starts as a copy of the
# committed seeds and regression inputs and keeps what the fuzzer adds.
# One line per target:
#   ok NAME: EXECS execs, cov: C ft: F, corpus N
#   not ok NAME: ... crash saved as tests/fuzz/crash-NAME-*
# then a table of every target's numbers, for CI logs (lines start "# "):
#   # target  secs  execs  exec/s  cov  ft  corpus  crashes
# (secs: wall time; execs: stat::number_of_executed_units; exec/s:
# stat::average_exec_per_sec; cov, ft, corpus: the last "#N ... cov: C
# ft: F corp: U/B" line; crashes: inputs libFuzzer wrote as artifacts)
# and a total row (executions summed), and a last line
# "fuzz: N passed, N failed"; exit 1 if any failed.
# A crash becomes a regression input: copy it to
# $srcdir/tests/fuzz/regress/NAME/ and fix the bug.
set -u
secs=${1:?usage: run-fuzz.sh SECONDS NAME...}
shift
src=$(cd "$(dirname "$0")" && pwd)
passed=0
failed=0
total_secs=0
total_execs=0
total_crashes=0
rows=
# row NAME SECS EXECS EXEC/S COV FT CORPUS CRASHES: one line of the table.
row() {
    printf '# %-16s %5s %11s %8s %6s %7s %14s %7s\n' "$@"
}
# num VALUE: VALUE if it is a whole number, else 0 (for sums).
num() {
    case $1 in ''|*[!0-9]*) echo 0 ;; *) echo "$1" ;; esac
}
for name in "$@"; do
    bin=tests/fuzz/fuzz-$name
    corpus=tests/fuzz/corpus/$name
    log=tests/fuzz/fuzz-$name.log
    mkdir -p "$corpus"
    cp "$src/seeds/$name"/* "$corpus"/
    [ -d "$src/regress/$name" ] && cp "$src/regress/$name"/* "$corpus"/
    case $name in
        query|snippet) dict=$src/dict/query.dict ;;
        serve) dict=$src/dict/serve.dict ;;
        extract-html) dict=$src/dict/html.dict ;;
        *) dict= ;;
    esac
    # -timeout: one input taking 10 s is a failure (bounded time per
    # input); -rss_limit_mb likewise for memory.
    start=$(date +%s)
    "$bin" -max_total_time="$secs" -print_final_stats=1 -timeout=10 \
        -rss_limit_mb=2048 -artifact_prefix="tests/fuzz/crash-$name-" \
        ${dict:+-dict="$dict"} "$corpus" >"$log" 2>&1
    rc=$?
    took=$(($(date +%s) - start))
    # The last status line ("#N DONE cov: C ft: F corp: U/Bb ...", or the
    # last NEW/REDUCE/pulse line before a crash) gives coverage and corpus.
    last=$(grep -E '^#[0-9]+.*cov: ' "$log" | tail -1)
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    [ -n "$execs" ] || execs=$(echo "$last" | sed -nE 's/^#([0-9]+).*/\1/p')
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    cov=$(echo "$last" | sed -nE 's/.*(cov: [0-9]+ ft: [0-9]+).*/\1/p')
    c=$(echo "$last" | sed -nE 's/.*cov: ([0-9]+).*/\1/p')
    ft=$(echo "$last" | sed -nE 's/.* ft: ([0-9]+).*/\1/p')
    corp=$(echo "$last" | sed -nE 's/.* corp: ([0-9]+\/[0-9]+[A-Za-z]*).*/\1/p')
    crashes=$(grep -c 'Test unit written to' "$log")
    n=$(ls "$corpus" | wc -l | tr -d ' ')
    rows="$rows$(row "$name" "$took" "${execs:-?}" "${rate:-?}" "${c:-?}" \
        "${ft:-?}" "${corp:-?}" "$crashes")
"
    total_secs=$((total_secs + took))
    total_execs=$((total_execs + $(num "$execs")))
    total_crashes=$((total_crashes + crashes))
    if [ "$rc" = 0 ]; then
        echo "ok $name: ${execs:-?} execs, ${cov:-no coverage}, corpus $n"
        passed=$((passed + 1))
    else
        echo "not ok $name: exit $rc after ${execs:-?} execs, ${cov:-?}; see $log"
        grep -E 'ERROR|fuzz check failed|SUMMARY|^artifact_prefix|Test unit written' "$log" |
            head -8 | sed 's/^/#   /'
        failed=$((failed + 1))
    fi
done
if [ $# -gt 0 ]; then
    row target secs execs exec/s cov ft corpus crashes
    printf '%s' "$rows"
    total_rate='?'
    [ "$total_secs" -gt 0 ] && total_rate=$((total_execs / total_secs))
    row total "$total_secs" "$total_execs" "$total_rate" - - - "$total_crashes"
fi
echo "fuzz: $passed passed, $failed failed"
[ "$failed" = 0 ]
