/* test_fmt_perimetre - the monthly GRD flows: the perimeter notice (every rule good and bad,
 * true line numbers, the report), the keyed set they share, and the sample folders
 * samples/{perimetre,facteur-impact,eif-sites,sites-j1} against their .expect files.
 * Run from the repository top (it reads xsd/ and samples/). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <unistd.h>
#include <cmocka.h>

#include "cal.h"
#include "cal_holidays.h"
#include "fmt.h"
#include "fmt_ids.h"
#include "fmt_monthly.h"

#define GRD "17X100A100A0001A"
#define RTE "10XFR-RTE------Q"

static struct fmt_ctx *g_ctx;
static char g_aa1[17], g_aa2[17], g_re[17], g_sup[17];

/* ---------------------------------------------------------------- helpers */

/* eic - the 15 characters plus their check character */
static void
eic(const char *first15, char out[17])
{
    memcpy(out, first15, 15);
    out[15] = fmt_eic_check_char(first15);
    out[16] = '\0';
}

static int
group_setup(void **state)
{
    char err[256];

    (void)state;
    eic("17XAGREGAT-0001", g_aa1);
    eic("17XFLEXIBLE-002", g_aa2);
    eic("17XRESPEQUIL001", g_re);
    eic("17XFOURNISSEUR1", g_sup);
    g_ctx = fmt_ctx_new("xsd", NULL, err, sizeof(err));
    if (g_ctx == NULL)
        fprintf(stderr, "fmt_ctx_new: %s\n", err);
    return g_ctx == NULL ? -1 : 0;
}

static int
group_teardown(void **state)
{
    (void)state;
    fmt_ctx_free(g_ctx);
    return 0;
}

/* judge - write data to an unlinked temp file and judge it */
static void
judge(const char *data, size_t len, struct fmt_report *rep)
{
    char path[] = "/tmp/test_fmt_perimetre.XXXXXX";
    int fd = mkstemp(path);
    size_t off = 0;
    ssize_t n;

    assert_true(fd >= 0);
    unlink(path);
    while (off < len) {
        n = write(fd, data + off, len - off);
        assert_true(n > 0);
        off += (size_t)n;
    }
    fmt_report_init(rep, 0);
    assert_int_equal(fmt_check_fd(g_ctx, fd, rep), 0);
    close(fd);
}

/* reasons - "CODE LINE,CODE LINE" in the order given */
static const char *
reasons(const struct fmt_report *r)
{
    static char buf[8192];
    size_t i, o = 0;

    buf[0] = '\0';
    for (i = 0; i < r->nreasons && o < sizeof(buf) - 64; i++)
        o += (size_t)snprintf(buf + o, sizeof(buf) - o, "%s%s %ld", i ? "," : "",
                              r->reasons[i].code, r->reasons[i].line);
    return buf;
}

static void
expect_doc(const char *doc, const char *expected)
{
    struct fmt_report r;
    size_t i;

    judge(doc, strlen(doc), &r);
    if (strcmp(reasons(&r), expected) != 0)
        for (i = 0; i < r.nreasons; i++)
            fprintf(stderr, "  %s %ld %s\n", r.reasons[i].code, r.reasons[i].line,
                    r.reasons[i].text);
    assert_string_equal(reasons(&r), expected);
    fmt_report_free(&r);
}

/* A notice under construction: the header is lines 1-9, the first Site line 10. */
struct doc {
    char *data;
    size_t len;
    FILE *f;
};

static void
doc_open_full(struct doc *d, const char *kind, const char *month, const char *sender)
{
    d->f = open_memstream(&d->data, &d->len);
    assert_non_null(d->f);
    fprintf(d->f,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<NotificationPerimetre xmlns=\"urn:passerelle:perimetre:1\">\n"
            "  <mRID>GRD-PERIM-T1</mRID>\n"
            "  <revision>3</revision>\n"
            "  <sender>%s</sender>\n"
            "  <receiver>%s</receiver>\n"
            "  <createdDateTime>2026-03-20T08:00:00Z</createdDateTime>\n"
            "  <effectiveMonth>%s</effectiveMonth>\n"
            "  <kind>%s</kind>\n",
            sender, RTE, month, kind);
}

static void
doc_open(struct doc *d, const char *kind)
{
    doc_open_full(d, kind, "2026-04", GRD);
}

/* sout - a complete withdrawal site; extra is appended inside the tag (may be "") and
 * `drop` names one attribute to leave out (NULL: none) */
