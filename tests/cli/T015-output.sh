#!/bin/sh
# Output formats: JSON offsets in bytes, code points and UTF-16 units all
# point at the match; colour only when asked or on a terminal.
. "$abs_top_srcdir/tests/cli/lib.sh"

in_corpus
"$INDEX" -q .
# A file with astral characters before the match: UTF-16 and code point
# offsets differ from each other and from bytes.
printf 'Emoji 😀😀 first, then 𠀀 and the 产业链 again; Straße too.\n' >astral.txt
"$INDEX" -q astral.txt

if command -v python3 >/dev/null; then
    for q in 产业链 DeepSeek strasse '"national rejuvenation"'; do
        "$SEARCH" --json --limit 5 "$q" >"$TMP/json"
        res=$(python3 - "$TMP/json" <<'PY'
import json, sys, unicodedata
lines = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
hits, summary = lines[:-1], lines[-1]
problems = []
assert summary["type"] == "summary" and summary["format_version"] == 1
assert summary["returned"] == len(hits)
for h in hits:
    assert h["type"] == "hit" and h["format_version"] == 1
    s = h["snippet"]
    b = s.encode("utf-8")
    u16 = s.encode("utf-16-le")
    for hl in h["highlights"]:
        by = b[hl["bytes"]["start"]:hl["bytes"]["end"]].decode("utf-8")
        ch = s[hl["chars"]["start"]:hl["chars"]["end"]]
        u = u16[2 * hl["utf16"]["start"]:2 * hl["utf16"]["end"]].decode("utf-16-le")
        if not (by == ch == u):
            problems.append("units disagree: %r %r %r" % (by, ch, u))
    # line/column (bytes) and the first match in the file itself
    with open(h["path"], encoding="utf-8") as f:
        line = f.read().split("\n")[h["line"] - 1]
    at_b = line.encode("utf-8")[h["column"] - 1:]
    at_c = line[h["char_column"] - 1:]
    at_u = line.encode("utf-16-le")[2 * (h["utf16_column"] - 1):].decode("utf-16-le")
    if not (at_b.decode("utf-8") == at_c == at_u):
        problems.append("columns disagree in %s" % h["path"])
    if not h["highlights"]:
        problems.append("no highlight in %s" % h["path"])
print("; ".join(problems) if problems else "consistent %d" % len(hits))
PY
)
        expect_match "JSON offsets for '$q' agree in bytes, chars and UTF-16" "$res" "^consistent [1-9]"
    done
    "$SEARCH" --json 产业链 | head -1 >"$TMP/one"
    expect_eq "the highlighted bytes are the match" "$(python3 -c '
import json, sys
h = json.load(open(sys.argv[1]))
s = h["snippet"].encode("utf-8")
print(s[h["highlights"][0]["bytes"]["start"]:h["highlights"][0]["bytes"]["end"]].decode())' "$TMP/one")" "产业链"
    "$SEARCH" --json --limit 1 '产业链 path:astral.txt' >"$TMP/one"
    expect_eq "astral characters: UTF-16 column counts surrogate pairs" \
        "$(python3 -c '
import json, sys
h = json.loads(open(sys.argv[1]).readline())
print(h["column"], h["char_column"], h["utf16_column"])' "$TMP/one")" "41 32 35"
else
    skip "JSON offsets" "no python3"
fi

# doc/json-output.md lists the members --json prints, no more, no fewer:
# those of a hit with --explain, and of the summary (but missing_shards,
# printed only when remote shards are down: T145-remote.sh).
if command -v python3 >/dev/null; then
    "$SEARCH" --json --explain --limit 3 'productive forces' >"$TMP/doc.json"
    expect_eq "doc/json-output.md lists the members --json --explain prints" \
        "$(python3 - "$abs_top_srcdir/doc/json-output.md" "$TMP/doc.json" <<'PY'
import json, re, sys
doc, section = {}, None
for line in open(sys.argv[1], encoding="utf-8"):
    m = re.match(r'## `"type": "(\w+)"`', line)
    if m:
        section = doc.setdefault(m.group(1), set())
    m = re.match(r"\| `(\w+)` \|", line)
    if m and section is not None:
        section.add(m.group(1))
printed = {}
for line in open(sys.argv[2], encoding="utf-8"):
    o = json.loads(line)
    printed.setdefault(o["type"], set()).update(set(o) - {"format_version", "type"})
