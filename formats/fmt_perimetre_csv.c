/* fmt_perimetre_csv - the perimeter notice in its CSV form.
 *
 * DESCRIPTION
 *	Layout (README "CSV forms"), one row per Site:
 *	    #passerelle perimetre
 *1;mRID=M;revision=1;sender=EIC;receiver=EIC;createdDateTime=...Z;effectiveMonth=YYYY-MM;kind=soutirage
 *	    ref;eda;aa;segment;nature;re;supplier;capacityKW;edp;bareme;subscribedPowerKVA;category;ede;measureOrigin;measureObject;curveType;contract
 *	The columns are the Site attributes, in schema order; those of both kinds (ref eda aa
 *	segment re capacityKW) are required in the header row, the others may be left out; an
 *	empty cell is an absent attribute (so the cells of the other kind stay empty). A notice
 *	without sites is a header row and no row. capacityKW and subscribedPowerKVA may be written
 *	with a decimal comma ("120,5" stands for "120.5").
 *
 *	Checking: each value is checked against its perimetre.xsd type here (reason XSD), then
 *	each row goes to fmt_perimetre_flow as one Site element: same rules (PERIM-ATTR for the
 *	attributes of the kind, PERIM-SITE-DUP, PERIM-EDA-*, EIC-CHECK), same codes, the CSV's
 *	lines (a header field at line 1).
 *
 *	Canonical layouts written by the conversions: CSV as above (LF, no BOM, header fields
 *	and the seventeen columns in that order, decimal points, a cell holding ';' or '"'
 *	quoted); XML as samples/perimetre/valid.xml (two-space indent, one Site per line,
 *	attributes in the order above, LF).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"
#include "fmt_convert.h"
#include "fmt_csv.h"
#include "fmt_perimetre.h"
#include "fmt_perimetre_csv.h"
#include "fmt_xml.h"

#define VAL_MAX 128 /* one attribute kept by the XML to CSV writer (labels: 100) */
#define DEC_MAX 40

enum hkey { H_MRID, H_REVISION, H_SENDER, H_RECEIVER, H_CREATED, H_MONTH, H_KIND, NHKEYS };

enum col {
    C_REF,
    C_EDA,
    C_AA,
    C_SEGMENT,
    C_NATURE,
    C_RE,
    C_SUPPLIER,
    C_CAPACITY,
    C_EDP,
    C_BAREME,
    C_POWER,
    C_CATEGORY,
    C_EDE,
    C_ORIGIN,
    C_OBJECT,
    C_CURVE,
    C_CONTRACT,
    NCOLS
};

static const char *const perim_keys[NHKEYS] = {
    "mRID", "revision", "sender", "receiver", "createdDateTime", "effectiveMonth", "kind"};

static const struct fmt_csv_column perim_columns[NCOLS] = {
    {"ref", 1},
    {"eda", 1},
    {"aa", 1},
    {"segment", 1},
    {"nature", 0},
    {"re", 1},
    {"supplier", 0},
    {"capacityKW", 1},
    {"edp", 0},
    {"bareme", 0},
    {"subscribedPowerKVA", 0},
    {"category", 0},
    {"ede", 0},
    {"measureOrigin", 0},
    {"measureObject", 0},
    {"curveType", 0},
    {"contract", 0},
};

const struct fmt_csv_form fmt_perimetre_csv_form = {
    .flow = "perimetre",
    .version = "1",
    .keys = perim_keys,
    .nkeys = NHKEYS,
    .columns = perim_columns,
    .ncolumns = NCOLS,
};

/* ---------------------------------------------------------------- value checks */

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
c_id(char c)
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

static int
one_of(const char *v, size_t len, const char *const *words)
{
    for (; *words != NULL; words++)
        if (strlen(*words) == len && memcmp(v, *words, len) == 0)
            return 1;
    return 0;
}

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

