#!/bin/sh
# --vimgrep as Vim reads it: load the output with :cgetexpr and the
# %f:%l:%c:%m format ripgrep users set, and check in Vim that every
# quickfix entry points at the match in the file.
. "$abs_top_srcdir/tests/cli/lib.sh"

if ! vim --version 2>/dev/null | grep -q '+quickfix'; then
    skip "Vim reads --vimgrep" "no vim with +quickfix (Debian package vim)"
    done_testing
    exit $?
fi
in_corpus
# An HTML page: its words are found at their line and column in the file,
# after markup over several lines (head, script, attributes, <pre>).
cat >page.html <<'EOF'
<!DOCTYPE html>
<html><head>
<title>Quickfix page</title>
<script>
var x = 1;
</script>
</head>
<body>
<div class="intro"
     id="top">The <b>wombat</b> sleeps.</div>
<pre>
    axolotl();
</pre>
<table><tr><td>narwhal</td><td>pangolin</td></tr></table>
<p>tapir &amp; capybara</p>
</body></html>
EOF
# CJK text across inline tags: each character is at its own column, not
# at the run's start (the column map, SLOT_COLMAP); so is a word after
# punctuation and a tag.
cat >cjk.html <<'EOF'
<p>这是<b>重要</b>的内容我们需要找到<a href="/x/y/z">链接</a>里面的目标</p>
<p>人工<span>智能</span>，<code>fmt</code>，因为标准库</p>
<p>see the docs (<a href="/x">manual</a>) now</p>
EOF
# A minified page: one line, words far apart behind long attributes
# (more than 256 bytes of markup between two of them).
long=$(printf '%0400d' 0)
printf '<div><span data-x="%s">kiwi</span> <a href="/%s">quokka</a> <i title="%s">袋鼠</i></div>' \
    "$long" "$long" "$long" >min.html
"$INDEX" -q .

# check QUERY NEEDLE: every entry's line:column starts with NEEDLE
# (compared without case: the query matched folded text).
check() {
    "$SEARCH" --vimgrep "$1" >"$TMP/qf.txt"
    n=$(wc -l <"$TMP/qf.txt")
    rm -f "$TMP/qf.out"
    vim -es -N -u NONE -i NONE \
        -c 'set errorformat=%f:%l:%c:%m' \
        -c "cgetexpr readfile('$TMP/qf.txt')" \
        -c "let out = []" \
        -c "for e in getqflist() | let l = readfile(bufname(e.bufnr))[e.lnum - 1] | call add(out, (e.valid && strpart(l, e.col - 1, strlen('$2')) ==? '$2') ? 'ok' : 'bad ' . bufname(e.bufnr) . ':' . e.lnum . ':' . e.col) | endfor" \
        -c "call writefile(out, '$TMP/qf.out')" \
        -c 'qa!' </dev/null >/dev/null 2>&1
    expect_eq "vim parses every --vimgrep line for '$1'" \
        "$(wc -l <"$TMP/qf.out" 2>/dev/null | tr -d ' ')" "$(echo $n | tr -d ' ')"
    expect_eq "...and each points at '$2'" \
        "$(sort -u "$TMP/qf.out" 2>/dev/null)" "ok"
}

check 新质生产力 新质生产力
check 产业链 产业链
check DeepSeek deepseek
check '"national rejuvenation"' 'national rejuvenation'
check wombat wombat
check axolotl axolotl
check pangolin pangolin
check tapir tapir
check 内容 内容
check 链接 链接
check 目标 目标
check 智能 智能
check 标准库 标准库
check manual manual
check kiwi kiwi
check quokka quokka
check 袋鼠 袋鼠

done_testing
