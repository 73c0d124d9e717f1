/* sousuo.c - status strings and other small public entry points. */
#include "config.h"

#include <stdlib.h>

#include "sousuo.h"

static const char *const status_text[] = {
#define X(name, short_name, text) text,
    SOUSUO_STATUS_MAP(X)
#undef X
};

static const char *const status_names[] = {
#define X(name, short_name, text) short_name,
    SOUSUO_STATUS_MAP(X)
#undef X
};

const char *
sousuo_status_str(sousuo_status_t status)
{
    if ((unsigned)status >= SOUSUO_STATUS_LAST)
        return "unknown status";
    return status_text[status];
}

const char *
sousuo_status_name(sousuo_status_t status)
{
    if ((unsigned)status >= SOUSUO_STATUS_LAST)
        return "unknown";
    return status_names[status];
}

const char *
sousuo_version(void)
{
    return PACKAGE_VERSION;
}

void
sousuo_free(void *p)
{
    free(p);
}
