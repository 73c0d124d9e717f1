/* check_encoding.c - encodings: detection, conversion, BOMs, invalid input.
 * Fixtures are made at run time by converting UTF-8 strings with iconv;
 * no binary fixture is committed. */
#include "config.h"

#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "testutil.h"
#include <unistr.h>

#include "encoding.h"
#include "extract.h"

/* UTF-8 S converted to CODE, in malloc'd memory (*N bytes). */
static char *
convert(const char *s, const char *code, size_t *n)
{
    iconv_t cd = iconv_open(code, "UTF-8");
    size_t inleft = strlen(s), cap = inleft * 4 + 16, outleft = cap;
    char *in = (char *)s, *out = malloc(cap), *o = out;

    ck_assert_msg(cd != (iconv_t)-1, "iconv_open %s", code);
    ck_assert_ptr_nonnull(out);
    ck_assert_msg(iconv(cd, &in, &inleft, &o, &outleft) != (size_t)-1,
                  "cannot encode '%s' in %s: %s", s, code, strerror(errno));
    iconv(cd, NULL, NULL, &o, &outleft);
    iconv_close(cd);
    *n = (size_t)(o - out);
    return out;
}

static void
extract_ok(const char *path, const char *p, size_t n, const char *force,
           struct extract *ex)
{
    char *msg = NULL;
    sousuo_status_t st = extract_buffer(path, p, n, force, ex, &msg);

    ck_assert_msg(st == SOUSUO_OK, "extract: %s", msg ? msg : "?");
    ck_assert_ptr_null(msg);
    ck_assert_ptr_null(u8_check((const uint8_t *)ex->text, ex->text_len));
    ck_assert_uint_eq(strlen(ex->text), ex->text_len);
}

/* ---- detection of realistic sentences ------------------------------- */

static const struct fixture {
    const char *text;
    const char *code;   /* iconv name used to make the bytes */
    const char *expect; /* struct extract.encoding */
} fixtures[] = {
    { "我们今天讨论新质生产力的发展，以及它对中国制造业转型升级的重要意义。",
      "GB2312", "GB18030" },
    { "使用strace调试程序时，我们发现CPU使用率很高，于是检查了系统调用。",
      "GBK", "GB18030" },
    { "这是一个测试：GB18030 还能编码 㐀 这样的扩展汉字和欧元符号€。",
      "GB18030", "GB18030" },
    { "北京今天天气晴朗，气温适宜，很多市民来到公园散步。", "GBK",
      "GB18030" },
    /* CJK between Latin words is not a Latin word read wrong. */
    { "在Linux下用LibreOffice的Calc调用API，结束DTR要经历的秒数。", "GBK",
      "GB18030" },
    { "事前にLibreOfficeによって評価され、ODBCドライバーに引き渡されます。",
      "EUC-JP", "EUC-JP" },
    { "我們今天討論新質生產力的發展，以及它對台灣製造業轉型升級的重要意義。",
      "BIG5", "Big5" },
    { "台北今天天氣晴朗，氣溫適宜，很多市民來到公園散步。", "BIG5",
      "Big5" },
    { "香港的繁體中文網站經常使用這種編碼來發布新聞與公告。", "BIG5-HKSCS",
      "Big5" },
    /* Cantonese characters only Big5-HKSCS has. */
    { "我哋今日去咗公司開會，佢話啲嘢好重要嘅，大家要記住。", "BIG5-HKSCS",
      "Big5-HKSCS" },
    { "今日は東京で新しい技術についての会議があり、多くの人が参加しました。",
      "SHIFT_JIS", "Shift_JIS" },
    { "日本語の文章をシフトJISで保存すると、このように検出されます。",
      "CP932", "Shift_JIS" },
    { "今日は東京で新しい技術についての会議があり、多くの人が参加しました。",
      "EUC-JP", "EUC-JP" },
    { "カタカナのコンピュータやソフトウェアという言葉もよく使われます。",
      "EUC-JP", "EUC-JP" },
    /* Kanji without kana: common ones, so not GB18030 mojibake. */
    { "日本経済新聞社説 経済政策", "EUC-JP", "EUC-JP" },
    { "内閣総理大臣記者会見", "EUC-JP", "EUC-JP" },
    { "大阪府警察本部", "EUC-JP", "EUC-JP" },
    { "오늘 서울에서 새로운 기술에 관한 회의가 열렸고 많은 사람들이 참석했습니다.",
      "EUC-KR", "EUC-KR" },
    { "한국어 문장을 이렇게 저장하면 인코딩을 자동으로 알아낼 수 있어야 합니다.",
      "CP949", "EUC-KR" },
    /* Box drawing is CJK punctuation, and a character repeated in a row
     * scores nothing: read as Big5-HKSCS, GB18030's ─ is 岸, a common
     * hanzi, and a table's lines outscored the text (bench-legacy.sh,
     * systemd-detect-virt.1). */
    { "检测虚拟化环境 ├─────┼──────┤", "GB18030", "GB18030" },
    { "檢測虛擬化環境 ├─────┼──────┤", "BIG5", "Big5" },
    { "仮想化環境を検出する ┌──────┐", "SHIFT_JIS", "Shift_JIS" },
    { "가상화 환경 감지 ├─────┼──────┤", "EUC-KR", "EUC-KR" },
    { "Le café de la gare est très agréable en été, même à Noël.",
      "ISO-8859-1", "windows-1252" },
    { "Größere Änderungen an der Straße werden im Frühjahr geprüft.",
      "WINDOWS-1252", "windows-1252" },
};

