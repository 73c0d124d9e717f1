#!/bin/sh
# A stub or a sharded index that is broken (doc/scale-out.md) is an
# error that names what is wrong in it: never "no index there", which
# advises making one where there is one.
. "$abs_top_srcdir/tests/cli/lib.sh"

mkdir -p "$TMP/src"
for i in 1 2 3 4 5 6 7 8; do
    printf 'note %s on quality\n' "$i" >"$TMP/src/f$i.txt"
done
cd "$TMP/src" || exit 2
expect_rc "a 2-shard index" 0 "$INDEX" -q --shards 2 --index "$TMP/two" .

# A local shard that is missing is a broken index, even where remote
# shards may be left out (a closed port: refused at once).
cp -R "$TMP/two" "$TMP/gone1"
rm -rf "$TMP/gone1/shard1"
expect_rc "a missing local shard: an error" 2 \
    "$SEARCH" --index "$TMP/gone1" quality
expect_match "...which names the shard" "$err" \
    "cannot open index '$TMP/gone1': .*XAPIANDB:3: shard '$TMP/gone1/shard1' is missing"
expect_eq "...and does not advise making an index" \
    "$(printf '%s\n' "$err" | grep -c 'create one')" 0
printf 'glass %s/nosuch\nremote 127.0.0.1:1\n' "$TMP" >"$TMP/mixed.stub"
expect_rc "a stub's missing local shard with --allow-partial: an error" 2 \
    "$SEARCH" --index "$TMP/mixed.stub" --allow-partial quality
expect_match "...which names the shard" "$err" \
    "mixed.stub:1: shard '$TMP/nosuch' is missing"
expect_eq "...and does not advise making an index" \
    "$(printf '%s\n' "$err" | grep -c 'create one')" 0
cp -R "$TMP/two" "$TMP/empty1"
rm -f "$TMP/empty1/shard1/"*
expect_rc "a shard folder without its database: an error" 2 \
    "$SEARCH" --index "$TMP/empty1" quality
expect_match "...which names the shard" "$err" \
    "shard '$TMP/empty1/shard1' is no database"

# A stub that lists no database: Xapian opens it as a database of no
# shards, which then fails every search.
: >"$TMP/empty.stub"
printf '# nothing yet\n\n' >"$TMP/comments.stub"
for stub in empty comments; do
    for opt in "" --allow-partial; do
        expect_rc "a stub that lists nothing ($stub${opt:+, $opt}): an error" 2 \
            "$SEARCH" --index "$TMP/$stub.stub" $opt -c quality
        expect_match "...on open, naming the stub" "$err" \
            "^sousuo-search: cannot open index '$TMP/$stub.stub': .*$TMP/$stub.stub: lists no database$"
    done
done

# sousuo-index writes index folders: a stub file given as --index, of
# remote shards or local ones, is refused before anything is made.
printf 'remote 127.0.0.1:1\n' >"$TMP/remote.stub"
printf 'glass %s/two/shard0\n' "$TMP" >"$TMP/local.stub"
ls -R "$TMP" >"$TMP/ls.before"
for stub in remote local; do
    for opt in "" --compact; do
        expect_rc "sousuo-index --index $stub.stub${opt:+ $opt}: refused" 2 \
            "$INDEX" --index "$TMP/$stub.stub" $opt
        case $stub in
        remote) why="is a stub that lists remote shards: sousuo-index writes local shards only" ;;
        *) why="is a file, not an index folder" ;;
        esac
        expect_match "...saying why" "$err" "^sousuo-index: '$TMP/$stub.stub' $why"
        expect_eq "...before creating anything" \
            "$(printf '%s\n' "$err" | grep -c 'creating index')" 0
    done
done
expect_eq "...nothing was made" \
    "$(ls -R "$TMP" | cmp - "$TMP/ls.before" 2>&1 && echo same)" same

done_testing
