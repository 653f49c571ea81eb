/* fmt_grdlist - rules of the monthly GRD lists that their schemas cannot say.
 *
 * DESCRIPTION
 *	Three documents of one shape (header, month, rows): a static description of each says
 *	which element is a row, which attributes make its key (one row per key in a document:
 *	the schema could say it with xs:unique, but that is superlinear in streaming libxml2,
 *	LIBNOTES.md), which attributes are EIC codes, and the code of a repeated key. The month
 *	is month M itself: the lists are due before the end of M like the perimeter notice
 *	(5 Jours Ouvrés rule), and sites-j1 describes day 1 of M.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"
#include "fmt_grdlist.h"
#include "fmt_monthly.h"
#include "fmt_xml.h"

struct list_spec {
    const char *flow;
    const char *row;      /* the row element */
    const char *key[2];   /* attributes making the key (key[1] may be NULL) */
    const char *eics[3];  /* EIC attributes, NULL-terminated */
    const char *dup_code; /* a key seen twice */
    const char *dup_what; /* "a second factor", "a second row" */
};

static const struct list_spec impact_spec = {
    "facteur-impact", "Factor",     {"eda", "substation"},
    {NULL},           "IMPACT-DUP", "a second factor for this EDA and source substation"};
static const struct list_spec eif_spec = {"eif-sites",    "Site",
                                          {"ref", NULL},  {"supplier", NULL},
                                          "EIF-SITE-DUP", "a second row for this site"};
static const struct list_spec j1_spec = {"sites-j1",    "Site",
                                         {"ref", NULL}, {"re", "supplier", NULL},
                                         "J1-SITE-DUP", "a second row for this site"};

struct grdlist {
    const struct list_spec *spec;
    struct fmt_report *rep;
    struct fmt_keymap *keys;
    const struct cal_holidays *holidays; /* for the deadline; NULL: the built-in list */
    int oom;
};

/* row_start - EIC checks, then the key */
static void
row_start(struct grdlist *g, const struct fmt_xml_attr *attrs, size_t n, long line)
{
    const struct list_spec *s = g->spec;
    const struct fmt_xml_attr *a;
    char key[FMT_KEY_MAX], label[160], what[200];
    size_t i, klen = 0, o = 0;
    long first;
    int r;

    label[0] = '\0';
    for (i = 0; i < 2 && s->key[i] != NULL; i++) {
        a = fmt_xml_attr_find(attrs, n, s->key[i]);
        if (a == NULL || a->len == 0 || a->len > 35 || klen + a->len + 1 > sizeof(key)) {
            klen = 0; /* no key: the schema says what is missing */
            break;
        }
        if (i > 0)
            key[klen++] = '\0';
        memcpy(key + klen, a->value, a->len);
        klen += a->len;
        if (o < sizeof(label))
            o += (size_t)snprintf(label + o, sizeof(label) - o, "%s%s %.*s", i ? ", " : "",
                                  strcmp(s->key[i], "ref") == 0 ? "site" : s->key[i], (int)a->len,
                                  a->value);
    }
    for (i = 0; s->eics[i] != NULL; i++) {
        snprintf(what, sizeof(what), "%s: @%s", label[0] ? label : s->row, s->eics[i]);
        (void)fmt_monthly_eic(g->rep, fmt_xml_attr_find(attrs, n, s->eics[i]), what, line);
    }
    if (klen == 0)
        return;
    r = fmt_keymap_put(g->keys, key, klen, line, &first, NULL);
    if (r < 0)
        g->oom = 1;
    else if (r == 0)
        fmt_report_add(g->rep, s->dup_code, line, "%s: %s (first at line %ld)", label, s->dup_what,
                       first);
}

/* ---------------------------------------------------------------- flow interface */

static void *
list_begin(const struct list_spec *spec, const struct fmt_opts *opts, struct fmt_report *rep)
{
    struct grdlist *g = calloc(1, sizeof(*g));

    if (g == NULL)
        return NULL;
    g->spec = spec;
    g->rep = rep;
    g->holidays = opts != NULL ? opts->holidays : NULL;
    if ((g->keys = fmt_keymap_new(0)) == NULL) {
        free(g);
        errno = ENOMEM;
        return NULL;
    }
    return g;
}

static void *
impact_begin(const struct fmt_opts *opts, struct fmt_report *rep)
{
    return list_begin(&impact_spec, opts, rep);
}

static void *
eif_begin(const struct fmt_opts *opts, struct fmt_report *rep)
{
    return list_begin(&eif_spec, opts, rep);
}

static void *
j1_begin(const struct fmt_opts *opts, struct fmt_report *rep)
{
    return list_begin(&j1_spec, opts, rep);
}

static void
list_start(void *st, const char *name, const struct fmt_xml_attr *attrs, size_t n, long line)
{
    struct grdlist *g = st;

    if (strcmp(name, g->spec->row) == 0)
        row_start(g, attrs, n, line);
}

static void
list_end(void *st, const char *name, const char *text, size_t len, long line)
{
    struct grdlist *g = st;
    int y, mo;

    if (fmt_monthly_header(g->rep, name, text, len, line))
        return;
    if (strcmp(name, "month") == 0)
        (void)fmt_monthly_month(g->rep, g->spec->flow, g->holidays, text, len, 0, &y, &mo);
}

static int
list_finish(void *st, int complete)
{
    struct grdlist *g = st;

    (void)complete;
    if (g->oom) {
        errno = ENOMEM;
        return -1;
    }
    return 0;
}

static void
list_free(void *st)
{
    struct grdlist *g = st;

    if (g == NULL)
        return;
    fmt_keymap_free(g->keys);
    free(g);
}

const struct fmt_xml_flow fmt_facteur_impact_flow = {
    .name = "facteur-impact",
    .ns = "urn:passerelle:facteur-impact:1",
    .root = "FacteursImpact",
    .xsd = "facteur-impact.xsd",
    .begin = impact_begin,
    .start = list_start,
    .end = list_end,
    .finish = list_finish,
    .free = list_free,
};

const struct fmt_xml_flow fmt_eif_sites_flow = {
    .name = "eif-sites",
    .ns = "urn:passerelle:eif-sites:1",
    .root = "SitesEIF",
    .xsd = "eif-sites.xsd",
    .begin = eif_begin,
    .start = list_start,
    .end = list_end,
    .finish = list_finish,
    .free = list_free,
};

const struct fmt_xml_flow fmt_sites_j1_flow = {
    .name = "sites-j1",
    .ns = "urn:passerelle:sites-j1:1",
    .root = "SitesTelereleves",
    .xsd = "sites-j1.xsd",
    .begin = j1_begin,
    .start = list_start,
    .end = list_end,
    .finish = list_finish,
    .free = list_free,
};
