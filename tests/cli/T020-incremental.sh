#!/bin/sh
# Incremental runs: unchanged files are not read, touched files are
# recognised by their hash, changed files replaced, vanished ones removed,
# a single file path updates just that document.
. "$abs_top_srcdir/tests/cli/lib.sh"

mkdir -p "$TMP/t/sub"
cd "$TMP/t" || exit 2
printf 'alpha bravo charlie\n' >a.txt
printf '# Delta heading\n\necho foxtrot\n' >sub/b.md
printf 'golf hotel\n' >c.txt

expect_rc "first run" 0 "$INDEX" .
expect_match "adds three" "$err" "3 added, 0 updated, 0 removed, 0 unchanged"
"$DBTOOL" dump .sousuo >"$TMP/dump1"

rev1=$("$DBTOOL" revision .sousuo)
expect_rc "second run" 0 "$INDEX" .
expect_match "nothing changes" "$err" \
    "0 added, 0 updated, 0 removed, 3 unchanged, 0 touched"
expect_match "...and nothing is read" "$err" "0.0 MB read"
"$DBTOOL" dump .sousuo >"$TMP/dump2"
expect_eq "an unchanged run leaves the index as it was" \
    "$(cmp "$TMP/dump1" "$TMP/dump2" && echo same)" "same"
expect_eq "...and writes nothing: no new revision" \
    "$("$DBTOOL" revision .sousuo)" "$rev1"

touch -d '2001-01-01 00:00:00' a.txt
expect_rc "touched file" 0 "$INDEX" .
expect_match "is only touched" "$err" "0 added, 0 updated, 0 removed, 2 unchanged, 1 touched"
expect_rc "then unchanged" 0 "$INDEX" .
expect_match "...on the next run" "$err" "3 unchanged, 0 touched"

printf 'alpha bravo india\n' >a.txt
expect_rc "changed file" 0 "$INDEX" .
expect_match "is updated" "$err" "0 added, 1 updated, 0 removed"
expect_rc "new content is found" 0 "$SEARCH" --files india
expect_eq "...in a.txt" "$out" "a.txt"
expect_rc "old content is gone" 1 "$SEARCH" --files charlie

rm c.txt
expect_rc "vanished file" 0 "$INDEX" .
expect_match "is removed" "$err" "0 added, 0 updated, 1 removed"
expect_rc "...and not found" 1 "$SEARCH" golf

printf 'kilo lima\n' >sub/new.txt
expect_rc "one file, given by path from below the root" 0 "$INDEX" sub/new.txt
expect_match "adds just it" "$err" "1 added, 0 updated, 0 removed, 0 unchanged"
expect_rc "...it is found" 0 "$SEARCH" --files kilo
expect_eq "...by its path from the root" "$out" "sub/new.txt"
expect_rc "...and the rest is still there" 0 "$SEARCH" --files alpha

rm sub/new.txt
expect_rc "a deleted file, given by path" 0 "$INDEX" sub/new.txt
expect_match "is removed alone" "$err" "0 added, 0 updated, 1 removed, 0 unchanged"
expect_rc "...and no longer found" 1 "$SEARCH" kilo
printf 'kilo lima\n' >sub/new.txt
"$INDEX" -q sub/new.txt

# A deleted file whose folder is gone too (an editor deleting a folder
# names each of its files), then the folder itself.
mkdir -p gone/deeper
printf 'puffin\n' >gone/deeper/p.txt
printf 'puffin\n' >gone/deeper/q.txt
"$INDEX" -q .
rm -rf gone
expect_rc "a deleted file in a deleted folder" 0 "$INDEX" gone/deeper/p.txt
expect_match "...is removed alone" "$err" "0 added, 0 updated, 1 removed"
expect_rc "the deleted folder" 0 "$INDEX" gone
expect_match "...removes the rest" "$err" "0 added, 0 updated, 1 removed"
expect_rc "...nothing of it is left" 1 "$SEARCH" puffin
expect_rc "a gone path with no index above what is left" 2 \
    "$INDEX" "$TMP/nowhere/deeper/x.txt"
