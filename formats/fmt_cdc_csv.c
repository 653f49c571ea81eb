/* fmt_cdc_csv - the load-curve document in its CSV form.
 *
 * DESCRIPTION
 *	Layout (README "CSV forms"), one row per point:
 *	    #passerelle cdc
 *1;mRID=M;revision=1;sender=EIC;receiver=EIC;createdDateTime=...Z;week=YYYY-MM-DD
 *	    site;eda;segment;nature;measure;unit;resolution;start;end;position;quantity;quality
 *	    30001610000001;EDA_1;HTA;soutirage;telereleve;kW;PT5M;2026-01-09T23:00Z;2026-01-16T23:00Z;1;3750;
 *	Header fields in any order; columns in any order, quality may be left out (an empty
 *	quality cell is no quality). Consecutive rows with the same site, eda, segment, nature,
 *	measure and unit form one Series; within it, consecutive rows with the same resolution,
 *	start and end form one Period. Values are written exactly as the XML attributes would be
 *	(no blanks, no '+', no decimal separator in an integer: "12,5" is not a quantity).
 *
 *	Checking: each value is checked against its cdc.xsd type here (reason XSD, as for the
 *	XML form: once per Series or Period for their columns, once per row for the point's),
 *	then the events the rows stand for (Series, Period, Point start and end, header element
 *	ends, week start) go to fmt_cdc_flow, the XML form's own checker: same rules, same codes,
 *	lines are the CSV's (a Series at its first row, a header field at line 1).
 *
 *	Canonical layouts written by the conversions: CSV as above (LF, no BOM, header fields
 *	and the twelve columns in that order, an empty last cell without quality); XML as
 *	samples/cdc/valid.xml and tests/tools/gen_cdc.c write it (two-space indent, one element
 *	per line, attributes in schema order, LF).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"
#include "fmt_cdc.h"
#include "fmt_cdc_csv.h"
#include "fmt_convert.h"
#include "fmt_csv.h"
#include "fmt_xml.h"

#define KEY_MAX 512 /* a series or period key; longer values are schema errors anyway */
#define VAL_MAX 64  /* one attribute kept by the XML to CSV writer (the longest, eda, is 35) */

enum hkey { H_MRID, H_REVISION, H_SENDER, H_RECEIVER, H_CREATED, H_WEEK, NHKEYS };

enum col {
    C_SITE,
    C_EDA,
    C_SEGMENT,
    C_NATURE,
    C_MEASURE,
    C_UNIT,
    C_RESOLUTION,
    C_START,
    C_END,
    C_POSITION,
    C_QUANTITY,
    C_QUALITY,
    NCOLS
};

static const char *const cdc_keys[NHKEYS] = {"mRID",     "revision",        "sender",
                                             "receiver", "createdDateTime", "week"};

static const struct fmt_csv_column cdc_columns[NCOLS] = {
    {"site", 1},    {"eda", 1},      {"segment", 1},    {"nature", 1},
    {"measure", 1}, {"unit", 1},     {"resolution", 1}, {"start", 1},
    {"end", 1},     {"position", 1}, {"quantity", 1},   {"quality", 0},
};

const struct fmt_csv_form fmt_cdc_csv_form = {
    .flow = "cdc",
    .version = "1",
    .keys = cdc_keys,
    .nkeys = NHKEYS,
    .columns = cdc_columns,
    .ncolumns = NCOLS,
};

/* ---------------------------------------------------------------- grouping rows */

/* A Series or Period key: the values that make consecutive rows one element. */
struct gkey {
    int set;
    size_t len;
    char k[KEY_MAX];
};

/* put_len - "LEN:" in decimal at out (room bytes); its length, 0 when it does not fit.
 * Hand-written: this runs for every column of every row, and snprintf was most of the cost
 * of checking a CSV (bench/RESULTS.md). */
