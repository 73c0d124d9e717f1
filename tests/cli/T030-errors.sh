#!/bin/sh
# Errors users meet: no index, a locked index, an index from another
# tokenizer, bad options; bad files never stop a run or lose data.
. "$abs_top_srcdir/tests/cli/lib.sh"

mkdir -p "$TMP/empty" "$TMP/t"
cd "$TMP/empty" || exit 2
expect_rc "search without an index" 2 "$SEARCH" anything
expect_match "...says which command creates one" "$err" \
    "no index found in .*create one with: sousuo-index"
expect_rc "--index to a missing folder" 2 "$SEARCH" --index "$TMP/nope" x
expect_match "...names it" "$err" "cannot open index '$TMP/nope'"

cd "$TMP/t" || exit 2
printf 'papa quebec\n' >p.txt
expect_rc "index" 0 "$INDEX" .
# An empty --index (an unset variable in a script) is an error, not a
# search of the index found from the working folder; an empty
# $SOUSUO_INDEX is unset.
expect_rc "an empty --index" 2 "$SEARCH" --index '' papa
expect_eq "...says so in one line" "$err" \
    "sousuo-search: --index needs a folder, not an empty name"
expect_eq "...and prints nothing" "$out" ""
expect_rc "an empty -i" 2 "$SEARCH" -i '' papa
expect_rc "an empty \$SOUSUO_INDEX is unset" 0 env SOUSUO_INDEX= "$SEARCH" -l papa
expect_eq "...the index found from the folder answers" "$out" "p.txt"
expect_rc "--index to the tree, not its index" 2 "$SEARCH" --index "$TMP/t" papa
expect_match "...says where the index is" "$err" \
    "cannot open index '$TMP/t': no index there, but there is one in '$TMP/t/.sousuo'"

# A second writer fails fast with the lock message.
mkfifo "$TMP/hold"
"$DBTOOL" lock .sousuo <"$TMP/hold" >"$TMP/lock.out" &
holder=$!
exec 9>"$TMP/hold"
for _ in 1 2 3 4 5 6 7 8 9 10; do
    [ -s "$TMP/lock.out" ] && break
    sleep 0.2
done
expect_rc "a second writer" 2 "$INDEX" .
expect_match "...is told the index is locked" "$err" \
    "locked by another sousuo-index"
expect_rc "searching a locked index still works" 0 "$SEARCH" --files papa
exec 9>&-
wait "$holder"
expect_rc "once the lock is gone, indexing works" 0 "$INDEX" .

# An index this user may not write is not "locked by another" one.
chmod 755 "$TMP"
chmod -R a+rX,a-w .sousuo
if [ "$(id -u)" = 0 ]; then
    # root writes anything: be nobody for this part.
    ROUSER="setpriv --reuid=nobody --regid=$(id -g nobody) --clear-groups"
else
    ROUSER=""
fi
expect_rc "a read-only index" 2 $ROUSER "$INDEX" .
expect_match "...is said to be so" "$err" "Permission denied"
expect_eq "...not locked" "$(printf '%s\n' "$err" | grep -c locked)" 0
chmod -R u+w .sousuo

# An index written by another tokenizer is refused, not silently empty.
"$DBTOOL" set-meta .sousuo sousuo.tokenizer "sousuo-tok/0 stem=english"
expect_rc "search with a tokenizer mismatch" 2 "$SEARCH" papa
expect_match "...asks for a full re-index" "$err" \
    "re-index with sousuo-index --full"
expect_rc "sousuo-index refuses to mix tokenizers" 2 "$INDEX" .
expect_match "...and says how to fix it" "$err" "sousuo-index --full"
expect_rc "--full fixes it" 0 "$INDEX" --full .
expect_rc "...search works again" 0 "$SEARCH" --files papa

# So is an index of a schema this sousuo does not read (lib/schema.h):
# an older one, or a newer sousuo's.  Schema 3 only has more positions.
"$DBTOOL" set-meta .sousuo sousuo.schema 3
expect_rc "a schema 3 index is searched" 0 "$SEARCH" --files papa
expect_rc "...and updated" 0 "$INDEX" .
for v in 2 99; do
    "$DBTOOL" set-meta .sousuo sousuo.schema $v
    expect_rc "search of a schema $v index" 2 "$SEARCH" papa
    expect_match "...names the schemas and the fix" "$err" \
        "has schema $v; this sousuo reads schemas 3 to [0-9]+: .*re-index with sousuo-index --full"
    expect_rc "sousuo-index refuses to add to it" 2 "$INDEX" .
    expect_match "...and says how to fix it" "$err" \
        "has schema $v; this sousuo-index updates schemas 3 to [0-9]+: .*re-index with sousuo-index --full"