expect_match "...is not found" "$err" "x.txt: No such file or directory"
expect_eq "...and makes no index" "$(ls -A "$TMP" | grep -c sousuo)" "0"
expect_rc "a mistyped folder with no index above" 2 "$INDEX" "$TMP/typo"
expect_match "...is not found" "$err" "typo: No such file or directory"
expect_eq "...and makes no index" "$(ls -A "$TMP" | grep -c sousuo)" "0"
expect_rc "a gone path under the index that named nothing" 1 "$INDEX" gnoe
expect_match "...is an error" "$err" \
    "gnoe: no such file or directory, and nothing indexed there"
expect_match "...counted" "$err" "0 removed.* 1 errors"

# A file named twice, or with a folder that holds it, is handled once.
mkdir -p "$TMP/dup"
printf 'uniform\n' >"$TMP/dup/a.md"
printf 'victor\n' >"$TMP/dup/b.md"
(cd "$TMP/dup" && "$INDEX" -q && printf 'whiskey\n' >>a.md &&
 "$INDEX" a.md a.md ./a.md "$TMP/dup/a.md" . 2>"$TMP/dup.err")
expect_match "a changed file named five ways is updated once" \
    "$(cat "$TMP/dup.err")" "0 added, 1 updated, 0 removed, 1 unchanged"
printf 'xray\n' >"$TMP/dup/c.md"
(cd "$TMP/dup" && "$INDEX" c.md ./c.md 2>"$TMP/dup.err")
expect_match "a new file named twice is added once" \
    "$(cat "$TMP/dup.err")" "1 added, 0 updated"

cd sub || exit 2
expect_rc "search from a subfolder finds the index above" 0 "$SEARCH" --files foxtrot
expect_eq "...paths relative to where you stand" "$out" "b.md"
expect_rc "title from the Markdown heading" 0 "$SEARCH" --files 'title:delta'
expect_eq "...matches b.md" "$out" "b.md"
cd .. || exit 2

# Hidden folders (.git among them) and --exclude globs are skipped.
mkdir -p .git/objects .hidden notes
printf 'oscar in git\n' >.git/objects/x.txt
printf 'oscar hidden\n' >.hidden/h.txt
printf 'oscar visible\n' >notes/v.txt
printf 'oscar draft\n' >notes/draft.md
expect_rc "index with --exclude" 0 "$INDEX" --exclude '*.md' .
expect_rc "...search" 0 "$SEARCH" --files oscar
expect_eq "...only the visible, not excluded file" "$out" "notes/v.txt"
expect_rc "without --exclude the draft comes back" 0 "$INDEX" .
expect_rc "...search" 0 "$SEARCH" --files oscar
expect_eq "...but hidden folders stay out" "$(printf '%s\n' "$out" | sort)" \
    "$(printf 'notes/draft.md\nnotes/v.txt')"
# ...also when named: the index's own files and git's are never articles.
for p in .sousuo .sousuo/XAPIANDB .git .git/objects/x.txt; do
    expect_rc "naming $p" 0 "$INDEX" -v "$p"
    expect_match "...skips it" "$err" "^skip-hidden $p\$"
    expect_match "...and adds nothing" "$err" "0 added, 0 updated, 0 removed"
done
expect_rc "...search" 0 "$SEARCH" --files oscar
expect_eq "...still the two visible files" "$(printf '%s\n' "$out" | sort)" \
    "$(printf 'notes/draft.md\nnotes/v.txt')"
# Another hidden file is indexed when named, as an --exclude'd one is.
expect_rc "naming another hidden file" 0 "$INDEX" .hidden/h.txt
expect_match "...adds it" "$err" "1 added, 0 updated, 0 removed"
expect_rc "...until a walk of its folder" 0 "$INDEX" .
expect_match "...removes it" "$err" "0 added, 0 updated, 1 removed"
expect_rc "excluding a folder by path" 0 "$INDEX" --exclude 'notes' .
expect_match "...removes what was in it" "$err" "2 removed"
# A glob with a slash is a path from the root, whichever folder is named:
# a run over notes/ alone must keep out what a run over the tree does.
mkdir -p notes/old
printf 'oscar archived\n' >notes/old/a.txt
expect_rc "a path glob, the tree named" 0 "$INDEX" -v --exclude 'notes/old/*' .
expect_match "...keeps the file out" "$err" "2 added, 0 updated, 0 removed"
expect_rc "...the folder named" 0 "$INDEX" -v --exclude 'notes/old/*' notes
expect_match "...keeps it out too" "$err" "0 added, 0 updated, 0 removed"
expect_rc "...search" 0 "$SEARCH" --files oscar
expect_eq "...finds the two others" "$(printf '%s\n' "$out" | sort)" \
    "$(printf 'notes/draft.md\nnotes/v.txt')"
