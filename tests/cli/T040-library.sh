#!/bin/sh
# libsousuo as an embedder gets it: installed with its header and
# sousuo.pc, exporting only sousuo_* symbols, usable from C and C++.
. "$abs_top_srcdir/tests/cli/lib.sh"

CC=${CC:-cc}
CXX=${CXX:-c++}
dest="$TMP/dest"
expect_rc "make install into a staging folder" 0 \
    make -C "$abs_top_builddir" install DESTDIR="$dest"
libdir=$(find "$dest" -name 'libsousuo.so' -print | head -1)
libdir=${libdir%/*}
expect_eq "the header is installed" \
    "$(find "$dest" -name sousuo.h | wc -l | tr -d ' ')" "1"
expect_eq "sousuo.pc is installed" \
    "$(find "$dest" -name sousuo.pc | wc -l | tr -d ' ')" "1"
# No static library by default: its internals would be global symbols.
expect_eq "libsousuo.a is not installed" \
    "$(find "$dest" -name libsousuo.a | wc -l | tr -d ' ')" "0"

# Only sousuo_* is exported, and every SOUSUO_API function is.
exported=$(nm -D --defined-only "$libdir/libsousuo.so" | awk '$2 == "T" {print $3}' | sort)
declared=$(sed -n 's/.*SOUSUO_API[^(]*[ *]\(sousuo_[a-z_0-9]*\)(.*/\1/p' \
    "$abs_top_srcdir/include/sousuo.h" | sort)
expect_eq "exported symbols are exactly the header's functions" \
    "$exported" "$declared"
# Of any kind: no C++ template instantiation (W), no typeinfo (V) the
# shim pulls in from Xapian's headers (lib/sousuo.map).
others=$(nm -D --defined-only "$libdir/libsousuo.so" | awk '$3 !~ /^sousuo_/')
expect_eq "no other defined dynamic symbol is exported" "$others" ""

# Build the embedder with what pkg-config says, as C and as C++.
export PKG_CONFIG_PATH="$(dirname "$(find "$dest" -name sousuo.pc)")"
export PKG_CONFIG_SYSROOT_DIR="$dest"
flags=$(pkg-config --cflags --libs sousuo)
# A sanitizer build's library needs its runtime in the program too.
san=$(sed -n 's/^SAN_FLAGS = //p' "$abs_top_builddir/Makefile")
flags="$flags $san"
expect_rc "pkg-config knows sousuo" 0 pkg-config --exists sousuo
# A static link needs every library the core links (its libtool
# dependency_libs, libfoo.la as -lfoo) in Libs.private.
need=$(sed -n "s/^dependency_libs='\(.*\)'/\1/p" \
    "$abs_top_builddir/lib/libsousuo-core.la" | tr ' ' '\n' |
    sed -n 's,^-l,,p; s,^.*/lib\([^/]*\)\.la$,\1,p' | sort -u)
static=" $(pkg-config --static --libs sousuo) "
missing=
for l in $need; do
    case $static in *" -l$l "*) ;; *) missing="$missing -l$l" ;; esac
done
expect_eq "pkg-config --static lists every library the core links" \
    "$missing" ""
expect_rc "embed.c builds as C11" 0 $CC -std=c11 -Wall -Wextra -Werror \
    -o "$TMP/embed-c" "$abs_top_srcdir/tests/embed/embed.c" $flags
expect_rc "embed.c builds as C++" 0 $CXX -x c++ -std=c++17 -Wall -Wextra \
    -Werror -o "$TMP/embed-cxx" "$abs_top_srcdir/tests/embed/embed.c" $flags

cp -R "$CORPUS" "$TMP/corpus"
"$INDEX" -q "$TMP/corpus"
for v in c cxx; do
    expect_rc "the $v embedder searches" 0 env LD_LIBRARY_PATH="$libdir" \
        "$TMP/embed-$v" "$TMP/corpus/.sousuo" 产业链
    expect_match "...and finds the article ($v)" "$out" \
        "^1 ciip-new-quality-productive-forces.txt line [0-9]+ col [0-9]+ matches [1-9]"
    expect_match "...with the index's document count ($v)" "$out" \
        "^version [0-9.]+, 2 documents, 1 hits"
done
expect_rc "a missing index is an error with a message" 2 \
    env LD_LIBRARY_PATH="$libdir" "$TMP/embed-c" "$TMP/none" x
expect_match "...naming the status" "$err" "\\(noindex\\)"

done_testing
