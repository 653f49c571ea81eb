/* fmt_flexloc_csv - the local flexibility chronicles (flexloc) in their CSV form.
 *
 * DESCRIPTION
 *	Layout (README "CSV forms"), one row per point:
 *	    #passerelle flexloc
 *1;mRID=M;revision=1;sender=EIC;receiver=EIC;createdDateTime=...Z;week=YYYY-MM-DD
 *	    eda;unit;resolution;start;end;position;quantity
 *	Header fields and columns in any order (week is week@start). Consecutive rows with the
 *	same eda and unit form one Series; within it, consecutive rows with the same resolution,
 *	start and end one Period; each row one Point. A document without series is the two
 *	header lines. Quantities are integers (no decimal separator), as in XML.
 *
 *	Checking: values against flexloc.xsd's types (XSD), then the events the rows stand for go
 *	to fmt_flexloc_flow, the XML form's checker: same rules, same codes, the CSV's lines. Two
 *	adjacent Series of one EDA with the same unit cannot be told apart in CSV: one Series.
 *
 *	Canonical layouts: CSV as above (LF, no BOM, the seven columns in that order); XML as
 *	samples/flexloc/valid.xml (two-space indent, one element per line, LF).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"
#include "fmt_convert.h"
#include "fmt_csv.h"
#include "fmt_flexloc_csv.h"
#include "fmt_weekly.h"
#include "fmt_xml.h"

#define KEY_MAX 512
#define VAL_MAX 64

enum hkey { H_MRID, H_REVISION, H_SENDER, H_RECEIVER, H_CREATED, H_WEEK, NHKEYS };

enum col { C_EDA, C_UNIT, C_RESOLUTION, C_START, C_END, C_POSITION, C_QUANTITY, NCOLS };

static const char *const flex_keys[NHKEYS] = {"mRID",     "revision",        "sender",
                                              "receiver", "createdDateTime", "week"};

static const struct fmt_csv_column flex_columns[NCOLS] = {
    {"eda", 1}, {"unit", 1},     {"resolution", 1}, {"start", 1},
    {"end", 1}, {"position", 1}, {"quantity", 1},
};

const struct fmt_csv_form fmt_flexloc_csv_form = {
    .flow = "flexloc",
    .version = "1",
    .keys = flex_keys,
    .nkeys = NHKEYS,
    .columns = flex_columns,
    .ncolumns = NCOLS,
};

/* ---------------------------------------------------------------- grouping rows */

struct gkey {
    int set;
    size_t len;
    char k[KEY_MAX];
};

/* key_make - length-prefixed concatenation of columns [a, b); 0 when it does not fit */
static int
key_make(struct gkey *g, const char *const *f, const size_t *len, int a, int b)
{
    size_t o = 0;
    int j, n;

    for (j = a; j < b; j++) {
        n = snprintf(g->k + o, sizeof(g->k) - o, "%zu:", f[j] ? len[j] : 0);
        if (n < 0 || (size_t)n + (f[j] ? len[j] : 0) >= sizeof(g->k) - o)
            return 0;
        o += (size_t)n;
        if (f[j] != NULL && len[j] > 0)
            memcpy(g->k + o, f[j], len[j]);
        o += f[j] ? len[j] : 0;
    }
    g->len = o;
    return 1;
}

/* key_changes - does this row start a new element? Updates the stored key. */
static int
key_changes(struct gkey *g, const char *const *f, const size_t *len, int a, int b)
{
    struct gkey n;

    if (!key_make(&n, f, len, a, b)) {
        g->set = 0;
        return 1;
    }
    if (g->set && n.len == g->len && memcmp(n.k, g->k, n.len) == 0)
        return 0;
    memcpy(g->k, n.k, n.len);
    g->len = n.len;
    g->set = 1;
    return 1;
}

/* ---------------------------------------------------------------- value checks (flexloc.xsd) */

static int
is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int
c_mrid(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || is_digit(c) || c == '.' ||
           c == '_' || c == '-';
}

static int
c_eda(char c)
{
    return c_mrid(c) && c != '.';
}

static int
c_eic(char c)
{
    return (c >= 'A' && c <= 'Z') || is_digit(c) || c == '-';
}

static int
c_digit(char c)
{
    return is_digit(c);
}