expect_rc "a glob relative to the named folder is not one from the root" 0 \
    "$INDEX" -v --exclude 'old/*' notes
expect_match "...so the file comes in" "$err" "1 added"

# Gitignore-like forms: "/" or "./" anchors at the root, a trailing "/"
# takes folders only (and so all that is below them).
mkdir -p "$TMP/gx/docs/old/deep" "$TMP/gx/old" "$TMP/gx/f"
printf 'yankee\n' >"$TMP/gx/docs/old/a.md"
printf 'yankee\n' >"$TMP/gx/docs/old/deep/b.md"
printf 'yankee\n' >"$TMP/gx/old/c.md"
printf 'yankee\n' >"$TMP/gx/keep.md"
printf 'yankee\n' >"$TMP/gx/f/old"
for g in 'docs/old/' './docs/old/*' '/docs/old'; do
    (cd "$TMP/gx" && "$INDEX" -q --full --exclude "$g" &&
     "$SEARCH" --files yankee >"$TMP/gx.out")
    expect_eq "--exclude '$g' keeps docs/old out, at the root only" \
        "$(sort "$TMP/gx.out" | tr '\n' ' ')" "f/old keep.md old/c.md "
done
(cd "$TMP/gx" && "$INDEX" -q --full --exclude 'old/' &&
 "$SEARCH" --files yankee >"$TMP/gx.out")
expect_eq "--exclude 'old/' takes folders named old at any depth, not files" \
    "$(sort "$TMP/gx.out" | tr '\n' ' ')" "f/old keep.md "
rm -rf .git .hidden notes
"$INDEX" -q .

# --index elsewhere: the index keeps its root, so a file named from
# below it updates its own document instead of adding a second one.
mkdir -p "$TMP/r/sub"
printf 'romeo\n' >"$TMP/r/sub/a.txt"
expect_rc "an index kept outside the tree" 0 "$INDEX" -q --full --index "$TMP/idx" "$TMP/r"
printf 'sierra\n' >>"$TMP/r/sub/a.txt"
expect_rc "...updated through one nested file" 0 "$INDEX" --index "$TMP/idx" "$TMP/r/sub/a.txt"
expect_match "...updates it" "$err" "0 added, 1 updated, 0 removed"
expect_rc "...and it is one document" 0 "$SEARCH" --index "$TMP/idx" --count romeo
expect_eq "...under its own path" "$out" "1"

# An index put inside the tree under another name is not indexed itself.
mkdir -p "$TMP/in"
printf 'tango\n' >"$TMP/in/a.txt"
(cd "$TMP/in" && "$INDEX" -q --index idx .)
expect_rc "an index inside the tree, run again" 0 "$INDEX" --index "$TMP/in/idx" "$TMP/in"
expect_match "...finds nothing to do" "$err" "0 added, 0 updated, 0 removed, 1 unchanged, 0 touched"
expect_rc "...and is not a document" 1 "$SEARCH" --index "$TMP/in/idx" --files sousuo
expect_rc "...named itself" 0 "$INDEX" --index "$TMP/in/idx" "$TMP/in/idx/XAPIANDB"
expect_match "...is skipped" "$err" "0 added, 0 updated, 0 removed, 0 unchanged"