done
expect_match "...a newer one: or with the sousuo that wrote it" "$err" \
    "use the newer sousuo-index that wrote it"
expect_rc "--full fixes it" 0 "$INDEX" --full .
expect_rc "...search works again" 0 "$SEARCH" --files papa

expect_rc "unknown option" 2 "$SEARCH" --frobnicate x
expect_rc "bad --limit" 2 "$SEARCH" --limit -3 x
expect_match "...explains" "$err" "--limit needs a number"
expect_rc "bad --color" 2 "$SEARCH" --color=sometimes x
# Every option is checked before any acts: --debug-tokens prints nothing
# when a later option is bad, and refuses what it would ignore.
expect_rc "--debug-tokens, then a bad option" 2 \
    "$SEARCH" --debug-tokens foo --bogus-option
expect_eq "...prints no tokens" "$out" ""
expect_match "...but the usage hint" "$err" "^Try 'sousuo-search --help'"
expect_rc "--debug-tokens, then a bad --limit" 2 \
    "$SEARCH" --debug-tokens foo --limit -3
expect_eq "...prints no tokens either" "$out" ""
expect_rc "--debug-tokens with a query argument" 2 "$SEARCH" --debug-tokens foo bar
expect_eq "...prints no tokens" "$out" ""
expect_rc "--debug-tokens with --serve" 2 "$SEARCH" --debug-tokens foo --serve </dev/null
expect_rc "--debug-tokens alone" 0 "$SEARCH" --debug-tokens foo
expect_match "...prints the terms" "$out" '"foo"'
expect_rc "no query" 2 "$SEARCH"
expect_rc "--help" 0 "$SEARCH" --help
expect_match "...documents the query language" "$out" "date:2023-09..2024-03"
expect_rc "indexer --help" 0 "$INDEX" --help
expect_rc "bad --encoding" 2 "$INDEX" --encoding no-such-charset .
expect_match "...is named" "$err" "no-such-charset"

# Hostile files: every one is handled, none stops the run.
mkdir -p "$TMP/h"
cd "$TMP/h" || exit 2
: >empty.txt
printf 'x' >one.txt
printf 'ok \377\376\300\200 bytes sierra\n' >invalid.txt
printf '\177ELF\002\001\001\000\000\000binary\000\000' >prog.txt
head -c 3000000 /dev/zero | tr '\0' 'a' >longline.txt
printf ' tango\n' >>longline.txt
# A NUL in the first 8 KiB means binary (as git and ripgrep decide);
# later, it is a separator like any invalid byte.
head -c 9000 /dev/zero | tr '\0' 'u' >nul.txt
printf ' uniform\000victor\n' >>nul.txt
printf 'early\000nul\n' >early-nul.txt
printf 'whiskey\n' >ok.txt
ln -s . loop
ln -s "$TMP/h" loop2
printf 'xray\n' >unreadable.txt
chmod 000 unreadable.txt
if [ "$(id -u)" = 0 ]; then
    # root reads anything: run as nobody to test the unreadable file.
    chown -R nobody "$TMP/h"
    chmod 755 "$TMP" "$TMP/h"
    RUNAS="setpriv --reuid=nobody --regid=nogroup --clear-groups"
else
    RUNAS=""
fi
expect_rc "a folder of hostile files" 1 $RUNAS "$INDEX" .
expect_match "...the unreadable file is named" "$err" \
    "unreadable.txt: Permission denied"
expect_match "...the others are indexed, the binary one skipped" "$err" \
    "6 added, .* 2 binary, 0 dangling links; 0 truncated; 1 errors"
expect_rc "invalid UTF-8 does not hide the rest" 0 "$SEARCH" --files sierra
expect_eq "...of the file" "$out" "invalid.txt"
expect_rc "the end of a 3 MB line is searchable" 0 "$SEARCH" --files tango
expect_eq "...in longline.txt" "$out" "longline.txt"
expect_rc "NUL is a separator, not an end" 0 "$SEARCH" --files victor
expect_eq "...in nul.txt" "$out" "nul.txt"
expect_rc "symlink loops are walked once" 0 "$SEARCH" --count whiskey
expect_eq "...one document, not one per loop" "$out" "1"
expect_rc "binary files are not indexed" 1 "$SEARCH" --files binary