static int
all_of(const char *v, size_t len, size_t min, size_t max, int (*ok)(char))
{
    size_t i;

    if (len < min || len > max)
        return 0;
    for (i = 0; i < len; i++)
        if (!ok(v[i]))
            return 0;
    return 1;
}

/* shape - v follows the template: '9' a digit, any other byte itself */
static int
shape(const char *v, size_t len, const char *tpl)
{
    size_t i;

    if (len != strlen(tpl))
        return 0;
    for (i = 0; i < len; i++)
        if (tpl[i] == '9' ? !is_digit(v[i]) : v[i] != tpl[i])
            return 0;
    return 1;
}

static int
num(const char *v, int n)
{
    int x = 0, i;

    for (i = 0; i < n; i++)
        x = x * 10 + (v[i] - '0');
    return x;
}

static int
real_date(const char *v)
{
    static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int y = num(v, 4), mo = num(v + 5, 2), d = num(v + 8, 2), dim;

    if (y == 0 || mo < 1 || mo > 12 || d < 1)
        return 0;
    dim = mdays[mo - 1] + (mo == 2 && (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)));
    return d <= dim;
}

static int
real_time(const char *v)
{
    int h = num(v, 2), m = num(v + 3, 2), s = num(v + 6, 2);

    return (h < 24 && m < 60 && s < 60) || (h == 24 && m == 0 && s == 0);
}

/* positive - "[0-9]{1,maxd}", not zero */
static int
positive(const char *v, size_t len, size_t maxd)
{
    size_t i;

    if (!all_of(v, len, 1, maxd, c_digit))
        return 0;
    for (i = 0; i < len; i++)
        if (v[i] != '0')
            return 1;
    return 0;
}

/* quantity - "-?[0-9]{1,18}" */
static int
quantity(const char *v, size_t len)
{
    size_t i = len > 0 && v[0] == '-' ? 1 : 0;

    return all_of(v + i, len - i, 1, 18, c_digit);
}

static const char *
col_why(int c, const char *v, size_t len)
{
    switch (c) {
    case C_EDA:
        return all_of(v, len, 1, 35, c_eda) ? NULL : "1 to 35 of [A-Za-z0-9_-]";
    case C_UNIT:
        return len == 2 && memcmp(v, "kW", 2) == 0 ? NULL : "kW";
    case C_RESOLUTION:
        return len == 4 && memcmp(v, "PT5M", 4) == 0 ? NULL : "PT5M";
    case C_START:
    case C_END:
        return shape(v, len, "9999-99-99T99:99Z") ? NULL : "a UTC instant YYYY-MM-DDTHH:MMZ";
    case C_POSITION:
        return positive(v, len, 18) ? NULL : "a positive integer of at most 18 digits";
    case C_QUANTITY:
        return quantity(v, len) ? NULL : "an integer of at most 18 digits";
    }
    return NULL;
}

static const char *
hdr_why(int h, const char *v, size_t len)
{
    switch (h) {
    case H_MRID:
        return all_of(v, len, 1, 60, c_mrid) ? NULL : "1 to 60 of [A-Za-z0-9._-]";
    case H_REVISION:
        return positive(v, len, 9) ? NULL : "a positive integer of at most 9 digits";
    case H_SENDER:
    case H_RECEIVER:
        return all_of(v, len, 16, 16, c_eic) ? NULL : "an EIC code (16 of [A-Z0-9-])";
    case H_CREATED:
        return shape(v, len, "9999-99-99T99:99:99Z") && real_date(v) && real_time(v + 11)
                   ? NULL
                   : "a UTC date and time YYYY-MM-DDTHH:MM:SSZ";
    case H_WEEK:
        return shape(v, len, "9999-99-99") && real_date(v) ? NULL : "a date YYYY-MM-DD";
    }
    return NULL;
}

/* ---------------------------------------------------------------- checking */

struct flex_csv {
    struct fmt_report *rep;
    void *flex;
    int in_series, in_period;
    struct gkey skey, pkey;
};

static void
check_cols(struct flex_csv *c, const char *const *f, const size_t *len, int a, int b, long line)
{
    const char *why;
    int j;

    for (j = a; j < b; j++) {
        if (f[j] == NULL || len[j] == 0) {
            fmt_report_add(c->rep, "XSD", line, "column %s: a value is required",
                           flex_columns[j].name);
            continue;
        }
        if ((why = col_why(j, f[j], len[j])) != NULL)
            fmt_report_add(c->rep, "XSD", line, "column %s: \"%.40s\" is not %s",
                           flex_columns[j].name, f[j], why);
    }
}