START_TEST(t_detect_sentence)
{
    const struct fixture *f = &fixtures[_i];
    struct extract ex;
    size_t n;
    char *bytes = convert(f->text, f->code, &n);

    extract_ok("a.txt", bytes, n, NULL, &ex);
    ck_assert_msg(strcmp(ex.encoding, f->expect) == 0,
                  "'%s' in %s: detected %s", f->text, f->code, ex.encoding);
    ck_assert_str_eq(ex.text, f->text);
    ck_assert_uint_eq(ex.replaced, 0);
    /* One line: its title, unless it is a sentence (ends with 。). */
    ck_assert(strcmp(ex.title, f->text) == 0 || strcmp(ex.title, "") == 0);
    extract_free(&ex);
    /* The same bytes with the encoding forced decode the same way. */
    extract_ok("a.txt", bytes, n, f->expect, &ex);
    ck_assert_str_eq(ex.text, f->text);
    ck_assert_str_eq(ex.encoding, f->expect);
    extract_free(&ex);
    free(bytes);
}
END_TEST

/* Several paragraphs, with ASCII lines between: the sample starts at the
 * first non-ASCII byte, lines are kept. */
START_TEST(t_detect_document)
{
    static const char *const codes[][2] = {
        { "GB18030", "GB18030" }, { "BIG5", "Big5" },
        { "SHIFT_JIS", "Shift_JIS" }, { "EUC-JP", "EUC-JP" },
        { "EUC-KR", "EUC-KR" }, { "ISO-2022-JP", "ISO-2022-JP" },
    };
    static const char *const docs[] = {
        "Title line in ASCII\n\nversion 1.2, 2024\n"
        "新质生产力是创新起主导作用，摆脱传统经济增长方式的先进生产力。\n"
        "它具有高科技、高效能、高质量特征。\n",
        "Title line in ASCII\n\nversion 1.2, 2024\n"
        "新質生產力是創新起主導作用，擺脫傳統經濟增長方式的先進生產力。\n"
        "它具有高科技、高效能、高質量特徵。\n",
        "Title line in ASCII\n\nversion 1.2, 2024\n"
        "この文書は日本語で書かれています。改行もそのまま残ります。\n"
        "検索エンジンは文字コードを正しく判定しなければなりません。\n",
        "Title line in ASCII\n\nversion 1.2, 2024\n"
        "この文書は日本語で書かれています。改行もそのまま残ります。\n"
        "検索エンジンは文字コードを正しく判定しなければなりません。\n",
        "Title line in ASCII\n\nversion 1.2, 2024\n"
        "이 문서는 한국어로 작성되었습니다. 줄 바꿈도 그대로 유지됩니다.\n"
        "검색 엔진은 문자 인코딩을 올바르게 판단해야 합니다.\n",
        "Title line in ASCII\n\nversion 1.2, 2024\n"
        "古いメールはJISコードで書かれていました。改行もそのまま残ります。\n"
        "漢字仮名交じり文を正しく検索できなければなりません。\n",
    };
    size_t i, n;

    for (i = 0; i < sizeof docs / sizeof docs[0]; i++) {
        struct extract ex;
        char *bytes = convert(docs[i], codes[i][0], &n);

        extract_ok("doc", bytes, n, NULL, &ex);
        ck_assert_msg(strcmp(ex.encoding, codes[i][1]) == 0, "%s: got %s",
                      codes[i][0], ex.encoding);
        ck_assert_str_eq(ex.text, docs[i]);
        ck_assert_str_eq(ex.title, "Title line in ASCII");
        ck_assert_str_eq(ex.date, "");
        extract_free(&ex);
        free(bytes);
    }
}
END_TEST

