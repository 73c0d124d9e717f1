#!/bin/sh
# Hostile files and folders, all generated here: invalid UTF-8 of every
# class, 0- and 1-byte files, a huge single line, a file of NULs, deep
# nesting (and deeper than PATH_MAX), many files in one folder, awkward
# file names, unreadable files and folders, symlink loops, devices and
# FIFOs, a file replaced while being read.  Each has an asserted outcome
# (indexed, or skipped or refused with a reason); no run crashes (exit
# 0 or 1, never a signal) or stalls (each runs under timeout).
#
# SOUSUO_TEST_HUGE=1 makes the big cases full size: a 200 MB line and
# 100,000 files in one folder (about 1 min more; 2-3 under ASan).
# Otherwise they are 20 MB and 5,000 files.  The tree is indexed with
# --max-size 0, so that the 200 MB line is read and tokenized, not
# skipped as over the default 64M (T132 tests the limit).  Peak memory
# on them is measured by bench/bench-hostile.sh, not here.
. "$abs_top_srcdir/tests/cli/lib.sh"

if [ "${SOUSUO_TEST_HUGE:-0}" = 1 ]; then
    line_mb=200 many=100000 limit=900
elif [ -n "${SOUSUO_TEST_WRAP:-}" ]; then
    line_mb=2 many=500 limit=900 # under valgrind
else
    line_mb=20 many=5000 limit=300
fi
echo "# line of $line_mb MB, $many files in one folder (SOUSUO_TEST_HUGE=${SOUSUO_TEST_HUGE:-0})"

# run WHAT ARGS...: sousuo-index under timeout; $rc, $out, $err.  Exit 0
# or 1 (some files refused) is fine; 124 is a stall, >128 a crash.
run() {
    _what=$1
    shift
    timeout $limit "$@" >"$TMP/.out" 2>"$TMP/.err"
    rc=$?
    out=$(cat "$TMP/.out")
    err=$(cat "$TMP/.err")
    case $rc in
    0|1) ok "$_what: exit $rc, no crash, no stall" ;;
    124) not_ok "$_what: stalled (killed after $limit s)" "$(tail -3 "$TMP/.err")" ;;
    *) not_ok "$_what: exit $rc" "$(tail -5 "$TMP/.err")" ;;
    esac
}

# found WHAT WORD PATH: searching WORD finds exactly PATH.
found() {
    "$SEARCH" --files "$2" >"$TMP/.found" 2>&1
    expect_eq "$1" "$(cat "$TMP/.found")" "$3"
}