# A link to a folder of the tree is not followed: its files have one
# name, their real path, so naming a file through the link updates it.
mkdir -p "$TMP/fl/notes" "$TMP/fl/.hid" "$TMP/fl/out"
printf 'old text\n' >"$TMP/fl/notes/n.md"
printf 'hidden but linked\n' >"$TMP/fl/.hid/h.md"
ln -s notes "$TMP/fl/a-link"
ln -s .hid "$TMP/fl/h-link"
expect_rc "a tree with a link to one of its folders" 0 "$INDEX" -v "$TMP/fl"
expect_match "...indexes the file by its real path" "$err" "add notes/n.md"
expect_match "...and a hidden folder through its link" "$err" "add h-link/h.md"
printf 'new words\n' >"$TMP/fl/notes/n.md"
expect_rc "...named through the link" 0 "$INDEX" -v "$TMP/fl/a-link/n.md"
expect_match "...updates that document" "$err" "0 added, 1 updated"

# A symlink to a file, named (an editor saving through it), is indexed
# under its own name, as the walk of its folder indexes it: it never makes
# an index in the folder of a target outside the tree.
mkdir -p "$TMP/lt/tree" "$TMP/lt/else"
printf 'golf\n' >"$TMP/lt/else/o.txt"
printf 'india\n' >"$TMP/lt/tree/t.txt"
ln -s ../else/o.txt "$TMP/lt/tree/out.txt"
ln -s t.txt "$TMP/lt/tree/in.txt"
expect_rc "a tree with links to a file outside and inside" 0 "$INDEX" -q "$TMP/lt/tree"
printf 'hotel\n' >>"$TMP/lt/else/o.txt"
expect_rc "the link out of the tree, named" 0 "$INDEX" "$TMP/lt/tree/out.txt"
expect_match "...updates its document" "$err" "/lt/tree/.sousuo: 0 added, 1 updated, 0 removed"
expect_eq "...makes no index next to the target" "$(ls -A "$TMP/lt/else")" "o.txt"
expect_rc "...search" 0 "$SEARCH" --index "$TMP/lt/tree/.sousuo" --files hotel
expect_eq "...finds it under the link's name" "$out" "$TMP/lt/tree/out.txt"
printf 'juliett\n' >>"$TMP/lt/tree/t.txt"
expect_rc "the link inside the tree, named" 0 "$INDEX" "$TMP/lt/tree/in.txt"
expect_match "...updates one document" "$err" "0 added, 1 updated, 0 removed"
expect_rc "...search" 0 "$SEARCH" --index "$TMP/lt/tree/.sousuo" --files juliett
expect_eq "...the link's, as a walk would" "$out" "$TMP/lt/tree/in.txt"

# A file named through a link to a folder out of the tree (as an editor
# opened it) is the tree's document under the link's path: the index is
# looked for along the path as named, not its target's.
mkdir -p "$TMP/lf/out" "$TMP/lf/tree"
printf 'kilo outv1\n' >"$TMP/lf/out/o.txt"
printf 'kilo inside\n' >"$TMP/lf/tree/i.txt"
ln -s ../out "$TMP/lf/tree/L1"
expect_rc "a tree with a link to a folder out of it" 0 "$INDEX" -q "$TMP/lf/tree"
printf 'kilo outv2\n' >"$TMP/lf/out/o.txt"
expect_rc "a file named through the link" 0 sh -c \
    'cd "$1" && "$2" L1/o.txt' - "$TMP/lf/tree" "$INDEX"
expect_match "...updates the tree's document" "$err" \
    "/lf/tree/.sousuo: 0 added, 1 updated, 0 removed"
expect_eq "...makes no index next to the target" "$(ls -A "$TMP/lf/out")" "o.txt"
expect_eq "...the tree's index has the new text under the link's path" \
    "$("$SEARCH" --index "$TMP/lf/tree/.sousuo" --files outv2)" \
    "$TMP/lf/tree/L1/o.txt"
expect_eq "...and not the old" \
    "$("$SEARCH" --index "$TMP/lf/tree/.sousuo" --count outv1)" "0"
rm "$TMP/lf/out/o.txt"
expect_rc "...deleted, named through the link" 0 "$INDEX" "$TMP/lf/tree/L1/o.txt"
expect_match "...removes its document" "$err" "0 added, 0 updated, 1 removed"
expect_eq "...leaving the tree's own" \
    "$("$SEARCH" --index "$TMP/lf/tree/.sousuo" --files kilo)" \
    "$TMP/lf/tree/i.txt"