START_TEST(t_boms)
{
    static const char text[] = "标题 Title\n第二行：日本語と한국어。\n";
    static const struct {
        const char *code, *bom, *expect;
        size_t bomlen;
    } cases[] = {
        { "UTF-16LE", "\xFF\xFE", "UTF-16LE", 2 },
        { "UTF-16BE", "\xFE\xFF", "UTF-16BE", 2 },
        { "UTF-8", "\xEF\xBB\xBF", "UTF-8", 3 },
    };
    size_t i, n;

    for (i = 0; i < 3; i++) {
        struct extract ex;
        char *body = convert(text, cases[i].code, &n);
        char *bytes = malloc(n + 3);

        ck_assert_ptr_nonnull(bytes);
        memcpy(bytes, cases[i].bom, cases[i].bomlen);
        memcpy(bytes + cases[i].bomlen, body, n);
        extract_ok("x.txt", bytes, n + cases[i].bomlen, NULL, &ex);
        ck_assert_int_eq(ex.format, EXTRACT_TEXT);
        ck_assert_str_eq(ex.encoding, cases[i].expect);
        ck_assert_str_eq(ex.text, text); /* BOM dropped */
        ck_assert_str_eq(ex.title, "标题 Title");
        extract_free(&ex);
        /* Forcing "utf-16" follows the BOM's byte order. */
        if (cases[i].bomlen == 2) {
            extract_ok("x.txt", bytes, n + 2, "utf-16", &ex);
            ck_assert_str_eq(ex.text, text);
            ck_assert_str_eq(ex.encoding, cases[i].expect);
            extract_free(&ex);
        }
        free(bytes);
        free(body);
    }
}
END_TEST

START_TEST(t_utf16_odd_and_surrogate)
{
    /* "a", a lone high surrogate, "b", then half a code unit. */
    static const char le[] = "\xFF\xFE" "a\0" "\x00\xD8" "b\0" "c";
    struct extract ex;

    extract_ok("x.txt", le, sizeof le - 1, NULL, &ex);
    ck_assert_str_eq(ex.encoding, "UTF-16LE");
    ck_assert_str_eq(ex.text, "a\xEF\xBF\xBD" "b\xEF\xBF\xBD");
    ck_assert_uint_eq(ex.replaced, 2);
    extract_free(&ex);
}
END_TEST

/* ---- invalid UTF-8 -------------------------------------------------- */