/* nonneg - "[0-9]{1,12}(\.[0-9]{1,6})?" */
static int
nonneg(const char *v, size_t len)
{
    size_t i = 0, a = 0, b = 0;

    for (; i < len && is_digit(v[i]); i++)
        a++;
    if (i < len && v[i] == '.') {
        for (i++; i < len && is_digit(v[i]); i++)
            b++;
        if (b == 0)
            return 0;
    }
    return i == len && a >= 1 && a <= 12 && b <= 6;
}

/* label - "\S(.*\S)?", at most 100 characters, one line */
static int
label(const char *v, size_t len)
{
    size_t i;

    if (len < 1 || len > 100 || v[0] == ' ' || v[0] == '\t' || v[len - 1] == ' ' ||
        v[len - 1] == '\t')
        return 0;
    for (i = 0; i < len; i++)
        if (v[i] == '\n' || v[i] == '\r')
            return 0;
    return 1;
}

/* is_dec - the columns that are decimals */
static int
is_dec(int c)
{
    return c == C_CAPACITY || c == C_POWER;
}

/* dec_point - a decimal cell with a comma or a point, into out with a point; as is when it
 * is not a decimal (the check then says XSD) */
static size_t
dec_point(const char *v, size_t len, char *out, size_t size)
{
    if (fmt_csv_decimal(v, len, out, size) == 0)
        return strlen(out);
    if (len >= size)
        len = size - 1;
    memcpy(out, v, len);
    out[len] = '\0';
    return len;
}

static const char *const w_segment[] = {"HTA", "BTSUP36", "BTINF36", NULL};
static const char *const w_nature[] = {"injection", "stockage", NULL};
static const char *const w_origin[] = {"AA", "GRD", NULL};
static const char *const w_object[] = {"compteur", "voies-effacables", NULL};
static const char *const w_curve[] = {"telereleve", "profile", NULL};
static const char *const w_contract[] = {"CARD", "CU", "CI", NULL};
static const char *const w_kind[] = {"injection", "soutirage", NULL};

static const char *
col_why(int c, const char *v, size_t len)
{
    switch (c) {
    case C_REF:
        return all_of(v, len, 14, 14, c_digit) ? NULL : "a PRM of 14 digits";
    case C_EDA:
    case C_EDP:
    case C_EDE:
        return all_of(v, len, 1, 35, c_id) ? NULL : "1 to 35 of [A-Za-z0-9_-]";
    case C_AA:
    case C_RE:
    case C_SUPPLIER:
        return all_of(v, len, 16, 16, c_eic) ? NULL : "an EIC code (16 of [A-Z0-9-])";
    case C_SEGMENT:
        return one_of(v, len, w_segment) ? NULL : "one of HTA, BTSUP36, BTINF36";
    case C_NATURE:
        return one_of(v, len, w_nature) ? NULL : "one of injection, stockage";
    case C_CAPACITY:
    case C_POWER:
        return nonneg(v, len) ? NULL : "a decimal of at most 12 integer and 6 fraction digits";
    case C_BAREME:
    case C_CATEGORY:
        return label(v, len) ? NULL : "a label of 1 to 100 characters, no blank at either end";
    case C_ORIGIN:
        return one_of(v, len, w_origin) ? NULL : "one of AA, GRD";
    case C_OBJECT:
        return one_of(v, len, w_object) ? NULL : "one of compteur, voies-effacables";
    case C_CURVE:
        return one_of(v, len, w_curve) ? NULL : "one of telereleve, profile";
    case C_CONTRACT:
        return one_of(v, len, w_contract) ? NULL : "one of CARD, CU, CI";
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
    case H_KIND:
        return one_of(v, len, w_kind) ? NULL : "one of injection, soutirage";
    }
    return NULL;
}

/* ---------------------------------------------------------------- checking */

struct perim_csv {
    struct fmt_report *rep;
    void *perim; /* fmt_perimetre_flow's state */
};