# json_ok WHAT QUERY: --json output is valid JSON in valid UTF-8.
json_ok() {
    if command -v python3 >/dev/null; then
        "$SEARCH" --json --limit 100 "$2" >"$TMP/.json" 2>/dev/null
        _r=$(python3 -c '
import json, sys
n = 0
for line in open(sys.argv[1], "rb"):
    json.loads(line.decode("utf-8"))  # strict: invalid UTF-8 raises
    n += 1
print(n)' "$TMP/.json" 2>&1)
        expect_match "$1 (JSON lines: $_r)" "$_r" '^[1-9][0-9]*$'
    else
        skip "$1" "no python3 to parse JSON"
    fi
}

mkdir -p "$TMP/h"
cd "$TMP/h" || exit 2

# ---- invalid UTF-8, one file per class, a word on each side ---------------
mkdir utf8
i=0
for bytes in '\200' '\277\200\201' '\300\200' '\301\277' '\340\200\200' '\340\237\277' \
    '\360\200\200\200' '\360\217\277\277' '\355\240\200' '\355\277\277' \
    '\364\220\200\200' '\367\277\277\277' '\370\210\200\200\200' \
    '\374\204\200\200\200\200' '\376' '\377' '\344\270' '\360\237\230' \
    '\344\270\255\200\346\226\207' '\357\273\277\377' '\357\277\276\357\277\277'; do
    i=$((i + 1))
    printf "before$i $bytes after$i\n" >"utf8/c$i.txt"
done
nclass=$i
# Truncated at the very end of the file, and a BOM then garbage.
printf 'before%d after%d \344\270' $((i + 1)) $((i + 1)) >"utf8/c$((i + 1)).txt"
printf '\357\273\277before%d \300 after%d\n' $((i + 2)) $((i + 2)) >"utf8/c$((i + 2)).txt"
nclass=$((i + 2))

# ---- sizes ------------------------------------------------------------
mkdir sizes
: >sizes/empty.txt
printf 'x' >sizes/one.txt
printf '\377' >sizes/one-ff.txt
printf '\000' >sizes/one-nul.txt
head -c 1048576 /dev/zero >sizes/nuls.txt
{ head -c $((line_mb * 1048576)) /dev/zero | tr '\0' 'a'; printf ' endofline\n'; } >sizes/line.txt

# ---- nesting ------------------------------------------------------------
d=deep
i=0
while [ $i -lt 100 ]; do d="$d/n$i"; i=$((i + 1)); done
mkdir -p "$d"
printf 'abyssal bottom\n' >"$d/bottom.txt"
deep_path="$d/bottom.txt"
# Deeper than PATH_MAX (4096): stat() on the path cannot reach it.
d=toolong
i=0
while [ $i -lt 60 ]; do
    d="$d/xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx$i"
    i=$((i + 1))
done
mkdir -p "$d" 2>/dev/null && (cd "$d" 2>/dev/null && printf 'unreachable\n' >deepest.txt)

# ---- file names -----------------------------------------------------------
mkdir names
printf 'wnewline\n' >"names/with
newline.txt"
printf 'wspace\n' >"names/with space.txt"
printf 'wtab\n' >"names/with	tab.txt"
printf 'wbadname\n' >"$(printf 'names/bad\377\376name.txt')"
printf 'wcjkname\n' >"names/中文名字 日本語.txt"
printf 'wdash\n' >"names/-dash.txt"
printf 'wbackslash\n' >'names/back\slash.txt'
printf 'wquotes\n' >"names/quo\"te's.txt"
printf 'wrtl\n' >"$(printf 'names/\342\200\256rtl.txt')"
printf 'wlongname\n' >"names/$(printf '%0250d' 0).txt"

# ---- links, devices, FIFOs -----------------------------------------------
mkdir -p links/a links/b links/c/d
printf 'wreal\n' >links/a/real.txt
ln -s ../b links/a/to-b
ln -s ../a links/b/to-a
ln -s ../../c links/c/d/up
ln -s loop2.txt links/loop1.txt
ln -s loop1.txt links/loop2.txt
ln -s self.txt links/self.txt
ln -s nowhere.txt links/dangling.txt
ln -s /dev/zero links/zero.txt
ln -s /dev/urandom links/random.txt
mkfifo links/fifo.txt

# ---- the run ----------------------------------------------------------------
start=$(date +%s)
run "indexing the hostile tree" "$INDEX" -v --max-size 0 .
echo "# indexed in $(($(date +%s) - start)) s"
printf '%s\n' "$err" | grep -v '^add ' | cut -c1-200 | sed 's/^/# /'
expect_eq "...some files refused: exit 1" "$rc" 1

i=1
bad=""
while [ $i -le $nclass ]; do
    [ "$("$SEARCH" --files "before$i" 2>&1)" = "utf8/c$i.txt" ] &&
        [ "$("$SEARCH" --files "after$i" 2>&1)" = "utf8/c$i.txt" ] ||
        bad="$bad c$i"
    i=$((i + 1))
done
expect_eq "invalid UTF-8 ($nclass classes): each file indexed, the words on both sides found" \
    "$bad" ""
json_ok "...and --json output over them is valid UTF-8 JSON" 'before1 OR before5 OR before9 OR before13 OR before17 OR before21 OR before23'
"$SEARCH" --vimgrep 'after5 OR after12 OR after14' >"$TMP/vim" 2>&1
expect_eq "...--vimgrep output too" "$(iconv -f UTF-8 -t UTF-8 "$TMP/vim" >/dev/null 2>&1 && echo valid)" valid

expect_match "a 0-byte file is indexed" "$err" "^add sizes/empty.txt$"
expect_match "a 1-byte file is indexed" "$err" "^add sizes/one.txt$"
expect_match "a 1-byte invalid UTF-8 file is indexed" "$err" "^add sizes/one-ff.txt$"
expect_match "a 1-byte NUL file is binary, skipped" "$err" "^skip-binary sizes/one-nul.txt$"
expect_match "a file of NULs is binary, skipped" "$err" "^skip-binary sizes/nuls.txt$"
found "the end of a $line_mb MB line is searchable" endofline sizes/line.txt

found "100 levels down, indexed" abyssal "$deep_path"
expect_match "deeper than PATH_MAX: refused with the reason" "$err" \
    "^sousuo-index: toolong/.*: File name too long$"

found "a name with a newline" wnewline "names/with
newline.txt"
found "a name with a space" wspace "names/with space.txt"
found "a name with a tab" wtab "names/with	tab.txt"
found "a name in invalid UTF-8" wbadname "$(printf 'names/bad\377\376name.txt')"
found "a CJK name" wcjkname "names/中文名字 日本語.txt"
found "a name starting with a dash" wdash "names/-dash.txt"
found "a name with a backslash" wbackslash 'names/back\slash.txt'
found "a name with quotes" wquotes "names/quo\"te's.txt"
found "a name with a right-to-left override" wrtl "$(printf 'names/\342\200\256rtl.txt')"
found "a 254-byte name" wlongname "names/$(printf '%0250d' 0).txt"
json_ok "--json over every odd name is valid UTF-8 JSON" \
    'wnewline OR wspace OR wtab OR wbadname OR wcjkname OR wbackslash OR wquotes OR wrtl'
"$SEARCH" --json wnewline >"$TMP/.json" 2>&1
expect_match "...a newline in a path is escaped" "$(cat "$TMP/.json")" \
    '"path":"names/with\\nnewline.txt"'

found "folder loops are walked once" wreal "links/a/real.txt"
expect_match "a symlink loop between files is refused with the reason" "$err" \
    "^sousuo-index: links/loop1.txt: Too many levels of symbolic links$"
expect_match "...a symlink to itself too" "$err" \
    "^sousuo-index: links/self.txt: Too many levels of symbolic links$"
expect_match "a dangling symlink is skipped, and -v says why" "$err" \
    "^skip-dangling links/dangling.txt$"
expect_eq "devices and FIFOs are never opened" \
    "$(printf '%s\n' "$err" | grep -E 'zero|random|fifo' |
       grep -v '^skip-special ')" ""