doc.get("summary", set()).discard("missing_shards")
problems = []
for t in sorted(set(doc) | set(printed)):
    for k in sorted(printed.get(t, set()) - doc.get(t, set())):
        problems.append("%s: %s printed, not documented" % (t, k))
    for k in sorted(doc.get(t, set()) - printed.get(t, set())):
        problems.append("%s: %s documented, not printed" % (t, k))
print("; ".join(problems) or "same")
PY
)" same
else
    skip "doc/json-output.md lists the members --json prints" "no python3"
fi

# Snippets never cut a grapheme cluster: family emoji (ZWJ sequences)
# and runs of flags (regional indicator pairs) at the window's edges.  The
# files are written as lists of clusters, which say where each one starts.
if command -v python3 >/dev/null; then
    mkdir "$TMP/gc"
    cat >"$TMP/gc/clusters.py" <<'PY'
import json, sys
FAMILY = "\U0001F468\u200d\U0001F469\u200d\U0001F467\u200d\U0001F466"
CN, JP = "\U0001F1E8\U0001F1F3", "\U0001F1EF\U0001F1F5"
DOCS = {
    "a.txt": list("A\n\nwombat ") + (list("xxx") + [FAMILY]) * 80 + ["\n"],
    "b.txt": list("B\n\nquokka ") + [CN, JP] * 100 + ["\n"],
    "d.txt": list("D\n\n") + [CN, JP] * 100 + list(" possum\n"),
    "e.txt": list("E\n\n") + [CN, JP] * 100 + ["\U0001F1E8"] + list(" possum\n"),
}
if sys.argv[1] == "write":
    for name, clusters in DOCS.items():
        open(name, "w", encoding="utf-8").write("".join(clusters))
    sys.exit(0)
problems = []
for line in open(sys.argv[1], encoding="utf-8"):
    h = json.loads(line)
    if h["type"] != "hit":
        continue
    clusters = DOCS[h["path"]]
    starts, at = {0}, 0
    for c in clusters:
        at += len(c.encode("utf-8"))
        starts.add(at)
    text = "".join(clusters).encode("utf-8")
    snip = h["snippet"].encode("utf-8")
    ws = h["offset"] - h["highlights"][0]["bytes"]["start"]
    we = ws + len(snip)
    if text[ws:we] != snip:
        problems.append("%s: the snippet is not the text at %d" % (h["path"], ws))
    elif ws not in starts or we not in starts:
        problems.append("%s: %r...%r cuts a cluster" % (h["path"], snip[:8], snip[-8:]))
print("; ".join(problems) if problems else "whole")
PY
    (cd "$TMP/gc" && python3 clusters.py write && "$INDEX" -q .) ||
        not_ok "index the grapheme fixture"
    for q in wombat quokka possum; do
        (cd "$TMP/gc" && "$SEARCH" --json "$q") >"$TMP/gc.json"
        expect_eq "the snippets for '$q' start and end between clusters" \
            "$(python3 "$TMP/gc/clusters.py" "$TMP/gc.json")" "whole"
    done
else
    skip "grapheme clusters at the snippet edges" "no python3"
fi

# Colour.
ESC=$(printf '\033')
expect_rc "--color=always" 0 "$SEARCH" --color=always 产业链
expect_match "...highlights with ANSI colour" "$out" "${ESC}\\[1;31m产业链${ESC}\\[0m"
expect_rc "--colour=always (NO_COLOR is set: always wins)" 0 \
    "$SEARCH" --colour=always 产业链
expect_match "...the same as --color" "$out" "${ESC}\\[1;31m产业链${ESC}\\[0m"
expect_rc "--color=never" 0 "$SEARCH" --color=never 产业链
expect_eq "...has no escape" "$(printf '%s' "$out" | tr -cd '\033' | wc -c | tr -d ' ')" "0"
expect_rc "auto, not a terminal" 0 "$SEARCH" 产业链
expect_eq "...has no escape" "$(printf '%s' "$out" | tr -cd '\033' | wc -c | tr -d ' ')" "0"
if command -v script >/dev/null; then
    env -u NO_COLOR script -qfec "$SEARCH 产业链" /dev/null >"$TMP/tty"
    expect_match "auto on a terminal colours" "$(cat "$TMP/tty")" "${ESC}\\[1;31m"
    NO_COLOR=1 script -qfec "$SEARCH 产业链" /dev/null >"$TMP/tty"
    expect_eq "...unless NO_COLOR is set" \
        "$(tr -cd '\033' <"$TMP/tty" | wc -c | tr -d ' ')" "0"
    # no-color.org: set but empty is the same as unset.
    NO_COLOR= script -qfec "$SEARCH 产业链" /dev/null >"$TMP/tty"
    expect_match "...but an empty NO_COLOR is no NO_COLOR" "$(cat "$TMP/tty")" \
        "${ESC}\\[1;31m"
    NO_COLOR= script -qfec "$SEARCH --color=never 产业链" /dev/null >"$TMP/tty"
    expect_eq "...and --color=never still wins" \
        "$(tr -cd '\033' <"$TMP/tty" | wc -c | tr -d ' ')" "0"
