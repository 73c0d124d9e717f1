/* fuzz.h - what every fuzz target defines, and the check it aborts with.
 *
 * Each tests/fuzz/fuzz-NAME.c is built twice: linked with libFuzzer
 * (-fsanitize=fuzzer, `make fuzz`) and linked with replay.c, a plain main
 * that feeds it the committed seeds and regression inputs in `make check`.
 * A target must accept ANY bytes, free all it allocates, and call
 * FUZZ_CHECK for the properties the headers promise, so a wrong answer
 * crashes like a memory error does.
 */
#ifndef SOUSUO_FUZZ_H
#define SOUSUO_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond)                                                     \
    do {                                                                     \
        if (!(cond)) {                                                       \
            fprintf(stderr, "%s:%d: fuzz check failed: %s\n", __FILE__,      \
                    __LINE__, #cond);                                        \
            abort();                                                         \
        }                                                                    \
    } while (0)

#endif
