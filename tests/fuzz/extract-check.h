/* extract-check.h - the checks the three extractor targets share. */
#ifndef SOUSUO_FUZZ_EXTRACT_CHECK_H
#define SOUSUO_FUZZ_EXTRACT_CHECK_H

#include <stddef.h>

/* Run extract_buffer() on DATA as the file PATH, detecting the encoding
 * and once more with an encoding forced (chosen by the input's length),
 * and check each result against extract.h. */
void fuzz_extract(const char *path, const char *data, size_t size);

#endif