static void
sout(struct doc *d, const char *ref, const char *eda, const char *aa, const char *curve,
     const char *drop, const char *extra)
{
    static const char *const names[] = {"supplier",  "bareme",        "subscribedPowerKVA",
                                        "category",  "measureOrigin", "measureObject",
                                        "curveType", "contract"};
    const char *values[8];
    size_t i;

    values[0] = g_sup;
    values[1] = "BAREME-2026";
    values[2] = "250";
    values[3] = "Report";
    values[4] = "GRD";
    values[5] = "compteur";
    values[6] = curve;
    values[7] = "CARD";
    fprintf(d->f,
            "  <Site ref=\"%s\" eda=\"%s\" aa=\"%s\" segment=\"BTSUP36\" re=\"%s\" "
            "capacityKW=\"120.5\"",
            ref, eda, aa, g_re);
    for (i = 0; i < 8; i++)
        if (drop == NULL || strcmp(drop, names[i]) != 0)
            fprintf(d->f, " %s=\"%s\"", names[i], values[i]);
    fprintf(d->f, "%s/>\n", extra);
}

/* inj - an injection site */
static void
inj(struct doc *d, const char *ref, const char *eda, const char *aa, const char *nature,
    const char *extra)
{
    fprintf(d->f, "  <Site ref=\"%s\" eda=\"%s\" aa=\"%s\" segment=\"HTA\"", ref, eda, aa);
    if (nature != NULL)
        fprintf(d->f, " nature=\"%s\"", nature);
    fprintf(d->f, " re=\"%s\" capacityKW=\"3000\"%s/>\n", g_re, extra);
}

static const char *
doc_close(struct doc *d)
{
    fputs("</NotificationPerimetre>\n", d->f);
    fclose(d->f);
    return d->data;
}

/* ---------------------------------------------------------------- the report */

static void
test_perimetre_fills_report(void **state)
{
    char buf[32];
    struct fmt_report r;
    struct doc d;

    (void)state;
    doc_open(&d, "soutirage");
    sout(&d, "30001610000001", "EDA_1", g_aa1, "telereleve", NULL, "");
    doc_close(&d);
    judge(d.data, d.len, &r);
    assert_string_equal(reasons(&r), "");
    assert_int_equal(fmt_report_status(&r), FMT_ACCEPTED);
    assert_string_equal(r.flow, "perimetre");
    assert_string_equal(r.mrid, "GRD-PERIM-T1");
    assert_int_equal(r.revision, 3);
    assert_string_equal(r.sender, GRD);
    assert_string_equal(r.receiver, RTE);
    /* effectiveMonth is M+1: the notice is the one of month M, due by the end of the Jour
     * Ouvré preceding the last 5 of March 2026 (25, 26, 27, 30, 31): Tuesday 24 March */
    assert_string_equal(r.period, "2026-03");
    assert_int_equal(cal_format_local(r.deadline, buf, sizeof(buf)), 0);
    assert_string_equal(buf, "2026-03-24T23:59:59+01:00");
    fmt_report_free(&r);
    free(d.data);

    /* January's notice is December's: December 2026 ends Thursday 31; its last 5 Jours
     * Ouvrés are 24, 28, 29, 30, 31 (25 December is a holiday): due Wednesday 23 */
    doc_open_full(&d, "injection", "2027-01", GRD);
    doc_close(&d);
    judge(d.data, d.len, &r);
    assert_string_equal(reasons(&r), "");
    assert_string_equal(r.period, "2026-12");
    assert_int_equal(cal_format_local(r.deadline, buf, sizeof(buf)), 0);
    assert_string_equal(buf, "2026-12-23T23:59:59+01:00");
    fmt_report_free(&r);
    free(d.data);
}

/* The operator's holidays (fmt_opts.holidays) move the deadline: a holiday on Tuesday 24
 * March 2026 makes it Monday 23. */
static void
test_perimetre_deadline_uses_operator_holidays(void **state)
{
    static const char rules[] = "add 2026-03-24 local holiday\n";
    struct cal_holidays *h = cal_holidays_new();
    struct fmt_opts o;
    struct fmt_ctx *ctx;
    struct fmt_report r;
    char err[256], buf[32];
    int fd;

    (void)state;
    assert_non_null(h);
    assert_int_equal(cal_holidays_parse(h, rules, strlen(rules), "test", err, sizeof(err)), 0);
    fmt_opts_default(&o);
    o.holidays = h;
    ctx = fmt_ctx_new("xsd", &o, err, sizeof(err));
    assert_non_null(ctx);
    fd = open("samples/perimetre/valid.xml", O_RDONLY);
    assert_true(fd >= 0);
    fmt_report_init(&r, 0);
    assert_int_equal(fmt_check_fd(ctx, fd, &r), 0);
    close(fd);
    assert_string_equal(r.period, "2026-03");
    assert_int_equal(cal_format_local(r.deadline, buf, sizeof(buf)), 0);
    assert_string_equal(buf, "2026-03-23T23:59:59+01:00");
    fmt_report_free(&r);
    fd = open("samples/sites-j1/valid.xml", O_RDONLY);
    assert_true(fd >= 0);
    fmt_report_init(&r, 0);
    assert_int_equal(fmt_check_fd(ctx, fd, &r), 0);
    close(fd);
    assert_int_equal(cal_format_local(r.deadline, buf, sizeof(buf)), 0);
    assert_string_equal(buf, "2026-03-23T23:59:59+01:00");
    fmt_report_free(&r);
    fmt_ctx_free(ctx);
    cal_holidays_free(h);
}