static void *
csv_begin(const struct fmt_opts *opts, struct fmt_report *rep)
{
    struct perim_csv *c = calloc(1, sizeof(*c));

    if (c == NULL)
        return NULL;
    c->rep = rep;
    if ((c->perim = fmt_perimetre_flow.begin(opts, rep)) == NULL) {
        free(c);
        return NULL;
    }
    return c;
}

static void
csv_header(void *st, const char *const *v, const size_t *len, long line)
{
    struct perim_csv *c = st;
    char text[FMT_XML_TEXT_MAX + 1];
    const char *why;
    size_t n;
    int h;

    fmt_perimetre_flow.start(c->perim, "NotificationPerimetre", NULL, 0, line);
    for (h = 0; h < NHKEYS; h++) {
        if (v[h] == NULL)
            continue; /* CSV-HEADER said so */
        if ((why = hdr_why(h, v[h], len[h])) != NULL)
            fmt_report_add(c->rep, "XSD", line, "header field %s: \"%.40s\" is not %s",
                           perim_keys[h], v[h], why);
        n = len[h] < FMT_XML_TEXT_MAX ? len[h] : FMT_XML_TEXT_MAX;
        memcpy(text, v[h], n);
        text[n] = '\0';
        fmt_perimetre_flow.start(c->perim, perim_keys[h], NULL, 0, line);
        fmt_perimetre_flow.end(c->perim, perim_keys[h], text,
                               len[h] <= FMT_XML_TEXT_MAX ? len[h] : FMT_XML_TEXT_MAX + 1, line);
    }
}

static void
csv_row(void *st, const char *const *f, const size_t *len, long line)
{
    struct perim_csv *c = st;
    struct fmt_xml_attr at[NCOLS];
    char dec[NCOLS][DEC_MAX];
    const char *why;
    size_t n = 0;
    int j;

    for (j = 0; j < NCOLS; j++) {
        if (f[j] == NULL || len[j] == 0) {
            if (perim_columns[j].required)
                fmt_report_add(c->rep, "XSD", line, "column %s: a value is required",
                               perim_columns[j].name);
            continue;
        }
        at[n].name = perim_columns[j].name;
        at[n].value = f[j];
        at[n].len = len[j];
        if (is_dec(j)) {
            at[n].len = dec_point(f[j], len[j], dec[j], sizeof(dec[j]));
            at[n].value = dec[j];
        }
        if ((why = col_why(j, at[n].value, at[n].len)) != NULL)
            fmt_report_add(c->rep, "XSD", line, "column %s: \"%.40s\" is not %s",
                           perim_columns[j].name, f[j], why);
        n++;
    }
    fmt_perimetre_flow.start(c->perim, "Site", at, n, line);
    fmt_perimetre_flow.end(c->perim, "Site", "", 0, line);
}

static int
csv_finish(void *st, int complete, long lastline)
{
    struct perim_csv *c = st;

    (void)lastline;
    fmt_perimetre_flow.end(c->perim, "NotificationPerimetre", "", 0, 1);
    return fmt_perimetre_flow.finish(c->perim, complete);
}

static void
csv_free(void *st)
{
    struct perim_csv *c = st;

    if (c == NULL)
        return;
    fmt_perimetre_flow.free(c->perim);
    free(c);
}

const struct fmt_csv_flow fmt_perimetre_csv_flow = {
    .form = &fmt_perimetre_csv_form,
    .begin = csv_begin,
    .sink = {.header = csv_header, .row = csv_row},
    .finish = csv_finish,
    .free = csv_free,
};

/* ---------------------------------------------------------------- CSV to XML */

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
x_header(void *st, const char *const *v, const size_t *len, long line)
{
    FILE *out = st;
    int h;

    (void)line;
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
          "<NotificationPerimetre xmlns=\"urn:passerelle:perimetre:1\">\n",
          out);
    for (h = 0; h < NHKEYS; h++) {
        fprintf(out, "  <%s>", perim_keys[h]);
        if (v[h] != NULL)
            put_esc(out, v[h], len[h]);
        fprintf(out, "</%s>\n", perim_keys[h]);
    }
}