static size_t
attrs(struct fmt_xml_attr *at, const char *const *f, const size_t *len, int a, int b)
{
    size_t n = 0;
    int j;

    for (j = a; j < b; j++) {
        if (f[j] == NULL || len[j] == 0)
            continue;
        at[n].name = flex_columns[j].name;
        at[n].value = f[j];
        at[n].len = len[j];
        n++;
    }
    return n;
}

static void
close_period(struct flex_csv *c, long line)
{
    if (c->in_period)
        fmt_flexloc_flow.end(c->flex, "Period", "", 0, line);
    c->in_period = 0;
}

static void
close_series(struct flex_csv *c, long line)
{
    close_period(c, line);
    if (c->in_series)
        fmt_flexloc_flow.end(c->flex, "Series", "", 0, line);
    c->in_series = 0;
}

static void *
csv_begin(const struct fmt_opts *opts, struct fmt_report *rep)
{
    struct flex_csv *c = calloc(1, sizeof(*c));

    if (c == NULL)
        return NULL;
    c->rep = rep;
    if ((c->flex = fmt_flexloc_flow.begin(opts, rep)) == NULL) {
        free(c);
        return NULL;
    }
    return c;
}

static void
csv_header(void *st, const char *const *v, const size_t *len, long line)
{
    struct flex_csv *c = st;
    char text[FMT_XML_TEXT_MAX + 1];
    const char *why;
    size_t n;
    int h;

    fmt_flexloc_flow.start(c->flex, "ChroniquesFlexibiliteLocale", NULL, 0, line);
    for (h = 0; h < NHKEYS; h++) {
        if (v[h] == NULL)
            continue; /* CSV-HEADER said so */
        if ((why = hdr_why(h, v[h], len[h])) != NULL)
            fmt_report_add(c->rep, "XSD", line, "header field %s: \"%.40s\" is not %s",
                           flex_keys[h], v[h], why);
        if (h == H_WEEK) {
            struct fmt_xml_attr at = {"start", v[h], len[h]};

            fmt_flexloc_flow.start(c->flex, "week", &at, 1, line);
            fmt_flexloc_flow.end(c->flex, "week", "", 0, line);
            continue;
        }
        n = len[h] < FMT_XML_TEXT_MAX ? len[h] : FMT_XML_TEXT_MAX;
        memcpy(text, v[h], n);
        text[n] = '\0';
        fmt_flexloc_flow.start(c->flex, flex_keys[h], NULL, 0, line);
        fmt_flexloc_flow.end(c->flex, flex_keys[h], text,
                             len[h] <= FMT_XML_TEXT_MAX ? len[h] : FMT_XML_TEXT_MAX + 1, line);
    }
}

static void
csv_row(void *st, const char *const *f, const size_t *len, long line)
{
    struct flex_csv *c = st;
    struct fmt_xml_attr at[NCOLS];
    size_t n;

    if (key_changes(&c->skey, f, len, C_EDA, C_UNIT + 1) || !c->in_series) {
        close_series(c, line);
        c->pkey.set = 0;
        check_cols(c, f, len, C_EDA, C_UNIT + 1, line);
        n = attrs(at, f, len, C_EDA, C_UNIT + 1);
        fmt_flexloc_flow.start(c->flex, "Series", at, n, line);
        c->in_series = 1;
    }
    if (key_changes(&c->pkey, f, len, C_RESOLUTION, C_END + 1) || !c->in_period) {
        close_period(c, line);
        check_cols(c, f, len, C_RESOLUTION, C_END + 1, line);
        n = attrs(at, f, len, C_RESOLUTION, C_END + 1);
        fmt_flexloc_flow.start(c->flex, "Period", at, n, line);
        c->in_period = 1;
    }
    check_cols(c, f, len, C_POSITION, NCOLS, line);
    n = attrs(at, f, len, C_POSITION, NCOLS);
    fmt_flexloc_flow.start(c->flex, "Point", at, n, line);
    fmt_flexloc_flow.end(c->flex, "Point", "", 0, line);
}

static int
csv_finish(void *st, int complete, long lastline)
{
    struct flex_csv *c = st;

    close_series(c, lastline);
    fmt_flexloc_flow.end(c->flex, "ChroniquesFlexibiliteLocale", "", 0, 1);
    return fmt_flexloc_flow.finish(c->flex, complete);
}