/* ---------------------------------------------------------------- PERIM-ATTR */

static void
test_perimetre_attr_soutirage(void **state)
{
    static const char *const required[] = {"supplier",  "bareme",        "subscribedPowerKVA",
                                           "category",  "measureOrigin", "measureObject",
                                           "curveType", "contract"};
    struct doc d;
    size_t i;

    (void)state;
    /* good: every attribute, with and without the optional @ede */
    doc_open(&d, "soutirage");
    sout(&d, "30001610000001", "EDA_1", g_aa1, "telereleve", NULL, "");
    sout(&d, "30001610000002", "EDA_1", g_aa1, "telereleve", NULL, " ede=\"EDE_1\"");
    expect_doc(doc_close(&d), "");
    free(d.data);
    /* bad: each required attribute left out in turn (the line of its Site) */
    for (i = 0; i < sizeof(required) / sizeof(required[0]); i++) {
        doc_open(&d, "soutirage");
        sout(&d, "30001610000001", "EDA_1", g_aa1, "telereleve", NULL, "");
        sout(&d, "30001610000002", "EDA_2", g_aa1, "telereleve", required[i], "");
        expect_doc(doc_close(&d), "PERIM-ATTR 11");
        free(d.data);
    }
    /* bad: the attributes of an injection site */
    doc_open(&d, "soutirage");
    sout(&d, "30001610000001", "EDA_1", g_aa1, "telereleve", NULL, " nature=\"injection\"");
    sout(&d, "30001610000002", "EDA_1", g_aa1, "telereleve", NULL, " edp=\"EDP_1\"");
    expect_doc(doc_close(&d), "PERIM-ATTR 10,PERIM-ATTR 11");
    free(d.data);
    /* both problems on one site: two reasons */
    doc_open(&d, "soutirage");
    sout(&d, "30001610000001", "EDA_1", g_aa1, "telereleve", "contract", " edp=\"EDP_1\"");
    expect_doc(doc_close(&d), "PERIM-ATTR 10,PERIM-ATTR 10");
    free(d.data);
}

static void
test_perimetre_attr_injection(void **state)
{
    static const char *const others[] = {
        " supplier=\"" GRD "\"",
        " bareme=\"B\"",
        " subscribedPowerKVA=\"36\"",
        " category=\"C\"",
        " ede=\"EDE_1\"",
        " measureOrigin=\"AA\"",
        " measureObject=\"compteur\"",
        " curveType=\"profile\"",
        " contract=\"CU\"",
    };
    struct doc d;
    size_t i;

    (void)state;
    doc_open(&d, "injection");
    inj(&d, "30001620000001", "EDA_PV", g_aa1, "injection", "");
    inj(&d, "30001620000002", "EDA_PV", g_aa1, "injection", " edp=\"EDP_PV_1\"");
    inj(&d, "30001620000003", "EDA_ST", g_aa1, "stockage", "");
    expect_doc(doc_close(&d), "");
    free(d.data);
    /* @nature is required of an injection site */
    doc_open(&d, "injection");
    inj(&d, "30001620000001", "EDA_PV", g_aa1, "injection", "");
    inj(&d, "30001620000002", "EDA_PV", g_aa1, NULL, "");
    expect_doc(doc_close(&d), "PERIM-ATTR 11");
    free(d.data);
    /* no attribute of a withdrawal site is allowed */
    for (i = 0; i < sizeof(others) / sizeof(others[0]); i++) {
        doc_open(&d, "injection");
        inj(&d, "30001620000001", "EDA_PV", g_aa1, "injection", others[i]);
        expect_doc(doc_close(&d), "PERIM-ATTR 10");
        free(d.data);
    }
}

