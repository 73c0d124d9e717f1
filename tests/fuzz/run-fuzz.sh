#!/bin/sh
# run-fuzz.sh SECONDS NAME... - run each libFuzzer target
# tests/fuzz/fuzz-NAME (built by `make fuzz`, run from the build folder)
# for SECONDS on tests/fuzz/corpus/NAME, which starts as a copy of the
# committed seeds and regression inputs and keeps what the fuzzer adds.
# One line per target:
#   ok NAME: EXECS execs, cov: C ft: F, corpus N
#   not ok NAME: ... crash saved as tests/fuzz/crash-NAME-*
# and a last line "fuzz: N passed, N failed"; exit 1 if any failed.
# A crash becomes a regression input: copy it to
# $srcdir/tests/fuzz/regress/NAME/ and fix the bug.
set -u
secs=${1:?usage: run-fuzz.sh SECONDS NAME...}
shift
src=$(cd "$(dirname "$0")" && pwd)
passed=0
failed=0
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
    "$bin" -max_total_time="$secs" -print_final_stats=1 -timeout=10 \
        -rss_limit_mb=2048 -artifact_prefix="tests/fuzz/crash-$name-" \
        ${dict:+-dict="$dict"} "$corpus" >"$log" 2>&1
    rc=$?
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    cov=$(grep -E '^#[0-9]+.*cov: ' "$log" | tail -1 |
          sed -E 's/.*(cov: [0-9]+ ft: [0-9]+).*/\1/')
    n=$(ls "$corpus" | wc -l | tr -d ' ')
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
echo "fuzz: $passed passed, $failed failed"
[ "$failed" = 0 ]