static void
x_row(void *st, const char *const *f, const size_t *len, long line)
{
    FILE *out = st;
    char dec[DEC_MAX];
    size_t n;
    int j;

    (void)line;
    fputs("  <Site", out);
    for (j = 0; j < NCOLS; j++) {
        if (f[j] == NULL || len[j] == 0)
            continue;
        fprintf(out, " %s=\"", perim_columns[j].name);
        if (is_dec(j)) {
            n = dec_point(f[j], len[j], dec, sizeof(dec));
            put_esc(out, dec, n);
        } else {
            put_esc(out, f[j], len[j]);
        }
        putc('"', out);
    }
    fputs("/>\n", out);
}

/* fmt_perimetre_csv_to_xml - see fmt_perimetre_csv.h */
int
fmt_perimetre_csv_to_xml(int fd, FILE *out)
{
    static const struct fmt_csv_sink sink = {.header = x_header, .row = x_row};
    struct fmt_report rep;
    int complete, ret = -1;
    long last;

    fmt_report_init(&rep, 1);
    if (fmt_csv_parse_fd(&fmt_perimetre_csv_form, &sink, out, fd, UINT64_MAX, &rep, &complete,
                         &last) < 0)
        goto out;
    if (!complete || rep.nerrors > 0) {
        errno = EBADMSG;
        goto out;
    }
    fputs("</NotificationPerimetre>\n", out);
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
    int started;
};

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

/* put_cell - a CSV cell, quoted when it holds ';' or '"' */
static void
put_cell(FILE *out, const char *v)
{
    if (strpbrk(v, ";\"") == NULL) {
        fputs(v, out);
        return;
    }
    putc('"', out);
    for (; *v != '\0'; v++) {
        if (*v == '"')
            putc('"', out);
        putc(*v, out);
    }
    putc('"', out);
}

static void
c_begin(struct to_csv *t)
{
    int h, j;

    fprintf(t->out, "#passerelle %s %s", fmt_perimetre_csv_form.flow,
            fmt_perimetre_csv_form.version);
    for (h = 0; h < NHKEYS; h++) {
        fprintf(t->out, ";%s=", perim_keys[h]);
        put_cell(t->out, t->hdr[h]);
    }
    putc('\n', t->out);
    for (j = 0; j < NCOLS; j++)
        fprintf(t->out, "%s%s", j ? ";" : "", perim_columns[j].name);
    putc('\n', t->out);
    t->started = 1;
}

static int
c_start(void *st, const char *name, const struct fmt_xml_attr *at, size_t n)
{
    struct to_csv *t = st;
    const struct fmt_xml_attr *a;
    char v[VAL_MAX];
    int j;

    if (strcmp(name, "Site") != 0 || !t->started)
        return 0;
    for (j = 0; j < NCOLS; j++) {
        a = fmt_xml_attr_find(at, n, perim_columns[j].name);
        keep(v, sizeof(v), a ? a->value : "", a ? a->len : 0);
        if (j > 0)
            putc(';', t->out);
        put_cell(t->out, v);
    }
    if (putc('\n', t->out) == EOF) {
        errno = EIO;
        return -1;
    }
    return 0;
}

static int
c_end(void *st, const char *name, const char *text, size_t len)
{
    struct to_csv *t = st;
    int h;

    for (h = 0; h < NHKEYS; h++)
        if (strcmp(name, perim_keys[h]) == 0)
            keep(t->hdr[h], sizeof(t->hdr[h]), text, len);
    if (strcmp(name, "kind") == 0 && !t->started)
        c_begin(t);
    return 0;
}

/* fmt_perimetre_xml_to_csv - see fmt_perimetre_csv.h */
int
fmt_perimetre_xml_to_csv(int fd, FILE *out)
{
    static const struct fmt_xml_walker w = {
        .ns = "urn:passerelle:perimetre:1", .start = c_start, .end = c_end};
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
