/* fmt_list_csv - the flat list flows in their CSV form.
 *
 * DESCRIPTION
 *	Layout (README "CSV forms"), one row per row element:
 *	    #passerelle <flow>
 *1;mRID=M;revision=1;sender=EIC;receiver=EIC;createdDateTime=...Z;month=YYYY-MM <the row element's
 *attributes, in schema order> (capacite has effectiveMonth instead of month, and its EDA@id is the
 *column eda). Header fields and columns in any order; optional attributes (demande-perimetre's grd)
 *may be left out or left empty. A document without rows is the two header lines (where the schema
 *	allows it: facteur-impact, eif-sites, sites-j1). Decimals (capacityKW, upKW, downKW) may
 *	be written with a decimal comma.
 *
 *	Checking: values against the schema types (XSD), then each row goes to the flow's XML
 *	checker as one element: same rules, same codes, the CSV's lines.
 *
 *	Canonical layouts: CSV as above (LF, no BOM, the columns in schema order, decimal points,
 *	a cell holding ';' or '"' quoted); XML as samples/<flow>/valid.xml (two-space indent, one
 *	row element per line, attributes in schema order, LF).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"
#include "fmt_aalist.h"
#include "fmt_convert.h"
#include "fmt_csv.h"
#include "fmt_grdlist.h"
#include "fmt_list_csv.h"
#include "fmt_weekly.h"
#include "fmt_xml.h"

#define LCOLS_MAX 8
#define VAL_MAX   128 /* one value kept by the XML to CSV writer (labels: 100) */
#define DEC_MAX   40
#define NHKEYS    6

enum vtype { T_PRM, T_ID, T_EIC, T_LABEL, T_NONNEG, T_ENUM, T_NOTICE, T_UTCMIN };

struct lcol {
    const char *attr; /* the XML attribute */
    enum vtype type;
    const char *const *words; /* T_ENUM */
};

struct lflow {
    const struct fmt_xml_flow *xml;
    const char *ns;
    const char *root;
    const char *row; /* the row element */
    int min_rows;    /* the schema's minOccurs of the row element */
    const struct fmt_csv_form *form;
    const struct lcol *cols; /* form->columns[j] is cols[j] */
    int week;                /* the last header field is week: the element <week start="..."/> */
    /* nested rows (grd-list): the first `group` columns are the row element's attributes,
     * consecutive rows with the same values one element; the others are those of its child
     * element, one per row. 0: flat. */
    int group;
    const char *child;
};

/* ---------------------------------------------------------------- the tables */

static const char *const month_keys[NHKEYS] = {"mRID",     "revision",        "sender",
                                               "receiver", "createdDateTime", "month"};
static const char *const effective_keys[NHKEYS] = {"mRID",     "revision",        "sender",
                                                   "receiver", "createdDateTime", "effectiveMonth"};
static const char *const week_keys[NHKEYS] = {"mRID",     "revision",        "sender",
                                              "receiver", "createdDateTime", "week"};
static const char *const w_action[] = {"add", "withdraw", "modify", NULL};

static const struct fmt_csv_column impact_columns[] = {
    {"eda", 1}, {"substation", 1}, {"upKW", 1}, {"downKW", 1}};
static const struct lcol impact_cols[] = {{"eda", T_ID, NULL},
                                          {"substation", T_ID, NULL},
                                          {"upKW", T_NONNEG, NULL},
                                          {"downKW", T_NONNEG, NULL}};
static const struct fmt_csv_form impact_form = {"facteur-impact", "1", month_keys, NHKEYS,
                                                impact_columns,   4};

static const struct fmt_csv_column eif_columns[] = {
    {"ref", 1}, {"supplier", 1}, {"offer", 1}, {"eda", 1}};
static const struct lcol eif_cols[] = {
    {"ref", T_PRM, NULL}, {"supplier", T_EIC, NULL}, {"offer", T_LABEL, NULL}, {"eda", T_ID, NULL}};
static const struct fmt_csv_form eif_form = {"eif-sites", "1", month_keys, NHKEYS, eif_columns, 4};

static const struct fmt_csv_column j1_columns[] = {
    {"ref", 1}, {"eda", 1}, {"re", 1}, {"supplier", 1}};
static const struct lcol j1_cols[] = {
    {"ref", T_PRM, NULL}, {"eda", T_ID, NULL}, {"re", T_EIC, NULL}, {"supplier", T_EIC, NULL}};
