/* fmt_aalist - rules of the aggregators' monthly lists that their schemas cannot say.
 *
 * DESCRIPTION
 *	Three documents of one shape, described by a static table as in fmt_grdlist.c: the month
 *	element (capacite names M+1, effectiveMonth, like the perimeter notice; the others name M,
 *	the month the request is sent in), the row element and its key attribute, the EIC
 *	attributes, and for grd-list a child element keyed within its row (a GRD once per EDA).
 *	A row key seen twice is reported with the line of the first; the schema could say it
 *	with xs:unique, but that is superlinear in streaming libxml2 (LIBNOTES.md).
 *
 *	grd-list has no entry of its own in cal_deadline's table: it is sent "with the change
 *	request" (2.F.3.3.2), so its deadline is demande-perimetre's.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"
#include "fmt_aalist.h"
#include "fmt_monthly.h"
#include "fmt_xml.h"

struct aa_spec {
    const char *deadline_flow; /* cal_deadline's name */
    const char *month_elem;    /* "month" or "effectiveMonth" */
    int shift;                 /* months from month_elem to M */
    const char *row, *key;     /* the row element and its key attribute */
    const char *key_label;     /* "site", "EDA" */
    const char *eic;           /* an EIC attribute of the row, or NULL */
    const char *dup_code, *dup_what;
    /* A child element keyed within its row, or NULL. */
    const char *child, *child_key, *child_code, *child_what;
};

static const struct aa_spec demande_spec = {"demande-perimetre",
                                            "month",
                                            0,
                                            "Request",
                                            "site",
                                            "site",
                                            "grd",
                                            "DEMANDE-SITE-DUP",
                                            "a second request for this site",
                                            NULL,
                                            NULL,
                                            NULL,
                                            NULL};
static const struct aa_spec capacite_spec = {"capacite",
                                             "effectiveMonth",
                                             -1,
                                             "EDA",
                                             "id",
                                             "EDA",
                                             NULL,
                                             "CAPA-EDA-DUP",
                                             "a second capacity for this EDA",
                                             NULL,
                                             NULL,
                                             NULL,
                                             NULL};
static const struct aa_spec grdlist_spec = {"demande-perimetre",
                                            "month",
                                            0,
                                            "EDA",
                                            "id",
                                            "EDA",
                                            NULL,
                                            "GRDLIST-EDA-DUP",
                                            "a second block for this EDA",
                                            "GRD",
                                            "eic",
                                            "GRDLIST-GRD-DUP",
                                            "this GRD is already listed for the EDA"};

struct aalist {
    const struct aa_spec *spec;
    struct fmt_report *rep;
    struct fmt_keymap *keys;
    const struct cal_holidays *holidays; /* for the deadline; NULL: the built-in list */
    char row_key[40];                    /* the current row's key ("" when malformed) */
    int oom;
};

/* put_key - add key[0..len) to the set; the line of an earlier one, 0 when new, -1 on OOM */
static long
put_key(struct aalist *l, const char *key, size_t len, long line)
{
    long first;
    int r = fmt_keymap_put(l->keys, key, len, line, &first, NULL);

    if (r < 0) {
        l->oom = 1;
        return -1;
    }
    return r == 0 ? first : 0;
}

/* row_start - EIC check, then the row's key */
static void
row_start(struct aalist *l, const struct fmt_xml_attr *attrs, size_t n, long line)
{
    const struct aa_spec *s = l->spec;
    const struct fmt_xml_attr *a = fmt_xml_attr_find(attrs, n, s->key);
    char what[96];
    long first;

    l->row_key[0] = '\0';
    if (a != NULL && a->len > 0 && a->len <= 35) {
        memcpy(l->row_key, a->value, a->len);
        l->row_key[a->len] = '\0';
    }
    if (s->eic != NULL) {
        snprintf(what, sizeof(what), "%s %s: @%s", s->key_label, l->row_key[0] ? l->row_key : "?",
                 s->eic);
        (void)fmt_monthly_eic(l->rep, fmt_xml_attr_find(attrs, n, s->eic), what, line);
    }
    if (l->row_key[0] == '\0')
        return; /* no key: the schema says what is wrong */
    first = put_key(l, l->row_key, strlen(l->row_key), line);
    if (first > 0)
        fmt_report_add(l->rep, s->dup_code, line, "%s %s: %s (first at line %ld)", s->key_label,
                       l->row_key, s->dup_what, first);
}