static void
test_perimetre_schema_does_the_rest(void **state)
{
    struct doc d;

    (void)state;
    /* attributes of both kinds are required by the schema itself */
    doc_open(&d, "injection");
    fprintf(d.f,
            "  <Site ref=\"30001620000001\" eda=\"E\" aa=\"%s\" segment=\"HTA\" "
            "nature=\"injection\" capacityKW=\"1\"/>\n",
            g_aa1);
    expect_doc(doc_close(&d), "XSD 10");
    free(d.data);
    /* a kind the schema refuses: no per-kind rule on top of the XSD reason */
    doc_open(&d, "mixte");
    inj(&d, "30001620000001", "EDA_PV", g_aa1, "injection", " supplier=\"" GRD "\"");
    expect_doc(doc_close(&d), "XSD 9");
    free(d.data);
    /* non-negative capacities and powers; a decimal point, not a comma */
    doc_open(&d, "injection");
    inj(&d, "30001620000001", "EDA_PV", g_aa1, "injection", "");
    fprintf(d.f,
            "  <Site ref=\"30001620000002\" eda=\"EDA_PV\" aa=\"%s\" segment=\"HTA\" "
            "nature=\"injection\" re=\"%s\" capacityKW=\"0\"/>\n",
            g_aa1, g_re);
    fprintf(d.f,
            "  <Site ref=\"30001620000003\" eda=\"EDA_PV\" aa=\"%s\" segment=\"HTA\" "
            "nature=\"injection\" re=\"%s\" capacityKW=\"-1\"/>\n",
            g_aa1, g_re);
    fprintf(d.f,
            "  <Site ref=\"30001620000004\" eda=\"EDA_PV\" aa=\"%s\" segment=\"HTA\" "
            "nature=\"injection\" re=\"%s\" capacityKW=\"1,5\"/>\n",
            g_aa1, g_re);
    expect_doc(doc_close(&d), "XSD 12,XSD 13");
    free(d.data);
    doc_open(&d, "soutirage");
    sout(&d, "30001610000001", "EDA_1", g_aa1, "telereleve", "subscribedPowerKVA",
         " subscribedPowerKVA=\"-36\"");
    expect_doc(doc_close(&d), "XSD 10");
    free(d.data);
    /* enumerations */
    doc_open(&d, "soutirage");
    sout(&d, "30001610000001", "EDA_1", g_aa1, "telereleve", "contract", " contract=\"CARDI\"");
    sout(&d, "30001610000002", "EDA_1", g_aa1, "telereleve", "measureOrigin",
         " measureOrigin=\"RTE\"");
    expect_doc(doc_close(&d), "XSD 10,XSD 11");
    free(d.data);
    /* a month that is not one */
    doc_open_full(&d, "soutirage", "2026-13", GRD);
    expect_doc(doc_close(&d), "XSD 8");
    free(d.data);
}

/* ---------------------------------------------------------------- one row per site */

static void
test_perimetre_site_once(void **state)
{
    struct doc d;

    (void)state;
    doc_open(&d, "soutirage");
    sout(&d, "30001610000001", "EDA_1", g_aa1, "telereleve", NULL, "");
    sout(&d, "30001610000002", "EDA_1", g_aa1, "telereleve", NULL, "");
    sout(&d, "30001610000001", "EDA_2", g_aa2, "profile", NULL, "");
    sout(&d, "30001610000002", "EDA_1", g_aa1, "telereleve", NULL, "");
    sout(&d, "30001610000001", "EDA_1", g_aa1, "telereleve", NULL, "");
    expect_doc(doc_close(&d), "PERIM-SITE-DUP 12,PERIM-SITE-DUP 13,PERIM-SITE-DUP 14");
    free(d.data);
}

/* Many sites and EDAs: the sets grow, the lines stay true past 65535. */
static void
test_perimetre_large_notice_true_lines(void **state)
{
    struct doc d;
    char ref[16], eda[16], want[64];
    long i;

    (void)state;
    doc_open(&d, "soutirage");
    for (i = 0; i < 70000; i++) {
        snprintf(ref, sizeof(ref), "%014ld", 30001600000000L + i);
        snprintf(eda, sizeof(eda), "EDA_%ld", i / 7);
        sout(&d, ref, eda, (i / 7) % 2 ? g_aa2 : g_aa1, "telereleve", NULL, "");
    }
    /* line 70010: site 0 again; line 70011: EDA_0 with the other AA */
    sout(&d, "30001600000000", "EDA_9", g_aa2, "telereleve", NULL, "");
    sout(&d, "30001600099999", "EDA_0", g_aa2, "telereleve", NULL, "");
    snprintf(want, sizeof(want), "PERIM-SITE-DUP %d,PERIM-EDA-AA %d", 70010, 70011);
    expect_doc(doc_close(&d), want);
    free(d.data);
}

/* ---------------------------------------------------------------- EDAs */