static const struct bad {
    const char *in;
    size_t len;
    const char *out;
    unsigned replaced;
} bads[] = {
    /* lone continuation byte */
    { "a\x80" "b", 3, "a\xEF\xBF\xBD" "b", 1 },
    /* truncated 3-byte sequence, then ASCII */
    { "\xE4\xB8" "A", 3, "\xEF\xBF\xBD" "A", 1 },
    /* truncated at the very end */
    { "ok\xE4\xB8", 4, "ok\xEF\xBF\xBD", 1 },
    /* overlong '/' : C0 is never valid, nor is AF alone */
    { "\xC0\xAF", 2, "\xEF\xBF\xBD\xEF\xBF\xBD", 2 },
    /* UTF-16 surrogate encoded in UTF-8: one invalid sequence */
    { "\xED\xA0\x80", 3, "\xEF\xBF\xBD", 1 },
    /* beyond U+10FFFF */
    { "\xF4\x90\x80\x80", 4, "\xEF\xBF\xBD", 1 },
    /* F5..FF never appear in UTF-8 */
    { "\xF8\xFF" "z", 3, "\xEF\xBF\xBD\xEF\xBF\xBD" "z", 2 },
    /* a valid 4-byte character is kept */
    { "\xF0\x9F\x98\x80", 4, "\xF0\x9F\x98\x80", 0 },
};

START_TEST(t_invalid_utf8)
{
    const struct bad *b = &bads[_i];
    struct extract ex;

    /* Forced, so that the detector cannot prefer windows-1252. */
    extract_ok("x.txt", b->in, b->len, "UTF-8", &ex);
    ck_assert_uint_eq(ex.text_len, strlen(b->out));
    ck_assert_mem_eq(ex.text, b->out, ex.text_len);
    ck_assert_uint_eq(ex.replaced, b->replaced);
    extract_free(&ex);
}
END_TEST

/* NULs past the binary window are replaced, not kept. */
START_TEST(t_nul_after_window)
{
    size_t n = 9000;
    char *s = malloc(n);
    struct extract ex;

    ck_assert_ptr_nonnull(s);
    memset(s, 'a', n);
    s[8500] = '\0';
    extract_ok("x.txt", s, n, NULL, &ex);
    ck_assert_int_eq(ex.format, EXTRACT_TEXT);
    ck_assert_uint_eq(ex.replaced, 1);
    ck_assert_uint_eq(ex.text_len, n + 2);
    ck_assert_mem_eq(ex.text + 8500, "\xEF\xBF\xBD", 3);
    extract_free(&ex);
    free(s);
}
END_TEST

/* Mostly valid UTF-8 with one stray byte: still UTF-8, one U+FFFD. */
START_TEST(t_mostly_utf8)
{
    static const char s[] = "新质生产力是创新起主导作用的先进生产力。\xA9"
                            "它具有高科技、高效能、高质量特征。";
    struct extract ex;

    extract_ok("x.txt", s, sizeof s - 1, NULL, &ex);
    ck_assert_str_eq(ex.encoding, "UTF-8");
    ck_assert_uint_eq(ex.replaced, 1);
    ck_assert_ptr_nonnull(strstr(ex.text, "。\xEF\xBF\xBD它"));
    extract_free(&ex);
}
END_TEST

/* Latin UTF-8 with a stray windows-1252 byte: its accented letters read
 * as GB18030 or EUC-KR made Han or Hangul inside Latin words. */
static const char *const latin_utf8_stray[] = {
    "na\xC3\xAFve r\xC3\xA9sum\xC3\xA9 with a bad \x80 byte here kiwi\n",
    "The M\xC3\xBC\x92ller case went to court.\n",
    "<div r\xC3\xA9sum\xC3\xA9 i\xE9" "d=\"Contents\" r\xC3\xA9sum\xC3\xA9\n",
    "a <a cr\xC3\xA8me br\x92\xC3\xBBl\xC3\xA9" "e href=x>\n",
};

