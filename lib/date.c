/* date.c - find a publication-like date in text; see date_find() in
 * extract.h.  A byte scanner over the first EXTRACT_DATE_SCAN bytes: a
 * full date (day precision) anywhere in that window wins over a month
 * ("April 2024", "2024年4月"), which wins over a bare year ("2024年"); among
 * equals the first one wins. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "extract.h"

struct date {
    int y, m, d;
    int prec; /* 1 year, 2 year and month, 3 full date */
};

struct scan {
    const unsigned char *s;
    size_t len;
};

static int
is_digit_at(const struct scan *sc, size_t i, int *val, size_t *w)
{
    const unsigned char *s = sc->s;

    if (i < sc->len && s[i] >= '0' && s[i] <= '9') {
        *val = s[i] - '0';
        *w = 1;
        return 1;
    }
    /* Full-width digits U+FF10..U+FF19: EF BC 90..99. */
    if (i + 2 < sc->len && s[i] == 0xEF && s[i + 1] == 0xBC &&
        s[i + 2] >= 0x90 && s[i + 2] <= 0x99) {
        *val = s[i + 2] - 0x90;
        *w = 3;
        return 1;
    }
    return 0;
}

/* Read MIN..MAX digits at *I; not followed by another digit. */
static int
number(const struct scan *sc, size_t *i, int min, int max, int *out)
{
    size_t p = *i, w;
    int n = 0, v = 0, d;

    while (n < max && is_digit_at(sc, p, &d, &w)) {
        v = v * 10 + d;
        p += w;
        n++;
    }
    if (n < min || is_digit_at(sc, p, &d, &w))
        return 0;
    *out = v;
    *i = p;
    return 1;
}

