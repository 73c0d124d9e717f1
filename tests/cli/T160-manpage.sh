#!/bin/sh
# Man pages: sousuo-search(1) documents the options its --help lists, no
# more, and none that the program rejects; every page in doc/ is installed and
# formats without a groff warning.
. "$abs_top_srcdir/tests/cli/lib.sh"

PAGE="$abs_top_srcdir/doc/sousuo-search.1"

# help_options PROG: the options at the start of PROG --help's option
# lines ("  -i, --index DIR  ..."), one a line.
help_options() {
    "$1" --help | awk '/^ +-/ {
        for (i = 1; i <= NF; i++) {
            o = $i
            sub(/,$/, "", o)
            if (o !~ /^(-[A-Za-z0-9]|--[a-z][a-z0-9-]*)$/)
                break
            print o
        }
    }'
}

# page_options PAGE: the options in the headings of PAGE's OPTIONS items
# (the line after each .TP), one a line.
page_options() {
    awk '/^\.SH/ { opts = ($0 ~ /^\.SH "?OPTIONS"?$/) }
         opts && prev == ".TP" { print }
         { prev = $0 }' "$1" |
        sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' -e 's/[",]/ /g' |
        awk '{ for (i = 1; i <= NF; i++) print $i }' |
        grep -E '^(-[A-Za-z0-9]|--[a-z][a-z0-9-]*)$'
}

expect_eq "doc/sousuo-search.1 exists" "$(test -f "$PAGE" && echo yes)" yes
help_options "$SEARCH" >"$TMP/help"
page_options "$PAGE" >"$TMP/page"
expect_match "--help lists options" "$(cat "$TMP/help")" '^--index$'

missing=
for o in $(cat "$TMP/help"); do
    grep -qxe "$o" "$TMP/page" || missing="$missing $o"
done
expect_eq "every option of --help is under OPTIONS in sousuo-search(1)" \
    "$missing" ""
unlisted=
for o in $(cat "$TMP/page"); do
    grep -qxe "$o" "$TMP/help" || unlisted="$unlisted $o"
done
expect_eq "...and --help lists every option of the page" "$unlisted" ""

# The other way: the page names no option that getopt refuses.  (Run
# where there is no index, on empty input: nothing gets searched.)
mkdir -p "$TMP/empty" && cd "$TMP/empty" || exit 2
refused=
for o in $(cat "$TMP/page"); do
    "$SEARCH" "$o" </dev/null >/dev/null 2>"$TMP/opt.err"
    grep -Eq 'unrecognized option|invalid option' "$TMP/opt.err" &&
        refused="$refused $o"
done
expect_eq "sousuo-search accepts every option of its page" "$refused" ""

# sousuo-index --help says what sousuo-index(1) says: every file
# extension indexed, and where the index goes.
IPAGE="$abs_top_srcdir/doc/sousuo-index.1"
"$INDEX" --help >"$TMP/ihelp"
exts=$(sed -n '/^Plain text/,/^\.PP/p' "$IPAGE" |
    grep -o '\\fI\.[a-z]*\\fR' | sed 's/\\f[IR]//g')
expect_match "sousuo-index(1) lists the extensions" "$exts" '^\.xhtml$'
unlisted=
for e in $exts; do
    grep -q -e "$e[,)]" "$TMP/ihelp" || unlisted="$unlisted $e"
done
expect_eq "sousuo-index --help lists every extension of its page" "$unlisted" ""
expect_match "...and puts the index at or above the first PATH, as the page" \
    "$(tr '\n' ' ' <"$TMP/ihelp")" "nearest folder at or above the first PATH"
# The encodings detected, as the page names them (GBK is GB18030's
# subset, said only on the page).
encs=$(sed -n '/^Text may be/,/^is detected/p' "$IPAGE" |
    tr -s ' /(),;' '\n' |
    grep -E '^(UTF-[0-9]+|GB18030|Big5|Shift_JIS|EUC-[A-Z]+|ISO-2022-[A-Z]+|windows-[0-9]+)$')
expect_match "sousuo-index(1) lists the encodings" "$encs" '^windows-1252$'
expect_match "...ISO-2022-JP among them" "$encs" '^ISO-2022-JP$'
unlisted=
for e in $encs; do
    grep -q -e "$e" "$TMP/ihelp" || unlisted="$unlisted $e"
done
expect_eq "sousuo-index --help lists every encoding of its page" "$unlisted" ""

# Installed: automake lists every page of doc/ in man1_MANS or man7_MANS
# (which EXTRA_DIST also puts in the tarball).
installed=$(sed -n 's/^man[17]_MANS = //p' "$abs_top_builddir/Makefile" |
    tr '\n' ' ')
uninstalled=
for p in "$abs_top_srcdir"/doc/*.1 "$abs_top_srcdir"/doc/*.7; do
    case " $installed " in
    *" doc/${p##*/} "*) ;;
    *) uninstalled="$uninstalled ${p##*/}" ;;
    esac
done
expect_eq "every man page in doc/ is installed" "$uninstalled" ""

# -Tutf8 so that the CJK examples have glyphs; -ww: all warnings.
for p in "$abs_top_srcdir"/doc/*.1 "$abs_top_srcdir"/doc/*.7; do
    if command -v groff >/dev/null; then
        expect_eq "groff formats ${p##*/} without warnings" \
            "$(groff -ww -z -man -Kutf8 -Tutf8 "$p" 2>&1)" ""
    else
        skip "groff formats ${p##*/} without warnings" "no groff"
    fi
done

done_testing