/* child_start - EIC check of the child's key, then the key within its row (row '\0' child) */
static void
child_start(struct aalist *l, const struct fmt_xml_attr *attrs, size_t n, long line)
{
    const struct aa_spec *s = l->spec;
    const struct fmt_xml_attr *a = fmt_xml_attr_find(attrs, n, s->child_key);
    char key[FMT_KEY_MAX], what[96];
    size_t rl = strlen(l->row_key);
    long first;

    snprintf(what, sizeof(what), "%s %s: %s", s->key_label, l->row_key[0] ? l->row_key : "?",
             s->child);
    if (!fmt_monthly_eic(l->rep, a, what, line) || rl == 0)
        return; /* malformed (the schema says so) or a wrong check character (said) */
    memcpy(key, l->row_key, rl);
    key[rl] = '\0';
    memcpy(key + rl + 1, a->value, a->len);
    first = put_key(l, key, rl + 1 + a->len, line);
    if (first > 0)
        fmt_report_add(l->rep, s->child_code, line, "%s %s: %s %.*s: %s (first at line %ld)",
                       s->key_label, l->row_key, s->child, (int)a->len, a->value, s->child_what,
                       first);
}

/* ---------------------------------------------------------------- flow interface */

static void *
aa_begin(const struct aa_spec *spec, const struct fmt_opts *opts, struct fmt_report *rep)
{
    struct aalist *l = calloc(1, sizeof(*l));

    if (l == NULL)
        return NULL;
    l->spec = spec;
    l->rep = rep;
    l->holidays = opts != NULL ? opts->holidays : NULL;
    if ((l->keys = fmt_keymap_new(0)) == NULL) {
        free(l);
        errno = ENOMEM;
        return NULL;
    }
    return l;
}

static void *
demande_begin(const struct fmt_opts *opts, struct fmt_report *rep)
{
    return aa_begin(&demande_spec, opts, rep);
}

static void *
capacite_begin(const struct fmt_opts *opts, struct fmt_report *rep)
{
    return aa_begin(&capacite_spec, opts, rep);
}

static void *
grdlist_begin(const struct fmt_opts *opts, struct fmt_report *rep)
{
    return aa_begin(&grdlist_spec, opts, rep);
}

static void
aa_start(void *st, const char *name, const struct fmt_xml_attr *attrs, size_t n, long line)
{
    struct aalist *l = st;

    if (strcmp(name, l->spec->row) == 0)
        row_start(l, attrs, n, line);
    else if (l->spec->child != NULL && strcmp(name, l->spec->child) == 0)
        child_start(l, attrs, n, line);
}

static void
aa_end(void *st, const char *name, const char *text, size_t len, long line)
{
    struct aalist *l = st;
    int y, mo;

    if (fmt_monthly_header(l->rep, name, text, len, line))
        return;
    if (strcmp(name, l->spec->month_elem) == 0)
        (void)fmt_monthly_month(l->rep, l->spec->deadline_flow, l->holidays, text, len,
                                l->spec->shift, &y, &mo);
}

static int
aa_finish(void *st, int complete)
{
    struct aalist *l = st;

    (void)complete;
    if (l->oom) {
        errno = ENOMEM;
        return -1;
    }
    return 0;
}

static void
aa_free(void *st)
{
    struct aalist *l = st;

    if (l == NULL)
        return;
    fmt_keymap_free(l->keys);
    free(l);
}

const struct fmt_xml_flow fmt_demande_perimetre_flow = {
    .name = "demande-perimetre",
    .ns = "urn:passerelle:demande-perimetre:1",
    .root = "DemandePerimetre",
    .xsd = "demande-perimetre.xsd",
    .begin = demande_begin,
    .start = aa_start,
    .end = aa_end,
    .finish = aa_finish,
    .free = aa_free,
};

const struct fmt_xml_flow fmt_capacite_flow = {
    .name = "capacite",
    .ns = "urn:passerelle:capacite:1",
    .root = "CapaciteAjustement",
    .xsd = "capacite.xsd",
    .begin = capacite_begin,
    .start = aa_start,
    .end = aa_end,
    .finish = aa_finish,
    .free = aa_free,
};

const struct fmt_xml_flow fmt_grd_list_flow = {
    .name = "grd-list",
    .ns = "urn:passerelle:grd-list:1",
    .root = "ListeGRD",
    .xsd = "grd-list.xsd",
    .begin = grdlist_begin,
    .start = aa_start,
    .end = aa_end,
    .finish = aa_finish,
    .free = aa_free,
};
