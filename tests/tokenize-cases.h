/* tokenize-cases.h - golden token streams, written by hand (see tok_dump()
 * in lib/tokenize.h for the notation: TERM@POS[START,END)MARK with
 * '#' number, '~' stem, '=' bigram, '^' glue).
 *
 * Byte lengths used below: CJK, kana, full-width and half-width forms are
 * 3 bytes; planes 2 and 3 are 4 bytes; Latin-1, Greek, Cyrillic, Arabic,
 * Hebrew letters and U+0300.. combining marks are 2 bytes.  Stems are
 * Snowball English.  Invalid bytes are split out of string literals so a
 * following hex digit does not join the escape.  A position is skipped
 * where units are apart by more than white space (tokenize.h, "Gaps").
 */

struct tok_case {
    const char *name;
    unsigned mode;
    const char *stem;  /* NULL: english */
    const char *in;
    size_t len;        /* 0: strlen(in) */
    const char *want;
};

static const struct tok_case tok_cases[] = {
    /* ---- English ------------------------------------------------------- */
    { "en-simple", TOK_DOCUMENT, NULL, "The quick fox", 0,
      "the@0[0,3) the@0[0,3)~ quick@1[4,9) quick@1[4,9)~ "
      "fox@2[10,13) fox@2[10,13)~" },
    { "en-stems", TOK_DOCUMENT, NULL, "Productive forces running", 0,
      "productive@0[0,10) product@0[0,10)~ forces@1[11,17) forc@1[11,17)~ "
      "running@2[18,25) run@2[18,25)~" },
    { "en-dont", TOK_DOCUMENT, NULL, "don't", 0,
      "don't@0[0,5) don't@0[0,5)~" },
    { "en-curly-apostrophe", TOK_DOCUMENT, NULL, "China’s", 0,
      "china's@0[0,9) china@0[0,9)~" },
    { "en-possessive", TOK_DOCUMENT, NULL, "Xi's", 0,
      "xi's@0[0,4) xi@0[0,4)~" },
    { "en-us", TOK_DOCUMENT, NULL, "U.S. Army", 0,
      "u.s@0[0,3) u.@0[0,3)~ army@2[5,9) armi@2[5,9)~" },
    { "en-pi", TOK_DOCUMENT, NULL, "pi is 3.14", 0,
      "pi@0[0,2) pi@0[0,2)~ is@1[3,5) is@1[3,5)~ 3.14@2[6,10)#" },
    { "en-numbers", TOK_DOCUMENT, NULL, "1,000 and 2024", 0,
      "1,000@0[0,5)# and@1[6,9) and@1[6,9)~ 2024@2[10,14)#" },
    { "en-14th-plan", TOK_DOCUMENT, NULL, "14th Five-Year Plan", 0,
      "14th@0[0,4) 14th@0[0,4)~ five@1[5,9) five@1[5,9)~ "
      "year@3[10,14) year@3[10,14)~ plan@4[15,19) plan@4[15,19)~" },
    { "en-nqpf", TOK_DOCUMENT, NULL, "NQPF", 0,
      "nqpf@0[0,4) nqpf@0[0,4)~" },
    { "en-camel-alnum", TOK_DOCUMENT, NULL, "DeepSeek R1", 0,
      "deepseek@0[0,8) deepseek@0[0,8)~ r1@1[9,11) r1@1[9,11)~" },
    { "en-underscore", TOK_DOCUMENT, NULL, "__init__ x_y", 0,
      "__init__@0[0,8) __init__@0[0,8)~ x_y@1[9,12) x_i@1[9,12)~" },
    { "en-hyphen-email", TOK_DOCUMENT, NULL, "e-mail foo@bar.com", 0,
      "e@0[0,1) e@0[0,1)~ mail@2[2,6) mail@2[2,6)~ foo@3[7,10) foo@3[7,10)~ "
      "bar.com@5[11,18) bar.com@5[11,18)~" },
    { "en-punct-only", TOK_DOCUMENT, NULL, "!!! ... --- $$$ (*) ", 0, "" },
    { "en-empty", TOK_DOCUMENT, NULL, "", 0, "" },
    { "en-colon", TOK_DOCUMENT, NULL, "a:b 1:2", 0,
      "a:b@0[0,3) a:b@0[0,3)~ 1@1[4,5)# 2@3[6,7)#" },
    { "en-controls", TOK_DOCUMENT, NULL, "a\tb\r\nc", 0,
      "a@0[0,1) a@0[0,1)~ b@1[2,3) b@1[2,3)~ c@2[5,6) c@2[5,6)~" },
    { "en-stem-none", TOK_DOCUMENT, "none", "Productive Forces", 0,
      "productive@0[0,10) forces@1[11,17)" },
    { "en-query-mode", TOK_QUERY, NULL, "Productive forces", 0,
      "productive@0[0,10) product@0[0,10)~ forces@1[11,17) forc@1[11,17)~" },

    /* ---- Chinese -------------------------------------------------------- */
    { "zh-nqpf", TOK_DOCUMENT, NULL, "新质生产力", 0,
      "新@0[0,3) 新质@0[0,6)= 质@1[3,6) 质生@1[3,9)= 生@2[6,9) 生产@2[6,12)= "
      "产@3[9,12) 产力@3[9,15)= 力@4[12,15)" },
    { "zh-rejuvenation", TOK_DOCUMENT, NULL, "中华民族的伟大复兴", 0,
      "中@0[0,3) 中华@0[0,6)= 华@1[3,6) 华民@1[3,9)= 民@2[6,9) 民族@2[6,12)= "
      "族@3[9,12) 族的@3[9,15)= 的@4[12,15) 的伟@4[12,18)= 伟@5[15,18) "
      "伟大@5[15,21)= 大@6[18,21) 大复@6[18,24)= 复@7[21,24) 复兴@7[21,27)= "
      "兴@8[24,27)" },
    { "zh-chain", TOK_DOCUMENT, NULL, "产业链", 0,
      "产@0[0,3) 产业@0[0,6)= 业@1[3,6) 业链@1[3,9)= 链@2[6,9)" },
    { "zh-single", TOK_DOCUMENT, NULL, "中", 0, "中@0[0,3)" },
    { "zh-punct", TOK_DOCUMENT, NULL, "中国，人民。", 0,
      "中@0[0,3) 中国@0[0,6)= 国@1[3,6) 人@3[9,12) 人民@3[9,15)= 民@4[12,15)" },
    { "zh-traditional", TOK_DOCUMENT, NULL, "中華民國", 0,
      "中@0[0,3) 中華@0[0,6)= 華@1[3,6) 華民@1[3,9)= 民@2[6,9) 民國@2[6,12)= "
      "國@3[9,12)" },
    { "zh-space", TOK_DOCUMENT, NULL, "中 国", 0, "中@0[0,3) 国@1[4,7)" },
    { "zh-ideographic-space", TOK_DOCUMENT, NULL, "中　国", 0,
      "中@0[0,3) 国@1[6,9)" },
    /* Invisible characters (default ignorables) are not there: the run
     * or word goes on across them and its span covers them. */
    { "zh-zero-width-space", TOK_DOCUMENT, NULL, "中\xE2\x80\x8B国", 0,
      "中@0[0,3) 中国@0[0,9)= 国@1[6,9)" },
    { "zh-invisible-run", TOK_DOCUMENT, "none",
      "人工\xE2\x80\x8B智 数\xC2\xAD据 机\xE2\x81\xA0器 学\xEF\xBB\xBF习", 0,
      "人@0[0,3) 人工@0[0,6)= 工@1[3,6) 工智@1[3,12)= 智@2[9,12) "
      "数@3[13,16) 数据@3[13,21)= 据@4[18,21) "
      "机@5[22,25) 机器@5[22,31)= 器@6[28,31) "
      "学@7[32,35) 学习@7[32,41)= 习@8[38,41)" },
    { "en-invisible-inside", TOK_DOCUMENT, "none",
      "zero\xE2\x80\x8Bwidth hyph\xC2\xAD" "enated a\xE2\x80\x8C\xE2\x80\x8D" "b", 0,
      "zerowidth@0[0,12) hyphenated@1[13,25) ab@2[26,34)" },
    { "invisible-at-edges", TOK_DOCUMENT, "none",
      "\xE2\x80\x8B" "ab\xE2\x80\x8B \xE2\x80\x8B中\xE2\x80\x8B", 0,
      "ab@0[3,5) 中@1[12,15)" },
    { "invisible-glue", TOK_DOCUMENT, "none", "AI\xE2\x80\x8B芯片", 0,
      "ai@0[0,2) ai芯@0[0,8)^ 芯@1[5,8) 芯片@1[5,11)= 片@2[8,11)" },
    /* A line break between Han/kana (CSS Text 3 segment break) does not
     * end the run; a blank line, Hangul or anything else does. */
    { "zh-line-break", TOK_DOCUMENT, "none", "深度\n学习", 0,
      "深@0[0,3) 深度@0[0,6)= 度@1[3,6) 度学@1[3,10)= 学@2[7,10) "
      "学习@2[7,13)= 习@3[10,13)" },
    { "zh-crlf-spaces", TOK_DOCUMENT, "none", "度 \r\n  学", 0,
      "度@0[0,3) 度学@0[0,11)= 学@1[8,11)" },
    { "ja-line-break", TOK_DOCUMENT, "none", "か\t\nナ", 0,
      "か@0[0,3) かナ@0[0,8)= ナ@1[5,8)" },
    { "zh-blank-line", TOK_DOCUMENT, "none", "度\n\n学 度\n \n学", 0,
      "度@0[0,3) 学@1[5,8) 度@2[9,12) 学@3[15,18)" },
    { "ko-line-break", TOK_DOCUMENT, "none", "한\n국 中\n국 한\n中", 0,
      "한@0[0,3) 국@1[4,7) 中@2[8,11) 국@3[12,15) 한@4[16,19) 中@5[20,23)" },
    { "zh-line-break-latin", TOK_DOCUMENT, "none", "度\nab\n学 度\r学", 0,
      "度@0[0,3) ab@1[4,6) 学@2[7,10) 度@3[11,14) 学@4[15,18)" },
    /* Symbols with a letter or digit in their NFKC form give its terms,
     * spanning the symbol; a word of their own unless that form starts or
     * ends with a CJK character, which joins the CJK run next to it. */
    { "ja-compat-units", TOK_DOCUMENT, "none", "は5㎏、10㎡", 0,
      "は@0[0,3) は5@0[0,4)^ 5@1[3,4)# kg@2[4,7) 10@4[10,12)# m2@5[12,15)" },
    { "ja-compat-kabushiki", TOK_DOCUMENT, "none", "㍿山田", 0,
      "株@0[0,3) 株式@0[0,3)= 式@1[0,3) 式会@1[0,3)= 会@2[0,3) "
      "会社@2[0,3)= 社@3[0,3) 社山@3[0,6)= 山@4[3,6) 山田@4[3,9)= "
      "田@5[6,9)" },
    { "en-compat-tm", TOK_DOCUMENT, NULL, "Acme™ ℃", 0,
      "acme@0[0,4) acm@0[0,4)~ tm@1[4,7) tm@1[4,7)~ c@3[8,11) c@3[8,11)~" },
    { "query-compat", TOK_QUERY, "none", "㎏", 0, "kg@0[0,3)" },
    /* An invisible character right after a symbol is no part of it. */
    { "compat-then-invisible", TOK_DOCUMENT, "none",
      "x ㎏\xE2\x80\x8B中", 0, "x@0[0,1) kg@1[2,5) 中@2[8,11)" },
    { "emoji-zwj-no-word", TOK_DOCUMENT, "none",
      "a \xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x92\xBB b", 0,
      "a@0[0,1) b@2[14,15)" },
    { "zh-nqpf-parens", TOK_DOCUMENT, NULL, "NQPF（新质生产力）", 0,
      "nqpf@0[0,4) nqpf@0[0,4)~ 新@2[7,10) 新质@2[7,13)= 质@3[10,13) "
      "质生@3[10,16)= 生@4[13,16) 生产@4[13,19)= 产@5[16,19) 产力@5[16,22)= "
      "力@6[19,22)" },
    { "zh-query-mode", TOK_QUERY, NULL, "产业链", 0,
      "产@0[0,3) 产业@0[0,6)= 业@1[3,6) 业链@1[3,9)= 链@2[6,9)" },

    /* ---- mixed scripts and glue ---------------------------------------- */
    { "mix-cpu", TOK_DOCUMENT, NULL, "CPU使用率", 0,
      "cpu@0[0,3) cpu@0[0,3)~ cpu使@0[0,6)^ 使@1[3,6) 使用@1[3,9)= "
      "用@2[6,9) 用率@2[6,12)= 率@3[9,12)" },
    { "mix-ai", TOK_DOCUMENT, NULL, "AI芯片", 0,
      "ai@0[0,2) ai@0[0,2)~ ai芯@0[0,5)^ 芯@1[2,5) 芯片@1[2,8)= 片@2[5,8)" },
    { "mix-fullwidth-ai", TOK_DOCUMENT, "none", "ＡＩ芯片", 0,
      "ai@0[0,6) ai芯@0[0,9)^ 芯@1[6,9) 芯片@1[6,12)= 片@2[9,12)" },
    { "mix-2024", TOK_DOCUMENT, NULL, "2024年", 0,
      "2024@0[0,4)# 2024年@0[0,7)^ 年@1[4,7)" },
    { "mix-14th-plan-zh", TOK_DOCUMENT, NULL, "第14个五年规划", 0,
      "第@0[0,3) 第14@0[0,5)^ 14@1[3,5)# 14个@1[3,8)^ 个@2[5,8) "
      "个五@2[5,11)= 五@3[8,11) 五年@3[8,14)= 年@4[11,14) 年规@4[11,17)= "
      "规@5[14,17) 规划@5[14,20)= 划@6[17,20)" },
    { "glue-strace", TOK_DOCUMENT, NULL, "使用strace", 0,
      "使@0[0,3) 使用@0[0,6)= 用@1[3,6) 用strace@1[3,12)^ strace@2[6,12) "
      "strace@2[6,12)~" },
    { "glue-none-space", TOK_DOCUMENT, NULL, "使用 strace", 0,
      "使@0[0,3) 使用@0[0,6)= 用@1[3,6) strace@2[7,13) strace@2[7,13)~" },
    { "glue-none-hyphen", TOK_DOCUMENT, NULL, "使用-strace", 0,
      "使@0[0,3) 使用@0[0,6)= 用@1[3,6) strace@3[7,13) strace@3[7,13)~" },
    { "glue-both-sides", TOK_DOCUMENT, NULL, "请用strace命令", 0,
      "请@0[0,3) 请用@0[0,6)= 用@1[3,6) 用strace@1[3,12)^ strace@2[6,12) "
      "strace@2[6,12)~ strace命@2[6,15)^ 命@3[12,15) 命令@3[12,18)= "
      "令@4[15,18)" },
    { "glue-one-char-runs", TOK_DOCUMENT, NULL, "用AI做", 0,
      "用@0[0,3) 用ai@0[0,5)^ ai@1[3,5) ai@1[3,5)~ ai做@1[3,8)^ 做@2[5,8)" },
    { "glue-date", TOK_DOCUMENT, NULL, "3月14日", 0,
      "3@0[0,1)# 3月@0[0,4)^ 月@1[1,4) 月14@1[1,6)^ 14@2[4,6)# 14日@2[4,9)^ "
      "日@3[6,9)" },
    { "glue-invalid-between", TOK_DOCUMENT, NULL, "使用\xFF" "strace", 0,
      "使@0[0,3) 使用@0[0,6)= 用@1[3,6) strace@3[7,13) strace@3[7,13)~" },

    /* ---- Japanese ------------------------------------------------------- */
    { "ja-kanji-kana", TOK_DOCUMENT, NULL, "東京都に住む", 0,
      "東@0[0,3) 東京@0[0,6)= 京@1[3,6) 京都@1[3,9)= 都@2[6,9) 都に@2[6,12)= "
      "に@3[9,12) に住@3[9,15)= 住@4[12,15) 住む@4[12,18)= む@5[15,18)" },
    { "ja-katakana-prolonged", TOK_DOCUMENT, NULL, "コンピューター", 0,
      "コ@0[0,3) コン@0[0,6)= ン@1[3,6) ンピ@1[3,9)= ピ@2[6,9) ピュ@2[6,12)= "
      "ュ@3[9,12) ュー@3[9,15)= ー@4[12,15) ータ@4[12,18)= タ@5[15,18) "
      "ター@5[15,21)= ー@6[18,21)" },
    { "ja-halfwidth", TOK_DOCUMENT, NULL, "ｶﾀｶﾅ", 0,
      "カ@0[0,3) カタ@0[0,6)= タ@1[3,6) タカ@1[3,9)= カ@2[6,9) カナ@2[6,12)= "
      "ナ@3[9,12)" },
    { "ja-halfwidth-voiced", TOK_DOCUMENT, NULL, "ｶﾞｷﾞ", 0,
      "ガ@0[0,6) ガギ@0[0,12)= ギ@1[6,12)" },
    { "ja-halfwidth-prolonged", TOK_DOCUMENT, NULL, "ﾃﾞｰﾀ", 0,
      "デ@0[0,6) デー@0[0,9)= ー@1[6,9) ータ@1[6,12)= タ@2[9,12)" },
    { "ja-combining-dakuten", TOK_DOCUMENT, NULL, "か\xE3\x82\x99", 0,
      "が@0[0,6)" },
    { "ja-spacing-dakuten", TOK_DOCUMENT, NULL, "か゛き", 0,
      "が@0[0,6) がき@0[0,9)= き@1[6,9)" },
    { "ja-iteration-trap", TOK_DOCUMENT, NULL, "人々abc", 0,
      "人@0[0,3) 人々@0[0,6)= 々@1[3,6) 々abc@1[3,9)^ abc@2[6,9) "
      "abc@2[6,9)~" },
    { "ja-iteration", TOK_DOCUMENT, NULL, "時々", 0,
      "時@0[0,3) 時々@0[0,6)= 々@1[3,6)" },
    { "ja-shime", TOK_DOCUMENT, NULL, "〆切", 0,
      "〆@0[0,3) 〆切@0[0,6)= 切@1[3,6)" },
    { "ja-latin-glue", TOK_DOCUMENT, NULL, "Wordで検索", 0,
      "word@0[0,4) word@0[0,4)~ wordで@0[0,7)^ で@1[4,7) で検@1[4,10)= "
      "検@2[7,10) 検索@2[7,13)= 索@3[10,13)" },
    { "ja-fullwidth-word", TOK_DOCUMENT, NULL, "Ｗｏｒｄ", 0,
      "word@0[0,12) word@0[0,12)~" },
    { "ja-nakaguro", TOK_DOCUMENT, NULL, "ア・イ", 0, "ア@0[0,3) イ@2[6,9)" },
    { "ja-ivs", TOK_DOCUMENT, NULL, "葛\xF3\xA0\x84\x80城", 0,
      "葛@0[0,7) 葛城@0[0,10)= 城@1[7,10)" },
    { "ja-kangxi-radical", TOK_DOCUMENT, NULL, "⽇本", 0,
      "日@0[0,3) 日本@0[0,6)= 本@1[3,6)" },
    { "ja-compat-ideograph", TOK_DOCUMENT, NULL, "\xEF\xA4\x80", 0,
      "\xE8\xB1\x88@0[0,3)" },

    /* ---- Korean --------------------------------------------------------- */
    { "ko-particles", TOK_DOCUMENT, NULL, "한국어를 배워요", 0,
      "한@0[0,3) 한국@0[0,6)= 국@1[3,6) 국어@1[3,9)= 어@2[6,9) 어를@2[6,12)= "
      "를@3[9,12) 배@4[13,16) 배워@4[13,19)= 워@5[16,19) 워요@5[16,22)= "
      "요@6[19,22)" },
    { "ko-latin-joined", TOK_DOCUMENT, NULL, "한국Corea", 0,
      "한@0[0,3) 한국@0[0,6)= 국@1[3,6) 국corea@1[3,11)^ corea@2[6,11) "
      "corea@2[6,11)~" },
    { "ko-dot-after-run", TOK_DOCUMENT, NULL, "한국.com b.한", 0,
      "한@0[0,3) 한국@0[0,6)= 국@1[3,6) com@3[7,10) com@3[7,10)~ "
      "b@4[11,12) b@4[11,12)~ 한@6[13,16)" },
    { "ja-katakana-underscore", TOK_DOCUMENT, "none", "カナ_ab", 0,
      "カ@0[0,3) カナ@0[0,6)= ナ@1[3,6) ナ_ab@1[3,9)^ _ab@2[6,9)" },
    { "ko-conjoining-jamo", TOK_DOCUMENT, NULL, "\xE1\x84\x92\xE1\x85\xA1\xE1\x86\xAB",
      0, "한@0[0,9)" },
    { "ko-compat-jamo", TOK_DOCUMENT, NULL, "ㅋㅋ", 0,
      "\xE1\x84\x8F@0[0,3) \xE1\x84\x8F\xE1\x84\x8F@0[0,6)= "
      "\xE1\x84\x8F@1[3,6)" },

    /* ---- full-width and compatibility forms ---------------------------- */
    { "fw-digits", TOK_DOCUMENT, NULL, "２０２４年", 0,
      "2024@0[0,12)# 2024年@0[0,15)^ 年@1[12,15)" },
    { "compat-roman-xii", TOK_DOCUMENT, NULL, "Ⅻ", 0,
      "xii@0[0,3) xii@0[0,3)~" },
    { "compat-ligature", TOK_DOCUMENT, NULL, "ﬁle", 0,
      "file@0[0,5) file@0[0,5)~" },
    { "compat-strasse", TOK_DOCUMENT, NULL, "Straße STRASSE", 0,
      "strasse@0[0,7) strass@0[0,7)~ strasse@1[8,15) strass@1[8,15)~" },
    { "compat-superscript", TOK_DOCUMENT, NULL, "x²", 0,
      "x@0[0,1) x@0[0,1)~ 2@1[1,3)#" },
    { "compat-fraction", TOK_DOCUMENT, NULL, "½", 0, "1⁄2@0[0,2)#" },

    /* ---- emoji, symbols ------------------------------------------------- */
    { "emoji-zwj-family", TOK_DOCUMENT, NULL, "👨‍👩‍👧", 0, "" },
    { "emoji-between-words", TOK_DOCUMENT, NULL, "I ❤️ NY", 0,
      "i@0[0,1) i@0[0,1)~ ny@2[9,11) ny@2[9,11)~" },
    { "emoji-keycap", TOK_DOCUMENT, NULL, "1️⃣ 2", 0, "2@0[8,9)#" },
    { "emoji-flag-cjk", TOK_DOCUMENT, NULL, "🇨🇳中国", 0,
      "中@0[8,11) 中国@0[8,14)= 国@1[11,14)" },
    { "emoji-inside-cjk", TOK_DOCUMENT, NULL, "好😀好", 0,
      "好@0[0,3) 好@2[7,10)" },

    /* ---- combining marks ------------------------------------------------ */
    { "comb-decomposed", TOK_DOCUMENT, NULL, "cafe\xCC\x81", 0,
      "café@0[0,6) café@0[0,6)~" },
    { "comb-precomposed", TOK_DOCUMENT, NULL, "café", 0,
      "café@0[0,5) café@0[0,5)~" },
    { "comb-stacked", TOK_DOCUMENT, NULL, "o\xCC\x88\xCC\x84", 0,
      "ȫ@0[0,5) ȫ@0[0,5)~" },
    { "comb-after-cjk", TOK_DOCUMENT, NULL, "漢\xCC\x81字", 0,
      "漢\xCC\x81@0[0,5) 漢\xCC\x81字@0[0,8)= 字@1[5,8)" },
    { "comb-lone", TOK_DOCUMENT, NULL, "\xCC\x81\xCC\x81 a", 0,
      "a@0[5,6) a@0[5,6)~" },
    { "comb-soft-hyphen", TOK_DOCUMENT, NULL, "co\xC2\xAD" "operate", 0,
      "cooperate@0[0,11) cooper@0[0,11)~" },

    /* ---- right-to-left and other scripts ------------------------------- */
    { "rtl-arabic", TOK_DOCUMENT, NULL, "مرحبا بالعالم", 0,
      "مرحبا@0[0,10) مرحبا@0[0,10)~ بالعالم@1[11,25) بالعالم@1[11,25)~" },
    { "rtl-hebrew", TOK_DOCUMENT, NULL, "שלום עולם", 0,
      "שלום@0[0,8) שלום@0[0,8)~ עולם@1[9,17) עולם@1[9,17)~" },
    { "rtl-arabic-digits", TOK_DOCUMENT, NULL, "٢٠٢٤", 0, "٢٠٢٤@0[0,8)#" },
    { "greek-sigma", TOK_DOCUMENT, NULL, "ΣΊΣΥΦΟΣ", 0,
      "σίσυφοσ@0[0,14) σίσυφοσ@0[0,14)~" },
    { "cyrillic", TOK_DOCUMENT, NULL, "Москва", 0,
      "москва@0[0,12) москва@0[0,12)~" },

    /* ---- ideographs newer than libunistring's tables ------------------- */
    { "ext-h-pair", TOK_DOCUMENT, NULL, "\xF0\xB1\x8D\x90\xF0\xB1\x8D\x91", 0,
      "\xF0\xB1\x8D\x90@0[0,4) \xF0\xB1\x8D\x90\xF0\xB1\x8D\x91@0[0,8)= "
      "\xF0\xB1\x8D\x91@1[4,8)" },
    { "ext-h-glue", TOK_DOCUMENT, "none", "a\xF0\xB1\x8D\x90", 0,
      "a@0[0,1) a\xF0\xB1\x8D\x90@0[0,5)^ \xF0\xB1\x8D\x90@1[1,5)" },
    { "ext-b", TOK_DOCUMENT, NULL, "𠀀", 0, "𠀀@0[0,4)" },

    /* ---- position gaps: one where anything but white space separates - */
    { "gap-sentence", TOK_DOCUMENT, NULL, "The end. The end", 0,
      "the@0[0,3) the@0[0,3)~ end@1[4,7) end@1[4,7)~ "
      "the@3[9,12) the@3[9,12)~ end@4[13,16) end@4[13,16)~" },
    { "gap-comma", TOK_DOCUMENT, "none", "first, and", 0,
      "first@0[0,5) and@2[7,10)" },
    { "gap-one-per-separator", TOK_DOCUMENT, "none", "a -- (b) c", 0,
      "a@0[0,1) b@2[6,7) c@4[9,10)" },
    { "gap-quotes", TOK_DOCUMENT, "none", "say \"hi\"", 0,
      "say@0[0,3) hi@2[5,7)" },
    { "gap-none-inside-words", TOK_DOCUMENT, "none",
      "don't U.S.A is 3.14 x_y", 0,
      "don't@0[0,5) u.s.a@1[6,11) is@2[12,14) 3.14@3[15,19)# x_y@4[20,23)" },
    { "gap-none-nbsp", TOK_DOCUMENT, "none", "a\xC2\xA0" "b", 0,
      "a@0[0,1) b@1[3,4)" },
    { "gap-none-line-separator", TOK_DOCUMENT, "none", "a\xE2\x80\xA8" "b", 0,
      "a@0[0,1) b@1[4,5)" },
    { "gap-query-hyphen", TOK_QUERY, "none", "e-mail", 0,
      "e@0[0,1) mail@2[2,6)" },
    { "gap-zh-punct-and-space", TOK_DOCUMENT, NULL, "中国。 人民", 0,
      "中@0[0,3) 中国@0[0,6)= 国@1[3,6) 人@3[10,13) 人民@3[10,16)= "
      "民@4[13,16)" },
    { "gap-none-zh-spaces", TOK_DOCUMENT, NULL, "中国 　人民", 0,
      "中@0[0,3) 中国@0[0,6)= 国@1[3,6) 人@2[10,13) 人民@2[10,16)= "
      "民@3[13,16)" },
    { "gap-ja-brackets", TOK_DOCUMENT, NULL, "「東京」へ", 0,
      "東@0[3,6) 東京@0[3,9)= 京@1[6,9) へ@3[12,15)" },
    { "gap-ko-comma", TOK_DOCUMENT, NULL, "한국, 서울", 0,
      "한@0[0,3) 한국@0[0,6)= 국@1[3,6) 서@3[8,11) 서울@3[8,14)= 울@4[11,14)" },
    { "gap-latin-cjk", TOK_DOCUMENT, "none", "Linux，系统", 0,
      "linux@0[0,5) 系@2[8,11) 系统@2[8,14)= 统@3[11,14)" },
    { "gap-cjk-parens-latin", TOK_DOCUMENT, "none", "系统(Linux)版", 0,
      "系@0[0,3) 系统@0[0,6)= 统@1[3,6) linux@3[7,12) 版@5[13,16)" },
    { "gap-after-glue", TOK_DOCUMENT, "none", "AI芯片，GPU", 0,
      "ai@0[0,2) ai芯@0[0,5)^ 芯@1[2,5) 芯片@1[2,8)= 片@2[5,8) "
      "gpu@4[11,14)" },

    /* ---- invalid UTF-8, NUL --------------------------------------------- */
    { "bad-overlong-2", TOK_DOCUMENT, NULL, "ab\xC0\xAF" "cd", 0,
      "ab@0[0,2) ab@0[0,2)~ cd@2[4,6) cd@2[4,6)~" },
    { "bad-overlong-3", TOK_DOCUMENT, NULL, "ab\xE0\x80\xAF" "cd", 0,
      "ab@0[0,2) ab@0[0,2)~ cd@2[5,7) cd@2[5,7)~" },
    { "bad-surrogate", TOK_DOCUMENT, NULL, "ab\xED\xA0\x80" "cd", 0,
      "ab@0[0,2) ab@0[0,2)~ cd@2[5,7) cd@2[5,7)~" },
    { "bad-truncated-end", TOK_DOCUMENT, NULL, "ab\xE4\xB8", 0,
      "ab@0[0,2) ab@0[0,2)~" },
    { "bad-truncated-cjk", TOK_DOCUMENT, NULL, "中\xE4\xB8文", 0,
      "中@0[0,3) 文@2[5,8)" },
    { "bad-stray-continuation", TOK_DOCUMENT, NULL, "a\x80" "b", 0,
      "a@0[0,1) a@0[0,1)~ b@2[2,3) b@2[2,3)~" },
    { "bad-nul", TOK_DOCUMENT, NULL, "a\0b", 3,
      "a@0[0,1) a@0[0,1)~ b@2[2,3) b@2[2,3)~" },
    { "bad-nul-cjk", TOK_DOCUMENT, NULL, "中\0国", 7, "中@0[0,3) 国@2[4,7)" },
    { "bad-ff-fe", TOK_DOCUMENT, NULL, "\xFFword\xFE", 0,
      "word@0[1,5) word@0[1,5)~" },
    { "bad-f5", TOK_DOCUMENT, NULL, "x\xF5\x80\x80\x80y", 0,
      "x@0[0,1) x@0[0,1)~ y@2[5,6) y@2[5,6)~" },
    { "bad-above-max", TOK_DOCUMENT, NULL, "\xF4\x90\x80\x80z", 0,
      "z@0[4,5) z@0[4,5)~" },
    { "bad-nul-voicing-mark", TOK_DOCUMENT, NULL, "a\0ﾞ", 5,
      "a@0[0,1) a@0[0,1)~" },
    { "voicing-mark-alone", TOK_DOCUMENT, NULL, "!ﾞ ﾞ", 0, "" },
    { "bad-only", TOK_DOCUMENT, NULL, "\x80\xBF\xC0\xC1\xF8\xFF", 0, "" },
};
