/* bench-detect.c - the encoding detector (lib/encoding-detect.c) over
 * records read from stdin: a 4-byte little-endian length, then that many
 * bytes.  Prints the detected encoding's name for each record, one per
 * line.  bench/bench-detect.sh makes the records and scores the names. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "encoding.h"

int
main(void)
{
    unsigned char h[4];
    char *b = NULL;
    size_t cap = 0;

    while (fread(h, 1, 4, stdin) == 4) {
        size_t n = (size_t)h[0] | (size_t)h[1] << 8 | (size_t)h[2] << 16 |
                   (size_t)h[3] << 24;

        if (n > cap) {
            char *nb = realloc(b, n);

            if (!nb) {
                fprintf(stderr, "bench-detect: out of memory\n");
                return 2;
            }
            b = nb;
            cap = n;
        }
        if (fread(b, 1, n, stdin) != n) {
            fprintf(stderr, "bench-detect: truncated record\n");
            return 2;
        }
        puts(enc_detect(b, n)->name);
    }
    free(b);
    return 0;
}
