/* gw_buf - see gw_buf.h */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gw_buf.h"
#include "gw_mem.h"

struct gw_buf *
gw_buf_new(size_t max)
{
    struct gw_buf *b = xcalloc(1, sizeof(*b));

    b->max = max ? max : SIZE_MAX / 2;
    b->cap = 256;
    b->data = xmalloc(b->cap);
    b->data[0] = '\0';
    return b;
}

void
gw_buf_free(struct gw_buf *b)
{
    if (b == NULL)
        return;
    free(b->data);
    free(b);
}

void
gw_buf_reset(struct gw_buf *b)
{
    b->len = 0;
    b->data[0] = '\0';
}

/* gw_buf_reserve - make room for n more bytes plus the NUL */
static int
gw_buf_reserve(struct gw_buf *b, size_t n)
{
    size_t need;

    if (n > b->max || b->len > b->max - n) {
        errno = E2BIG;
        return -1;
    }
    need = b->len + n + 1;
    if (need <= b->cap)
        return 0;
    while (b->cap < need)
        b->cap = b->cap < SIZE_MAX / 4 ? b->cap * 2 : need;
    b->data = xreallocarray(b->data, b->cap, 1);
    return 0;
}

int
gw_buf_append(struct gw_buf *b, const void *p, size_t n)
{
    if (gw_buf_reserve(b, n) < 0)
        return -1;
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
    return 0;
}

int
gw_buf_puts(struct gw_buf *b, const char *s)
{
    return gw_buf_append(b, s, strlen(s));
}

int
gw_buf_printf(struct gw_buf *b, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || gw_buf_reserve(b, (size_t)n) < 0)
        return -1;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return 0;
}

/* buf_utf8_len - length of the valid UTF-8 sequence at s, 0 when invalid */
static size_t
buf_utf8_len(const unsigned char *s)
{
    size_t n, i;
    unsigned int cp;

    if (s[0] < 0x80)
        return 1;
    if (s[0] >= 0xc2 && s[0] <= 0xdf)
        n = 2, cp = s[0] & 0x1f;
    else if (s[0] >= 0xe0 && s[0] <= 0xef)
        n = 3, cp = s[0] & 0x0f;
    else if (s[0] >= 0xf0 && s[0] <= 0xf4)
        n = 4, cp = s[0] & 0x07;
    else
        return 0;
    for (i = 1; i < n; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
        cp = cp << 6 | (s[i] & 0x3f);
    }
    if ((n == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) || (n == 4 && cp < 0x10000) ||
        cp > 0x10ffff)
        return 0;
    return n;
}

int
gw_buf_xml_escape(struct gw_buf *b, const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        const char *rep = NULL;
        int r;

        if (c >= 0x80) {
            /* Untrusted bytes may reach a reason text: never emit malformed UTF-8. */
            size_t n = buf_utf8_len((const unsigned char *)s);

            if (n == 0) {
                if (gw_buf_append(b, "?", 1) < 0)
                    return -1;
                continue;
            }
            if (gw_buf_append(b, s, n) < 0)
                return -1;
            s += n - 1;
            continue;
        }

        switch (c) {
        case '&':
            rep = "&amp;";
            break;
        case '<':
            rep = "&lt;";
            break;
        case '>':
            rep = "&gt;";
            break;
        case '"':
            rep = "&quot;";
            break;
        case '\'':
            rep = "&apos;";
            break;
        default:
            if (c < 0x20 && c != '\t' && c != '\n')
                continue; /* not representable in XML 1.0 */
        }
        r = rep ? gw_buf_puts(b, rep) : gw_buf_append(b, s, 1);
        if (r < 0)
            return -1;
    }
    return 0;
}

int
gw_buf_json_escape(struct gw_buf *b, const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        int r;

        if (c >= 0x80) {
            size_t n = buf_utf8_len((const unsigned char *)s);

            r = n ? gw_buf_append(b, s, n) : gw_buf_puts(b, "\\ufffd");
            if (r < 0)
                return -1;
            s += n ? n - 1 : 0;
            continue;
        }
        if (c == '"' || c == '\\')
            r = gw_buf_printf(b, "\\%c", c);
        else if (c == '\n')
            r = gw_buf_puts(b, "\\n");
        else if (c == '\t')
            r = gw_buf_puts(b, "\\t");
        else if (c < 0x20)
            r = gw_buf_printf(b, "\\u%04x", c);
        else
            r = gw_buf_append(b, s, 1);
        if (r < 0)
            return -1;
    }
    return 0;
}

int
gw_path(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= size) {
        errno = ENAMETOOLONG;
        return -1;
    }
    return 0;
}
