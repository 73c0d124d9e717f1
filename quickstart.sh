#!/bin/sh
# Quick start: install the Debian packages (as root), build, index the
# bundled corpus/ and run a real query on it.
set -eu
top=$(cd "$(dirname "$0")" && pwd)
build="$top/_build/plain"

if [ "$(id -u)" = 0 ]; then
    "$top/.ci/deps"
else
    echo "quickstart: not root, so not installing packages; if the build" \
         "fails, run: sudo $top/.ci/deps" >&2
fi
[ -x "$top/configure" ] || (cd "$top" && ./autogen.sh >/dev/null 2>&1)
mkdir -p "$build"
cd "$build"
[ -f Makefile ] || "$top/configure" -q
make -j2 >/dev/null
echo "== sousuo-index $top/corpus"
./indexer/sousuo-index --full "$top/corpus"
for q in "新质生产力" "productive forces"; do
    echo "== sousuo-search --color=never --limit 3 '$q'"
    ./searcher/sousuo-search --index "$top/corpus/.sousuo" --color=never \
        --limit 3 "$q"
done