START_TEST(t_latin_utf8_stray_byte)
{
    const char *s = latin_utf8_stray[_i];
    struct extract ex;

    extract_ok("x.txt", s, strlen(s), NULL, &ex);
    ck_assert_msg(strcmp(ex.encoding, "UTF-8") == 0, "%s: read as %s", s,
                  ex.encoding);
    ck_assert_uint_eq(ex.replaced, 1);
    extract_free(&ex);
}
END_TEST

/* Short UTF-8 with more bad bytes than characters: UTF-8 all the same,
 * not windows-1252 mojibake. */
START_TEST(t_short_utf8_bad_bytes)
{
    static const char s[] = "\xE3\x81\x82\xFF\xFE kiwifruit\n"; /* あ */
    struct extract ex;

    extract_ok("x.txt", s, sizeof s - 1, NULL, &ex);
    ck_assert_str_eq(ex.encoding, "UTF-8");
    ck_assert_uint_eq(ex.replaced, 2);
    ck_assert_str_eq(ex.text, "\xE3\x81\x82\xEF\xBF\xBD\xEF\xBF\xBD kiwifruit\n");
    extract_free(&ex);
}
END_TEST

/* Legacy input with bad bytes: detected anyway, bad bytes replaced. */
START_TEST(t_legacy_with_errors)
{
    static const char text[] =
        "我们今天讨论新质生产力的发展，以及它对中国制造业的重要意义。";
    size_t n;
    char *gb = convert(text, "GB18030", &n);
    struct extract ex;

    /* The 4th character replaced by two bytes no decoder accepts, and the
     * last one cut in half. */
    gb[6] = gb[7] = (char)0xFF;
    extract_ok("x.txt", gb, n - 1, NULL, &ex);
    ck_assert_str_eq(ex.encoding, "GB18030");
    ck_assert_uint_eq(ex.replaced, 3);
    ck_assert_str_eq(ex.text,
                     "我们今\xEF\xBF\xBD\xEF\xBF\xBD讨论新质生产力的发展，"
                     "以及它对中国制造业的重要意义\xEF\xBF\xBD");
    extract_free(&ex);
    free(gb);
}
END_TEST

/* ---- names ---------------------------------------------------------- */

START_TEST(t_lookup)
{
    static const char *const names[][2] = {
        { "utf-8", "UTF-8" },       { "UTF8", "UTF-8" },
        { "gbk", "GB18030" },       { "GB2312", "GB18030" },
        { "gb_2312-80", "GB18030" }, { "cp936", "GB18030" },
        { "big5", "Big5" },         { "Big5-HKSCS", "Big5-HKSCS" },
        { "x-x-big5", "Big5" },     { "Shift_JIS", "Shift_JIS" },
        { "sjis", "Shift_JIS" },    { "windows-31j", "Shift_JIS" },
        { "EUC-JP", "EUC-JP" },     { "euc-kr", "EUC-KR" },
        { "ks_c_5601-1987", "EUC-KR" }, { "cp949", "EUC-KR" },
        { "latin1", "windows-1252" }, { "ISO-8859-1", "windows-1252" },
        { "utf-16", "UTF-16LE" },   { "UTF-16BE", "UTF-16BE" },
        { "iso-2022-jp", "ISO-2022-JP" }, { "csISO2022JP", "ISO-2022-JP" },
    };
    size_t i;

    for (i = 0; i < sizeof names / sizeof names[0]; i++) {
        const struct enc *e = enc_lookup(names[i][0]);

        ck_assert_msg(e != NULL, "%s unknown", names[i][0]);
        ck_assert_str_eq(e->name, names[i][1]);
        ck_assert_int_eq(extract_encoding_supported(names[i][0]), 1);
    }
    ck_assert_ptr_null(enc_lookup("klingon"));
    ck_assert_ptr_null(enc_lookup(""));
    ck_assert_ptr_null(enc_lookup(NULL));
    ck_assert_ptr_null(enc_lookup("utf-8 please and a very long name"));
    ck_assert_int_eq(extract_encoding_supported("ebcdic"), 0);
}
END_TEST