# A link loop named first: an error for it alone; the other paths named
# are indexed all the same (the index is found from the link's folder).
_here=$(pwd)
mkdir "$TMP/lp" && cd "$TMP/lp" || exit 2
ln -s lb la && ln -s la lb && printf 'yankee\n' >y.txt
expect_rc "a link loop named alone, no index yet" 1 "$INDEX" la
expect_match "...says so" "$err" "la is a link that loops; with no index to update, none was made"
expect_eq "...and makes none" "$(ls -A)" "$(printf 'la\nlb\ny.txt')"
expect_rc "a link loop named first, then a file" 1 "$INDEX" la y.txt
expect_match "...names the loop" "$err" "la: Too many levels of symbolic links"
expect_rc "...and indexes the file" 0 "$SEARCH" --files yankee
expect_eq "...y.txt" "$out" "y.txt"
cd "$_here" || exit 2

# Counts are digits only and in range: strtoul alone takes " 5" and "-1".
for bad in '--batch=-1' '--batch=99999999999999999999' '--batch= 5' \
           '--batch=+5' '--batch=0' '--batch=10abc' '--jobs=-1' '--jobs= 2' \
           '--jobs=65' '--shards=-1' '--shards=+2' '--shards= 2' \
           '--max-size=-1' '--max-size=99999999999999999999' '--max-size=1T' \
           '--wait= 5' '--wait=+5' '--wait=-0' '--wait=86401'; do
    expect_rc "sousuo-index $bad is refused" 2 "$INDEX" "$bad" .
    expect_match "...and says what it needs" "$err" "needs a"
done

# A FIFO is never read (it could block forever), but not silently.
mkdir -p "$TMP/ff"
mkfifo "$TMP/ff/pipe"
printf 'zulu\n' >"$TMP/ff/z.txt"
# Named with no index above, nothing named can be indexed: no empty
# index is made in its folder (nor in /dev for /dev/null).
expect_rc "a FIFO named, with no index" 1 "$INDEX" -v "$TMP/ff/pipe"
expect_match "...says why" "$err" "pipe is a device, FIFO or socket"
expect_eq "...and makes no index" "$(ls -A "$TMP/ff" | tr '\n' ' ')" \
    "pipe z.txt "
mkdir -p "$TMP/fp"
printf 'zulu\n' >"$TMP/fp/z.pdf"
mkfifo "$TMP/fp/pipe"
expect_rc "an unsupported file named, with no index" 1 "$INDEX" "$TMP/fp/z.pdf"
expect_match "...says why" "$err" "z.pdf is not a format sousuo-index reads"
expect_rc "...nor with a FIFO" 1 "$INDEX" "$TMP/fp/z.pdf" "$TMP/fp/pipe"
expect_match "...says none can be" "$err" "no path named is a folder or a file"
expect_eq "...and makes no index" "$(ls -A "$TMP/fp" | tr '\n' ' ')" \
    "pipe z.pdf "
printf 'zulu\n' >"$TMP/fp/z.txt"
expect_rc "a file that can be, with one that cannot" 0 "$INDEX" \
    "$TMP/fp/z.pdf" "$TMP/fp/z.txt"
expect_eq "...makes the index in their folder" \
    "$(ls -A "$TMP/fp" | tr '\n' ' ')" ".sousuo pipe z.pdf z.txt "
expect_rc "a FIFO in a walked folder, with -v" 0 "$INDEX" -v "$TMP/ff"
expect_match "...is said to be skipped" "$err" "skip-special pipe"
expect_rc "a FIFO named, with the index there, with -v" 0 "$INDEX" -v \
    "$TMP/ff/pipe"
expect_match "...is said to be skipped too" "$err" "skip-special pipe"

# A run that fails leaves no new index behind: what it would refuse is
# refused before anything is made.
mkdir -p "$TMP/nd/old"
printf 'yankee\n' >"$TMP/nd/y.txt"
printf 'yankee\n' >"$TMP/nd/old/y.txt"
for layout in "" "--jobs 1" "--shards 2"; do
    expect_rc "--stem klingon ${layout:-(parts)} for a new index" 2 \
        "$INDEX" --stem klingon $layout "$TMP/nd"
    expect_match "...says why" "$err" "stemming language 'klingon'"
    expect_eq "...and makes no index" "$(ls -A "$TMP/nd" | tr '\n' ' ')" \
        "old y.txt "