else
    skip "auto on a terminal" "no script(1)"
    skip "NO_COLOR" "no script(1)"
    skip "empty NO_COLOR" "no script(1)"
    skip "empty NO_COLOR, --color=never" "no script(1)"
fi

# --files, --count, --limit, --offset.
expect_rc "--count" 0 "$SEARCH" --count productive
expect_eq "...is a number" "$out" "2"
expect_rc "--limit 1" 0 "$SEARCH" --files --limit 1 productive
first=$out
expect_rc "--offset 1" 0 "$SEARCH" --files --limit 1 --offset 1 productive
expect_eq "...gives the next hit" "$(printf '%s\n%s\n' "$first" "$out" | sort -u | wc -l | tr -d ' ')" "2"
expect_rc "--offset past the end" 1 "$SEARCH" --files --offset 5 productive

# --null: paths for xargs -0, even one with a newline in its name.
mkdir "$TMP/nul"
printf 'zebra9 one\n' >"$TMP/nul/plain.txt"
printf 'zebra9 two zebra9\n' >"$TMP/nul/two
lines.txt"
(cd "$TMP/nul" && "$INDEX" -q .) || not_ok "index the --null fixture"
got=$(cd "$TMP/nul" && "$SEARCH" --files --null zebra9 | tr '\0\n' '|#')
expect_eq "--files --null ends each path with a NUL" "$got" "two#lines.txt|plain.txt|"
got=$(cd "$TMP/nul" && "$SEARCH" -l0 zebra9 | xargs -0 cat | tr '\n' ' ')
expect_eq "...which xargs -0 reads back" "$got" "zebra9 two zebra9 zebra9 one "
expect_rc "--null without --files" 2 "$SEARCH" --null productive
expect_match "...is refused" "$err" "--null goes with --files"
expect_rc "--null with --count" 2 "$SEARCH" --files --count --null productive

# A document's control characters never reach the terminal: ESC (which
# starts a sequence that clears the screen or retitles the window), BEL,
# DEL and the C1 CSI (U+009B) print as spaces.
mkdir "$TMP/esc"
printf 'Title\n\nbefore \033[2J\033]0;owned\007 quagga \177 \302\233 after\n' \
    >"$TMP/esc/esc.txt"
(cd "$TMP/esc" && "$INDEX" -q .) || not_ok "index the escape fixture"
for mode in --color=never --vimgrep; do
    got=$(cd "$TMP/esc" && "$SEARCH" $mode quagga)
    expect_eq "$mode: no control character printed" \
        "$(printf '%s' "$got" | LC_ALL=C tr -d '\n' | LC_ALL=C tr -d '\040-\176\200-\377' | od -An -c)" ""
    expect_eq "$mode: nor a C1 control" \
        "$(printf '%s' "$got" | grep -c "$(printf '\302\233')")" 0
    expect_match "$mode: ...the text around them is there" "$got" \
        "before  *\\[2J  *\\]0;owned  *quagga  *after"
done
# Nor a file name's, in the output for people and in --vimgrep (one
# quickfix entry per line); --files keeps the exact name (use -0).
printf '<p>quagga</p>\n' >"$TMP/esc/$(printf 'x\033[2Jy.html')"
printf 'A \302\233title\n\nquagga\n' >"$TMP/esc/c1.txt"
(cd "$TMP/esc" && "$INDEX" -q .) || not_ok "index the escape fixture"
got=$(cd "$TMP/esc" && "$SEARCH" --color=never quagga)
expect_eq "a file name's control characters are not printed either" \
    "$(printf '%s' "$got" | LC_ALL=C tr -d '\n' | LC_ALL=C tr -d '\040-\176\200-\377' | od -An -c)" ""