static void
csv_free(void *st)
{
    struct flex_csv *c = st;

    if (c == NULL)
        return;
    fmt_flexloc_flow.free(c->flex);
    free(c);
}

const struct fmt_csv_flow fmt_flexloc_csv_flow = {
    .form = &fmt_flexloc_csv_form,
    .begin = csv_begin,
    .sink = {.header = csv_header, .row = csv_row},
    .finish = csv_finish,
    .free = csv_free,
};

/* ---------------------------------------------------------------- CSV to XML */

struct to_xml {
    FILE *out;
    int in_series, in_period;
    struct gkey skey, pkey;
};

static void
put_esc(FILE *out, const char *v, size_t len)
{
    size_t i;

    for (i = 0; i < len; i++) {
        switch (v[i]) {
        case '<':
            fputs("&lt;", out);
            break;
        case '>':
            fputs("&gt;", out);
            break;
        case '&':
            fputs("&amp;", out);
            break;
        case '"':
            fputs("&quot;", out);
            break;
        default:
            putc(v[i], out);
        }
    }
}

static void
put_attr(FILE *out, const char *name, const char *v, size_t len)
{
    fprintf(out, " %s=\"", name);
    put_esc(out, v, len);
    putc('"', out);
}

static void
x_header(void *st, const char *const *v, const size_t *len, long line)
{
    struct to_xml *x = st;
    int h;

    (void)line;
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
          "<ChroniquesFlexibiliteLocale xmlns=\"urn:passerelle:flexloc:1\">\n",
          x->out);
    for (h = 0; h < H_WEEK; h++) {
        fprintf(x->out, "  <%s>", flex_keys[h]);
        if (v[h] != NULL)
            put_esc(x->out, v[h], len[h]);
        fprintf(x->out, "</%s>\n", flex_keys[h]);
    }
    fputs("  <week", x->out);
    put_attr(x->out, "start", v[H_WEEK] ? v[H_WEEK] : "", v[H_WEEK] ? len[H_WEEK] : 0);
    fputs("/>\n", x->out);
}

static void
x_close_period(struct to_xml *x)
{
    if (x->in_period)
        fputs("    </Period>\n", x->out);
    x->in_period = 0;
}

static void
x_close_series(struct to_xml *x)
{
    x_close_period(x);
    if (x->in_series)
        fputs("  </Series>\n", x->out);
    x->in_series = 0;
}

static void
x_row(void *st, const char *const *f, const size_t *len, long line)
{
    struct to_xml *x = st;
    int j;

    (void)line;
    if (key_changes(&x->skey, f, len, C_EDA, C_UNIT + 1) || !x->in_series) {
        x_close_series(x);
        x->pkey.set = 0;
        fputs("  <Series", x->out);
        for (j = C_EDA; j <= C_UNIT; j++)
            put_attr(x->out, flex_columns[j].name, f[j] ? f[j] : "", len[j]);
        fputs(">\n", x->out);
        x->in_series = 1;
    }
    if (key_changes(&x->pkey, f, len, C_RESOLUTION, C_END + 1) || !x->in_period) {
        x_close_period(x);
        fputs("    <Period", x->out);
        for (j = C_RESOLUTION; j <= C_END; j++)
            put_attr(x->out, flex_columns[j].name, f[j] ? f[j] : "", len[j]);
        fputs(">\n", x->out);
        x->in_period = 1;
    }
    fputs("      <Point", x->out);
    for (j = C_POSITION; j < NCOLS; j++)
        put_attr(x->out, flex_columns[j].name, f[j] ? f[j] : "", len[j]);
    fputs("/>\n", x->out);
}

/* fmt_flexloc_csv_to_xml - see fmt_flexloc_csv.h */
int
fmt_flexloc_csv_to_xml(int fd, FILE *out)
{
    static const struct fmt_csv_sink sink = {.header = x_header, .row = x_row};
    struct to_xml *x;
    struct fmt_report rep;
    int complete, ret = -1, saved;
    long last;

    if ((x = calloc(1, sizeof(*x))) == NULL)
        return -1;
    x->out = out;
    fmt_report_init(&rep, 1);
    if (fmt_csv_parse_fd(&fmt_flexloc_csv_form, &sink, x, fd, UINT64_MAX, &rep, &complete, &last) <
        0)
        goto out;
    if (!complete || rep.nerrors > 0) {
        errno = EBADMSG;
        goto out;
    }
    x_close_series(x);
    fputs("</ChroniquesFlexibiliteLocale>\n", out);
    if (ferror(out)) {
        errno = EIO;
        goto out;
    }
    ret = 0;
out:
    saved = errno;
    fmt_report_free(&rep);
    free(x);
    errno = saved;
    return ret;
}