static void
test_perimetre_eda_one_kind(void **state)
{
    struct doc d;

    (void)state;
    /* withdrawal: telemetered and profiled sites in two EDAs are fine, not in one */
    doc_open(&d, "soutirage");
    sout(&d, "30001610000001", "EDA_T", g_aa1, "telereleve", NULL, "");
    sout(&d, "30001610000002", "EDA_P", g_aa1, "profile", NULL, "");
    sout(&d, "30001610000003", "EDA_T", g_aa1, "telereleve", NULL, "");
    sout(&d, "30001610000004", "EDA_P", g_aa1, "telereleve", NULL, "");
    sout(&d, "30001610000005", "EDA_T", g_aa1, "profile", NULL, "");
    expect_doc(doc_close(&d), "PERIM-EDA-KIND 13,PERIM-EDA-KIND 14");
    free(d.data);
    /* injection: injection sites only or stockage sites only (2.F.2.4) */
    doc_open(&d, "injection");
    inj(&d, "30001620000001", "EDA_PV", g_aa1, "injection", "");
    inj(&d, "30001620000002", "EDA_ST", g_aa1, "stockage", "");
    inj(&d, "30001620000003", "EDA_ST", g_aa1, "stockage", "");
    inj(&d, "30001620000004", "EDA_PV", g_aa1, "stockage", "");
    expect_doc(doc_close(&d), "PERIM-EDA-KIND 13");
    free(d.data);
    /* a site without the word (PERIM-ATTR) does not set the EDA's kind */
    doc_open(&d, "injection");
    inj(&d, "30001620000001", "EDA_PV", g_aa1, NULL, "");
    inj(&d, "30001620000002", "EDA_PV", g_aa1, "stockage", "");
    inj(&d, "30001620000003", "EDA_PV", g_aa1, "stockage", "");
    expect_doc(doc_close(&d), "PERIM-ATTR 10");
    free(d.data);
}

static void
test_perimetre_eda_one_aa(void **state)
{
    struct doc d;

    (void)state;
    doc_open(&d, "soutirage");
    sout(&d, "30001610000001", "EDA_1", g_aa1, "telereleve", NULL, "");
    sout(&d, "30001610000002", "EDA_2", g_aa2, "telereleve", NULL, "");
    sout(&d, "30001610000003", "EDA_1", g_aa1, "telereleve", NULL, "");
    sout(&d, "30001610000004", "EDA_2", g_aa1, "telereleve", NULL, "");
    sout(&d, "30001610000005", "EDA_1", g_aa2, "telereleve", NULL, "");
    expect_doc(doc_close(&d), "PERIM-EDA-AA 13,PERIM-EDA-AA 14");
    free(d.data);
    /* EDA ids are case-sensitive: EDA_1 and eda_1 are two EDAs */
    doc_open(&d, "injection");
    inj(&d, "30001620000001", "EDA_1", g_aa1, "injection", "");
    inj(&d, "30001620000002", "eda_1", g_aa2, "stockage", "");
    expect_doc(doc_close(&d), "");
    free(d.data);
}

/* ---------------------------------------------------------------- EIC */

static void
test_perimetre_eic_checks(void **state)
{
    char bad[17], extra[64];
    struct doc d;

    (void)state;
    memcpy(bad, g_aa1, 17);
    bad[15] = bad[15] == 'A' ? 'B' : 'A';
    doc_open_full(&d, "soutirage", "2026-04", "17X100A100A0001B");
    sout(&d, "30001610000001", "EDA_1", bad, "telereleve", NULL, "");
    expect_doc(doc_close(&d), "EIC-CHECK 5,EIC-CHECK 10");
    free(d.data);
    /* @supplier and @re */
    memcpy(bad, g_sup, 17);
    bad[15] = bad[15] == 'A' ? 'B' : 'A';
    snprintf(extra, sizeof(extra), " supplier=\"%s\"", bad);
    doc_open(&d, "soutirage");
    sout(&d, "30001610000001", "EDA_1", g_aa1, "telereleve", "supplier", extra);
    expect_doc(doc_close(&d), "EIC-CHECK 10");
    free(d.data);
    memcpy(bad, g_re, 17);
    bad[15] = bad[15] == 'A' ? 'B' : 'A';
    doc_open(&d, "injection");
    fprintf(d.f,
            "  <Site ref=\"30001620000001\" eda=\"E\" aa=\"%s\" segment=\"HTA\" "
            "nature=\"injection\" re=\"%s\" capacityKW=\"1\"/>\n",
            g_aa1, bad);
    expect_doc(doc_close(&d), "EIC-CHECK 10");
    free(d.data);
    /* the receiver too */
    d.f = open_memstream(&d.data, &d.len);
    fprintf(d.f,
            "<NotificationPerimetre xmlns=\"urn:passerelle:perimetre:1\">\n"
            "<mRID>x</mRID><revision>1</revision><sender>%s</sender>\n"
            "<receiver>10XFR-RTE------A</receiver>\n"
            "<createdDateTime>2026-03-20T08:00:00Z</createdDateTime>"
            "<effectiveMonth>2026-04</effectiveMonth><kind>injection</kind>\n",
            GRD);
    expect_doc(doc_close(&d), "EIC-CHECK 3");
    free(d.data);
}

/* ---------------------------------------------------------------- the GRD lists */

