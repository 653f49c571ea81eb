/* fmt_csv - streaming reader of the CSV forms, and the table of flows that have one.
 *
 * DESCRIPTION
 *	A CSV form (FORMATS.md "CSV forms", README "CSV forms") is:
 *	    #passerelle <flow> <version>;key=value;key=value...
 *	    column;column;...
 *	    value;value;...            (one row per point, key or site)
 *	UTF-8, ';' between fields, an optional UTF-8 BOM, LF or CRLF line ends (mixed is fine).
 *	A field may be written between double quotes ("" inside is one quote); a quoted field
 *	cannot hold a line break. Blank lines (empty, or nothing but ';', as spreadsheets pad
 *	them) are skipped wherever they are; empty fields on the first line too.
 *
 *	The reader keeps one read buffer and one line buffer of FMT_CSV_LINE_MAX bytes: memory
 *	does not grow with the file nor with a hostile line (longer than the limit: CSV-LINE, and
 *	the pass stops). Line numbers are the file's true lines (1-based, blank lines counted).
 *
 * DIAGNOSTICS
 *	CSV-LINE (a line too long), CSV-UTF8 (not UTF-8, or a NUL byte) and TOO-LARGE stop the
 *	pass. CSV-HEADER (first line: magic, version, keys) and CSV-COLUMN (header row: unknown,
 *	repeated, unnamed or missing columns) are reported in full; a bad magic or version, or
 *	any CSV-COLUMN, stops the pass since no row could be read rightly. CSV-FIELD (a row with
 *	a broken quote or the wrong number of fields) skips that row and goes on.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fmt.h"
#include "fmt_csv.h"
#include "fmt_cdc_csv.h"
#include "fmt_cles_csv.h"
#include "fmt_flexloc_csv.h"
#include "fmt_list_csv.h"
#include "fmt_perimetre_csv.h"

#define CSV_CHUNK (64 * 1024)

/* The flows that have a CSV form. */
static const struct fmt_csv_flow *const csv_flows[] = {
    &fmt_cdc_csv_flow,
    &fmt_cles_csv_flow,
    &fmt_perimetre_csv_flow,
    &fmt_facteur_impact_csv_flow,
    &fmt_eif_sites_csv_flow,
    &fmt_sites_j1_csv_flow,
    &fmt_demande_perimetre_csv_flow,
    &fmt_capacite_csv_flow,
    &fmt_eif_activations_csv_flow,
    &fmt_grd_list_csv_flow,
    &fmt_flexloc_csv_flow,
};
#define NCSVFLOWS (sizeof(csv_flows) / sizeof(csv_flows[0]))

enum { RD_LINE = 1, RD_EOF = 0, RD_ERR = -1, RD_STOP = -2 };

struct reader {
    int fd;
    uint64_t total, max;
    struct fmt_report *rep;
    char *buf; /* CSV_CHUNK */
    size_t blen, bpos;
    int eof;
    char *line; /* FMT_CSV_LINE_MAX + 2 */
    size_t llen;
    long lineno;
};

/* fmt_csv_utf8_valid - RFC 3629: no overlongs, no surrogates, nothing past U+10FFFF */
int
fmt_csv_utf8_valid(const char *s, size_t len, size_t *bad)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0, n, k;
    unsigned c;

    while (i < len) {
        c = u[i];
        if (c == 0)
            goto bad;
        if (c < 0x80) {
            i++;
            continue;
        }
        if (c >= 0xC2 && c <= 0xDF)
            n = 1;
        else if (c >= 0xE0 && c <= 0xEF)
            n = 2;
        else if (c >= 0xF0 && c <= 0xF4)
            n = 3;
        else
            goto bad;
        if (len - i <= n)
            goto bad;
        for (k = 1; k <= n; k++)
            if ((u[i + k] & 0xC0) != 0x80)
                goto bad;
        if ((c == 0xE0 && u[i + 1] < 0xA0) || (c == 0xED && u[i + 1] > 0x9F) ||
            (c == 0xF0 && u[i + 1] < 0x90) || (c == 0xF4 && u[i + 1] > 0x8F))
            goto bad;
        i += n + 1;
    }
    return 1;