START_TEST(t_unknown_forced_encoding)
{
    struct extract ex;
    char *msg = NULL;

    ck_assert_int_eq(extract_buffer("a.txt", "abc", 3, "klingon", &ex, &msg),
                     SOUSUO_INVAL);
    ck_assert_ptr_nonnull(msg);
    ck_assert_ptr_nonnull(strstr(msg, "unknown encoding 'klingon'"));
    ck_assert_ptr_null(ex.text);
    ck_assert_ptr_null(ex.title);
    free(msg);
    extract_free(&ex);
}
END_TEST

START_TEST(t_ascii_is_utf8)
{
    struct extract ex;

    extract_ok("a.txt", "plain ascii\n", 12, NULL, &ex);
    ck_assert_str_eq(ex.encoding, "UTF-8");
    ck_assert_ptr_eq(enc_detect("abc", 3), &enc_utf8);
    ck_assert_ptr_eq(enc_detect("", 0), &enc_utf8);
    extract_free(&ex);
}
END_TEST

/* ISO-2022-JP is 7-bit, so valid UTF-8: only an escape into a JIS
 * two-byte set that decodes cleanly makes it ISO-2022-JP. */
START_TEST(t_iso2022jp_only_with_jis_escapes)
{
    static const char *const utf8[] = {
        "\x1b[31mred\x1b[0m terminal colours\n",          /* ANSI, not JIS */
        "caf\xc3\xa9 \x1b$B8!:w\x1b(B\n",                 /* not 7-bit */
        "\x1b$B\x29\x21\x74\x30\x1b(B not JIS X 0208\n",  /* unassigned */
        "ESC $ B in words only\n",
    };
    struct extract ex;
    size_t i, n;
    char *bytes;

    for (i = 0; i < sizeof utf8 / sizeof utf8[0]; i++) {
        ck_assert_msg(enc_detect_utf8(utf8[i], strlen(utf8[i])) == &enc_utf8,
                      "case %zu read as ISO-2022-JP", i);
        extract_ok("a.txt", utf8[i], strlen(utf8[i]), NULL, &ex);
        ck_assert_str_eq(ex.encoding, "UTF-8");
        extract_free(&ex);
    }
    /* JIS X 0208-1978 (ESC $ @) too; the text comes back whole. */
    bytes = convert("検索エンジン", "ISO-2022-JP", &n);
    ck_assert_ptr_eq(enc_detect_utf8(bytes, n), &enc_iso2022jp);
    ck_assert_uint_ge(n, 3);
    ck_assert_int_eq(memcmp(bytes, "\x1b$B", 3), 0);
    bytes[2] = '@';
    extract_ok("a.txt", bytes, n, NULL, &ex);
    ck_assert_str_eq(ex.encoding, "ISO-2022-JP");
    ck_assert_str_eq(ex.text, "検索エンジン");
    extract_free(&ex);
    free(bytes);
}
END_TEST

/* A buffer reused for decode after decode (as enc_detect() does for each
 * candidate) keeps the capacity one decode needs: each used to multiply
 * it by 4, so that detecting an 80 KB GB18030 file took 2 GB and 2 min. */
START_TEST(t_decode_reuse_bounded)
{
    static const char zhongwen[] = "\xD6\xD0\xCE\xC4"; /* 中文, GB18030 */
    struct buf in = BUF_INIT, out = BUF_INIT;
    unsigned i, replaced = 0;

    for (i = 0; i < 512; i++)
        buf_add(&in, zhongwen, 4);
    for (i = 0; i < 20; i++) {
        if (out.len)
            buf_reset(&out);
        ck_assert_int_eq(enc_decode(&enc_gb18030, in.data, in.len, 1, &out,
                                    &replaced),
                         SOUSUO_OK);
        ck_assert_uint_eq(out.len, 512 * 6);
        ck_assert_uint_lt(out.cap, 16 * 1024);
    }
    ck_assert_uint_eq(replaced, 0);
    ck_assert_ptr_eq(enc_detect(in.data, in.len), &enc_gb18030);
    buf_free(&in);
    buf_free(&out);
}
END_TEST