/* list_doc - a list document of root/ns with month 2026-03; rows as given (line 9 on) */
static char *
list_doc(const char *flow, const char *root, const char *sender, const char *rows)
{
    char *data = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&data, &len);

    assert_non_null(f);
    fprintf(f,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<%s xmlns=\"urn:passerelle:%s:1\">\n"
            "  <mRID>GRD-LIST-T1</mRID>\n"
            "  <revision>1</revision>\n"
            "  <sender>%s</sender>\n"
            "  <receiver>%s</receiver>\n"
            "  <createdDateTime>2026-03-20T08:00:00Z</createdDateTime>\n"
            "  <month>2026-03</month>\n"
            "%s</%s>\n",
            root, flow, sender, RTE, rows, root);
    fclose(f);
    return data;
}

static void
expect_list(const char *flow, const char *root, const char *sender, const char *rows,
            const char *expected)
{
    struct fmt_report r;
    char *doc = list_doc(flow, root, sender, rows);
    size_t i;

    judge(doc, strlen(doc), &r);
    if (strcmp(reasons(&r), expected) != 0)
        for (i = 0; i < r.nreasons; i++)
            fprintf(stderr, "  %s %ld %s\n", r.reasons[i].code, r.reasons[i].line,
                    r.reasons[i].text);
    assert_string_equal(reasons(&r), expected);
    assert_string_equal(r.flow, flow);
    if (r.nerrors == 0) {
        char buf[32];

        assert_string_equal(r.period, "2026-03");
        assert_int_equal(cal_format_local(r.deadline, buf, sizeof(buf)), 0);
        assert_string_equal(buf, "2026-03-24T23:59:59+01:00");
        assert_string_equal(r.mrid, "GRD-LIST-T1");
        assert_string_equal(r.sender, sender);
        assert_string_equal(r.receiver, RTE);
    }
    fmt_report_free(&r);
    free(doc);
}

static void
test_facteur_impact_one_factor_per_eda_and_substation(void **state)
{
    (void)state;
    expect_list("facteur-impact", "FacteursImpact", GRD,
                "  <Factor eda=\"E1\" substation=\"PS1\" upKW=\"10\" downKW=\"0\"/>\n"
                "  <Factor eda=\"E1\" substation=\"PS2\" upKW=\"10.5\" downKW=\"3\"/>\n"
                "  <Factor eda=\"E2\" substation=\"PS1\" upKW=\"0\" downKW=\"0.125\"/>\n",
                "");
    /* the key is the pair: E1/PS12 is not E1P/S12 */
    expect_list("facteur-impact", "FacteursImpact", GRD,
                "  <Factor eda=\"E1\" substation=\"PS12\" upKW=\"1\" downKW=\"1\"/>\n"
                "  <Factor eda=\"E1P\" substation=\"S12\" upKW=\"1\" downKW=\"1\"/>\n"
                "  <Factor eda=\"E1\" substation=\"PS1\" upKW=\"1\" downKW=\"1\"/>\n"
                "  <Factor eda=\"E1\" substation=\"PS12\" upKW=\"2\" downKW=\"2\"/>\n"
                "  <Factor eda=\"E1P\" substation=\"S12\" upKW=\"2\" downKW=\"2\"/>\n",
                "IMPACT-DUP 12,IMPACT-DUP 13");
    /* magnitudes: never negative; both directions required */
    expect_list("facteur-impact", "FacteursImpact", GRD,
                "  <Factor eda=\"E1\" substation=\"PS1\" upKW=\"10\" downKW=\"-1\"/>\n"
                "  <Factor eda=\"E2\" substation=\"PS1\" upKW=\"10\"/>\n",
                "XSD 9,XSD 10");
    expect_list("facteur-impact", "FacteursImpact", "17X100A100A0001B", "", "EIC-CHECK 5");
}

static void
test_eif_sites_one_row_per_site(void **state)
{
    char rows[1024], bad[17];

    (void)state;
    snprintf(rows, sizeof(rows),
             "  <Site ref=\"30001610000001\" supplier=\"%s\" offer=\"Tempo\" eda=\"E1\"/>\n"
             "  <Site ref=\"30001610000002\" supplier=\"%s\" offer=\"EJP\" eda=\"E1\"/>\n",
             g_sup, g_sup);
    expect_list("eif-sites", "SitesEIF", GRD, rows, "");
    snprintf(rows, sizeof(rows),
             "  <Site ref=\"30001610000001\" supplier=\"%s\" offer=\"Tempo\" eda=\"E1\"/>\n"
             "  <Site ref=\"30001610000002\" supplier=\"%s\" offer=\"EJP\" eda=\"E1\"/>\n"
             "  <Site ref=\"30001610000001\" supplier=\"%s\" offer=\"EJP\" eda=\"E2\"/>\n",
             g_sup, g_sup, g_sup);
    expect_list("eif-sites", "SitesEIF", GRD, rows, "EIF-SITE-DUP 11");
    memcpy(bad, g_sup, 17);
    bad[15] = bad[15] == 'A' ? 'B' : 'A';
    snprintf(rows, sizeof(rows),
             "  <Site ref=\"30001610000001\" supplier=\"%s\" offer=\"Tempo\" eda=\"E1\"/>\n", bad);
    expect_list("eif-sites", "SitesEIF", GRD, rows, "EIC-CHECK 9");
    /* an offer is named: not empty, no blank at either end */
    snprintf(rows, sizeof(rows),
             "  <Site ref=\"30001610000001\" supplier=\"%s\" offer=\"\" eda=\"E1\"/>\n"
             "  <Site ref=\"30001610000002\" supplier=\"%s\" offer=\" Tempo\" eda=\"E1\"/>\n",
             g_sup, g_sup);
    expect_list("eif-sites", "SitesEIF", GRD, rows, "XSD 9,XSD 10");
}

