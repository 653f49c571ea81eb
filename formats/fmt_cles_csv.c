/* fmt_cles_csv - the répartition keys document in its CSV form.
 *
 * DESCRIPTION
 *	Layout (README "CSV forms"), one row per key:
 *	    #passerelle cles
 *1;mRID=M;revision=1;sender=EIC;receiver=EIC;createdDateTime=...Z;month=YYYY-MM
 *	    eda;justification;resolution;start;end;position;site;value
 *	    EDA_PV_SUD;;PT5M;2025-12-31T23:00Z;2025-12-31T23:20Z;1;30001610000011;0.1
 *	Header fields in any order; columns in any order, justification may be left out (an
 *	empty cell is no justification). Consecutive rows with the same eda and justification
 *	form one EDA; within it, consecutive rows with the same resolution, start and end one
 *	Period; within it, consecutive rows with the same position one Point, each row one Key.
 *	A value may be written with a decimal comma ("0,25"); it stands for "0.25".
 *
 *	Checking: each value is checked against its cles.xsd type here (reason XSD, once per
 *	EDA or Period for their columns, once per row for the key's), then the events the rows
 *	stand for go to fmt_cles_flow, the XML form's own checker: same rules, same codes, lines
 *	are the CSV's (an EDA, Period or Point at its first row, a header field at line 1). Two
 *	consecutive blocks that the XML form would keep apart (the same position twice in a row)
 *	are one element here: their keys then meet CLES-SITE-DUP rather than CLES-POSITION-DUP.
 *
 *	Canonical layouts written by the conversions: CSV as above (LF, no BOM, header fields
 *	and the eight columns in that order, decimal points); XML as samples/cles/valid.xml
 *	(two-space indent, one element per line, attributes in schema order, LF).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"
#include "fmt_cles.h"
#include "fmt_cles_csv.h"
#include "fmt_convert.h"
#include "fmt_csv.h"
#include "fmt_xml.h"

#define KEY_MAX 512 /* a group key; longer values are schema errors anyway */
#define VAL_MAX 256 /* one attribute kept by the XML to CSV writer (justification: 200) */
#define DEC_MAX 40  /* a key value: sign, 18 + 12 digits, point */

enum hkey { H_MRID, H_REVISION, H_SENDER, H_RECEIVER, H_CREATED, H_MONTH, NHKEYS };

enum col { C_EDA, C_JUST, C_RESOLUTION, C_START, C_END, C_POSITION, C_SITE, C_VALUE, NCOLS };

static const char *const cles_keys[NHKEYS] = {"mRID",     "revision",        "sender",
                                              "receiver", "createdDateTime", "month"};

static const struct fmt_csv_column cles_columns[NCOLS] = {
    {"eda", 1}, {"justification", 0}, {"resolution", 1}, {"start", 1},
    {"end", 1}, {"position", 1},      {"site", 1},       {"value", 1},
};

/* the XML attribute each column stands for */
static const char *const cles_attr[NCOLS] = {"id",  "justification", "resolution", "start",
                                             "end", "position",      "site",       "value"};