printf 'kilo outv3\n' >"$TMP/lf/out/o.txt"
expect_rc "the link folder named" 0 "$INDEX" "$TMP/lf/tree/L1"
expect_match "...adds its file to the tree's index" "$err" \
    "/lf/tree/.sousuo: 1 added, 0 updated, 0 removed"
expect_eq "...under the link's path" \
    "$("$SEARCH" --index "$TMP/lf/tree/.sousuo" --files outv3)" \
    "$TMP/lf/tree/L1/o.txt"
rm "$TMP/lf/out/o.txt"
expect_rc "...named again, its file deleted" 0 "$INDEX" "$TMP/lf/tree/L1/../L1"
expect_match "...removes its document" "$err" "0 added, 0 updated, 1 removed"
expect_eq "...and no index was made by the target" "$(ls -A "$TMP/lf/out")" ""

# An index made by an older extractor (lib/schema.h EXTRACT_VERSION):
# the next incremental run re-reads every file, changed or not, and
# records this extractor's version once it has.  The page below is
# rewritten with its size and time kept, so the index still holds the
# old text: only a re-read finds "zulu" on its new line.
ev=$(sed -n 's/^#define EXTRACT_VERSION_N \([0-9]*\).*/\1/p' \
    "$abs_top_srcdir/lib/schema.h")
mkdir -p "$TMP/x/sub"
cd "$TMP/x" || exit 2
printf '<p>zulu</p>\n\n\n' >page.html
printf 'yankee one\n' >a.txt
printf 'yankee two\n' >sub/b.md
touch -d '2020-01-01 00:00:00' page.html
expect_rc "a new index" 0 "$INDEX" .
expect_eq "...records this extractor's version" \
    "$("$DBTOOL" meta .sousuo sousuo.extractor)" "$ev"
printf '\n\n<p>zulu</p>\n' >page.html
touch -d '2020-01-01 00:00:00' page.html
expect_rc "a page changed behind the index's back" 0 "$INDEX" .
expect_match "...is taken as unchanged" "$err" "0 updated, 0 removed, 3 unchanged"
"$SEARCH" --vimgrep zulu >"$TMP/vg" 2>&1
expect_eq "...so the index has its old line" "$(cat "$TMP/vg")" "page.html:1:4:zulu"
for old in 1 ""; do
    "$DBTOOL" set-meta .sousuo sousuo.extractor "$old"
    expect_rc "extractor '$old': a run over the tree" 0 "$INDEX" .
    expect_match "...says it re-reads every file" "$err" \
        "^sousuo-index: the index was made by an older extractor; re-reading every file\$"
    expect_match "...and replaces every document" "$err" \
        "0 added, 3 updated, 0 removed, 0 unchanged, 0 touched"
    expect_rc "...search" 0 "$SEARCH" --vimgrep zulu
    expect_eq "...the page's text is what the file holds now" "$out" \
        "page.html:3:4:zulu"
    expect_eq "...the version is this extractor's" \
        "$("$DBTOOL" meta .sousuo sousuo.extractor)" "$ev"
    rev=$("$DBTOOL" revision .sousuo)
    expect_rc "...the next run" 0 "$INDEX" .
    expect_match "...reads nothing" "$err" "0 updated, 0 removed, 3 unchanged"
    expect_eq "...and writes nothing" "$("$DBTOOL" revision .sousuo)" "$rev"
    expect_eq "...nor says anything more" \
        "$(printf '%s\n' "$err" | grep -c extractor)" "0"
done
# A run over part of the tree re-reads that part, but leaves the version:
# the rest is still the older extractor's.
"$DBTOOL" set-meta .sousuo sousuo.extractor 1
expect_rc "extractor 1: a run over one file" 0 "$INDEX" sub/b.md
expect_match "...re-reads it" "$err" "0 added, 1 updated, 0 removed"
expect_match "...and says the rest waits" "$err" \
    "older extractor; re-reading every file given \(a run over the whole root updates the rest\)"
