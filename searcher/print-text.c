/* print-text.c - a document's text on one line of a terminal. */
#include "config.h"

#include "print.h"

void
print_flat(FILE *f, const char *text, size_t a, size_t b)
{
    size_t i;

    for (i = a; i < b; i++) {
        unsigned char ch = (unsigned char)text[i];

        /* A C1 control (U+0080..U+009F; U+009B is a CSI to some
         * terminals) is as unsafe as ESC. */
        if (ch == 0xC2 && i + 1 < b &&
            (unsigned char)text[i + 1] >= 0x80 &&
            (unsigned char)text[i + 1] <= 0x9F) {
            fputc(' ', f);
            i++;
            continue;
        }
        fputc(ch < 0x20 || ch == 0x7F ? ' ' : ch, f);
    }
}
