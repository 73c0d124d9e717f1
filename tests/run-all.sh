#!/bin/sh
# The whole test suite, exactly as CI runs it:
#   1. a -Wall -Wextra -Werror build and `make check`;
#   2. the same under AddressSanitizer + UndefinedBehaviorSanitizer;
#   3. `make distcheck` (the tarball builds and passes on its own).
# Ends with "N passed, N failed", added up from the test logs.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
out="${SOUSUO_BUILD_ROOT:-$top/_build}"
status=0
failed_steps=""

[ -x "$top/configure" ] || (cd "$top" && ./autogen.sh >/dev/null 2>&1) || {
    echo "run-all: autogen.sh failed" >&2
    exit 2
}

# build NAME CONFIGURE-ARGS...: configure, build and `make check` in
# $out/NAME; its logs stay there for the tally.
build() {
    name=$1
    shift
    echo "== $name: configure $*"
    mkdir -p "$out/$name"
    (
        cd "$out/$name" &&
        "$top/configure" -q --enable-werror "$@" &&
        make -j2 >make.out 2>&1 || { cat make.out; exit 1; }
        make -j2 check
    ) || { status=1; failed_steps="$failed_steps $name"; }
}

build plain
build sanitizers --enable-sanitizers

echo "== distcheck"
distcheck_ok=1
(cd "$out/plain" && make -j2 distcheck >distcheck.out 2>&1) || {
    tail -40 "$out/plain/distcheck.out"
    distcheck_ok=0
    status=1
    failed_steps="$failed_steps distcheck"
}

# Tally: a Check binary's log says "Checks: N, Failures: F, Errors: E";
# other tests (TAP scripts) count their :test-result: lines in .trs files.
passed=0
failed=0
for trs in $(find "$out/plain" "$out/sanitizers" -name '*.trs' \
             -not -path '*/sousuo-*/*' | sort); do
    log="${trs%.trs}.log"
    line=$(grep -E '^[0-9]+%: Checks: [0-9]+' "$log" 2>/dev/null | tail -1)
    if [ -n "$line" ]; then
        n=$(echo "$line" | sed -E 's/.*Checks: ([0-9]+).*/\1/')
        f=$(echo "$line" | sed -E 's/.*Failures: ([0-9]+).*/\1/')
        e=$(echo "$line" | sed -E 's/.*Errors: ([0-9]+).*/\1/')
        passed=$((passed + n - f - e))
        failed=$((failed + f + e))
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