expect_eq "...the version stays" "$("$DBTOOL" meta .sousuo sousuo.extractor)" "1"
expect_rc "...then the tree" 0 "$INDEX" -q .
expect_eq "...quietly" "$err" ""
expect_eq "...writes it" "$("$DBTOOL" meta .sousuo sousuo.extractor)" "$ev"
# A newer extractor's documents are left alone: no downgrade.
"$DBTOOL" set-meta .sousuo sousuo.extractor 99
expect_rc "extractor 99: a run over the tree" 0 "$INDEX" .
expect_match "...reads nothing" "$err" "0 updated, 0 removed, 3 unchanged"
expect_eq "...the version stays" "$("$DBTOOL" meta .sousuo sousuo.extractor)" "99"
printf 'yankee three\n' >a.txt
expect_rc "...a changed file" 0 "$INDEX" .
expect_match "...is updated alone" "$err" "0 added, 1 updated, 0 removed, 2 unchanged"
expect_eq "...the version still stays" \
    "$("$DBTOOL" meta .sousuo sousuo.extractor)" "99"
cd "$TMP/t" || exit 2

# Progress: drawn on a terminal, silent otherwise.
expect_rc "no progress line when stderr is not a terminal" 0 "$INDEX" --full .
expect_eq "...no carriage returns" "$(printf '%s' "$err" | tr -cd '\r' | wc -c | tr -d ' ')" "0"
if command -v script >/dev/null; then
    script -qfec "$INDEX --full ." /dev/null >"$TMP/tty.out" 2>&1
    expect_match "on a terminal: files, rates and an ETA" \
        "$(tr '\r' '\n' <"$TMP/tty.out")" \
        "sousuo-index: [0-9]+/3 files, [0-9.]+ MB, [0-9]+ files/s, [0-9.]+ MB/s, ETA [0-9]+:[0-9]{2}"
    script -qfec "$INDEX --quiet --full ." /dev/null >"$TMP/tty.out" 2>&1
    expect_eq "--quiet on a terminal prints nothing" "$(cat "$TMP/tty.out")" ""
else
    skip "progress on a terminal" "no script(1)"
    skip "--quiet on a terminal" "no script(1)"
fi

expect_rc "--full rebuilds" 0 "$INDEX" --full .
expect_match "...adding everything again" "$err" "3 added, 0 updated, 0 removed"

# An index keeps its stemming language, through --full rebuilds too
# (which start new databases), one database or shards.
for layout in "" "--shards 2"; do
    rm -rf "$TMP/stem"
    mkdir "$TMP/stem" && printf 'Die alten H\303\244user\n' >"$TMP/stem/h.txt"
    "$INDEX" -q --stem german $layout "$TMP/stem"
    expect_eq "--stem german ${layout:-(one database)}: Haus finds H\303\244user" \
        "$(cd "$TMP/stem" && "$SEARCH" -c Haus)" 1
    "$INDEX" -q --full "$TMP/stem"
    expect_eq "...after --full too" "$(cd "$TMP/stem" && "$SEARCH" -c Haus)" 1
    expect_eq "...which keeps german" \
        "$("$DBTOOL" meta "$TMP/stem/.sousuo" sousuo.stem)" german
done

# A symlink switched to another file of the same size and time is read
# again: the change test has the file's inode too.  A value without one,
# as older indexes have, is compared on size and time only.
mkdir "$TMP/sw"
cd "$TMP/sw" || exit 2
printf 'quebec one\n' >t1.txt
printf 'romeo twos\n' >t2.txt
touch -d '2001-01-01 00:00:00' t1.txt t2.txt
ln -s t1.txt link.txt
"$INDEX" -q .
ln -sfn t2.txt link.txt
expect_rc "a symlink switched to a file of the same size and time" 0 \
    "$INDEX" -v link.txt
expect_match "...is read again" "$err" "^update link.txt$"
expect_eq "...and found by its new text" "$("$SEARCH" --files romeo | sort)" \
    "link.txt
t2.txt"
v=$("$DBTOOL" value .sousuo Qt1.txt 0)
expect_match "the stat value has size, time and inode" "$v" "^11 [0-9]+ [0-9]+$"
"$DBTOOL" set-value .sousuo Qt1.txt 0 "${v% *}"
expect_eq "...an older index's has no inode" \
    "$("$DBTOOL" value .sousuo Qt1.txt 0)" "${v% *}"