done
expect_rc "a new index for a file, with a path outside its folder" 1 \
    "$INDEX" "$TMP/nd/old/y.txt" "$TMP/nd"
expect_match "...says why" "$err" "nd is outside .*/nd/old, where a new index"
expect_eq "...and makes no index" "$(ls -A "$TMP/nd/old")" "y.txt"

# A broken symlink is common in a real tree: the walk skips it (-v says
# why, the summary counts it) and the run exits 0, run after run.  One
# whose target goes leaves the index.  Named, it is an error that says
# what it is.
mkdir "$TMP/dl"
cd "$TMP/dl" || exit 2
printf 'zulu ok\n' >a.txt
printf 'zulu target\n' >t.txt
ln -s gone.txt dangling.txt
ln -s t.txt link.txt
for shards in 1 2; do
    rm -rf .sousuo t.txt link2.txt
    printf 'zulu target\n' >t.txt
    ln -s t.txt link2.txt
    expect_rc "a dangling link ($shards shards): exit 0" 0 \
        "$INDEX" -v --shards "$shards" .
    expect_match "...-v names it skipped" "$err" "^skip-dangling dangling.txt$"
    expect_match "...the summary counts it once" "$err" \
        " 0 binary, 1 dangling links; 0 truncated; 0 errors; "
    rm t.txt
    expect_rc "...its target gone, a link is skipped too" 0 "$INDEX" -v .
    expect_match "...and removed from the index" "$err" "^remove link.txt$"
    expect_match "...counted" "$err" \
        " 3 removed, .* 0 binary, 3 dangling links; 0 truncated; 0 errors; "
    expect_eq "...and no longer found" "$("$SEARCH" -n 50 --files zulu)" "a.txt"
done
expect_rc "a dangling link named is an error" 1 "$INDEX" dangling.txt
expect_match "...that says what it is" "$err" \
    "^sousuo-index: dangling.txt: symbolic link to a missing target 'gone.txt'$"
cd "$TMP" || exit 2

# With fds 1 and 2 closed, a file the indexer opens gets fd 2 (an update
# run: the flintlock of the index's database) and its messages (-v, and
# the dangling link named) were written into it; with 1 and 2 on
# /dev/null they go nowhere.  Not under valgrind: started with fd 2
# closed, it keeps that fd for its own log and refuses it to the program,
# which then stops (exit 2) before it opens anything.
mkdir "$TMP/nofd2" && cd "$TMP/nofd2" || exit 2
printf 'xray yankee\n' >a.txt
ln -s gone.txt dangling.txt
fd2_runs="first update"
if [ -n "${SOUSUO_TEST_WRAP:-}" ]; then
    fd2_runs=
    "$INDEX" -v . dangling.txt >&- 2>&-
    rc=$?
    expect_eq "stdout, stderr closed, under valgrind: exit 1 or 2, no leak (99)" \
        "$([ $rc = 1 ] || [ $rc = 2 ] && echo yes)" yes
    "$INDEX" -q . 2>/dev/null
    printf 'zulu yankee\n' >b.txt
    "$INDEX" -q . 2>/dev/null
    skip "stdout, stderr closed: under valgrind" \
        "valgrind keeps a closed fd 2 for its log"
fi
for run in $fd2_runs; do
    [ $run = update ] && printf 'zulu yankee\n' >b.txt
    "$INDEX" -v . dangling.txt >&- 2>&-
    expect_eq "stdout, stderr closed ($run run): the error still exits 1" "$?" 1
    expect_eq "...no message is written into a file of the index" \
        "$(grep -rl -e dangling -e 'add ' .sousuo)" ""
    expect_rc "...xapian-check finds no error in the index" 0 \
        xapian_check "$TMP/nofd2/.sousuo"
done
expect_rc "...which search still uses" 0 "$SEARCH" --files yankee
expect_eq "...and finds both files in" "$out" "$(printf 'a.txt\nb.txt')"
cd "$TMP" || exit 2

# An out-of-range --rank knob is named with its own range.
"$SEARCH" --rank title=200 whiskey 2>"$TMP/rank.err"
expect_match "--rank title=200 names title's range" "$(cat "$TMP/rank.err")" \
    "title from 0 to 100"

done_testing