/* ---- property: random bytes ----------------------------------------- */

START_TEST(t_random_bytes)
{
    static const char *const paths[] = { "r.txt", "r.md", "r.html", "r" };
    static const char *const forced[] = {
        NULL, NULL, NULL, "gbk", "big5", "sjis", "euc-jp", "euc-kr",
        "utf-16le", "utf-16be", "latin1", "utf-8",
    };
    static const char markup[] = "<>/&;#x!-= \"'apbrdivtle\n\xE4\xB8\xAD";
    unsigned seed = 4242, i;
    char buf[4096];

    printf("check_encoding: random bytes, seed %u\n", seed);
    for (i = 0; i < 2000; i++) {
        size_t n = (size_t)(rand_r(&seed) % sizeof buf), k;
        int mode = rand_r(&seed) % 3;
        struct extract ex;

        for (k = 0; k < n; k++) {
            int r = rand_r(&seed);

            /* Mode 0: any byte; 1: high bytes (legacy CJK-like); 2: markup
             * characters and a few high bytes. */
            if (mode == 0)
                buf[k] = (char)r;
            else if (mode == 1)
                buf[k] = (char)(r % 3 ? 0x80 | (r >> 8) : 0x20 + (r >> 8) % 95);
            else
                buf[k] = markup[(r >> 4) % (sizeof markup - 1)];
        }
        /* Plain ifs: Check logs every ck_assert, and this loop is long. */
        if (extract_buffer(paths[rand_r(&seed) % 4], buf, n,
                           forced[rand_r(&seed) % (sizeof forced /
                                                   sizeof forced[0])],
                           &ex, NULL) != SOUSUO_OK)
            ck_abort_msg("iteration %u: extract failed", i);
        if (u8_check((const uint8_t *)ex.text, ex.text_len) ||
            strlen(ex.text) != ex.text_len ||
            u8_check((const uint8_t *)ex.title, strlen(ex.title)) ||
            strchr(ex.title, '\n') || strlen(ex.title) > EXTRACT_TITLE_MAX)
            ck_abort_msg("iteration %u: bad text or title", i);
        extract_free(&ex);
    }
}
END_TEST

int
main(void)
{
    Suite *s = suite_create("encoding");
    TCase *tc = tcase_create("core");

    tcase_set_timeout(tc, 120); /* the random test, under sanitizers */
    tcase_add_loop_test(tc, t_detect_sentence, 0,
                        (int)(sizeof fixtures / sizeof fixtures[0]));
    tcase_add_test(tc, t_detect_document);
    tcase_add_loop_test(tc, t_latin_utf8_stray_byte, 0,
                        (int)(sizeof latin_utf8_stray /
                              sizeof latin_utf8_stray[0]));
    tcase_add_test(tc, t_boms);
    tcase_add_test(tc, t_utf16_odd_and_surrogate);
    tcase_add_loop_test(tc, t_invalid_utf8, 0,
                        (int)(sizeof bads / sizeof bads[0]));
    tcase_add_test(tc, t_nul_after_window);
    tcase_add_test(tc, t_mostly_utf8);
    tcase_add_test(tc, t_short_utf8_bad_bytes);
    tcase_add_test(tc, t_legacy_with_errors);
    tcase_add_test(tc, t_lookup);
    tcase_add_test(tc, t_unknown_forced_encoding);
    tcase_add_test(tc, t_ascii_is_utf8);
    tcase_add_test(tc, t_iso2022jp_only_with_jis_escapes);
    tcase_add_test(tc, t_decode_reuse_bounded);
    tcase_add_test(tc, t_random_bytes);
    suite_add_tcase(s, tc);
    return tu_run(s);
}