expect_match "...but -v names them as skipped" "$err" "^skip-special links/fifo.txt$"
# A line over 64 MiB is stored up to there (INDEXDOC_MAX_STORED).
ntrunc=$((line_mb > 64 ? 1 : 0))
expect_match "the summary counts it all" "$err" \
    "; skipped 0 unsupported, 0 too large, 2 binary, 1 dangling links; $ntrunc truncated; 4 errors; "

run "a second run over it" "$INDEX" --max-size 0 .
expect_match "...changes nothing" "$err" " 0 added, 0 updated, 0 removed, "

# Deleted below a long path: an id term keeps only the path's first
# ID_TERM_KEEP bytes (lib/schema.h), fewer than the path named has.
deep_dir=${deep_path%/*}
mkdir "$deep_dir/sub"
printf 'abyssal twin\n' >"$deep_dir/twin.txt"
printf 'abyssal sub\n' >"$deep_dir/sub/s.txt"
printf 'abyssal gone\n' >"$deep_dir/gone.txt"
"$INDEX" -q "$deep_dir"
rm "$deep_dir/twin.txt"
run "a deleted file below a long path, named" "$INDEX" "$deep_dir/twin.txt"
expect_match "...is removed" "$err" " 0 added, 0 updated, 1 removed, "
rm -r "$deep_dir/sub"
run "...a deleted folder there, named" "$INDEX" "$deep_dir/sub"
expect_match "...is removed" "$err" " 0 added, 0 updated, 1 removed, "
rm "$deep_dir/gone.txt"
run "...its folder named" "$INDEX" "$deep_dir"
expect_match "...removes the deleted file alone" "$err" \
    " 0 added, 0 updated, 1 removed, 1 unchanged, "
found "...and what is left is found" abyssal "$deep_path"

# ---- many files in one folder ---------------------------------------------
mkdir -p "$TMP/many/one"
(cd "$TMP/many/one" && awk -v n=$many 'BEGIN {
    for (i = 0; i < n; i++) {
        f = sprintf("f%06d.txt", i)
        printf "crowded file %d\n", i > f
        close(f)
    }
}')
start=$(date +%s)
run "$many files in one folder" "$INDEX" "$TMP/many"
echo "# indexed in $(($(date +%s) - start)) s"
expect_match "...all added" "$err" ": $many added, "
expect_rc "...all found" 0 "$SEARCH" --index "$TMP/many/.sousuo" --count crowded
expect_eq "...$many of them" "$out" "$many"
run "...again" "$INDEX" "$TMP/many"
expect_match "...unchanged" "$err" " $many unchanged, "
rm -rf "$TMP/many"

# ---- unreadable files and folders ------------------------------------------
mkdir -p "$TMP/p/closed" "$TMP/p/noread" "$TMP/p/noexec" "$TMP/p/open"
for d in closed noread noexec open; do printf 'w%s\n' $d >"$TMP/p/$d/a.txt"; done
printf 'wsecret\n' >"$TMP/p/open/secret.txt"
if [ "$(id -u)" = 0 ]; then
    if command -v setpriv >/dev/null && id nobody >/dev/null 2>&1; then
        # root reads everything: be nobody for this part.
        chown -R nobody "$TMP/p"
        chmod 755 "$TMP"
        RUNAS="setpriv --reuid=nobody --regid=$(id -g nobody) --clear-groups"
    else
        RUNAS=skip
    fi
else
    RUNAS=""
fi
if [ "$RUNAS" = skip ]; then
    skip "unreadable files and folders" "running as root without setpriv: root reads everything"
else
    run "a readable tree" $RUNAS "$INDEX" "$TMP/p"
    chmod 000 "$TMP/p/closed"
    chmod 300 "$TMP/p/noread"
    chmod 600 "$TMP/p/noexec"
    printf 'wsecret changed\n' >"$TMP/p/open/secret.txt"
    chmod 000 "$TMP/p/open/secret.txt"
    run "the same tree, unreadable in parts" $RUNAS "$INDEX" "$TMP/p"
    expect_eq "...exit 1" "$rc" 1
    expect_eq "...each unreadable part named" "$(printf '%s\n' "$err" | grep -v '^sousuo-index: /' | sort)" \
"sousuo-index: closed: Permission denied
sousuo-index: noexec/a.txt: Permission denied
sousuo-index: noread: Permission denied
sousuo-index: open/secret.txt: Permission denied"
    expect_match "...and counted" "$err" "; 4 errors; "
    bad=""
    for w in wclosed wnoread wnoexec wopen wsecret; do
        $RUNAS "$SEARCH" --index "$TMP/p/.sousuo" --count "$w" >"$TMP/.c" 2>&1
        [ "$(cat "$TMP/.c")" = 1 ] || bad="$bad $w:$(cat "$TMP/.c")"
    done
    expect_eq "...what the index had there stays searchable" "$bad" ""
fi
chmod -R u+rwx "$TMP/p"

# ---- a file replaced while being read ----------------------------------------
# 2 MB files, rewritten in place (cp) and swapped by rename (mv) in a
# loop while sousuo-index reads them again and again; then the loop
# stops, and one more run must leave the index equal to a clean build:
# whatever half-read state a run saw, its recorded size and mtime send
# the file to be read again.
mkdir -p "$TMP/r/t"
awk 'BEGIN { for (i = 0; i < 100000; i++) printf "oldversion line %d\n", i }' >"$TMP/r/old"
awk 'BEGIN { for (i = 0; i < 75000; i++) printf "newversion text %d\n", i }' >"$TMP/r/new"
cp "$TMP/r/old" "$TMP/r/t/inplace.txt"
cp "$TMP/r/old" "$TMP/r/t/renamed.txt"
printf 'steady\n' >"$TMP/r/t/steady.txt"
: >"$TMP/r/go"
(
    n=0
    while [ -f "$TMP/r/go" ]; do
        if [ $((n % 2)) = 0 ]; then src="$TMP/r/new"; else src="$TMP/r/old"; fi
        cp "$src" "$TMP/r/t/inplace.txt"
        cp "$src" "$TMP/r/t/.tmp-swap" && mv "$TMP/r/t/.tmp-swap" "$TMP/r/t/renamed.txt"
        n=$((n + 1))
    done
) &
churn=$!
bad=""
i=0
while [ $i -lt 6 ]; do
    timeout $limit "$INDEX" -q --full "$TMP/r/t" >"$TMP/.out" 2>&1
    rc=$?
    [ $rc -le 1 ] || bad="$bad run $i: exit $rc $(head -c 200 "$TMP/.out");"
    # A file swapped by rename is read whole, one version or the other
    # (one rewritten in place may be read half old, half new).
    o=$("$SEARCH" --index "$TMP/r/t/.sousuo" --count "path:renamed.txt oldversion" 2>/dev/null)
    n=$("$SEARCH" --index "$TMP/r/t/.sousuo" --count "path:renamed.txt newversion" 2>/dev/null)
    [ "${o:-0}${n:-0}" = 10 ] || [ "${o:-0}${n:-0}" = 01 ] ||
        bad="$bad run $i: renamed.txt: $o old, $n new;"
    i=$((i + 1))
done
rm "$TMP/r/go"
wait $churn
expect_eq "6 runs while two files were replaced under them: no crash, a renamed file read whole" "$bad" ""
run "...one more run, the files at rest" "$INDEX" -q "$TMP/r/t"
"$DBTOOL" dump "$TMP/r/t/.sousuo" >"$TMP/r.dump"
cp -R "$TMP/r/t" "$TMP/r/clean"
rm -rf "$TMP/r/clean/.sousuo"
"$INDEX" -q "$TMP/r/clean"
"$DBTOOL" dump "$TMP/r/clean/.sousuo" >"$TMP/rclean.dump"
expect_eq "...and the index equals a clean build" \
    "$(cmp "$TMP/r.dump" "$TMP/rclean.dump" 2>&1 && echo same)" "same"
rm -rf "$TMP/r"

done_testing