static const struct fmt_csv_form j1_form = {"sites-j1", "1", month_keys, NHKEYS, j1_columns, 4};

static const struct fmt_csv_column demande_columns[] = {
    {"action", 1}, {"site", 1}, {"eda", 1}, {"grd", 0}};
static const struct lcol demande_cols[] = {
    {"action", T_ENUM, w_action}, {"site", T_PRM, NULL}, {"eda", T_ID, NULL}, {"grd", T_EIC, NULL}};
static const struct fmt_csv_form demande_form = {"demande-perimetre", "1", month_keys, NHKEYS,
                                                 demande_columns,     4};

static const struct fmt_csv_column capacite_columns[] = {{"eda", 1}, {"capacityKW", 1}};
static const struct lcol capacite_cols[] = {{"id", T_ID, NULL}, {"capacityKW", T_NONNEG, NULL}};
static const struct fmt_csv_form capacite_form = {"capacite",       "1", effective_keys, NHKEYS,
                                                  capacite_columns, 2};

static const struct fmt_csv_column eifact_columns[] = {
    {"offer", 1}, {"eda", 1}, {"notice", 1}, {"start", 1}, {"end", 1}};
static const struct lcol eifact_cols[] = {{"offer", T_LABEL, NULL},
                                          {"eda", T_ID, NULL},
                                          {"notice", T_NOTICE, NULL},
                                          {"start", T_UTCMIN, NULL},
                                          {"end", T_UTCMIN, NULL}};
static const struct fmt_csv_form eifact_form = {"eif-activations", "1", week_keys, NHKEYS,
                                                eifact_columns,    5};

static const struct fmt_csv_column grdlist_columns[] = {{"eda", 1}, {"grd", 1}};
static const struct lcol grdlist_cols[] = {{"id", T_ID, NULL}, {"eic", T_EIC, NULL}};
static const struct fmt_csv_form grdlist_form = {"grd-list",      "1", month_keys, NHKEYS,
                                                 grdlist_columns, 2};

static const struct lflow lflows[] = {
    {&fmt_facteur_impact_flow, "urn:passerelle:facteur-impact:1", "FacteursImpact", "Factor", 0,
     &impact_form, impact_cols, 0, 0, NULL},
    {&fmt_eif_sites_flow, "urn:passerelle:eif-sites:1", "SitesEIF", "Site", 0, &eif_form, eif_cols,
     0, 0, NULL},
    {&fmt_sites_j1_flow, "urn:passerelle:sites-j1:1", "SitesTelereleves", "Site", 0, &j1_form,
     j1_cols, 0, 0, NULL},
    {&fmt_demande_perimetre_flow, "urn:passerelle:demande-perimetre:1", "DemandePerimetre",
     "Request", 1, &demande_form, demande_cols, 0, 0, NULL},
    {&fmt_capacite_flow, "urn:passerelle:capacite:1", "CapaciteAjustement", "EDA", 1,
     &capacite_form, capacite_cols, 0, 0, NULL},
    {&fmt_eif_activations_flow, "urn:passerelle:eif-activations:1", "ActivationsEIF", "Activation",
     0, &eifact_form, eifact_cols, 1, 0, NULL},
    {&fmt_grd_list_flow, "urn:passerelle:grd-list:1", "ListeGRD", "EDA", 1, &grdlist_form,
     grdlist_cols, 0, 1, "GRD"},
};
#define NLFLOWS (sizeof(lflows) / sizeof(lflows[0]))

static const struct lflow *
lflow_find(const char *flow)
{
    size_t i;

    for (i = 0; i < NLFLOWS; i++)
        if (strcmp(lflows[i].form->flow, flow) == 0)
            return &lflows[i];
    return NULL;
}

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

static const char *
col_why(const struct lcol *c, const char *v, size_t len)
{
    switch (c->type) {
    case T_PRM:
        return all_of(v, len, 14, 14, c_digit) ? NULL : "a PRM of 14 digits";
    case T_ID:
        return all_of(v, len, 1, 35, c_id) ? NULL : "1 to 35 of [A-Za-z0-9_-]";
    case T_EIC:
        return all_of(v, len, 16, 16, c_eic) ? NULL : "an EIC code (16 of [A-Z0-9-])";
    case T_LABEL:
        return label(v, len) ? NULL : "a label of 1 to 100 characters, no blank at either end";
    case T_NONNEG:
        return nonneg(v, len) ? NULL : "a decimal of at most 12 integer and 6 fraction digits";
    case T_ENUM:
        return one_of(v, len, c->words) ? NULL : "one of the schema's words";
    case T_NOTICE:
        return (len > 3 && v[0] == 'P' && v[1] == 'T' && v[len - 1] == 'M' &&
                all_of(v + 2, len - 3, 1, 5, c_digit)) ||
                       all_of(v, len, 1, 5, c_digit)
                   ? NULL
                   : "PT<minutes>M or the minutes (at most 5 digits)";
    case T_UTCMIN:
        return shape(v, len, "9999-99-99T99:99Z") ? NULL : "a UTC instant YYYY-MM-DDTHH:MMZ";
    }
    return NULL;
}