const struct fmt_csv_form fmt_cles_csv_form = {
    .flow = "cles",
    .version = "1",
    .keys = cles_keys,
    .nkeys = NHKEYS,
    .columns = cles_columns,
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

/* ---------------------------------------------------------------- value checks (cles.xsd) */

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

/* key_value - "[+-]?[0-9]{1,18}(\.[0-9]{1,12})?" */
static int
key_value(const char *v, size_t len)
{
    size_t i = 0, a = 0, b = 0;

    if (len > 0 && (v[0] == '+' || v[0] == '-'))
        i = 1;
    for (; i < len && is_digit(v[i]); i++)
        a++;
    if (i < len && v[i] == '.') {
        for (i++; i < len && is_digit(v[i]); i++)
            b++;
        if (b == 0)
            return 0;
    }
    return i == len && a >= 1 && a <= 18 && b <= 12;
}

/* dec_point - a key value with a decimal comma or point, into out with a point; the
 * input as is when it is not a decimal fmt_csv_decimal reads (the check then says XSD) */
static size_t
dec_point(const char *v, size_t len, char *out, size_t size)
{
    size_t k = 0;

    if (len > 0 && v[0] == '+') {
        out[0] = '+';
        k = 1;
    }
    if (size > k && len > k && fmt_csv_decimal(v + k, len - k, out + k, size - k) == 0)
        return strlen(out);
    if (len >= size)
        len = size - 1;
    memcpy(out, v, len);
    out[len] = '\0';
    return len;
}

/* col_why - NULL when the value of column c is valid for cles.xsd, else what it should be */
static const char *
col_why(int c, const char *v, size_t len)
{
    switch (c) {
    case C_EDA:
        return all_of(v, len, 1, 35, c_eda) ? NULL : "1 to 35 of [A-Za-z0-9_-]";
    case C_JUST:
        return len <= 200 ? NULL : "a reference of at most 200 characters";
    case C_RESOLUTION:
        return len == 4 && memcmp(v, "PT5M", 4) == 0 ? NULL : "PT5M";
    case C_START:
    case C_END:
        return shape(v, len, "9999-99-99T99:99Z") ? NULL : "a UTC instant YYYY-MM-DDTHH:MMZ";
    case C_POSITION:
        return positive(v, len, 18) ? NULL : "a positive integer of at most 18 digits";
    case C_SITE:
        return all_of(v, len, 14, 14, c_digit) ? NULL : "a PRM of 14 digits";
    case C_VALUE:
        return key_value(v, len) ? NULL : "a decimal of at most 18 integer and 12 fraction digits";
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
    case H_MONTH:
        return shape(v, len, "9999-99") && num(v, 4) > 0 && num(v + 5, 2) >= 1 &&
                       num(v + 5, 2) <= 12
                   ? NULL
                   : "a month YYYY-MM";
    }
    return NULL;
}

/* ---------------------------------------------------------------- checking */

struct cles_csv {
    struct fmt_report *rep;
    void *cles; /* fmt_cles_flow's state */
    int in_eda, in_period, in_point;
    long rows;
    struct gkey ekey, pkey, tkey;
};

static void
check_cols(struct cles_csv *c, const char *const *f, const size_t *len, int a, int b, long line)
{
    char dec[DEC_MAX];
    const char *why, *v;
    size_t n;
    int j;

    for (j = a; j < b; j++) {
        if (f[j] == NULL || len[j] == 0) {
            if (cles_columns[j].required)
                fmt_report_add(c->rep, "XSD", line, "column %s: a value is required",
                               cles_columns[j].name);
            continue;
        }
        v = f[j];
        n = len[j];
        if (j == C_VALUE)
            n = dec_point(f[j], len[j], dec, sizeof(dec)), v = dec;
        if ((why = col_why(j, v, n)) != NULL)
            fmt_report_add(c->rep, "XSD", line, "column %s: \"%.40s\" is not %s",
                           cles_columns[j].name, f[j], why);
    }
}

/* attrs - the XML attributes the non-empty cells [a, b) stand for (dec: the value's) */
static size_t
attrs(struct fmt_xml_attr *at, const char *const *f, const size_t *len, int a, int b, char *dec,
      size_t decsize)
{
    size_t n = 0;
    int j;

    for (j = a; j < b; j++) {
        if (f[j] == NULL || len[j] == 0)
            continue;
        at[n].name = cles_attr[j];
        at[n].value = f[j];
        at[n].len = len[j];
        if (j == C_VALUE) {
            at[n].len = dec_point(f[j], len[j], dec, decsize);
            at[n].value = dec;
        }
        n++;
    }
    return n;
}

static void
close_point(struct cles_csv *c, long line)
{
    if (c->in_point)
        fmt_cles_flow.end(c->cles, "Point", "", 0, line);
    c->in_point = 0;
}

static void
close_period(struct cles_csv *c, long line)
{
    close_point(c, line);
    if (c->in_period)
        fmt_cles_flow.end(c->cles, "Period", "", 0, line);
    c->in_period = 0;
}

static void
close_eda(struct cles_csv *c, long line)
{
    close_period(c, line);
    if (c->in_eda)
        fmt_cles_flow.end(c->cles, "EDA", "", 0, line);
    c->in_eda = 0;
}

static void *
csv_begin(const struct fmt_opts *opts, struct fmt_report *rep)
{
    struct cles_csv *c = calloc(1, sizeof(*c));

    if (c == NULL)
        return NULL;
    c->rep = rep;
    if ((c->cles = fmt_cles_flow.begin(opts, rep)) == NULL) {
        free(c);
        return NULL;
    }
    return c;
}

static void
csv_header(void *st, const char *const *v, const size_t *len, long line)
{
    struct cles_csv *c = st;
    char text[FMT_XML_TEXT_MAX + 1];
    const char *why;
    size_t n;
    int h;

    fmt_cles_flow.start(c->cles, "ClesDeRepartition", NULL, 0, line);
    for (h = 0; h < NHKEYS; h++) {
        if (v[h] == NULL)
            continue; /* CSV-HEADER said so */
        if ((why = hdr_why(h, v[h], len[h])) != NULL)
            fmt_report_add(c->rep, "XSD", line, "header field %s: \"%.40s\" is not %s",
                           cles_keys[h], v[h], why);
        n = len[h] < FMT_XML_TEXT_MAX ? len[h] : FMT_XML_TEXT_MAX;
        memcpy(text, v[h], n);
        text[n] = '\0';
        fmt_cles_flow.start(c->cles, cles_keys[h], NULL, 0, line);
        fmt_cles_flow.end(c->cles, cles_keys[h], text,
                          len[h] <= FMT_XML_TEXT_MAX ? len[h] : FMT_XML_TEXT_MAX + 1, line);
    }
}

static void
csv_row(void *st, const char *const *f, const size_t *len, long line)
{
    struct cles_csv *c = st;
    struct fmt_xml_attr at[NCOLS];
    char dec[DEC_MAX];
    size_t n;

    c->rows++;
    if (key_changes(&c->ekey, f, len, C_EDA, C_JUST + 1) || !c->in_eda) {
        close_eda(c, line);
        c->pkey.set = 0;
        check_cols(c, f, len, C_EDA, C_JUST + 1, line);
        n = attrs(at, f, len, C_EDA, C_JUST + 1, dec, sizeof(dec));
        fmt_cles_flow.start(c->cles, "EDA", at, n, line);
        c->in_eda = 1;
    }
    if (key_changes(&c->pkey, f, len, C_RESOLUTION, C_END + 1) || !c->in_period) {
        close_period(c, line);
        c->tkey.set = 0;
        check_cols(c, f, len, C_RESOLUTION, C_END + 1, line);
        n = attrs(at, f, len, C_RESOLUTION, C_END + 1, dec, sizeof(dec));
        fmt_cles_flow.start(c->cles, "Period", at, n, line);
        c->in_period = 1;
    }
    if (key_changes(&c->tkey, f, len, C_POSITION, C_POSITION + 1) || !c->in_point) {
        close_point(c, line);
        check_cols(c, f, len, C_POSITION, C_POSITION + 1, line);
        n = attrs(at, f, len, C_POSITION, C_POSITION + 1, dec, sizeof(dec));
        fmt_cles_flow.start(c->cles, "Point", at, n, line);
        c->in_point = 1;
    }
    check_cols(c, f, len, C_SITE, NCOLS, line);
    n = attrs(at, f, len, C_SITE, NCOLS, dec, sizeof(dec));
    fmt_cles_flow.start(c->cles, "Key", at, n, line);
    fmt_cles_flow.end(c->cles, "Key", "", 0, line);
}

static int
csv_finish(void *st, int complete, long lastline)
{
    struct cles_csv *c = st;

    close_eda(c, lastline);
    if (complete && c->rows == 0)
        fmt_report_add(c->rep, "XSD", lastline, "no row: a keys document holds at least one key");
    fmt_cles_flow.end(c->cles, "ClesDeRepartition", "", 0, 1);
    return fmt_cles_flow.finish(c->cles, complete);
}

static void
csv_free(void *st)
{
    struct cles_csv *c = st;

    if (c == NULL)
        return;
    fmt_cles_flow.free(c->cles);
    free(c);
}

const struct fmt_csv_flow fmt_cles_csv_flow = {
    .form = &fmt_cles_csv_form,
    .begin = csv_begin,
    .sink = {.header = csv_header, .row = csv_row},
    .finish = csv_finish,
    .free = csv_free,
};

/* ---------------------------------------------------------------- CSV to XML */

struct to_xml {
    FILE *out;
    int in_eda, in_period, in_point;
    struct gkey ekey, pkey, tkey;
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
          "<ClesDeRepartition xmlns=\"urn:passerelle:cles:1\">\n",
          x->out);
    for (h = 0; h < NHKEYS; h++) {
        fprintf(x->out, "  <%s>", cles_keys[h]);
        if (v[h] != NULL)
            put_esc(x->out, v[h], len[h]);
        fprintf(x->out, "</%s>\n", cles_keys[h]);
    }
}

