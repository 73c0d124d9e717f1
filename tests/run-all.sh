#!/bin/sh
# The whole test suite, exactly as CI runs it:
#   1. a -Wall -Wextra -Werror build and `make check`, with the huge-file
#      cases at full size (SOUSUO_TEST_HUGE=1 unless set: ~400 MB of disk);
#   2. the same under AddressSanitizer + UndefinedBehaviorSanitizer;
#   3. `make distcheck` (the tarball builds and passes on its own);
#   4. `make check-valgrind`: every test again under valgrind memcheck;
#   5. each libFuzzer target for $SOUSUO_FUZZ_SECONDS (60) seconds
#      (a clang build with --enable-fuzz, tests/fuzz/run-fuzz.sh).
# Ends with "N passed, N failed", added up from the test logs (a fuzz
# target that ran without a crash counts as one test).
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
out="${SOUSUO_BUILD_ROOT:-$top/_build}"
status=0
failed_steps=""

[ -x "$top/configure" ] || (cd "$top" && ./autogen.sh >/dev/null 2>&1) || {
    echo "run-all: autogen.sh failed" >&2
    exit 2
}

# show_failures DIR: name each failed test under DIR and print the end of
# its log, so a CI run that shows only its output says what broke.
show_failures() {
    for trs in $(grep -lE '^:test-result: (FAIL|XPASS|ERROR)' \
                 $(find "$1" -name '*.trs' 2>/dev/null) /dev/null 2>/dev/null); do
        log="${trs%.trs}.log"
        echo "---- failed: ${log#"$1"/}"
        { grep -A8 -E '^(not ok|Bail out)' "$log"; tail -25 "$log"; } |
            cut -c1-300
    done
}

# build NAME TARGET CONFIGURE-ARGS...: configure, build and `make TARGET`
# (check or check-valgrind) in $out/NAME; its logs stay there for the tally.
build() {
    name=$1
    target=$2
    shift 2
    echo "== $name: configure $*"
    mkdir -p "$out/$name"
    start=$(date +%s)
    (
        cd "$out/$name" &&
        "$top/configure" -q --enable-werror "$@" &&
        make -j2 >make.out 2>&1 || { cat make.out; exit 1; }
        SOUSUO_TEST_HUGE=$huge make -j2 "$target"
    ) || {
        status=1
        failed_steps="$failed_steps $name"
        show_failures "$out/$name"
    }
    echo "== $name: $(($(date +%s) - start)) s"
}

# Full size in one build only: under the sanitizers and valgrind they
# would take most of the CI's time.
huge=${SOUSUO_TEST_HUGE:-1}
build plain check
huge=0
build sanitizers check --enable-sanitizers

echo "== distcheck"
distcheck_ok=1
(cd "$out/plain" && make -j2 distcheck >distcheck.out 2>&1) || {
    tail -40 "$out/plain/distcheck.out"
    show_failures "$out/plain/sousuo-0.1.0"
    distcheck_ok=0
    status=1
    failed_steps="$failed_steps distcheck"
}

# Its own folder: check-valgrind rewrites the logs of the tests it reruns.
build valgrind check-valgrind

# Fuzzing: needs clang (.ci/deps); one result per target.
echo "== fuzz: configure CC=clang CXX=clang++ --enable-fuzz"
fuzz_passed=0
fuzz_failed=0
mkdir -p "$out/fuzz"
start=$(date +%s)
if (cd "$out/fuzz" &&
    "$top/configure" -q CC=clang CXX=clang++ --enable-fuzz &&
    make -j2 fuzz >make.out 2>&1 || { tail -40 make.out; exit 1; }); then
    (cd "$out/fuzz" && sh "$top/tests/fuzz/run-fuzz.sh" \
        "${SOUSUO_FUZZ_SECONDS:-60}" tokenize query extract-text \
        extract-markdown extract-html encoding snippet serve) |
        tee "$out/fuzz/run-fuzz.out"
    fuzz_passed=$(grep -c '^ok ' "$out/fuzz/run-fuzz.out")
    fuzz_failed=$(grep -c '^not ok ' "$out/fuzz/run-fuzz.out")
    [ "$fuzz_failed" = 0 ] || { status=1; failed_steps="$failed_steps fuzz"; }
else
    fuzz_failed=1
    status=1
    failed_steps="$failed_steps fuzz-build"
fi
echo "== fuzz: $(($(date +%s) - start)) s"

# Tally: a Check binary's log says "Checks: N, Failures: F, Errors: E";
# other tests (TAP scripts) count their :test-result: lines in .trs files.
passed=$fuzz_passed
failed=$fuzz_failed
for trs in $(find "$out/plain" "$out/sanitizers" "$out/valgrind" -name '*.trs' \
             -not -path '*/sousuo-*/*' | sort); do
    log="${trs%.trs}.log"
    line=$(grep -E '^[0-9]+%: Checks: [0-9]+' "$log" 2>/dev/null | tail -1)
    if [ -n "$line" ]; then
        n=$(echo "$line" | sed -E 's/.*Checks: ([0-9]+).*/\1/')
        f=$(echo "$line" | sed -E 's/.*Failures: ([0-9]+).*/\1/')
        e=$(echo "$line" | sed -E 's/.*Errors: ([0-9]+).*/\1/')
        passed=$((passed + n - f - e))
        failed=$((failed + f + e))
        # Every check passed yet the program failed (a valgrind error,
        # a crash after the suite): one more failure.
        if [ $((f + e)) = 0 ] &&
           grep -qE '^:test-result: (FAIL|XPASS|ERROR)' "$trs"; then
            failed=$((failed + 1))
        fi
    else
        p=$(grep -cE '^:test-result: (PASS|XFAIL|SKIP)' "$trs")
        f=$(grep -cE '^:test-result: (FAIL|XPASS|ERROR)' "$trs")
        passed=$((passed + p))
        failed=$((failed + f))
    fi
done
if [ "$distcheck_ok" = 1 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
# A step that failed before its tests ran leaves no log: count it.
if [ "$status" != 0 ] && [ "$failed" = 0 ]; then failed=1; fi
[ -n "$failed_steps" ] && echo "run-all: failed:$failed_steps" >&2
echo "$passed passed, $failed failed"
exit "$status"
