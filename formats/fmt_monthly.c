/* fmt_monthly - header, month and keyed sets shared by the monthly GRD flows.
 *
 * DESCRIPTION
 *	The monthly flows (perimetre, facteur-impact, eif-sites, sites-j1) have the header of
 *	every document (FORMATS.md), then a month, then rows with "one row per key" rules. This
 *	module does the common part so that each flow only says its own rules.
 *
 *	fmt_keymap is an open-addressing index over a growable array of fixed-size records
 *	(key, line, caller data): one allocation per doubling, never one per row.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"
#include "fmt_ids.h"
#include "fmt_monthly.h"
#include "fmt_xml.h"
#include "cal.h"

/* fmt_monthly_attr_eq - exact word */
int
fmt_monthly_attr_eq(const struct fmt_xml_attr *a, const char *s)
{
    size_t n = strlen(s);

    return a != NULL && a->len == n && memcmp(a->value, s, n) == 0;
}

/* is_ws - XML whitespace (xs:positiveInteger and xs:gYearMonth collapse it) */
static int
is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* trim - strip XML whitespace around v[0..*len) */
static const char *
trim(const char *v, size_t *len)
{
    while (*len > 0 && is_ws(v[0])) {
        v++;
        (*len)--;
    }
    while (*len > 0 && is_ws(v[*len - 1]))
        (*len)--;
    return v;
}

/* fmt_monthly_header - mRID, revision, sender, receiver */
int
fmt_monthly_header(struct fmt_report *rep, const char *name, const char *text, size_t len,
                   long line)
{
    const char *v;
    size_t i, k;
    long n;
    char *dst;

    if (strcmp(name, "mRID") == 0) {
        if (len < 1 || len > 60)
            return 1;
        for (i = 0; i < len; i++)
            if (!((text[i] >= 'A' && text[i] <= 'Z') || (text[i] >= 'a' && text[i] <= 'z') ||
                  (text[i] >= '0' && text[i] <= '9') || text[i] == '.' || text[i] == '_' ||
                  text[i] == '-'))
                return 1;
        memcpy(rep->mrid, text, len);
        rep->mrid[len] = '\0';
        return 1;
    }
    if (strcmp(name, "revision") == 0) {
        k = len;
        v = trim(text, &k);
        if (k == 0 || k > 9)
            return 1;
        for (i = 0, n = 0; i < k; i++) {
            if (v[i] < '0' || v[i] > '9')
                return 1;
            n = n * 10 + (v[i] - '0');
        }
        if (n > 0)
            rep->revision = n;
        return 1;
    }
    if (strcmp(name, "sender") == 0 || strcmp(name, "receiver") == 0) {
        if (!fmt_eic_syntax(text, len))
            return 1; /* the schema says so */
        dst = name[0] == 's' ? rep->sender : rep->receiver;
        memcpy(dst, text, len);
        dst[len] = '\0';
        if (!fmt_eic_valid(text, len))
            fmt_report_add(rep, "EIC-CHECK", line,
                           "%s %s: wrong check character (expected '%c', found '%c')", name, dst,
                           fmt_eic_check_char(text), text[15]);
        return 1;
    }
    return 0;
}

/* fmt_monthly_month - month M and its deadline */
int
fmt_monthly_month(struct fmt_report *rep, const char *flow, const struct cal_holidays *h,
                  const char *text, size_t len, int shift, int *y, int *mo)
{
    const char *v;
    int yy, mm, i, m0;
    time_t deadline;

    v = trim(text, &len);
    if (len != 7 || v[4] != '-')
        return -1;
    for (i = 0, yy = 0; i < 4; i++) {
        if (v[i] < '0' || v[i] > '9')
            return -1;
        yy = yy * 10 + (v[i] - '0');
    }
    if (v[5] < '0' || v[5] > '9' || v[6] < '0' || v[6] > '9')
        return -1;
    mm = (v[5] - '0') * 10 + (v[6] - '0');
    if (mm < 1 || mm > 12)
        return -1;
    m0 = yy * 12 + (mm - 1) + shift; /* months since year 0 */
    if (m0 < 0)
        return -1;
    yy = m0 / 12;
    mm = m0 % 12 + 1;
    snprintf(rep->period, sizeof(rep->period), "%04d-%02d", yy % 10000, mm);
    /* The Jour Ouvré preceding the last 5 Jours Ouvrés of M, until 23:59:59 local. A month
     * outside the calendar's years keeps no deadline (0): nothing to report, the document
     * is still judged by its own rules. */
    if (cal_deadline(flow, rep->period, h, &deadline) == 0)
        rep->deadline = deadline;
    *y = yy;
    *mo = mm;
    return 0;
}

