/* fuzz-extract-text.c - extract_buffer() on any bytes as a.txt
 * (checks: extract-check.c). */
#include "config.h"

#include "extract-check.h"
#include "fuzz.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_extract("a.txt", (const char *)data, size);
    return 0;
}