static int
is_alpha(unsigned char c)
{
    return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

static int
is_alnum_byte(unsigned char c)
{
    return is_alpha(c) || (c >= '0' && c <= '9');
}

/* Skip spaces (ASCII blanks and newlines, U+00A0, U+3000); count them. */
static size_t
spaces(const struct scan *sc, size_t *i)
{
    size_t n = 0, p = *i;

    for (;;) {
        if (p < sc->len && (sc->s[p] == ' ' || sc->s[p] == '\t' ||
                            sc->s[p] == '\n' || sc->s[p] == '\r')) {
            p++;
        } else if (p + 1 < sc->len && sc->s[p] == 0xC2 &&
                   sc->s[p + 1] == 0xA0) {
            p += 2;
        } else if (p + 2 < sc->len && sc->s[p] == 0xE3 &&
                   sc->s[p + 1] == 0x80 && sc->s[p + 2] == 0x80) {
            p += 3;
        } else {
            break;
        }
        n++;
    }
    *i = p;
    return n;
}

static int
lit(const struct scan *sc, size_t *i, const char *word)
{
    size_t n = strlen(word);

    if (*i + n > sc->len || memcmp(sc->s + *i, word, n) != 0)
        return 0;
    *i += n;
    return 1;
}

int
date_month_days(int y, int m)
{
    static const int mdays[12] = { 31, 28, 31, 30, 31, 30,
                                   31, 31, 30, 31, 30, 31 };
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

    if (m < 1 || m > 12)
        return 0;
    return mdays[m - 1] + (m == 2 && leap);
}

/* Check D as far as PREC goes: 1 year, 2 month, 3 day. */
static int
valid(const struct date *d)
{
    if (d->y < 1900 || d->y > 2099)
        return 0;
    if (d->prec >= 2 && (d->m < 1 || d->m > 12))
        return 0;
    if (d->prec >= 3 && (d->d < 1 || d->d > date_month_days(d->y, d->m)))
        return 0;
    return 1;
}

/* The result of a pattern at I: 0 no match; else *END past it, and 1 if
 * D is a valid date, -1 if it is not (30 February): that text is skipped,
 * so no shorter pattern inside it matches either. */
static int
done(const struct date *d, size_t p, size_t *end)
{
    *end = p;
    return valid(d) ? 1 : -1;
}

/* An English month name at *I: capitalised or in capitals, full or
 * abbreviated (with an optional '.'), not followed by a letter. */
static int
month_name(const struct scan *sc, size_t *i)
{
    static const char *const names[12] = {
        "january", "february", "march",     "april",   "may",      "june",
        "july",    "august",   "september", "october", "november", "december",
    };
    char word[12];
    size_t p = *i, n = 0, k;
    int upper = 1, lower = 1, m;

    if (p >= sc->len || sc->s[p] < 'A' || sc->s[p] > 'Z')
        return 0;
    while (p + n < sc->len && is_alpha(sc->s[p + n])) {
        if (n >= sizeof word - 1)
            return 0;
        word[n] = (char)(sc->s[p + n] | 0x20);
        if (n) {
            upper &= sc->s[p + n] <= 'Z';
            lower &= sc->s[p + n] >= 'a';
        }
        n++;
    }
    word[n] = '\0';
    if (n < 3 || !(upper || lower))
        return 0;
    for (m = 0; m < 12; m++) {
        k = strlen(names[m]);
        if ((n == k || n == 3 || (m == 8 && n == 4)) &&
            strncmp(word, names[m], n) == 0) {
            p += n;
            if (n < k && p < sc->len && sc->s[p] == '.')
                p++;
            *i = p;
            return m + 1;
        }
    }
    return 0;
}

/* An ordinal suffix st/nd/rd/th, any case, not followed by a letter. */
static void
ordinal(const struct scan *sc, size_t *i)
{
    static const char *const sfx[4] = { "st", "nd", "rd", "th" };
    size_t p = *i;
    int k;

    if (p + 2 > sc->len)
        return;
    for (k = 0; k < 4; k++)
        if ((sc->s[p] | 0x20) == sfx[k][0] &&
            (sc->s[p + 1] | 0x20) == sfx[k][1] &&
            (p + 2 == sc->len || !is_alpha(sc->s[p + 2]))) {
            *i = p + 2;
            return;
        }
}

static void
comma(const struct scan *sc, size_t *i)
{
    if (*i < sc->len && sc->s[*i] == ',')
        (*i)++;
}

/* Year at *I, 4 digits, not followed by a digit or letter. */
static int
year(const struct scan *sc, size_t *i, int *y)
{
    size_t p = *i;

    if (!number(sc, &p, 4, 4, y))
        return 0;
    if (p < sc->len && is_alpha(sc->s[p]))
        return 0;
    *i = p;
    return 1;
}

/* Month-first: "April 17th, 2024", "Apr. 17 2024", else "April 2024". */
static int
month_first(const struct scan *sc, size_t i, struct date *d, size_t *end)
{
    size_t p = i, q;
    int m = month_name(sc, &p);

    if (!m)
        return 0;
    d->m = m;
    q = p;
    if (spaces(sc, &q) && number(sc, &q, 1, 2, &d->d)) {
        ordinal(sc, &q);
        comma(sc, &q);
        if (spaces(sc, &q) && year(sc, &q, &d->y)) {
            d->prec = 3;
            return done(d, q, end);
        }
    }
    comma(sc, &p);
    if (spaces(sc, &p) && year(sc, &p, &d->y)) {
        d->prec = 2;
        return done(d, p, end);
    }
    return 0;
}

/* Day-first: "17 April 2024", "17th of April, 2024", "17-Apr-2024". */
static int
day_first(const struct scan *sc, size_t i, struct date *d, size_t *end)
{
    size_t p = i;

    if (!number(sc, &p, 1, 2, &d->d))
        return 0;
    d->prec = 3;
    if (p < sc->len && sc->s[p] == '-') {
        p++;
        if (!(d->m = month_name(sc, &p)) || p >= sc->len || sc->s[p] != '-')
            return 0;
        p++;
        return year(sc, &p, &d->y) ? done(d, p, end) : 0;
    }
    ordinal(sc, &p);
    if (!spaces(sc, &p))
        return 0;
    if (lit(sc, &p, "of") && !spaces(sc, &p))
        return 0;
    if (!(d->m = month_name(sc, &p)))
        return 0;
    comma(sc, &p);
    return spaces(sc, &p) && year(sc, &p, &d->y) ? done(d, p, end) : 0;
}

/* Year-first: "2024-04-17", "2024/4/17", "2024年4月17日", "2024년 4월". */
static int
year_first(const struct scan *sc, size_t i, struct date *d, size_t *end)
{
    static const char *const cjk[2][3] = {
        { "\xE5\xB9\xB4", "\xE6\x9C\x88", "\xE6\x97\xA5" }, /* 年 月 日 */
        { "\xEB\x85\x84", "\xEC\x9B\x94", "\xEC\x9D\xBC" }, /* 년 월 일 */
    };
    size_t p = i, q;
    int k;

    if (!number(sc, &p, 4, 4, &d->y))
        return 0;
    if (p < sc->len && (sc->s[p] == '-' || sc->s[p] == '/')) {
        unsigned char sep = sc->s[p++];

        if (!number(sc, &p, 1, 2, &d->m) || p >= sc->len || sc->s[p] != sep)
            return 0;
        p++;
        if (!number(sc, &p, 1, 2, &d->d))
            return 0;
        d->prec = 3;
        return done(d, p, end);
    }
    spaces(sc, &p);
    for (k = 0; k < 2; k++) {
        if (!lit(sc, &p, cjk[k][0]))
            continue;
        d->prec = 1;
        q = p;
        spaces(sc, &q);
        if (!number(sc, &q, 1, 2, &d->m))
            return done(d, p, end);
        spaces(sc, &q);
        if (!lit(sc, &q, cjk[k][1]))
            return done(d, p, end);
        d->prec = 2;
        p = q;
        spaces(sc, &q);
        if (number(sc, &q, 1, 2, &d->d)) {
            spaces(sc, &q);
            if (lit(sc, &q, cjk[k][2])) {
                d->prec = 3;
                p = q;
            }
        }
        return done(d, p, end);
    }
    return 0;
}

/* 1 if the byte before I ends a word or number (so I starts a new one). */
static int
boundary(const struct scan *sc, size_t i)
{
    int v;
    size_t w;

    if (i == 0)
        return 1;
    if (is_alnum_byte(sc->s[i - 1]))
        return 0;
    return !(i >= 3 && is_digit_at(sc, i - 3, &v, &w) && w == 3);
}

int
date_find(const char *text, size_t len, char out[11])
{
    struct scan sc = { (const unsigned char *)text, len };
    struct date best, d;
    size_t i, w, end, lim = len < EXTRACT_DATE_SCAN ? len : EXTRACT_DATE_SCAN;
    int v, r;

    out[0] = '\0';
    if (!text)
        return 0;
    memset(&best, 0, sizeof best);
    for (i = 0; i < lim && best.prec < 3; i++) {
        unsigned char c = sc.s[i];

        if ((c & 0xC0) == 0x80 || !boundary(&sc, i))
            continue;
        r = 0;
        memset(&d, 0, sizeof d);
        if (is_digit_at(&sc, i, &v, &w)) {
            r = year_first(&sc, i, &d, &end);
            if (!r) {
                memset(&d, 0, sizeof d);
                r = day_first(&sc, i, &d, &end);
            }
        } else if (c >= 'A' && c <= 'Z') {
            r = month_first(&sc, i, &d, &end);
        }
        if (r < 0)
            i = end - 1; /* skip an invalid date as a whole */
        else if (r > 0 && d.prec > best.prec)
            best = d;
    }
    if (best.prec == 3)
        snprintf(out, 11, "%04d-%02d-%02d", best.y, best.m, best.d);
    else if (best.prec == 2)
        snprintf(out, 11, "%04d-%02d", best.y, best.m);
    else if (best.prec == 1)
        snprintf(out, 11, "%04d", best.y);
    return best.prec > 0;
}
