/* gw_buf - growable, binary-safe byte buffer with a hard maximum (VSTRING + sshbuf).
 * Always NUL-terminated after len. An append past max returns -1 with errno E2BIG (not fatal);
 * growth itself never fails (xreallocarray). gw_path() formats a fixed buffer, -1 on truncation. */
#ifndef GW_BUF_H
#define GW_BUF_H

#include <stddef.h>

struct gw_buf {
    char *data;
    size_t len, cap, max;
};

/* gw_buf_new - caller frees with gw_buf_free(); max 0 means SIZE_MAX/2. */
struct gw_buf *gw_buf_new(size_t max);
void gw_buf_free(struct gw_buf *b);
void gw_buf_reset(struct gw_buf *b);
int gw_buf_append(struct gw_buf *b, const void *p, size_t n);
int gw_buf_puts(struct gw_buf *b, const char *s);
int gw_buf_printf(struct gw_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* gw_buf_xml_escape - append s with & < > " ' escaped, control characters dropped. */
int gw_buf_xml_escape(struct gw_buf *b, const char *s);
/* gw_buf_json_escape - append s as the inside of a JSON string. */
int gw_buf_json_escape(struct gw_buf *b, const char *s);

int gw_path(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
