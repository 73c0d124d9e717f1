/* fuzz-extract-markdown.c - extract_buffer() on any bytes as notes/a.md
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
    fuzz_extract("notes/a.md", (const char *)data, size);
    return 0;
}