bad:
    *bad = i;
    return 0;
}

/* fmt_csv_decimal - "12,5" and "12.5" both give "12.5"; no exponent, no grouping */
int
fmt_csv_decimal(const char *s, size_t len, char *out, size_t size)
{
    size_t i = 0, o = 0, before = 0, after = 0;
    int sep = 0;

    if (len + 1 > size || len == 0)
        return -1;
    if (s[0] == '-')
        out[o++] = s[i++];
    for (; i < len; i++) {
        if (s[i] >= '0' && s[i] <= '9') {
            out[o++] = s[i];
            if (sep)
                after++;
            else
                before++;
        } else if ((s[i] == ',' || s[i] == '.') && !sep) {
            sep = 1;
            out[o++] = '.';
        } else {
            return -1;
        }
    }
    if (before == 0 || (sep && after == 0))
        return -1;
    out[o] = '\0';
    return 0;
}

/* rd_fill - read the next chunk. 0, or -1 errno */
static int
rd_fill(struct reader *r)
{
    ssize_t n;

    do
        n = read(r->fd, r->buf, CSV_CHUNK);
    while (n < 0 && errno == EINTR);
    if (n < 0)
        return -1;
    r->bpos = 0;
    r->blen = (size_t)n;
    r->total += (uint64_t)n;
    if (n == 0)
        r->eof = 1;
    return 0;
}

/* rd_line - the next line into r->line (NUL-terminated, without its LF/CRLF). RD_LINE,
 * RD_EOF, RD_ERR (errno) or RD_STOP (a reason was reported). */
static int
rd_line(struct reader *r)
{
    const char *p;
    size_t take, bad;
    int started = 0;

    r->llen = 0;
    for (;;) {
        if (r->bpos == r->blen) {
            if (r->eof)
                break;
            if (rd_fill(r) < 0)
                return RD_ERR;
            if (r->total > r->max) {
                fmt_report_add(r->rep, "TOO-LARGE", 0, "the file is larger than %llu bytes",
                               (unsigned long long)r->max);
                return RD_STOP;
            }
            continue;
        }
        started = 1;
        p = memchr(r->buf + r->bpos, '\n', r->blen - r->bpos);
        take = p != NULL ? (size_t)(p - (r->buf + r->bpos)) : r->blen - r->bpos;
        /* One byte of slack for the CR of a CRLF. */
        if (r->llen + take > FMT_CSV_LINE_MAX + 1) {
            fmt_report_add(r->rep, "CSV-LINE", r->lineno + 1, "the line is longer than %d bytes",
                           FMT_CSV_LINE_MAX);
            return RD_STOP;
        }
        memcpy(r->line + r->llen, r->buf + r->bpos, take);
        r->llen += take;
        r->bpos += take;
        if (p != NULL) {
            r->bpos++;
            break;
        }
    }
    if (!started)
        return RD_EOF;
    r->lineno++;
    if (r->llen > 0 && r->line[r->llen - 1] == '\r')
        r->llen--;
    if (r->llen > FMT_CSV_LINE_MAX) {
        fmt_report_add(r->rep, "CSV-LINE", r->lineno, "the line is longer than %d bytes",
                       FMT_CSV_LINE_MAX);
        return RD_STOP;
    }
    r->line[r->llen] = '\0';
    if (r->lineno == 1 && r->llen >= 3 && memcmp(r->line, "\xEF\xBB\xBF", 3) == 0) {
        memmove(r->line, r->line + 3, r->llen - 3 + 1);
        r->llen -= 3;
    }
    if (!fmt_csv_utf8_valid(r->line, r->llen, &bad)) {
        fmt_report_add(r->rep, "CSV-UTF8", r->lineno, "%s at byte %zu of the line",
                       r->line[bad] == '\0' ? "a NUL byte" : "not valid UTF-8", bad + 1);
        return RD_STOP;
    }
    return RD_LINE;
}

