/* extract-check.c - extract_buffer() on any bytes, checked against what
 * extract.h promises: content never fails; text and title are valid
 * UTF-8 without NULs; the title is one line of at most EXTRACT_TITLE_MAX
 * bytes; the date is "", YYYY, YYYY-MM or YYYY-MM-DD; binary input gives
 * nothing; plain text and Markdown that are valid UTF-8 come back byte
 * for byte. */
#include "config.h"

#include <ctype.h>
#include <string.h>

#include "encoding.h"
#include "extract-check.h"
#include "extract.h"
#include "fuzz.h"

static const char *const forced[] = {
    "utf-8", "utf-16", "utf-16be", "gb18030", "big5", "big5-hkscs",
    "shift_jis", "euc-jp", "euc-kr", "windows-1252", "latin1",
};

static int
valid_date(const char *d)
{
    size_t n = strlen(d), i;

    if (n == 0)
        return 1;
    if (n != 4 && n != 7 && n != 10)
        return 0;
    for (i = 0; i < n; i++)
        if (i == 4 || i == 7 ? d[i] != '-' : !isdigit((unsigned char)d[i]))
            return 0;
    return 1;
}

static void
check(const char *path, const char *data, size_t size, const char *force)
{
    struct extract ex;
    char *errmsg = (char *)"unset";
    enum extract_format want = extract_format_for_path(path);
    sousuo_status_t st;

    st = extract_buffer(path, data, size, force, &ex, &errmsg);
    FUZZ_CHECK(st == SOUSUO_OK && errmsg == NULL);
    FUZZ_CHECK(ex.text && ex.title && ex.encoding);
    FUZZ_CHECK(ex.text[ex.text_len] == '\0');
    FUZZ_CHECK(strlen(ex.text) == ex.text_len);
    FUZZ_CHECK(enc_is_utf8(ex.text, ex.text_len));
    FUZZ_CHECK(strlen(ex.title) <= EXTRACT_TITLE_MAX);
    FUZZ_CHECK(enc_is_utf8(ex.title, strlen(ex.title)));
    FUZZ_CHECK(!strchr(ex.title, '\n') && !strchr(ex.title, '\r'));
    FUZZ_CHECK(valid_date(ex.date));
    if (ex.format == EXTRACT_BINARY) {
        FUZZ_CHECK(!ex.text_len && !*ex.title && !*ex.encoding);
    } else {
        FUZZ_CHECK(ex.format == want && *ex.encoding);
        /* No BOM, no NUL, valid UTF-8: nothing to decode or replace,
         * unless it is 7-bit ISO-2022-JP (enc_detect_utf8). */
        if (!force && want != EXTRACT_HTML && enc_is_utf8(data, size) &&
            !memchr(data, 0, size) &&
            !(size >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)) {
            if (enc_detect_utf8(data, size) == &enc_iso2022jp) {
                FUZZ_CHECK(strcmp(ex.encoding, "ISO-2022-JP") == 0);
                FUZZ_CHECK(ex.replaced == 0);
                goto done;
            }
            FUZZ_CHECK(strcmp(ex.encoding, "UTF-8") == 0);
            FUZZ_CHECK(ex.replaced == 0);
            FUZZ_CHECK(ex.text_len == size &&
                       memcmp(ex.text, data, size) == 0);
        }
    }
done:
    extract_free(&ex);
    FUZZ_CHECK(ex.text == NULL || ex.text_len == 0);
    extract_free(&ex); /* idempotent */
}

void
fuzz_extract(const char *path, const char *data, size_t size)
{
    check(path, data, size, NULL);
    check(path, data, size, forced[size % (sizeof forced / sizeof *forced)]);
}
