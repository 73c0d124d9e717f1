/* wbreak.c - UAX #29 word breaks of ASCII text; see wbreak.h. */
#include "config.h"

#include "wbreak.h"

/* UAX #29 word-break classes of ASCII (WordBreakProperty.txt). */
enum { W_OTHER, W_CR, W_LF, W_NL, W_WS, W_AL, W_NUM, W_MIDL, W_MIDNUM,
       W_MIDNUMLET, W_SQ, W_ENL, W_COUNT };
static const unsigned char ascii_wb[128] = {
    ['\r'] = W_CR, ['\n'] = W_LF, ['\v'] = W_NL, ['\f'] = W_NL,
    [' '] = W_WS, [':'] = W_MIDL, [','] = W_MIDNUM, [';'] = W_MIDNUM,
    ['.'] = W_MIDNUMLET, ['\''] = W_SQ, ['_'] = W_ENL,
    ['0'] = W_NUM, ['1'] = W_NUM, ['2'] = W_NUM, ['3'] = W_NUM,
    ['4'] = W_NUM, ['5'] = W_NUM, ['6'] = W_NUM, ['7'] = W_NUM,
    ['8'] = W_NUM, ['9'] = W_NUM,
#define L2(a, b) [a] = W_AL, [b] = W_AL
    L2('A', 'a'), L2('B', 'b'), L2('C', 'c'), L2('D', 'd'), L2('E', 'e'),
    L2('F', 'f'), L2('G', 'g'), L2('H', 'h'), L2('I', 'i'), L2('J', 'j'),
    L2('K', 'k'), L2('L', 'l'), L2('M', 'm'), L2('N', 'n'), L2('O', 'o'),
    L2('P', 'p'), L2('Q', 'q'), L2('R', 'r'), L2('S', 's'), L2('T', 't'),
    L2('U', 'u'), L2('V', 'v'), L2('W', 'w'), L2('X', 'x'), L2('Y', 'y'),
    L2('Z', 'z'),
#undef L2
};

/* What the classes of two adjacent ASCII characters say about a break
 * between them: */
enum { P_BREAK, P_JOIN, P_AHEAD /* WB6, WB12 */, P_BEHIND /* WB7, WB11 */ };
#define MIDLETQ(c) ((c) == W_MIDL || (c) == W_MIDNUMLET || (c) == W_SQ)
#define MIDNUMQ(c) ((c) == W_MIDNUM || (c) == W_MIDNUMLET || (c) == W_SQ)

static unsigned char
pair_rule(int a, int b)
{
    if (a == W_CR && b == W_LF)
        return P_JOIN; /* WB3 */
    if (a == W_CR || a == W_LF || a == W_NL || b == W_CR || b == W_LF
        || b == W_NL)
        return P_BREAK; /* WB3a, WB3b */
    if ((a == W_WS && b == W_WS)                                /* WB3d */
        || ((a == W_AL || a == W_NUM) && (b == W_AL || b == W_NUM)) /* WB5,
                                                         WB8, WB9, WB10 */
        || ((a == W_AL || a == W_NUM || a == W_ENL) && b == W_ENL) /* WB13a */
        || (a == W_ENL && (b == W_AL || b == W_NUM)))             /* WB13b */
        return P_JOIN;
    if ((a == W_AL && MIDLETQ(b)) || (a == W_NUM && MIDNUMQ(b)))
        return P_AHEAD; /* joins if the character after b is of a's class */
    if ((MIDLETQ(a) && b == W_AL) || (MIDNUMQ(a) && b == W_NUM))
        return P_BEHIND; /* joins if the character before a is of b's */
    return P_BREAK;
}

void
wb_ascii_init(struct wb_ascii *wb)
{
    int a, b;

    for (a = 0; a < WB_ASCII_CLASSES; a++)
        for (b = 0; b < WB_ASCII_CLASSES; b++)
            wb->pairs[a][b] = pair_rule(a, b);
}

size_t
wb_ascii_next(const struct wb_ascii *wb, const unsigned char *s, size_t n,
              size_t i)
{
    int a = ascii_wb[s[i]], b;

    for (i++; i < n; i++, a = b) {
        unsigned char r;

        b = ascii_wb[s[i]];
        r = wb->pairs[a][b];
        if (r == P_JOIN)
            continue;
        if (r == P_AHEAD)
            r = i + 1 < n && ascii_wb[s[i + 1]] == a;
        else if (r == P_BEHIND)
            r = i >= 2 && ascii_wb[s[i - 2]] == b;
        if (r != P_JOIN)
            break;
    }
    return i;
}

_Static_assert(W_COUNT == WB_ASCII_CLASSES, "class count");