expect_match "...the name is there" "$got" "^   x \\[2Jy.html:1:4 "
expect_match "...also as the title of an untitled file" "$got" "^[0-9]\\. x \\[2Jy.html$"
expect_eq "...nor a title's C1 control" "$(printf '%s' "$got" | grep -c "$(printf '\302\233')")" 0
printf 'quagga\n' >"$TMP/esc/$(printf 'nl\nna\tme.txt')"
(cd "$TMP/esc" && "$INDEX" -q .) || not_ok "index the escape fixture"
got=$(cd "$TMP/esc" && "$SEARCH" --vimgrep quagga)
expect_eq "--vimgrep: one line per match, whatever the file names" \
    "$(printf '%s\n' "$got" | grep -c ':[0-9]*:[0-9]*:')" \
    "$(printf '%s\n' "$got" | wc -l | tr -d ' ')"
expect_match "...a newline or tab in a name is a space" "$got" "^nl na me\.txt:1:1:quagga\$"
expect_match "...so is an escape" "$got" "^x \\[2Jy\.html:1:4:"
got=$(cd "$TMP/esc" && "$SEARCH" --files -0 quagga | LC_ALL=C tr '\0\n\t' '|NT')
expect_match "--files -0 keeps the exact name" "|$got" "\\|nlNnaTme\.txt\\|"

# The total under the hits: a count when Xapian counted them all, else
# an estimate, said so (it moves with --limit).
mkdir "$TMP/est"
i=0
while [ $i -lt 600 ]; do
    case $((i % 3)) in
    0) t='quick brown fox' ;; 1) t='brown dog quick' ;; *) t='lazy cat' ;;
    esac
    printf 'Doc %d\n\n%s %s\n' $i "$t" "$(printf '%*s' $((i % 50)) '' | tr ' ' x)" \
        >"$TMP/est/f$i.txt"
    i=$((i + 1))
done
(cd "$TMP/est" && "$INDEX" -q .) || not_ok "index the estimate fixture"
got=$(cd "$TMP/est" && "$SEARCH" --color=never --limit 1 'quick brown' | tail -1)
expect_match "an estimated total says so" "$got" '^\(about [0-9]+ matches\)$'
got=$(cd "$TMP/est" && "$SEARCH" --color=never --limit 1000 'quick brown' | tail -1)
expect_eq "...a counted one does not" "$got" "(400 matches)"
expect_rc "--limit 0: no hits" 1 sh -c "cd '$TMP/est' && '$SEARCH' --limit 0 quick"
expect_match "...but not 'no matches'" "$err" \
    "^sousuo-search: (about )?[0-9]+ matches for 'quick', none on this page \\(--offset 0 --limit 0\\)$"
expect_rc "--offset past the hits" 1 sh -c "cd '$TMP/est' && '$SEARCH' --offset 999 lazy"
expect_match "...says how many there are" "$err" \
    "^sousuo-search: 200 matches for 'lazy', none on this page \\(--offset 999 --limit 10\\)$"

# --vimgrep lists a hit with no located match too (at 1:1, its title or
# first line), so exit status 0 always means something was printed.
mkdir -p "$TMP/vg"
printf '<html>\n<head>\n<title>Quarterly report</title>\n</head>\n<body>\n<p>Numbers.</p>\n</body>\n</html>\n' >"$TMP/vg/r.html"
printf 'Plain first line\nsecond\n' >"$TMP/vg/p.txt"
(cd "$TMP/vg" && "$INDEX" -q .) || not_ok "index the --vimgrep tree"
got=$(cd "$TMP/vg" && "$SEARCH" --vimgrep quarterly)
expect_eq "--vimgrep: a word only in an HTML <title>" "$got" \
    "r.html:1:1:Quarterly report"
got=$(cd "$TMP/vg" && "$SEARCH" --vimgrep ext:txt)
expect_eq "--vimgrep: a filter-only query, the first line" "$got" \
    "p.txt:1:1:Plain first line"

# A tree moved or copied with its index: hits name the files where they
# are now, not where the index was built.
mkdir -p "$TMP/mv1/sub"
printf 'Title\n\nwallaby here\n' >"$TMP/mv1/sub/a.txt"
(cd "$TMP/mv1" && "$INDEX" -q .) || not_ok "index the tree to move"
cp -R "$TMP/mv1" "$TMP/cp1"
got=$(cd "$TMP/cp1" && "$SEARCH" --vimgrep wallaby)
expect_eq "a copied tree: hits are its own files, not the original's" "$got" \
    "sub/a.txt:3:1:wallaby here"
