#!/bin/sh
# The programs are linked as configure said: sousuo-index allocates through
# jemalloc when config.h has HAVE_JEMALLOC (configure.ac explains why).
# A link order or --as-needed that left glibc's malloc in charge would
# still build and pass every other test, only slower.
. "$abs_top_srcdir/tests/cli/lib.sh"

if [ -n "${SOUSUO_TEST_WRAP:-}" ]; then
    skip "sousuo-index allocates through jemalloc" \
        "valgrind replaces the allocator"
elif grep -q '^#define HAVE_JEMALLOC 1' "$abs_top_builddir/config.h"; then
    # stats_print makes jemalloc, and only jemalloc, print at exit.
    out=$(MALLOC_CONF=stats_print:true "$INDEX" --version 2>&1)
    case $out in
    *"jemalloc statistics"*) ok "sousuo-index allocates through jemalloc" ;;
    *) not_ok "sousuo-index allocates through jemalloc" "$out" ;;
    esac
else
    out=$(MALLOC_CONF=stats_print:true "$INDEX" --version 2>&1)
    case $out in
    *"jemalloc statistics"*)
        not_ok "configured without jemalloc, sousuo-index does not use it" "$out" ;;
    *) ok "configured without jemalloc, sousuo-index does not use it" ;;
    esac
fi
done_testing