/* fmt_monthly_eic - check character of an EIC attribute */
int
fmt_monthly_eic(struct fmt_report *rep, const struct fmt_xml_attr *a, const char *what, long line)
{
    if (a == NULL || !fmt_eic_syntax(a->value, a->len))
        return 0; /* absent or malformed: the schema (or a per-kind rule) says so */
    if (fmt_eic_valid(a->value, a->len))
        return 1;
    fmt_report_add(rep, "EIC-CHECK", line,
                   "%s %.16s: wrong check character (expected '%c', found '%c')", what, a->value,
                   fmt_eic_check_char(a->value), a->value[15]);
    return 0;
}

/* ---------------------------------------------------------------- keymap */

struct keyrec {
    long line;
    unsigned char len;
    char key[FMT_KEY_MAX];
    /* then valsize bytes, aligned */
};

struct fmt_keymap {
    size_t valsize, recsize;
    unsigned char *recs; /* n records of recsize bytes */
    size_t n, cap;       /* records */
    size_t *index;       /* record number + 1; 0 = empty */
    size_t icap;         /* power of two, > 2n */
};

/* fmt_keymap_new - empty; grows on the first put */
struct fmt_keymap *
fmt_keymap_new(size_t valsize)
{
    struct fmt_keymap *m = calloc(1, sizeof(*m));
    size_t a = sizeof(long double);

    if (m == NULL)
        return NULL;
    m->valsize = valsize;
    m->recsize = (sizeof(struct keyrec) + valsize + a - 1) / a * a;
    return m;
}

/* fmt_keymap_free - NULL is fine */
void
fmt_keymap_free(struct fmt_keymap *m)
{
    if (m == NULL)
        return;
    free(m->recs);
    free(m->index);
    free(m);
}

size_t
fmt_keymap_count(const struct fmt_keymap *m)
{
    return m == NULL ? 0 : m->n;
}

/* key_hash - FNV-1a, 64 bits */
static size_t
key_hash(const char *k, size_t len)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    size_t i;

    for (i = 0; i < len; i++) {
        h ^= (unsigned char)k[i];
        h *= 0x100000001b3ULL;
    }
    return (size_t)(h ^ (h >> 32));
}

static struct keyrec *
rec_at(const struct fmt_keymap *m, size_t i)
{
    return (struct keyrec *)(void *)(m->recs + i * m->recsize);
}

/* grow - room for one more record and an index at most half full; 0 or -1 ENOMEM */
static int
grow(struct fmt_keymap *m)
{
    unsigned char *nr;
    size_t *ni, ncap, i, j;
    struct keyrec *r;

    if (m->n == m->cap) {
        ncap = m->cap ? m->cap * 2 : 64;
        if (ncap > SIZE_MAX / m->recsize || (nr = realloc(m->recs, ncap * m->recsize)) == NULL) {
            errno = ENOMEM;
            return -1;
        }
        m->recs = nr;
        m->cap = ncap;
    }
    if ((m->n + 1) * 2 <= m->icap)
        return 0;
    ncap = m->icap ? m->icap * 2 : 128;
    if ((ni = calloc(ncap, sizeof(*ni))) == NULL) {
        errno = ENOMEM;
        return -1;
    }
    for (i = 0; i < m->n; i++) {
        r = rec_at(m, i);
        for (j = key_hash(r->key, r->len) & (ncap - 1); ni[j] != 0; j = (j + 1) & (ncap - 1))
            ;
        ni[j] = i + 1;
    }
    free(m->index);
    m->index = ni;
    m->icap = ncap;
    return 0;
}

/* fmt_keymap_put - find or add */
int
fmt_keymap_put(struct fmt_keymap *m, const char *key, size_t len, long line, long *linep,
               void **valp)
{
    struct keyrec *r;
    size_t j;

    if (len > FMT_KEY_MAX) {
        errno = EINVAL;
        return -1;
    }
    if (grow(m) < 0)
        return -1;
    for (j = key_hash(key, len) & (m->icap - 1); m->index[j] != 0; j = (j + 1) & (m->icap - 1)) {
        r = rec_at(m, m->index[j] - 1);
        if (r->len == len && memcmp(r->key, key, len) == 0) {
            if (linep != NULL)
                *linep = r->line;
            if (valp != NULL)
                *valp = (unsigned char *)r + sizeof(*r);
            return 0;
        }
    }
    r = rec_at(m, m->n);
    memset(r, 0, m->recsize);
    r->line = line;
    r->len = (unsigned char)len;
    memcpy(r->key, key, len);
    m->index[j] = ++m->n;
    if (linep != NULL)
        *linep = line;
    if (valp != NULL)
        *valp = (unsigned char *)r + sizeof(*r);
    return 1;
}