static void
x_close_point(struct to_xml *x)
{
    if (x->in_point)
        fputs("      </Point>\n", x->out);
    x->in_point = 0;
}

static void
x_close_period(struct to_xml *x)
{
    x_close_point(x);
    if (x->in_period)
        fputs("    </Period>\n", x->out);
    x->in_period = 0;
}

static void
x_close_eda(struct to_xml *x)
{
    x_close_period(x);
    if (x->in_eda)
        fputs("  </EDA>\n", x->out);
    x->in_eda = 0;
}

/* x_attrs - the attributes of the non-empty cells [a, b) */
static void
x_attrs(struct to_xml *x, const char *const *f, const size_t *len, int a, int b)
{
    char dec[DEC_MAX];
    size_t n;
    int j;

    for (j = a; j < b; j++) {
        if (f[j] == NULL || len[j] == 0)
            continue;
        if (j == C_VALUE) {
            n = dec_point(f[j], len[j], dec, sizeof(dec));
            put_attr(x->out, cles_attr[j], dec, n);
        } else {
            put_attr(x->out, cles_attr[j], f[j], len[j]);
        }
    }
}

static void
x_row(void *st, const char *const *f, const size_t *len, long line)
{
    struct to_xml *x = st;

    (void)line;
    if (key_changes(&x->ekey, f, len, C_EDA, C_JUST + 1) || !x->in_eda) {
        x_close_eda(x);
        x->pkey.set = 0;
        fputs("  <EDA", x->out);
        x_attrs(x, f, len, C_EDA, C_JUST + 1);
        fputs(">\n", x->out);
        x->in_eda = 1;
    }
    if (key_changes(&x->pkey, f, len, C_RESOLUTION, C_END + 1) || !x->in_period) {
        x_close_period(x);
        x->tkey.set = 0;
        fputs("    <Period", x->out);
        x_attrs(x, f, len, C_RESOLUTION, C_END + 1);
        fputs(">\n", x->out);
        x->in_period = 1;
    }
    if (key_changes(&x->tkey, f, len, C_POSITION, C_POSITION + 1) || !x->in_point) {
        x_close_point(x);
        fputs("      <Point", x->out);
        x_attrs(x, f, len, C_POSITION, C_POSITION + 1);
        fputs(">\n", x->out);
        x->in_point = 1;
    }
    fputs("        <Key", x->out);
    x_attrs(x, f, len, C_SITE, NCOLS);
    fputs("/>\n", x->out);
}