/* split - cut the line in place into fields; -1 with a message when a quote is broken or
 * there are too many fields */
static int
split(char *s, size_t len, char **f, size_t *flen, size_t *n, const char **why)
{
    size_t i = 0, o, k = 0;

    for (;;) {
        if (k == FMT_CSV_FIELDS_MAX) {
            *why = "too many fields";
            return -1;
        }
        if (i < len && s[i] == '"') {
            /* Quoted: unquote in place. */
            o = ++i;
            f[k] = s + o;
            for (;;) {
                if (i >= len) {
                    *why = "a quoted field is not closed";
                    return -1;
                }
                if (s[i] == '"') {
                    if (i + 1 < len && s[i + 1] == '"') {
                        s[o++] = '"';
                        i += 2;
                        continue;
                    }
                    i++;
                    break;
                }
                s[o++] = s[i++];
            }
            if (i < len && s[i] != ';') {
                *why = "text after a closing quote";
                return -1;
            }
            flen[k] = (size_t)(s + o - f[k]);
        } else {
            f[k] = s + i;
            while (i < len && s[i] != ';')
                i++;
            flen[k] = (size_t)(s + i - f[k]);
        }
        k++;
        if (i >= len)
            break;
        s[i++] = '\0'; /* the ';' */
    }
    for (o = 0; o < k; o++)
        f[o][flen[o]] = '\0';
    *n = k;
    return 0;
}

/* blank - an empty line, or nothing but separators */
static int
blank(const char *s, size_t len)
{
    size_t i;

    for (i = 0; i < len; i++)
        if (s[i] != ';')
            return 0;
    return 1;
}

/* next_nonblank - skip blank lines */
static int
next_nonblank(struct reader *r)
{
    int rc;

    while ((rc = rd_line(r)) == RD_LINE && blank(r->line, r->llen))
        ;
    return rc;
}

/* magic_ok - field is "#passerelle <flow> <version>" for this form */
static int
magic(const struct fmt_csv_form *form, const char *s, struct fmt_report *rep)
{
    const char *p = s + strlen(FMT_CSV_MAGIC), *sp;
    size_t fl = strlen(form->flow);

    if (strncmp(s, FMT_CSV_MAGIC, strlen(FMT_CSV_MAGIC)) != 0 || strncmp(p, form->flow, fl) != 0 ||
        p[fl] != ' ') {
        fmt_report_add(rep, "CSV-HEADER", 1,
                       "the first field is \"%.80s\", not \"#passerelle %s %s\"", s, form->flow,
                       form->version);
        return 0;
    }
    sp = p + fl + 1;
    if (strcmp(sp, form->version) != 0) {
        fmt_report_add(rep, "CSV-HEADER", 1,
                       "version \"%.20s\" of the %s CSV form is not supported (only %s)", sp,
                       form->flow, form->version);
        return 0;
    }
    return 1;
}

/* header_line - the first line: magic, then key=value fields. 0 when rows may follow. */
static int
header_line(const struct fmt_csv_form *form, const struct fmt_csv_sink *sink, void *st,
            struct reader *r)
{
    char *f[FMT_CSV_FIELDS_MAX];
    size_t flen[FMT_CSV_FIELDS_MAX], n, i, j;
    const char *val[FMT_CSV_FIELDS_MAX];
    size_t vlen[FMT_CSV_FIELDS_MAX];
    const char *why;
    char *eq;