mv "$TMP/mv1" "$TMP/mv2"
got=$(cd "$TMP/mv2/sub" && "$SEARCH" --vimgrep wallaby)
expect_eq "a moved tree: hits are where the files are now" "$got" "a.txt:3:1:wallaby here"
got=$(cd "$TMP" && "$SEARCH" --index "$TMP/mv2/.sousuo" --files wallaby)
expect_eq "...from anywhere" "$got" "mv2/sub/a.txt"
expect_rc "...and sousuo-index --index .sousuo updates it there" 0 \
    sh -c "cd '$TMP/mv2' && '$INDEX' --index .sousuo ."
expect_match "...finding every file unchanged" "$err" " 0 added, 0 updated, 0 removed, 1 unchanged"
# Sharded, opened through its stub file: still the tree where it is now.
mkdir -p "$TMP/sh1/sub"
printf 'Title\n\nnumbat here\n' >"$TMP/sh1/sub/q.txt"
(cd "$TMP/sh1" && "$INDEX" -q --shards 2 .) || not_ok "index the sharded tree to move"
mv "$TMP/sh1" "$TMP/sh2"
got=$(cd "$TMP" && "$SEARCH" --index "$TMP/sh2/.sousuo/XAPIANDB" --files numbat)
expect_eq "a moved tree opened through its stub file: its hits" "$got" "sh2/sub/q.txt"
expect_rc "...name files that exist" 0 test -f "$TMP/$got"
# A new index made with --index ROOT/.sousuo is that tree's too.
mkdir -p "$TMP/new1"
printf 'Title\n\nwombat\n' >"$TMP/new1/w.txt"
(cd "$TMP/new1" && "$INDEX" -q --index .sousuo .) || not_ok "index with --index .sousuo"
mv "$TMP/new1" "$TMP/new2"
got=$(cd "$TMP/new2" && "$SEARCH" --files wombat)
expect_eq "...made with --index ROOT/.sousuo, then moved" "$got" "w.txt"
# A .sousuo that is a symlink to elsewhere: the tree that holds the link.
mkdir -p "$TMP/store/.sousuo" "$TMP/sym"
printf 'Title\n\nwombat\n' >"$TMP/sym/w.txt"
ln -s "$TMP/store/.sousuo" "$TMP/sym/.sousuo"
(cd "$TMP/sym" && "$INDEX" -q .) || not_ok "index through a symlinked .sousuo"
got=$(cd "$TMP/sym" && "$SEARCH" --files wombat)
expect_eq "...a symlinked .sousuo: the tree that holds the link" "$got" "w.txt"
# An index kept outside its tree (--index) still names the tree's files.
mkdir -p "$TMP/away"
(cd "$TMP/mv2" && "$INDEX" -q --index "$TMP/away/.sousuo" .) || not_ok "index elsewhere"
got=$(cd "$TMP" && "$SEARCH" --index "$TMP/away/.sousuo" --files wallaby)
expect_eq "an index made with --index elsewhere keeps its root" "$got" "mv2/sub/a.txt"

# The match list of a hit stops at SNIPPET_MAX_MATCHES: --json's matches
# and --vimgrep's lines say so, and so do the docs and --help.
max=$(sed -n 's/^#define SNIPPET_MAX_MATCHES \([0-9]*\).*/\1/p' \
    "$abs_top_srcdir/lib/snippet.h")
mkdir -p "$TMP/many" && cd "$TMP/many" || exit 2
awk -v n=$((max + 904)) 'BEGIN { print "Title"; for (i = 0; i < n; i++) print "numbat" }' >many.txt
"$INDEX" -q . || not_ok "index many.txt"
got=$("$SEARCH" --json numbat | sed -n 's/.*"matches":\([0-9]*\).*/\1/p')
expect_eq "$((max + 904)) matches: --json counts $max" "$got" "$max"
got=$("$SEARCH" --vimgrep numbat | wc -l | tr -d ' ')
expect_eq "...--vimgrep lists $max" "$got" "$max"
expect_match "...which doc/json-output.md says" \
    "$(grep '^| `matches`' "$abs_top_srcdir/doc/json-output.md")" "up to $max "
expect_match "...and sousuo-search(1) under --vimgrep" \
    "$(sed -n '/^\.SS \\-\\-vimgrep/,/^\.SS/p' "$abs_top_srcdir/doc/sousuo-search.1")" \
    "At most $max matches of a hit"
expect_match "...and --help" "$("$SEARCH" --help | grep -A1 -e --vimgrep)" \
    "most $max a hit"

done_testing