static void
test_sites_j1_one_row_per_site(void **state)
{
    char rows[1024], bad[17];

    (void)state;
    snprintf(rows, sizeof(rows),
             "  <Site ref=\"30001610000001\" eda=\"E1\" re=\"%s\" supplier=\"%s\"/>\n"
             "  <Site ref=\"30001610000002\" eda=\"E1\" re=\"%s\" supplier=\"%s\"/>\n",
             g_re, g_sup, g_re, g_sup);
    expect_list("sites-j1", "SitesTelereleves", GRD, rows, "");
    snprintf(rows, sizeof(rows),
             "  <Site ref=\"30001610000001\" eda=\"E1\" re=\"%s\" supplier=\"%s\"/>\n"
             "  <Site ref=\"30001610000001\" eda=\"E1\" re=\"%s\" supplier=\"%s\"/>\n",
             g_re, g_sup, g_re, g_sup);
    expect_list("sites-j1", "SitesTelereleves", GRD, rows, "J1-SITE-DUP 10");
    memcpy(bad, g_re, 17);
    bad[15] = bad[15] == 'A' ? 'B' : 'A';
    snprintf(rows, sizeof(rows),
             "  <Site ref=\"30001610000001\" eda=\"E1\" re=\"%s\" supplier=\"%s\"/>\n", bad, g_sup);
    expect_list("sites-j1", "SitesTelereleves", GRD, rows, "EIC-CHECK 9");
    /* every attribute is required; a PRM has 14 digits */
    snprintf(rows, sizeof(rows),
             "  <Site ref=\"30001610000001\" eda=\"E1\" re=\"%s\"/>\n"
             "  <Site ref=\"3000161000000\" eda=\"E1\" re=\"%s\" supplier=\"%s\"/>\n",
             g_re, g_re, g_sup);
    expect_list("sites-j1", "SitesTelereleves", GRD, rows, "XSD 9,XSD 10");
}

/* ---------------------------------------------------------------- keymap */

static void
test_fmt_keymap_put_finds_and_grows(void **state)
{
    struct fmt_keymap *m;
    char key[FMT_KEY_MAX + 1];
    long line;
    void *v;
    int i;

    (void)state;
    fmt_keymap_free(NULL);
    m = fmt_keymap_new(sizeof(int));
    assert_non_null(m);
    for (i = 0; i < 10000; i++) {
        snprintf(key, sizeof(key), "K%d", i);
        assert_int_equal(fmt_keymap_put(m, key, strlen(key), i + 1, &line, &v), 1);
        assert_int_equal(line, i + 1);
        assert_int_equal(*(int *)v, 0);
        *(int *)v = i * 3;
    }
    assert_int_equal(fmt_keymap_count(m), 10000);
    for (i = 0; i < 10000; i++) {
        snprintf(key, sizeof(key), "K%d", i);
        assert_int_equal(fmt_keymap_put(m, key, strlen(key), 99999, &line, &v), 0);
        assert_int_equal(line, i + 1);
        assert_int_equal(*(int *)v, i * 3);
    }
    /* keys are bytes: an embedded NUL separates two parts */
    assert_int_equal(fmt_keymap_put(m, "A\0B", 3, 1, NULL, NULL), 1);
    assert_int_equal(fmt_keymap_put(m, "A\0C", 3, 1, NULL, NULL), 1);
    assert_int_equal(fmt_keymap_put(m, "A\0B", 3, 1, NULL, NULL), 0);
    memset(key, 'x', sizeof(key));
    assert_int_equal(fmt_keymap_put(m, key, FMT_KEY_MAX, 1, NULL, NULL), 1);
    errno = 0;
    assert_int_equal(fmt_keymap_put(m, key, FMT_KEY_MAX + 1, 1, NULL, NULL), -1);
    assert_int_equal(errno, EINVAL);
    fmt_keymap_free(m);
}

/* ---------------------------------------------------------------- samples */