    if (split(r->line, r->llen, f, flen, &n, &why) < 0) {
        fmt_report_add(r->rep, "CSV-HEADER", 1, "the first line is malformed: %s", why);
        return -1;
    }
    if (!magic(form, f[0], r->rep))
        return -1;
    for (j = 0; j < form->nkeys; j++) {
        val[j] = NULL;
        vlen[j] = 0;
    }
    for (i = 1; i < n; i++) {
        if (flen[i] == 0)
            continue;
        if ((eq = strchr(f[i], '=')) == NULL) {
            fmt_report_add(r->rep, "CSV-HEADER", 1, "header field \"%.60s\" is not key=value",
                           f[i]);
            continue;
        }
        *eq = '\0';
        for (j = 0; j < form->nkeys; j++)
            if (strcmp(f[i], form->keys[j]) == 0)
                break;
        if (j == form->nkeys) {
            fmt_report_add(r->rep, "CSV-HEADER", 1, "unknown header field \"%.60s\"", f[i]);
            continue;
        }
        if (val[j] != NULL) {
            fmt_report_add(r->rep, "CSV-HEADER", 1, "header field \"%s\" is repeated",
                           form->keys[j]);
            continue;
        }
        val[j] = eq + 1;
        vlen[j] = (size_t)(f[i] + flen[i] - (eq + 1));
    }
    for (j = 0; j < form->nkeys; j++)
        if (val[j] == NULL)
            fmt_report_add(r->rep, "CSV-HEADER", 1, "header field \"%s\" is missing",
                           form->keys[j]);
    if (sink->header != NULL)
        sink->header(st, val, vlen, 1);
    return 0;
}

/* column_row - the header row: map[k] = column of field k. 0, or -1 when unusable */
static int
column_row(const struct fmt_csv_form *form, struct reader *r, size_t *map, size_t *ncols)
{
    char *f[FMT_CSV_FIELDS_MAX];
    size_t flen[FMT_CSV_FIELDS_MAX], n, k, j;
    int seen[FMT_CSV_FIELDS_MAX] = {0}, bad = 0;
    const char *why;

    if (split(r->line, r->llen, f, flen, &n, &why) < 0) {
        fmt_report_add(r->rep, "CSV-COLUMN", r->lineno, "the header row is malformed: %s", why);
        return -1;
    }
    for (k = 0; k < n; k++) {
        for (j = 0; j < form->ncolumns; j++)
            if (strcmp(f[k], form->columns[j].name) == 0)
                break;
        if (flen[k] == 0) {
            fmt_report_add(r->rep, "CSV-COLUMN", r->lineno, "column %zu has no name", k + 1);
            bad = 1;
        } else if (j == form->ncolumns) {
            fmt_report_add(r->rep, "CSV-COLUMN", r->lineno, "unknown column \"%.60s\"", f[k]);
            bad = 1;
        } else if (seen[j]) {
            fmt_report_add(r->rep, "CSV-COLUMN", r->lineno, "column \"%s\" is repeated",
                           form->columns[j].name);
            bad = 1;
        } else {
            seen[j] = 1;
            map[k] = j;
        }
    }
    for (j = 0; j < form->ncolumns; j++)
        if (form->columns[j].required && !seen[j]) {
            fmt_report_add(r->rep, "CSV-COLUMN", r->lineno, "column \"%s\" is missing",
                           form->columns[j].name);
            bad = 1;
        }
    *ncols = n;
    return bad ? -1 : 0;
}