/* fmt_cles_csv_to_xml - see fmt_cles_csv.h */
int
fmt_cles_csv_to_xml(int fd, FILE *out)
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
    if (fmt_csv_parse_fd(&fmt_cles_csv_form, &sink, x, fd, UINT64_MAX, &rep, &complete, &last) < 0)
        goto out;
    if (!complete || rep.nerrors > 0) {
        errno = EBADMSG;
        goto out;
    }
    x_close_eda(x);
    fputs("</ClesDeRepartition>\n", out);
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
        v = fmt_xml_attr_find(at, n, cles_attr[j]);
        keep(t->cell[j], sizeof(t->cell[j]), v ? v->value : "", v ? v->len : 0);
    }
}

static int
c_start(void *st, const char *name, const struct fmt_xml_attr *at, size_t n)
{
    struct to_csv *t = st;
    int j;

    if (!t->started)
        return 0;
    if (strcmp(name, "EDA") == 0) {
        take(t, at, n, C_EDA, C_JUST + 1);
    } else if (strcmp(name, "Period") == 0) {
        take(t, at, n, C_RESOLUTION, C_END + 1);
    } else if (strcmp(name, "Point") == 0) {
        take(t, at, n, C_POSITION, C_POSITION + 1);
    } else if (strcmp(name, "Key") == 0) {
        take(t, at, n, C_SITE, NCOLS);
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
    int h, j;

    for (h = 0; h < NHKEYS; h++)
        if (strcmp(name, cles_keys[h]) == 0)
            keep(t->hdr[h], sizeof(t->hdr[h]), text, len);
    if (strcmp(name, "month") == 0 && !t->started) {
        fprintf(t->out, "#passerelle %s %s", fmt_cles_csv_form.flow, fmt_cles_csv_form.version);
        for (h = 0; h < NHKEYS; h++)
            fprintf(t->out, ";%s=%s", cles_keys[h], t->hdr[h]);
        putc('\n', t->out);
        for (j = 0; j < NCOLS; j++)
            fprintf(t->out, "%s%s", j ? ";" : "", cles_columns[j].name);
        putc('\n', t->out);
        t->started = 1;
    }
    return 0;
}

/* fmt_cles_xml_to_csv - see fmt_cles_csv.h */
int
fmt_cles_xml_to_csv(int fd, FILE *out)
{
    static const struct fmt_xml_walker w = {
        .ns = "urn:passerelle:cles:1", .start = c_start, .end = c_end};
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