static int
cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
sorted_join(char **v, size_t n, char *out, size_t size)
{
    size_t i, o = 0;

    qsort(v, n, sizeof(*v), cmp_str);
    out[0] = '\0';
    for (i = 0; i < n && o < size; i++)
        o += (size_t)snprintf(out + o, size - o, "%s%s", i ? "," : "", v[i]);
}

/* samples_match - every XML file of samples/<flow>/ yields exactly its .expect; valid* accepted
 * with flow `flow` and month M `period`. The number of files judged. */
static size_t
samples_match(const char *flow, const char *period, size_t *nvalid)
{
    char pattern[128], prefix[128];
    glob_t g;
    size_t i, nfiles = 0;

    snprintf(pattern, sizeof(pattern), "samples/%s/*.xml", flow);
    snprintf(prefix, sizeof(prefix), "samples/%s/valid", flow);
    *nvalid = 0;
    if (glob(pattern, 0, NULL, &g) != 0)
        fail_msg("%s: no samples", pattern);
    for (i = 0; i < g.gl_pathc; i++) {
        char path[512], line[256], want[8192], got[8192], *v[512];
        size_t n = 0, k;
        struct fmt_report r;
        FILE *f;
        int fd;

        snprintf(path, sizeof(path), "%.*s.expect", (int)(strlen(g.gl_pathv[i]) - 4),
                 g.gl_pathv[i]);
        f = fopen(path, "r");
        if (f == NULL)
            fail_msg("%s: no .expect file", g.gl_pathv[i]);
        while (fgets(line, sizeof(line), f) != NULL && n < 512) {
            line[strcspn(line, "\r\n")] = '\0';
            if (line[0] != '\0')
                v[n++] = strdup(line);
        }
        fclose(f);
        sorted_join(v, n, want, sizeof(want));
        for (k = 0; k < n; k++)
            free(v[k]);

        fd = open(g.gl_pathv[i], O_RDONLY);
        assert_true(fd >= 0);
        fmt_report_init(&r, 0);
        assert_int_equal(fmt_check_fd(g_ctx, fd, &r), 0);
        close(fd);
        for (n = 0; n < r.nreasons && n < 512; n++) {
            snprintf(line, sizeof(line), "%s %ld", r.reasons[n].code, r.reasons[n].line);
            v[n] = strdup(line);
        }
        sorted_join(v, n, got, sizeof(got));
        for (k = 0; k < n; k++)
            free(v[k]);
        if (strcmp(want, got) != 0)
            fail_msg("%s: expected [%s], got [%s]", g.gl_pathv[i], want, got);
        assert_string_equal(r.flow, flow);
        if (strncmp(g.gl_pathv[i], prefix, strlen(prefix)) == 0) {
            if (fmt_report_status(&r) != FMT_ACCEPTED)
                fail_msg("%s: not accepted", g.gl_pathv[i]);
            if (strcmp(g.gl_pathv[i] + strlen(prefix), ".xml") == 0)
                assert_string_equal(r.period, period);
            (*nvalid)++;
        } else if (fmt_report_status(&r) != FMT_REJECTED) {
            fail_msg("%s: not rejected", g.gl_pathv[i]);
        }
        fmt_report_free(&r);
        nfiles++;
    }
    globfree(&g);
    return nfiles;
}

static void
test_samples_perimetre(void **state)
{
    size_t nvalid;

    (void)state;
    assert_true(samples_match("perimetre", "2026-03", &nvalid) >= 12);
    assert_true(nvalid >= 3);
}

static void
test_samples_grd_lists(void **state)
{
    static const char *const flows[] = {"facteur-impact", "eif-sites", "sites-j1"};
    size_t i, nvalid;

    (void)state;
    for (i = 0; i < sizeof(flows) / sizeof(flows[0]); i++) {
        assert_true(samples_match(flows[i], "2026-03", &nvalid) >= 5);
        assert_true(nvalid >= 2);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_perimetre_fills_report),
        cmocka_unit_test(test_perimetre_deadline_uses_operator_holidays),
        cmocka_unit_test(test_perimetre_attr_soutirage),
        cmocka_unit_test(test_perimetre_attr_injection),
        cmocka_unit_test(test_perimetre_schema_does_the_rest),
        cmocka_unit_test(test_perimetre_site_once),
        cmocka_unit_test(test_perimetre_large_notice_true_lines),
        cmocka_unit_test(test_perimetre_eda_one_kind),
        cmocka_unit_test(test_perimetre_eda_one_aa),
        cmocka_unit_test(test_perimetre_eic_checks),
        cmocka_unit_test(test_facteur_impact_one_factor_per_eda_and_substation),
        cmocka_unit_test(test_eif_sites_one_row_per_site),
        cmocka_unit_test(test_sites_j1_one_row_per_site),
        cmocka_unit_test(test_fmt_keymap_put_finds_and_grows),
        cmocka_unit_test(test_samples_perimetre),
        cmocka_unit_test(test_samples_grd_lists),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