/* fmt_csv_parse_fd - see fmt_csv.h */
int
fmt_csv_parse_fd(const struct fmt_csv_form *form, const struct fmt_csv_sink *sink, void *st, int fd,
                 uint64_t max_bytes, struct fmt_report *rep, int *complete, long *lastline)
{
    struct reader r;
    char *f[FMT_CSV_FIELDS_MAX];
    const char *field[FMT_CSV_FIELDS_MAX];
    size_t flen[FMT_CSV_FIELDS_MAX], len[FMT_CSV_FIELDS_MAX], map[FMT_CSV_FIELDS_MAX];
    size_t ncols = 0, n, k, j;
    const char *why;
    int rc, ret = -1, saved;

    *complete = 0;
    *lastline = 0;
    if (form->ncolumns > FMT_CSV_FIELDS_MAX || form->nkeys > FMT_CSV_FIELDS_MAX) {
        errno = EINVAL;
        return -1;
    }
    memset(&r, 0, sizeof(r));
    r.fd = fd;
    r.max = max_bytes;
    r.rep = rep;
    if (lseek(fd, 0, SEEK_SET) < 0)
        return -1;
    if ((r.buf = malloc(CSV_CHUNK)) == NULL || (r.line = malloc(FMT_CSV_LINE_MAX + 2)) == NULL)
        goto out;

    if ((rc = rd_line(&r)) == RD_ERR)
        goto out;
    if (rc == RD_EOF)
        fmt_report_add(rep, "CSV-HEADER", 1, "no first line \"#passerelle %s %s\"", form->flow,
                       form->version);
    if (rc != RD_LINE || header_line(form, sink, st, &r) < 0)
        goto done;

    if ((rc = next_nonblank(&r)) == RD_ERR)
        goto out;
    if (rc == RD_EOF)
        fmt_report_add(rep, "CSV-COLUMN", r.lineno + 1, "no header row of column names");
    if (rc != RD_LINE || column_row(form, &r, map, &ncols) < 0)
        goto done;

    while ((rc = next_nonblank(&r)) == RD_LINE) {
        if (split(r.line, r.llen, f, flen, &n, &why) < 0) {
            fmt_report_add(rep, "CSV-FIELD", r.lineno, "%s", why);
            continue;
        }
        if (n != ncols) {
            fmt_report_add(rep, "CSV-FIELD", r.lineno, "%zu field%s where the header row names %zu",
                           n, n == 1 ? "" : "s", ncols);
            continue;
        }
        for (j = 0; j < form->ncolumns; j++) {
            field[j] = NULL;
            len[j] = 0;
        }
        for (k = 0; k < n; k++) {
            field[map[k]] = f[k];
            len[map[k]] = flen[k];
        }
        if (sink->row != NULL)
            sink->row(st, field, len, r.lineno);
    }
    if (rc == RD_ERR)
        goto out;
    if (rc == RD_EOF)
        *complete = 1;
done:
    *lastline = r.lineno;
    ret = 0;
out:
    saved = errno;
    free(r.buf);
    free(r.line);
    errno = saved;
    return ret;
}

/* fmt_csv_form_find - linear: a handful of flows */
const struct fmt_csv_form *
fmt_csv_form_find(const char *flow)
{
    size_t i;

    for (i = 0; i < NCSVFLOWS; i++)
        if (strcmp(csv_flows[i]->form->flow, flow) == 0)
            return csv_flows[i]->form;
    return NULL;
}

/* fmt_csv_check_fd - see fmt_csv.h */
int
fmt_csv_check_fd(const struct fmt_opts *opts, const char *flow, int fd, struct fmt_report *rep)
{
    const struct fmt_csv_flow *cf = NULL;
    void *st;
    int complete, saved;
    long last;
    size_t i;

    for (i = 0; i < NCSVFLOWS; i++)
        if (strcmp(csv_flows[i]->form->flow, flow) == 0)
            cf = csv_flows[i];
    if (cf == NULL)
        return 0;
    snprintf(rep->flow, sizeof(rep->flow), "%s", cf->form->flow);
    if ((st = cf->begin(opts, rep)) == NULL)
        return -1;
    if (fmt_csv_parse_fd(cf->form, &cf->sink, st, fd, opts->max_file_size, rep, &complete, &last) <
            0 ||
        cf->finish(st, complete, last) < 0) {
        saved = errno;
        cf->free(st);
        errno = saved;
        return -1;
    }
    cf->free(st);
    return 1;
}