static const char *
hdr_why(int h, int week, const char *v, size_t len)
{
    if (h == NHKEYS - 1 && week)
        return shape(v, len, "9999-99-99") && real_date(v) ? NULL : "a date YYYY-MM-DD";
    switch (h) {
    case 0:
        return all_of(v, len, 1, 60, c_mrid) ? NULL : "1 to 60 of [A-Za-z0-9._-]";
    case 1:
        return positive(v, len, 9) ? NULL : "a positive integer of at most 9 digits";
    case 2:
    case 3:
        return all_of(v, len, 16, 16, c_eic) ? NULL : "an EIC code (16 of [A-Z0-9-])";
    case 4:
        return shape(v, len, "9999-99-99T99:99:99Z") && real_date(v) && real_time(v + 11)
                   ? NULL
                   : "a UTC date and time YYYY-MM-DDTHH:MM:SSZ";
    case 5:
        return shape(v, len, "9999-99") && num(v, 4) > 0 && num(v + 5, 2) >= 1 &&
                       num(v + 5, 2) <= 12
                   ? NULL
                   : "a month YYYY-MM";
    }
    return NULL;
}

/* ---------------------------------------------------------------- checking */

struct list_csv {
    const struct lflow *lf;
    struct fmt_report *rep;
    void *xml; /* the flow's XML checker state */
    long rows;
    int open;               /* nested: a row element is open */
    char gkey[VAL_MAX * 2]; /* nested: its columns' values */
};

/* group_key - the first `group` cells, length-prefixed, into out; 0 when too long */
static int
group_key(const struct lflow *lf, const char *const *f, const size_t *len, char *out, size_t size)
{
    size_t o = 0, j;
    int n;

    for (j = 0; j < (size_t)lf->group; j++) {
        n = snprintf(out + o, size - o, "%zu:", f[j] ? len[j] : 0);
        if (n < 0 || (size_t)n + (f[j] ? len[j] : 0) + 1 > size - o)
            return 0;
        o += (size_t)n;
        if (f[j] != NULL && len[j] > 0)
            memcpy(out + o, f[j], len[j]);
        o += f[j] ? len[j] : 0;
    }
    out[o] = '\0';
    return 1;
}

static void *
list_begin(const struct lflow *lf, const struct fmt_opts *opts, struct fmt_report *rep)
{
    struct list_csv *c = calloc(1, sizeof(*c));

    if (c == NULL)
        return NULL;
    c->lf = lf;
    c->rep = rep;
    if ((c->xml = lf->xml->begin(opts, rep)) == NULL) {
        free(c);
        return NULL;
    }
    return c;
}

static void
csv_header(void *st, const char *const *v, const size_t *len, long line)
{
    struct list_csv *c = st;
    const struct lflow *lf = c->lf;
    char text[FMT_XML_TEXT_MAX + 1];
    const char *why;
    size_t n;
    int h;

    lf->xml->start(c->xml, lf->root, NULL, 0, line);
    for (h = 0; h < NHKEYS; h++) {
        if (v[h] == NULL)
            continue; /* CSV-HEADER said so */
        if ((why = hdr_why(h, lf->week, v[h], len[h])) != NULL)
            fmt_report_add(c->rep, "XSD", line, "header field %s: \"%.40s\" is not %s",
                           lf->form->keys[h], v[h], why);
        if (h == NHKEYS - 1 && lf->week) {
            struct fmt_xml_attr at = {"start", v[h], len[h]};

            lf->xml->start(c->xml, "week", &at, 1, line);
            lf->xml->end(c->xml, "week", "", 0, line);
            continue;
        }
        n = len[h] < FMT_XML_TEXT_MAX ? len[h] : FMT_XML_TEXT_MAX;
        memcpy(text, v[h], n);
        text[n] = '\0';
        lf->xml->start(c->xml, lf->form->keys[h], NULL, 0, line);
        lf->xml->end(c->xml, lf->form->keys[h], text,
                     len[h] <= FMT_XML_TEXT_MAX ? len[h] : FMT_XML_TEXT_MAX + 1, line);
    }
}