/* ---------------------------------------------------------------- XML to CSV */

struct to_csv {
    FILE *out;
    char hdr[NHKEYS][FMT_XML_TEXT_MAX + 1];
    char cell[NCOLS][VAL_MAX];
    int started;
};

/* keep - an attribute value, XML blanks trimmed (the schema collapses them), into dst */
static void
keep(char *dst, size_t size, const char *v, size_t len)
{
    while (len > 0 && (*v == ' ' || *v == '\t' || *v == '\n' || *v == '\r')) {
        v++;
        len--;
    }
    while (len > 0 &&
           (v[len - 1] == ' ' || v[len - 1] == '\t' || v[len - 1] == '\n' || v[len - 1] == '\r'))
        len--;
    if (len >= size)
        len = size - 1;
    memcpy(dst, v, len);
    dst[len] = '\0';
}

static void
take(struct to_csv *t, const struct fmt_xml_attr *at, size_t n, int a, int b)
{
    const struct fmt_xml_attr *v;
    int j;

    for (j = a; j < b; j++) {
        v = fmt_xml_attr_find(at, n, flex_columns[j].name);
        keep(t->cell[j], sizeof(t->cell[j]), v ? v->value : "", v ? v->len : 0);
    }
}

static int
c_start(void *st, const char *name, const struct fmt_xml_attr *at, size_t n)
{
    struct to_csv *t = st;
    int h, j;

    if (strcmp(name, "week") == 0) {
        const struct fmt_xml_attr *s = fmt_xml_attr_find(at, n, "start");

        keep(t->hdr[H_WEEK], sizeof(t->hdr[H_WEEK]), s ? s->value : "", s ? s->len : 0);
        fprintf(t->out, "#passerelle %s %s", fmt_flexloc_csv_form.flow,
                fmt_flexloc_csv_form.version);
        for (h = 0; h < NHKEYS; h++)
            fprintf(t->out, ";%s=%s", flex_keys[h], t->hdr[h]);
        putc('\n', t->out);
        for (j = 0; j < NCOLS; j++)
            fprintf(t->out, "%s%s", j ? ";" : "", flex_columns[j].name);
        putc('\n', t->out);
        t->started = 1;
    } else if (!t->started) {
        return 0;
    } else if (strcmp(name, "Series") == 0) {
        take(t, at, n, C_EDA, C_UNIT + 1);
    } else if (strcmp(name, "Period") == 0) {
        take(t, at, n, C_RESOLUTION, C_END + 1);
    } else if (strcmp(name, "Point") == 0) {
        take(t, at, n, C_POSITION, NCOLS);
        for (j = 0; j < NCOLS; j++)
            fprintf(t->out, "%s%s", j ? ";" : "", t->cell[j]);
        if (putc('\n', t->out) == EOF) {
            errno = EIO;
            return -1;
        }
    }
    return 0;
}

static int
c_end(void *st, const char *name, const char *text, size_t len)
{
    struct to_csv *t = st;
    int h;

    for (h = 0; h < H_WEEK; h++)
        if (strcmp(name, flex_keys[h]) == 0)
            keep(t->hdr[h], sizeof(t->hdr[h]), text, len);
    return 0;
}

/* fmt_flexloc_xml_to_csv - see fmt_flexloc_csv.h */
int
fmt_flexloc_xml_to_csv(int fd, FILE *out)
{
    static const struct fmt_xml_walker w = {
        .ns = "urn:passerelle:flexloc:1", .start = c_start, .end = c_end};
    struct to_csv *t;
    int ret = -1, saved;

    if ((t = calloc(1, sizeof(*t))) == NULL)
        return -1;
    t->out = out;
    if (fmt_convert_xml_walk(fd, &w, t) < 0)
        goto out;
    if (!t->started) {
        errno = EBADMSG;
        goto out;
    }
    if (ferror(out)) {
        errno = EIO;
        goto out;
    }
    ret = 0;
out:
    saved = errno;
    free(t);
    errno = saved;
    return ret;
}
