/* gw_mem - allocation that never returns NULL (log_fatal on OOM), for bookkeeping only.
 * Sizes taken from input are checked against a configured limit before any allocation. */
#ifndef GW_MEM_H
#define GW_MEM_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xreallocarray(void *p, size_t nmemb, size_t size);
char *xstrdup(const char *s);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