/* row_attrs - XSD checks of the cells [a, b) and the attributes they stand for */
static size_t
row_attrs(struct list_csv *c, const char *const *f, const size_t *len, size_t a, size_t b,
          long line, struct fmt_xml_attr *at, char (*dec)[DEC_MAX])
{
    const struct lflow *lf = c->lf;
    const char *why;
    size_t n = 0, j;

    for (j = a; j < b && j < LCOLS_MAX; j++) {
        if (f[j] == NULL || len[j] == 0) {
            if (lf->form->columns[j].required)
                fmt_report_add(c->rep, "XSD", line, "column %s: a value is required",
                               lf->form->columns[j].name);
            continue;
        }
        at[n].name = lf->cols[j].attr;
        at[n].value = f[j];
        at[n].len = len[j];
        if (lf->cols[j].type == T_NONNEG) {
            at[n].len = dec_point(f[j], len[j], dec[j], sizeof(dec[j]));
            at[n].value = dec[j];
        }
        if ((why = col_why(&lf->cols[j], at[n].value, at[n].len)) != NULL)
            fmt_report_add(c->rep, "XSD", line, "column %s: \"%.40s\" is not %s",
                           lf->form->columns[j].name, f[j], why);
        n++;
    }
    return n;
}

static void
csv_row(void *st, const char *const *f, const size_t *len, long line)
{
    struct list_csv *c = st;
    const struct lflow *lf = c->lf;
    struct fmt_xml_attr at[LCOLS_MAX];
    char dec[LCOLS_MAX][DEC_MAX], key[sizeof(c->gkey)];
    size_t n;

    if (lf->group == 0) {
        c->rows++;
        n = row_attrs(c, f, len, 0, lf->form->ncolumns, line, at, dec);
        lf->xml->start(c->xml, lf->row, at, n, line);
        lf->xml->end(c->xml, lf->row, "", 0, line);
        return;
    }
    if (!group_key(lf, f, len, key, sizeof(key)) || !c->open || strcmp(key, c->gkey) != 0) {
        if (c->open)
            lf->xml->end(c->xml, lf->row, "", 0, line);
        c->rows++;
        snprintf(c->gkey, sizeof(c->gkey), "%s", key);
        n = row_attrs(c, f, len, 0, (size_t)lf->group, line, at, dec);
        lf->xml->start(c->xml, lf->row, at, n, line);
        c->open = 1;
    }
    n = row_attrs(c, f, len, (size_t)lf->group, lf->form->ncolumns, line, at, dec);
    lf->xml->start(c->xml, lf->child, at, n, line);
    lf->xml->end(c->xml, lf->child, "", 0, line);
}

static int
csv_finish(void *st, int complete, long lastline)
{
    struct list_csv *c = st;

    if (c->open)
        c->lf->xml->end(c->xml, c->lf->row, "", 0, lastline);
    if (complete && c->rows < c->lf->min_rows)
        fmt_report_add(c->rep, "XSD", lastline, "no row: the document holds at least one %s",
                       c->lf->row);
    c->lf->xml->end(c->xml, c->lf->root, "", 0, 1);
    return c->lf->xml->finish(c->xml, complete);
}

static void
csv_free(void *st)
{
    struct list_csv *c = st;

    if (c == NULL)
        return;
    c->lf->xml->free(c->xml);
    free(c);
}

static void *
impact_begin(const struct fmt_opts *opts, struct fmt_report *rep)
{
    return list_begin(&lflows[0], opts, rep);
}

static void *
eif_begin(const struct fmt_opts *opts, struct fmt_report *rep)
{
    return list_begin(&lflows[1], opts, rep);
}

static void *
j1_begin(const struct fmt_opts *opts, struct fmt_report *rep)
{
    return list_begin(&lflows[2], opts, rep);
}

static void *
demande_begin(const struct fmt_opts *opts, struct fmt_report *rep)
{
    return list_begin(&lflows[3], opts, rep);
}

static void *
capacite_begin(const struct fmt_opts *opts, struct fmt_report *rep)
{
    return list_begin(&lflows[4], opts, rep);
}

