#!/bin/sh
# Every format and encoding, end to end: files written with iconv here
# (no committed binaries), indexed, then found by a word of their own in
# their own script, with the title and the date the extractor found.
. "$abs_top_srcdir/tests/cli/lib.sh"

mkdir -p "$TMP/f"
cd "$TMP/f" || exit 2

# enc FILE ENCODING TEXT: write TEXT (UTF-8 here) converted to ENCODING.
enc() {
    printf '%s\n' "$3" | iconv -f UTF-8 -t "$2" >"$1"
}
enc gb.txt GB18030 "人工智能芯片的国产化率不断提高，产业链供应链的韧性持续提升。发布于2024年3月5日。"
enc big5.txt BIG5 "臺灣的半導體產業在全球供應鏈中占有重要地位，資訊安全日益受到重視。"
enc sjis.txt SHIFT_JIS "東京の半導体工場で新しい生産ラインが稼働した。人々は春の訪れを喜んだ。"
enc eucjp.txt EUC-JP "日本語の形態素解析は難しい課題であり、カタカナの検索も重要である。"
enc euckr.txt EUC-KR "한국어 검색 엔진은 띄어쓰기를 고려해야 하며 반도체 산업의 경쟁력이 강화되었다."
enc jis.txt ISO-2022-JP "古いメールはJISコードで書かれていた。漢字仮名交じり文も検索できる。"
printf '\377\376' >utf16.txt
printf '%s\n' "UTF-16 text: 绿色低碳转型为经济增长注入新动能。" | iconv -f UTF-8 -t UTF-16LE >>utf16.txt
printf '\357\273\277%s\n' "Byte order mark first: 数据要素市场化配置改革 quokka." >bom.txt
{
    printf '<html><head><meta charset="gbk"><title>%s</title>\n' "新质生产力的网页"
    printf '<style>.x{color:red}</style><script>var hidden="zebrafish";</script></head>\n'
    printf '<body><h1>标题</h1><p>科技自立自强 &amp; 创新驱动 &lt;platypus&gt;</p>\n'
    printf '<p>Published on April 17th 2024</p></body></html>\n'
} | iconv -f UTF-8 -t GBK >page.html
printf '# Markdown Heading Title\n\nSome *emphasis* about the narwhal, 28 January 2025.\n' >notes.md

expect_rc "index every format and encoding" 0 "$INDEX" .
expect_match "...ten documents" "$err" "10 added"

# find QUERY FILE: QUERY finds exactly FILE.
find_only() {
    expect_rc "'$1' runs" 0 "$SEARCH" --files "$1"
    expect_eq "'$1' finds $2" "$out" "$2"
}
find_only 国产化率 gb.txt
find_only 半導體產業 big5.txt
find_only 生産ライン sjis.txt
find_only 形態素解析 eucjp.txt
find_only 띄어쓰기를 euckr.txt
find_only 漢字仮名 jis.txt
find_only 반도체 euckr.txt
find_only 低碳转型 utf16.txt
find_only quokka bom.txt
find_only 自立自强 page.html
find_only platypus page.html
find_only narwhal notes.md
expect_rc "HTML scripts are not indexed" 1 "$SEARCH" zebrafish
expect_rc "nor styles" 1 "$SEARCH" color
# The page's text keeps its lines: a match is on the file's line, and the
# spaces that stand for its tags show as one in a snippet.
expect_rc "--vimgrep on an HTML page" 0 "$SEARCH" --vimgrep platypus
expect_match "...names the page's line, not the extracted text's" "$out" \
    "^page.html:3:"
expect_rc "a snippet of it" 0 "$SEARCH" --color=never platypus
expect_match "...has its words one space apart" "$out" \
    "^   标题 科技自立自强 & 创新驱动 <platypus> Published on April 17th 2024$"

# Titles and dates, through --json.
field() { # FILE-QUERY FIELD
    "$SEARCH" --json --limit 1 "$1" | python3 -c '
import json, sys
hit = json.loads(sys.stdin.readline())
print(hit[sys.argv[1]])' "$2"
}
if command -v python3 >/dev/null; then
    expect_eq "HTML title from <title>" "$(field platypus title)" "新质生产力的网页"
    expect_eq "HTML date from the text" "$(field platypus date)" "2024-04-17"
    expect_eq "Markdown title from the first heading" "$(field narwhal title)" \
        "Markdown Heading Title"
    expect_eq "Markdown date" "$(field narwhal date)" "2025-01-28"
    expect_eq "a CJK date (2024年3月5日)" "$(field 国产化率 date)" "2024-03-05"
    expect_eq "the language guess: Korean" "$(field 반도체 lang)" "ko"
    expect_eq "the language guess: Japanese" "$(field 形態素解析 lang)" "ja"
    expect_eq "the language guess: Chinese" "$(field 半導體產業 lang)" "zh"
else
    skip "titles and dates" "no python3"
fi
expect_rc "lang: filter" 0 "$SEARCH" --files 'lang:ko'
expect_eq "...finds the Korean file" "$out" "euckr.txt"
expect_rc "--encoding forces a decoder" 0 "$INDEX" --full --encoding GB18030 gb.txt
expect_match "...re-reading just that file" "$err" "0 added, 1 updated, 0 removed"
expect_rc "...and the text still reads" 0 "$SEARCH" --files 国产化率
expect_rc "--full on one file keeps the rest of the index" 0 "$SEARCH" --count narwhal
expect_eq "...the Markdown file is still there" "$out" "1"

# --encoding is kept by the index: an editor's on-save update of one
# file, without the option, still reads it so (short EUC-JP kanji alone
# were detected as EUC-KR); --encoding auto goes back to detection.
mkdir -p "$TMP/e"
cd "$TMP/e" || exit 2
enc memo.txt EUC-JP "東京都庁"
expect_rc "index with --encoding EUC-JP" 0 "$INDEX" -q --encoding EUC-JP
expect_rc "...finds the memo" 0 "$SEARCH" --files 東京
expect_eq "...by its kanji" "$out" "memo.txt"
enc memo.txt EUC-JP "東京都庁 会議"
expect_rc "update the rewritten file by name, no --encoding" 0 "$INDEX" -q memo.txt
expect_rc "...still decoded as EUC-JP" 0 "$SEARCH" --files 会議
expect_eq "...finds its new word" "$out" "memo.txt"
printf '%s\n' "蜂蜜の瓶" >note.txt
expect_rc "--encoding auto" 0 "$INDEX" -q --encoding auto note.txt
expect_rc "...detects again: a UTF-8 file reads" 0 "$SEARCH" --files 蜂蜜
expect_eq "...and is found" "$out" "note.txt"

# Tags between words on a line become spaces in the text; a snippet's
# width counts such a run as the one space it shows.
mkdir -p "$TMP/g"
cd "$TMP/g" || exit 2
tag='<b class="a-class-name-of-some-length-as-generated-pages-have">'
printf '<p>okapi %sone</b> %stwo</b> %sthree</b> %sfour</b> %sfive</b></p>\n' \
    "$tag" "$tag" "$tag" "$tag" "$tag" >wide.html
expect_rc "a page with wide tags" 0 "$INDEX" -q .
expect_rc "...its snippet" 0 "$SEARCH" --color=never okapi
expect_match "...reaches past the tags' spaces" "$out" "okapi one two three four five"

done_testing