static size_t
put_len(char *out, size_t room, size_t v)
{
    char tmp[24];
    size_t i = sizeof(tmp), n;

    tmp[--i] = ':';
    do {
        tmp[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v != 0);
    n = sizeof(tmp) - i;
    if (n > room)
        return 0;
    memcpy(out, tmp + i, n);
    return n;
}

/* key_make - length-prefixed concatenation of columns [a, b); 0 when it does not fit */
static int
key_make(struct gkey *g, const char *const *f, const size_t *len, int a, int b)
{
    size_t o = 0, n;
    int j;

    for (j = a; j < b; j++) {
        n = put_len(g->k + o, sizeof(g->k) - o, len[j]);
        if (n == 0 || n + len[j] >= sizeof(g->k) - o)
            return 0;
        o += n;
        if (len[j] > 0)
            memcpy(g->k + o, f[j], len[j]);
        o += len[j];
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
        g->set = 0; /* too long to compare: every row is a new element */
        return 1;
    }
    if (g->set && n.len == g->len && memcmp(n.k, g->k, n.len) == 0)
        return 0;
    memcpy(g->k, n.k, n.len);
    g->len = n.len;
    g->set = 1;
    return 1;
}

/* ---------------------------------------------------------------- value checks (cdc.xsd) */

static int
is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* all_of - every byte of v is accepted by ok(), and min <= len <= max */
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

/* one_of - v is one of the NULL-terminated words */
static int
one_of(const char *v, size_t len, const char *const *words)
{
    for (; *words != NULL; words++)
        if (strlen(*words) == len && memcmp(v, *words, len) == 0)
            return 1;
    return 0;
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

/* real_date - an xs:date's value: year 0001-9999, month, day of that month */
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

/* real_time - an xs:time's value: hh:mm:ss, or 24:00:00 */
static int
real_time(const char *v)
{
    int h = num(v, 2), m = num(v + 3, 2), s = num(v + 6, 2);

    return (h < 24 && m < 60 && s < 60) || (h == 24 && m == 0 && s == 0);
}

/* int_ok - "-?[0-9]{1,18}" (Quantity), or positive "[0-9]{1,maxd}" (Position, Revision) */
static int
int_ok(const char *v, size_t len, int positive, size_t maxd)
{
    size_t i = 0;

    if (!positive && len > 0 && v[0] == '-')
        i = 1;
    if (!all_of(v + i, len - i, 1, maxd, c_digit))
        return 0;
    if (positive) {
        for (; i < len; i++)
            if (v[i] != '0')
                return 1;
        return 0;
    }
    return 1;
}

static const char *const w_segment[] = {"HTA", "BTSUP36", "BTINF36", NULL};
static const char *const w_nature[] = {"soutirage", "injection", "stockage", NULL};
static const char *const w_measure[] = {"telereleve", "profile", NULL};
static const char *const w_unit[] = {"kW", "W", NULL};
static const char *const w_resolution[] = {"PT5M", "PT15M", NULL};
static const char *const w_quality[] = {"R", "E", "C", "S", NULL};

/* col_why - NULL when the value of column c is valid for cdc.xsd, else what it should be */
static const char *
col_why(int c, const char *v, size_t len)
{
    switch (c) {
    case C_SITE:
        return all_of(v, len, 14, 14, c_digit) ? NULL : "a PRM of 14 digits";
    case C_EDA:
        return all_of(v, len, 1, 35, c_eda) ? NULL : "1 to 35 of [A-Za-z0-9_-]";
    case C_SEGMENT:
        return one_of(v, len, w_segment) ? NULL : "one of HTA, BTSUP36, BTINF36";
    case C_NATURE:
        return one_of(v, len, w_nature) ? NULL : "one of soutirage, injection, stockage";
    case C_MEASURE:
        return one_of(v, len, w_measure) ? NULL : "one of telereleve, profile";
    case C_UNIT:
        return one_of(v, len, w_unit) ? NULL : "one of kW, W";
    case C_RESOLUTION:
        return one_of(v, len, w_resolution) ? NULL : "one of PT5M, PT15M";
    case C_START:
    case C_END:
        return shape(v, len, "9999-99-99T99:99Z") ? NULL : "a UTC instant YYYY-MM-DDTHH:MMZ";
    case C_POSITION:
        return int_ok(v, len, 1, 18) ? NULL : "a positive integer of at most 18 digits";
    case C_QUANTITY:
        return int_ok(v, len, 0, 18) ? NULL : "an integer of at most 18 digits";
    case C_QUALITY:
        return one_of(v, len, w_quality) ? NULL : "one of R, E, C, S";
    }
    return NULL;
}

/* hdr_why - the same for a header field */
static const char *
hdr_why(int h, const char *v, size_t len)
{
    switch (h) {
    case H_MRID:
        return all_of(v, len, 1, 60, c_mrid) ? NULL : "1 to 60 of [A-Za-z0-9._-]";
    case H_REVISION:
        return int_ok(v, len, 1, 9) ? NULL : "a positive integer of at most 9 digits";
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

struct cdc_csv {
    struct fmt_report *rep;
    void *cdc; /* fmt_cdc_flow's state */
    int in_series, in_period;
    long rows;
    long header_row;
    struct gkey skey, pkey;
};

/* check_cols - XSD reasons for columns [a, b) of a row */
static void
check_cols(struct cdc_csv *c, const char *const *f, const size_t *len, int a, int b, long line)
{
    const char *why;
    int j;

    for (j = a; j < b; j++) {
        if (f[j] == NULL || len[j] == 0) {
            if (cdc_columns[j].required)
                fmt_report_add(c->rep, "XSD", line, "column %s: a value is required",
                               cdc_columns[j].name);
            continue;
        }
        if ((why = col_why(j, f[j], len[j])) != NULL)
            fmt_report_add(c->rep, "XSD", line, "column %s: \"%.40s\" is not %s",
                           cdc_columns[j].name, f[j], why);
    }
}

/* attrs - the XML attributes the non-empty cells [a, b) stand for */
static size_t
attrs(struct fmt_xml_attr *at, const char *const *f, const size_t *len, int a, int b)
{
    size_t n = 0;
    int j;

    for (j = a; j < b; j++) {
        if (f[j] == NULL || len[j] == 0)
            continue;
        at[n].name = cdc_columns[j].name;
        at[n].value = f[j];
        at[n].len = len[j];
        n++;
    }
    return n;
}

static void
close_period(struct cdc_csv *c, long line)
{
    if (c->in_period)
        fmt_cdc_flow.end(c->cdc, "Period", "", 0, line);
    c->in_period = 0;
}

static void
close_series(struct cdc_csv *c, long line)
{
    close_period(c, line);
    if (c->in_series)
        fmt_cdc_flow.end(c->cdc, "Series", "", 0, line);
    c->in_series = 0;
}

static void *
csv_begin(const struct fmt_opts *opts, struct fmt_report *rep)
{
    struct cdc_csv *c = calloc(1, sizeof(*c));

    if (c == NULL)
        return NULL;
    c->rep = rep;
    if ((c->cdc = fmt_cdc_flow.begin(opts, rep)) == NULL) {
        free(c);
        return NULL;
    }
    return c;
}

static void
csv_header(void *st, const char *const *v, const size_t *len, long line)
{
    static const char *const elem[NHKEYS] = {"mRID",     "revision",        "sender",
                                             "receiver", "createdDateTime", NULL};
    struct cdc_csv *c = st;
    struct fmt_xml_attr at;
    char text[FMT_XML_TEXT_MAX + 1];
    const char *why;
    size_t n;
    int h;

    fmt_cdc_flow.start(c->cdc, "CourbesDeCharge", NULL, 0, line);
    for (h = 0; h < NHKEYS; h++) {
        if (v[h] == NULL)
            continue; /* CSV-HEADER said so */
        if ((why = hdr_why(h, v[h], len[h])) != NULL)
            fmt_report_add(c->rep, "XSD", line, "header field %s: \"%.40s\" is not %s", cdc_keys[h],
                           v[h], why);
        if (h == H_WEEK) {
            at.name = "start";
            at.value = v[h];
            at.len = len[h];
            fmt_cdc_flow.start(c->cdc, "week", &at, 1, line);
            fmt_cdc_flow.end(c->cdc, "week", "", 0, line);
            continue;
        }
        n = len[h] < FMT_XML_TEXT_MAX ? len[h] : FMT_XML_TEXT_MAX;
        memcpy(text, v[h], n);
        text[n] = '\0';
        fmt_cdc_flow.start(c->cdc, elem[h], NULL, 0, line);
        fmt_cdc_flow.end(c->cdc, elem[h], text, len[h], line);
    }
}

static void
csv_row(void *st, const char *const *f, const size_t *len, long line)
{
    struct cdc_csv *c = st;
    struct fmt_xml_attr at[NCOLS];
    size_t n;

    c->rows++;
    if (key_changes(&c->skey, f, len, C_SITE, C_UNIT + 1) || !c->in_series) {
        close_series(c, line);
        c->pkey.set = 0;
        check_cols(c, f, len, C_SITE, C_UNIT + 1, line);
        n = attrs(at, f, len, C_SITE, C_UNIT + 1);
        fmt_cdc_flow.start(c->cdc, "Series", at, n, line);
        c->in_series = 1;
    }
    if (key_changes(&c->pkey, f, len, C_RESOLUTION, C_END + 1) || !c->in_period) {
        close_period(c, line);
        check_cols(c, f, len, C_RESOLUTION, C_END + 1, line);
        n = attrs(at, f, len, C_RESOLUTION, C_END + 1);
        fmt_cdc_flow.start(c->cdc, "Period", at, n, line);
        c->in_period = 1;
    }
    check_cols(c, f, len, C_POSITION, NCOLS, line);
    n = attrs(at, f, len, C_POSITION, NCOLS);
    fmt_cdc_flow.start(c->cdc, "Point", at, n, line);
    fmt_cdc_flow.end(c->cdc, "Point", "", 0, line);
}

static int
csv_finish(void *st, int complete, long lastline)
{
    struct cdc_csv *c = st;

    close_series(c, lastline);
    if (complete && c->rows == 0)
        fmt_report_add(c->rep, "XSD", lastline,
                       "no row: a load-curve document holds at least one point");
    fmt_cdc_flow.end(c->cdc, "CourbesDeCharge", "", 0, 1);
    return fmt_cdc_flow.finish(c->cdc, complete);
}

static void
csv_free(void *st)
{
    struct cdc_csv *c = st;

    if (c == NULL)
        return;
    fmt_cdc_flow.free(c->cdc);
    free(c);
}

const struct fmt_csv_flow fmt_cdc_csv_flow = {
    .form = &fmt_cdc_csv_form,
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

/* put_esc - an XML-escaped value (accepted documents hold none of <>&" but be safe) */
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
          "<CourbesDeCharge xmlns=\"urn:passerelle:cdc:1\">\n",
          x->out);
    for (h = 0; h < H_WEEK; h++) {
        fprintf(x->out, "  <%s>", cdc_keys[h]);
        if (v[h] != NULL)
            put_esc(x->out, v[h], len[h]);
        fprintf(x->out, "</%s>\n", cdc_keys[h]);
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
    if (key_changes(&x->skey, f, len, C_SITE, C_UNIT + 1) || !x->in_series) {
        x_close_series(x);
        x->pkey.set = 0;
        fputs("  <Series", x->out);
        for (j = C_SITE; j <= C_UNIT; j++)
            put_attr(x->out, cdc_columns[j].name, f[j] ? f[j] : "", len[j]);
        fputs(">\n", x->out);
        x->in_series = 1;
    }
    if (key_changes(&x->pkey, f, len, C_RESOLUTION, C_END + 1) || !x->in_period) {
        x_close_period(x);
        fputs("    <Period", x->out);
        for (j = C_RESOLUTION; j <= C_END; j++)
            put_attr(x->out, cdc_columns[j].name, f[j] ? f[j] : "", len[j]);
        fputs(">\n", x->out);
        x->in_period = 1;
    }
    fputs("      <Point", x->out);
    for (j = C_POSITION; j < NCOLS; j++)
        if (f[j] != NULL && (len[j] > 0 || j != C_QUALITY))
            put_attr(x->out, cdc_columns[j].name, f[j], len[j]);
    fputs("/>\n", x->out);
}

/* fmt_cdc_csv_to_xml - see fmt_cdc_csv.h */
int
fmt_cdc_csv_to_xml(int fd, FILE *out)
{
    static const struct fmt_csv_sink sink = {.header = x_header, .row = x_row};
    struct to_xml x;
    struct fmt_report rep;
    int complete, ret = -1;
    long last;

    memset(&x, 0, sizeof(x));
    x.out = out;
    fmt_report_init(&rep, 1);
    if (fmt_csv_parse_fd(&fmt_cdc_csv_form, &sink, &x, fd, UINT64_MAX, &rep, &complete, &last) < 0)
        goto out;
    if (!complete || rep.nerrors > 0) {
        errno = EBADMSG;
        goto out;
    }
    x_close_series(&x);
    fputs("</CourbesDeCharge>\n", out);
    if (ferror(out)) {
        errno = EIO;
        goto out;
    }
    ret = 0;
out:
    fmt_report_free(&rep);
    return ret;
}

/* ---------------------------------------------------------------- XML to CSV */

struct to_csv {
    FILE *out;
    char hdr[NHKEYS][FMT_XML_TEXT_MAX + 1];
    char cell[NCOLS][VAL_MAX]; /* the current Series' and Period's attributes */
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

/* take - the cells of columns [a, b) from the attributes */
static void
take(struct to_csv *t, const struct fmt_xml_attr *at, size_t n, int a, int b)
{
    const struct fmt_xml_attr *v;
    int j;

    for (j = a; j < b; j++) {
        v = fmt_xml_attr_find(at, n, cdc_columns[j].name);
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
        fprintf(t->out, "#passerelle %s %s", fmt_cdc_csv_form.flow, fmt_cdc_csv_form.version);
        for (h = 0; h < NHKEYS; h++)
            fprintf(t->out, ";%s=%s", cdc_keys[h], t->hdr[h]);
        putc('\n', t->out);
        for (j = 0; j < NCOLS; j++)
            fprintf(t->out, "%s%s", j ? ";" : "", cdc_columns[j].name);
        putc('\n', t->out);
        t->started = 1;
    } else if (strcmp(name, "Series") == 0) {
        take(t, at, n, C_SITE, C_UNIT + 1);
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
        if (strcmp(name, cdc_keys[h]) == 0)
            keep(t->hdr[h], sizeof(t->hdr[h]), text, len);
    return 0;
}

/* fmt_cdc_xml_to_csv - see fmt_cdc_csv.h */
int
fmt_cdc_xml_to_csv(int fd, FILE *out)
{
    static const struct fmt_xml_walker w = {
        .ns = "urn:passerelle:cdc:1", .start = c_start, .end = c_end};
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

/* ---------------------------------------------------------------- XML to XML, some sites */

struct split {
    FILE *out;
    int (*keep)(const char *site, void *arg);
    void *arg;
    char hdr[NHKEYS][FMT_XML_TEXT_MAX + 1];
    int started, skipping;
    long kept;
};

/* s_attrs - the attributes of columns [a, b), in canonical order, trimmed */
static void
s_attrs(struct split *s, const struct fmt_xml_attr *at, size_t n, int a, int b)
{
    char v[VAL_MAX];
    int j;

    for (j = a; j < b; j++) {
        const struct fmt_xml_attr *x = fmt_xml_attr_find(at, n, cdc_columns[j].name);

        if (x == NULL)
            continue;
        keep(v, sizeof(v), x->value, x->len);
        put_attr(s->out, cdc_columns[j].name, v, strlen(v));
    }
}

static int
s_start(void *st, const char *name, const struct fmt_xml_attr *at, size_t n)
{
    struct split *s = st;
    int h;

    if (strcmp(name, "week") == 0) {
        const struct fmt_xml_attr *w = fmt_xml_attr_find(at, n, "start");

        keep(s->hdr[H_WEEK], sizeof(s->hdr[H_WEEK]), w ? w->value : "", w ? w->len : 0);
        fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
              "<CourbesDeCharge xmlns=\"urn:passerelle:cdc:1\">\n",
              s->out);
        for (h = 0; h < H_WEEK; h++) {
            fprintf(s->out, "  <%s>", cdc_keys[h]);
            put_esc(s->out, s->hdr[h], strlen(s->hdr[h]));
            fprintf(s->out, "</%s>\n", cdc_keys[h]);
        }
        fputs("  <week", s->out);
        put_attr(s->out, "start", s->hdr[H_WEEK], strlen(s->hdr[H_WEEK]));
        fputs("/>\n", s->out);
        s->started = 1;
    } else if (strcmp(name, "Series") == 0) {
        const struct fmt_xml_attr *x = fmt_xml_attr_find(at, n, "site");
        char site[VAL_MAX];

        keep(site, sizeof(site), x ? x->value : "", x ? x->len : 0);
        s->skipping = !s->keep(site, s->arg);
        if (!s->skipping) {
            fputs("  <Series", s->out);
            s_attrs(s, at, n, C_SITE, C_UNIT + 1);
            fputs(">\n", s->out);
            s->kept++;
        }
    } else if (s->skipping) {
        return 0;
    } else if (strcmp(name, "Period") == 0) {
        fputs("    <Period", s->out);
        s_attrs(s, at, n, C_RESOLUTION, C_END + 1);
        fputs(">\n", s->out);
    } else if (strcmp(name, "Point") == 0) {
        fputs("      <Point", s->out);
        s_attrs(s, at, n, C_POSITION, NCOLS);
        if (fputs("/>\n", s->out) == EOF) {
            errno = EIO;
            return -1;
        }
    }
    return 0;
}

static int
s_end(void *st, const char *name, const char *text, size_t len)
{
    struct split *s = st;
    int h;

    for (h = 0; h < H_WEEK; h++)
        if (strcmp(name, cdc_keys[h]) == 0)
            keep(s->hdr[h], sizeof(s->hdr[h]), text, len);
    if (s->skipping) {
        if (strcmp(name, "Series") == 0)
            s->skipping = 0;
        return 0;
    }
    if (strcmp(name, "Period") == 0)
        fputs("    </Period>\n", s->out);
    else if (strcmp(name, "Series") == 0)
        fputs("  </Series>\n", s->out);
    return 0;
}

/* fmt_cdc_split_fd - see fmt_cdc_csv.h */
int
fmt_cdc_split_fd(int fd, int (*keep_site)(const char *site, void *arg), void *arg, FILE *out,
                 long *kept)
{
    static const struct fmt_xml_walker w = {
        .ns = "urn:passerelle:cdc:1", .start = s_start, .end = s_end};
    struct split *s;
    int ret = -1, saved;

    if ((s = calloc(1, sizeof(*s))) == NULL)
        return -1;
    s->out = out;
    s->keep = keep_site;
    s->arg = arg;
    if (fmt_convert_xml_walk(fd, &w, s) < 0)
        goto out;
    if (!s->started) {
        errno = EBADMSG;
        goto out;
    }
    fputs("</CourbesDeCharge>\n", out);
    if (ferror(out)) {
        errno = EIO;
        goto out;
    }
    *kept = s->kept;
    ret = 0;
out:
    saved = errno;
    free(s);
    errno = saved;
    return ret;
}