static void *
eifact_begin(const struct fmt_opts *opts, struct fmt_report *rep)
{
    return list_begin(&lflows[5], opts, rep);
}

static void *
grdlist_begin(const struct fmt_opts *opts, struct fmt_report *rep)
{
    return list_begin(&lflows[6], opts, rep);
}

const struct fmt_csv_flow fmt_facteur_impact_csv_flow = {
    &impact_form, impact_begin, {csv_header, csv_row}, csv_finish, csv_free};
const struct fmt_csv_flow fmt_eif_sites_csv_flow = {
    &eif_form, eif_begin, {csv_header, csv_row}, csv_finish, csv_free};
const struct fmt_csv_flow fmt_sites_j1_csv_flow = {
    &j1_form, j1_begin, {csv_header, csv_row}, csv_finish, csv_free};
const struct fmt_csv_flow fmt_demande_perimetre_csv_flow = {
    &demande_form, demande_begin, {csv_header, csv_row}, csv_finish, csv_free};
const struct fmt_csv_flow fmt_capacite_csv_flow = {
    &capacite_form, capacite_begin, {csv_header, csv_row}, csv_finish, csv_free};
const struct fmt_csv_flow fmt_eif_activations_csv_flow = {
    &eifact_form, eifact_begin, {csv_header, csv_row}, csv_finish, csv_free};
const struct fmt_csv_flow fmt_grd_list_csv_flow = {
    &grdlist_form, grdlist_begin, {csv_header, csv_row}, csv_finish, csv_free};

/* ---------------------------------------------------------------- CSV to XML */