expect_rc "...and is compared on size and time only" 0 "$INDEX" -v .
expect_match "...so that the file is not read again" "$err" \
    " 0 updated, 0 removed, 3 unchanged, 0 touched; "
cd "$TMP" || exit 2

# A file whose mtime is not older than the run that read it could change
# again in the same clock tick and keep size and time (an editor saving
# twice, its save hook indexing between).  Its stat value is marked racy
# and the next run reads it again.  A date in the future stands for "the
# run's own tick", which a test cannot hit on demand.
mkdir "$TMP/racy"
cd "$TMP/racy" || exit 2
printf 'sierra one\n' >r.txt
printf 'uniform\n' >old.txt
touch -d '2099-01-01 00:00:00' r.txt
touch -d '2001-01-01 00:00:00' old.txt
"$INDEX" -q .
expect_match "a file dated at or after the run is stored racy" \
    "$("$DBTOOL" value .sousuo Qr.txt 0)" "^11 [0-9]+ [0-9]+ racy$"
expect_match "...an older one is not" \
    "$("$DBTOOL" value .sousuo Qold.txt 0)" "^8 [0-9]+ [0-9]+$"
printf 'tango twos\n' >r.txt
touch -d '2099-01-01 00:00:00' r.txt
expect_rc "a racy file rewritten with its size and time kept" 0 "$INDEX" -v .
expect_match "...is read again" "$err" "^update r.txt$"
expect_match "...and nothing else is" "$err" \
    " 0 added, 1 updated, 0 removed, 1 unchanged, 0 touched; "
expect_eq "...and found by its new text" "$("$SEARCH" --files tango)" "r.txt"
v=$("$DBTOOL" value .sousuo Qold.txt 0)
"$DBTOOL" set-value .sousuo Qold.txt 0 "$v racy"
expect_rc "a racy file read again, unchanged" 0 "$INDEX" -v .
expect_match "...has its time recorded (as the future-dated one)" "$err" \
    " 0 unchanged, 2 touched; "
expect_eq "...and is no longer racy" "$("$DBTOOL" value .sousuo Qold.txt 0)" "$v"
expect_rc "...so the run after reads only the future-dated file" 0 "$INDEX" -v .
expect_match "...again" "$err" " 1 unchanged, 1 touched; "
cd "$TMP" || exit 2

# Files deleted while a run reads the tree are removed by that run, not
# counted as errors (the man page: vanished files are removed).  When
# each goes is up to the scheduler, so only what holds at any timing is
# checked: the run exits 0, every file left is indexed with its new text,
# and no document keeps an old text (a file deleted before it was read
# kept its old document; one deleted after may stay until the next run).
mkdir "$TMP/van"
cd "$TMP/van" || exit 2
van_write() { # van_write ROUND: 1500 files, random words, a round mark
    awk -v r="$1" 'BEGIN { srand(r); for (i = 1000; i < 2500; i++) {
        f = "f" i ".txt"; printf "zzvan round%s\n", r > f
        for (j = 0; j < 150; j++) printf "w%d ", int(rand() * 1e9) > f
        print "" > f; close(f) } }'
}
van_write 0
"$INDEX" -q .
for round in 1 2 3; do
    van_write "$round"
    rm -f f*[0-4]0.txt # files gone before the run: removed as ever
    "$INDEX" . 2>"$TMP/van.err" &
    pid=$!
    for g in 1 2 3 4 5 6 7 8 9; do # more, group by group, as it runs
        kill -0 "$pid" 2>/dev/null || break
        rm -f f*[5-9]"$g".txt f1"$g"*.txt
        sleep 0.05
    done
    wait "$pid"
    rc=$?
    expect_eq "deleted during run $round: exit 0" "$rc" 0
    expect_match "...no error counted" "$(cat "$TMP/van.err")" " 0 errors; "
    "$SEARCH" -n 5000 --files zzvan | sort >"$TMP/van.idx"
    expect_eq "...every file left is indexed" \
        "$(ls | sort | comm -23 - "$TMP/van.idx")" ""
    expect_eq "...with its new text, and no document keeps an old one" \
        "$("$SEARCH" -c "round$round")" "$("$SEARCH" -c zzvan)"
done
cd "$TMP" || exit 2

done_testing
