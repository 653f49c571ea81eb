/* gw_mem - see gw_mem.h */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gw_log.h"
#include "gw_mem.h"

void *
xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);

    if (p == NULL)
        log_fatal("malloc %zu", n);
    return p;
}

void *
xcalloc(size_t nmemb, size_t size)
{
    void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);

    if (p == NULL)
        log_fatal("calloc %zu x %zu", nmemb, size);
    return p;
}

void *
xreallocarray(void *p, size_t nmemb, size_t size)
{
    void *q = reallocarray(p, nmemb ? nmemb : 1, size ? size : 1);

    if (q == NULL)
        log_fatal("reallocarray %zu x %zu", nmemb, size);
    return q;
}

char *
xstrdup(const char *s)
{
    char *p = strdup(s);

    if (p == NULL)
        log_fatal("strdup");
    return p;
}

char *
xasprintf(const char *fmt, ...)
{
    va_list ap;
    char *p;
    int r;

    va_start(ap, fmt);
    r = vasprintf(&p, fmt, ap);
    va_end(ap);
    if (r < 0)
        log_fatal("vasprintf");
    return p;
}