struct to_xml {
    const struct lflow *lf;
    FILE *out;
    int open;
    char gkey[VAL_MAX * 2];
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
x_header(void *st, const char *const *v, const size_t *len, long line)
{
    struct to_xml *x = st;
    int h;

    (void)line;
    fprintf(x->out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<%s xmlns=\"%s\">\n", x->lf->root,
            x->lf->ns);
    for (h = 0; h < NHKEYS; h++) {
        if (h == NHKEYS - 1 && x->lf->week) {
            fputs("  <week start=\"", x->out);
            if (v[h] != NULL)
                put_esc(x->out, v[h], len[h]);
            fputs("\"/>\n", x->out);
            continue;
        }
        fprintf(x->out, "  <%s>", x->lf->form->keys[h]);
        if (v[h] != NULL)
            put_esc(x->out, v[h], len[h]);
        fprintf(x->out, "</%s>\n", x->lf->form->keys[h]);
    }
}

/* x_attrs - the attributes of the non-empty cells [a, b) */
static void
x_attrs(struct to_xml *x, const char *const *f, const size_t *len, size_t a, size_t b)
{
    char dec[DEC_MAX];
    size_t n, j;

    for (j = a; j < b; j++) {
        if (f[j] == NULL || len[j] == 0)
            continue;
        fprintf(x->out, " %s=\"", x->lf->cols[j].attr);
        if (x->lf->cols[j].type == T_NONNEG) {
            n = dec_point(f[j], len[j], dec, sizeof(dec));
            put_esc(x->out, dec, n);
        } else {
            put_esc(x->out, f[j], len[j]);
        }
        putc('"', x->out);
    }
}

static void
x_row(void *st, const char *const *f, const size_t *len, long line)
{
    struct to_xml *x = st;
    const struct lflow *lf = x->lf;
    char key[sizeof(x->gkey)];

    (void)line;
    if (lf->group == 0) {
        fprintf(x->out, "  <%s", lf->row);
        x_attrs(x, f, len, 0, lf->form->ncolumns);
        fputs("/>\n", x->out);
        return;
    }
    if (!group_key(lf, f, len, key, sizeof(key)) || !x->open || strcmp(key, x->gkey) != 0) {
        if (x->open)
            fprintf(x->out, "  </%s>\n", lf->row);
        snprintf(x->gkey, sizeof(x->gkey), "%s", key);
        fprintf(x->out, "  <%s", lf->row);
        x_attrs(x, f, len, 0, (size_t)lf->group);
        fputs(">\n", x->out);
        x->open = 1;
    }
    fprintf(x->out, "    <%s", lf->child);
    x_attrs(x, f, len, (size_t)lf->group, lf->form->ncolumns);
    fputs("/>\n", x->out);
}

/* fmt_list_csv_to_xml - see fmt_list_csv.h */
int
fmt_list_csv_to_xml(const char *flow, int fd, FILE *out)
{
    static const struct fmt_csv_sink sink = {.header = x_header, .row = x_row};
    struct to_xml x;
    struct fmt_report rep;
    int complete, ret = -1;
    long last;

    if ((x.lf = lflow_find(flow)) == NULL) {
        errno = ENOTSUP;
        return -1;
    }
    x.out = out;
    x.open = 0;
    x.gkey[0] = '\0';
    fmt_report_init(&rep, 1);
    if (fmt_csv_parse_fd(x.lf->form, &sink, &x, fd, UINT64_MAX, &rep, &complete, &last) < 0)
        goto out;
    if (!complete || rep.nerrors > 0) {
        errno = EBADMSG;
        goto out;
    }
    if (x.open)
        fprintf(out, "  </%s>\n", x.lf->row);
    fprintf(out, "</%s>\n", x.lf->root);
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
    const struct lflow *lf;
    FILE *out;
    char hdr[NHKEYS][FMT_XML_TEXT_MAX + 1];
    char cell[LCOLS_MAX][VAL_MAX]; /* nested: the open row element's cells */
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

static int
c_start(void *st, const char *name, const struct fmt_xml_attr *at, size_t n)
{
    struct to_csv *t = st;
    const struct fmt_xml_attr *a;
    char v[VAL_MAX];
    size_t j;

    if (t->lf->week && strcmp(name, "week") == 0) {
        a = fmt_xml_attr_find(at, n, "start");
        keep(t->hdr[NHKEYS - 1], sizeof(t->hdr[NHKEYS - 1]), a ? a->value : "", a ? a->len : 0);
        return 0;
    }
    if (!t->started)
        return 0;
    if (t->lf->group > 0 && strcmp(name, t->lf->row) == 0) {
        for (j = 0; j < (size_t)t->lf->group; j++) {
            a = fmt_xml_attr_find(at, n, t->lf->cols[j].attr);
            keep(t->cell[j], sizeof(t->cell[j]), a ? a->value : "", a ? a->len : 0);
        }
        return 0;
    }
    if (strcmp(name, t->lf->group > 0 ? t->lf->child : t->lf->row) != 0)
        return 0;
    for (j = 0; j < t->lf->form->ncolumns; j++) {
        if (j < (size_t)t->lf->group) {
            if (j > 0)
                putc(';', t->out);
            put_cell(t->out, t->cell[j]);
            continue;
        }
        a = fmt_xml_attr_find(at, n, t->lf->cols[j].attr);
        /* only a decimal's blanks are collapsed by the schema: keep the others as they are
         * (a label's blanks at either end are a schema error in both forms) */
        if (t->lf->cols[j].type == T_NONNEG) {
            keep(v, sizeof(v), a ? a->value : "", a ? a->len : 0);
        } else {
            size_t l = a ? (a->len < sizeof(v) ? a->len : sizeof(v) - 1) : 0;

            memcpy(v, a ? a->value : "", l);
            v[l] = '\0';
        }
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
    const struct fmt_csv_form *form = t->lf->form;
    size_t j;
    int h;

    for (h = 0; h < NHKEYS; h++)
        if (strcmp(name, form->keys[h]) == 0 && !(h == NHKEYS - 1 && t->lf->week))
            keep(t->hdr[h], sizeof(t->hdr[h]), text, len);
    if (!t->started && strcmp(name, form->keys[NHKEYS - 1]) == 0) {
        fprintf(t->out, "#passerelle %s %s", form->flow, form->version);
        for (h = 0; h < NHKEYS; h++) {
            fprintf(t->out, ";%s=", form->keys[h]);
            put_cell(t->out, t->hdr[h]);
        }
        putc('\n', t->out);
        for (j = 0; j < form->ncolumns; j++)
            fprintf(t->out, "%s%s", j ? ";" : "", form->columns[j].name);
        putc('\n', t->out);
        t->started = 1;
    }
    return 0;
}

/* fmt_list_xml_to_csv - see fmt_list_csv.h */
int
fmt_list_xml_to_csv(const char *flow, int fd, FILE *out)
{
    struct fmt_xml_walker w = {.start = c_start, .end = c_end};
    struct to_csv *t;
    int ret = -1, saved;
    const struct lflow *lf = lflow_find(flow);

    if (lf == NULL) {
        errno = ENOTSUP;
        return -1;
    }
    if ((t = calloc(1, sizeof(*t))) == NULL)
        return -1;
    t->lf = lf;
    t->out = out;
    w.ns = lf->ns;
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
