/* test_fmt_flows - the six flows of fmt_weekly, fmt_contestation and fmt_aalist:
 * eif-activations, flexloc, contestation, demande-perimetre, capacite, grd-list. Each sample
 * folder samples/<flow>/ against its .expect files (valid* accepted with the report filled),
 * the deadlines (week flows with Saturday and Monday weeks, the 10 Jours Ouvrés rule with the
 * operator's holidays, none for a contestation), and the cases a sample cannot show well (key
 * separation, long periods, many steps, broken documents). Run from the repository top. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <glob.h>
#include <unistd.h>
#include <cmocka.h>

#include "cal.h"
#include "cal_holidays.h"
#include "fmt.h"
#include "fmt_ids.h"

#define GRD "17X100A100A0001A"
#define RTE "10XFR-RTE------Q"

static struct fmt_ctx *g_ctx;
static char g_aa[17], g_grd2[17];

/* ---------------------------------------------------------------- helpers */

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
    eic("17XAGREGAT-0001", g_aa);
    eic("17X100Z100Z0001", g_grd2);
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

/* judge_ctx - write data to an unlinked temp file and judge it with ctx */
static void
judge_ctx(struct fmt_ctx *ctx, const char *data, size_t len, struct fmt_report *rep)
{
    char path[] = "/tmp/test_fmt_flows.XXXXXX";
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
    assert_int_equal(fmt_check_fd(ctx, fd, rep), 0);
    close(fd);
}

/* judge_file - judge a sample with ctx */
static void
judge_file(struct fmt_ctx *ctx, const char *path, struct fmt_report *rep)
{
    int fd = open(path, O_RDONLY);

    assert_true(fd >= 0);
    fmt_report_init(rep, 0);
    assert_int_equal(fmt_check_fd(ctx, fd, rep), 0);
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

/* expect_doc - judge doc, compare its reasons and flow */
static void
expect_doc(const char *doc, const char *flow, const char *expected)
{
    struct fmt_report r;
    size_t i;

    judge_ctx(g_ctx, doc, strlen(doc), &r);
    if (strcmp(reasons(&r), expected) != 0)
        for (i = 0; i < r.nreasons; i++)
            fprintf(stderr, "  %s %ld %s\n", r.reasons[i].code, r.reasons[i].line,
                    r.reasons[i].text);
    assert_string_equal(reasons(&r), expected);
    assert_string_equal(r.flow, flow);
    fmt_report_free(&r);
}

/* local - the deadline as local time text */
static const char *
local(time_t t)
{
    static char buf[32];

    if (t == 0)
        return "none";
    assert_int_equal(cal_format_local(t, buf, sizeof(buf)), 0);
    return buf;
}

/* doc_new - header lines 1-7 of a document of flow with root, then `body` (line 8 on), closed */
static char *
doc_new(const char *flow, const char *root, const char *sender, const char *receiver,
        const char *body)
{
    char *data = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&data, &len);

    assert_non_null(f);
    fprintf(f,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<%s xmlns=\"urn:passerelle:%s:1\">\n"
            "  <mRID>T-%s</mRID>\n"
            "  <revision>2</revision>\n"
            "  <sender>%s</sender>\n"
            "  <receiver>%s</receiver>\n"
            "  <createdDateTime>2026-01-20T08:00:00Z</createdDateTime>\n"
            "%s</%s>\n",
            root, flow, flow, sender, receiver, body, root);
    fclose(f);
    return data;
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

/* samples_match - every XML file of samples/<flow>/ yields exactly its .expect (sorted);
 * valid* accepted with the header in the report; the others rejected. Files judged. */
static size_t
samples_match(const char *flow, size_t *nvalid)
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

        judge_file(g_ctx, g.gl_pathv[i], &r);
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
            assert_true(r.mrid[0] != '\0');
            assert_true(r.revision >= 1);
            assert_int_equal(strlen(r.sender), 16);
            assert_int_equal(strlen(r.receiver), 16);
            assert_true(r.period[0] != '\0');
            /* every flow has a deadline in the document but the contestation */
            if (strcmp(flow, "contestation") == 0)
                assert_int_equal(r.deadline, 0);
            else
                assert_true(r.deadline != 0);
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

/* has_sample - samples/<flow>/<code>.xml exists: one invalid sample per rule */
static void
assert_sample_per_code(const char *flow, const char *const *codes, size_t n)
{
    char path[256];
    size_t i;

    for (i = 0; i < n; i++) {
        snprintf(path, sizeof(path), "samples/%s/%s.xml", flow, codes[i]);
        if (access(path, R_OK) != 0)
            fail_msg("%s: missing (one invalid sample per rule)", path);
        assert_non_null(fmt_code_lookup(codes[i]));
    }
}

static void
test_samples_eif_activations(void **state)
{
    static const char *const codes[] = {"EIFACT-WEEK", "EIFACT-INSTANT", "EIFACT-ORDER",
                                        "EIC-CHECK", "XSD"};
    size_t nvalid;

    (void)state;
    assert_true(samples_match("eif-activations", &nvalid) >= 9);
    assert_int_equal(nvalid, 3);
    assert_sample_per_code("eif-activations", codes, sizeof(codes) / sizeof(codes[0]));
}

static void
test_samples_flexloc(void **state)
{
    static const char *const codes[] = {
        "FLEX-WEEK",         "FLEX-INSTANT",        "FLEX-GRID",    "FLEX-STEP", "FLEX-POSITION",
        "FLEX-POSITION-DUP", "FLEX-PERIOD-OVERLAP", "FLEX-EDA-DUP", "EIC-CHECK", "XSD"};
    size_t nvalid;

    (void)state;
    assert_true(samples_match("flexloc", &nvalid) >= 15);
    assert_int_equal(nvalid, 4);
    assert_sample_per_code("flexloc", codes, sizeof(codes) / sizeof(codes[0]));
}

static void
test_samples_contestation(void **state)
{
    static const char *const codes[] = {
        "CONTEST-INSTANT", "CONTEST-GRID", "CONTEST-STEPS", "CONTEST-OVERLAP", "CONTEST-SITE-DUP",
        "EIC-CHECK",       "XSD"};
    size_t nvalid;

    (void)state;
    assert_true(samples_match("contestation", &nvalid) >= 8);
    assert_int_equal(nvalid, 1);
    assert_sample_per_code("contestation", codes, sizeof(codes) / sizeof(codes[0]));
}

static void
test_samples_aa_lists(void **state)
{
    static const char *const demande[] = {"DEMANDE-SITE-DUP", "EIC-CHECK", "XSD"};
    static const char *const capacite[] = {"CAPA-EDA-DUP", "EIC-CHECK", "XSD"};
    static const char *const grdlist[] = {"GRDLIST-EDA-DUP", "GRDLIST-GRD-DUP", "EIC-CHECK", "XSD"};
    size_t nvalid;

    (void)state;
    assert_true(samples_match("demande-perimetre", &nvalid) >= 4);
    assert_int_equal(nvalid, 1);
    assert_sample_per_code("demande-perimetre", demande, 3);
    assert_true(samples_match("capacite", &nvalid) >= 4);
    assert_int_equal(nvalid, 1);
    assert_sample_per_code("capacite", capacite, 3);
    assert_true(samples_match("grd-list", &nvalid) >= 5);
    assert_int_equal(nvalid, 1);
    assert_sample_per_code("grd-list", grdlist, 4);
}

/* ---------------------------------------------------------------- the report */

/* expect_report - a sample's report: flow, mRID, revision, parties, period, deadline */
static void
expect_report(const char *path, const char *flow, const char *mrid, const char *sender,
              const char *receiver, const char *period, const char *deadline)
{
    struct fmt_report r;

    judge_file(g_ctx, path, &r);
    assert_string_equal(reasons(&r), "");
    assert_string_equal(r.flow, flow);
    assert_string_equal(r.mrid, mrid);
    assert_int_equal(r.revision, 1);
    assert_string_equal(r.sender, sender);
    assert_string_equal(r.receiver, receiver);
    assert_string_equal(r.period, period);
    assert_string_equal(local(r.deadline), deadline);
    fmt_report_free(&r);
}

static void
test_reports_filled(void **state)
{
    (void)state;
    /* week S of Saturday 10 January 2026: Friday 23 January 12:00 */
    expect_report("samples/eif-activations/valid.xml", "eif-activations", "GRD-EIFACT-20260110",
                  GRD, RTE, "2026-01-10", "2026-01-23T12:00:00+01:00");
    expect_report("samples/flexloc/valid.xml", "flexloc", "GRD-FLEX-20260110", GRD, RTE,
                  "2026-01-10", "2026-01-23T12:00:00+01:00");
    /* the March week: Friday 10 April 2026, in summer time */
    expect_report("samples/flexloc/valid-dst-march.xml", "flexloc", "GRD-FLEX-20260328", GRD, RTE,
                  "2026-03-28", "2026-04-10T12:00:00+02:00");
    expect_report("samples/eif-activations/valid-dst-march.xml", "eif-activations",
                  "GRD-EIFACT-20260328", GRD, RTE, "2026-03-28", "2026-04-10T12:00:00+02:00");
    /* the October week ends after the change: Friday 6 November 2026, winter time */
    expect_report("samples/flexloc/valid-dst-october.xml", "flexloc", "GRD-FLEX-20261024", GRD, RTE,
                  "2026-10-24", "2026-11-06T12:00:00+01:00");
    /* no deadline in a contestation: the daemon has it from the GRD's sending */
    expect_report("samples/contestation/valid.xml", "contestation", "AA-CONTEST-20260110", g_aa,
                  GRD, "2026-01-10", "none");
    /* January 2026: last 10 Jours Ouvrés 19-30, so Friday 16 */
    expect_report("samples/demande-perimetre/valid.xml", "demande-perimetre", "AA-DEMANDE-202601",
                  g_aa, GRD, "2026-01", "2026-01-16T23:59:59+01:00");
    expect_report("samples/grd-list/valid.xml", "grd-list", "AA-GRDLIST-202601", g_aa, RTE,
                  "2026-01", "2026-01-16T23:59:59+01:00");
    /* effectiveMonth June is May's update: Wednesday 13 May (14 and 25 are holidays) */
    expect_report("samples/capacite/valid.xml", "capacite", "AA-CAPA-202606", g_aa, RTE, "2026-05",
                  "2026-05-13T23:59:59+02:00");
}

/* The operator's holidays move the 10 Jours Ouvrés deadline; Monday weeks move the week flows'
 * week S. */
static void
test_deadlines_follow_options(void **state)
{
    static const char rules[] = "add 2026-05-13 local holiday\nadd 2026-01-16 another\n";
    struct cal_holidays *h = cal_holidays_new();
    struct fmt_opts o;
    struct fmt_ctx *ctx;
    struct fmt_report r;
    char err[256], *doc;

    (void)state;
    assert_non_null(h);
    assert_int_equal(cal_holidays_parse(h, rules, strlen(rules), "test", err, sizeof(err)), 0);
    fmt_opts_default(&o);
    o.holidays = h;
    o.week_start = 1; /* Monday */
    ctx = fmt_ctx_new("xsd", &o, err, sizeof(err));
    assert_non_null(ctx);

    judge_file(ctx, "samples/capacite/valid.xml", &r);
    assert_string_equal(local(r.deadline), "2026-05-12T23:59:59+02:00");
    fmt_report_free(&r);
    judge_file(ctx, "samples/demande-perimetre/valid.xml", &r);
    assert_string_equal(local(r.deadline), "2026-01-15T23:59:59+01:00");
    fmt_report_free(&r);
    judge_file(ctx, "samples/grd-list/valid.xml", &r);
    assert_string_equal(local(r.deadline), "2026-01-15T23:59:59+01:00");
    fmt_report_free(&r);

    /* Saturday is not a Monday */
    judge_file(ctx, "samples/flexloc/valid.xml", &r);
    assert_string_equal(reasons(&r), "FLEX-WEEK 8");
    fmt_report_free(&r);
    /* a Monday week: 12-18 January, due Friday 23 January (of the Monday week S+1) */
    doc = doc_new("flexloc", "ChroniquesFlexibiliteLocale", GRD, RTE,
                  "  <week start=\"2026-01-12\"/>\n"
                  "  <Series eda=\"E1\" unit=\"kW\">\n"
                  "    <Period resolution=\"PT5M\" start=\"2026-01-11T23:00Z\" "
                  "end=\"2026-01-11T23:10Z\">\n"
                  "      <Point position=\"1\" quantity=\"3\"/>\n"
                  "    </Period>\n"
                  "  </Series>\n");
    judge_ctx(ctx, doc, strlen(doc), &r);
    assert_string_equal(reasons(&r), "");
    assert_string_equal(r.period, "2026-01-12");
    assert_string_equal(local(r.deadline), "2026-01-23T12:00:00+01:00");
    fmt_report_free(&r);
    free(doc);
    /* the contestation's period is the Monday week of its first step */
    judge_file(ctx, "samples/contestation/valid.xml", &r);
    assert_string_equal(reasons(&r), "");
    assert_string_equal(r.period, "2026-01-12");
    fmt_report_free(&r);
    fmt_ctx_free(ctx);
    cal_holidays_free(h);
}

/* ---------------------------------------------------------------- rules, in code */

static void
test_eif_activations_rules(void **state)
{
    char *doc;

    (void)state;
    /* the week's bounds are inclusive of start, exclusive of end; notice in minutes */
    doc = doc_new("eif-activations", "ActivationsEIF", GRD, RTE,
                  "  <week start=\"2026-01-10\"/>\n"
                  "  <Activation offer=\"Tempo\" eda=\"E1\" notice=\"0\" "
                  "start=\"2026-01-09T23:00Z\" end=\"2026-01-09T23:01Z\"/>\n"
                  "  <Activation offer=\"Tempo\" eda=\"E1\" notice=\"PT30M\" "
                  "start=\"2026-01-09T22:59Z\" end=\"2026-01-09T23:30Z\"/>\n"
                  "  <Activation offer=\"Tempo\" eda=\"E1\" notice=\"PT30M\" "
                  "start=\"2026-01-16T22:00Z\" end=\"2026-01-16T23:01Z\"/>\n"
                  "  <Activation offer=\"Tempo\" eda=\"E1\" notice=\"PT30M\" "
                  "start=\"2026-01-12T10:00Z\" end=\"2026-01-12T09:00Z\"/>\n"
                  "  <Activation offer=\"Tempo\" eda=\"E1\" notice=\"PT30M\" "
                  "start=\"2026-02-29T10:00Z\" end=\"2026-01-12T25:00Z\"/>\n");
    expect_doc(doc, "eif-activations",
               "EIFACT-WEEK 10,EIFACT-WEEK 11,EIFACT-ORDER 12,EIFACT-INSTANT 13,EIFACT-INSTANT 13");
    free(doc);
    /* a malformed instant is the schema's business only; nothing derived */
    doc = doc_new("eif-activations", "ActivationsEIF", GRD, RTE,
                  "  <week start=\"2026-01-10\"/>\n"
                  "  <Activation offer=\"Tempo\" eda=\"E1\" notice=\"PT30M\" "
                  "start=\"2026-01-12T10:00\" end=\"2026-01-12T11:00Z\"/>\n"
                  "  <Activation offer=\"Tempo\" eda=\"E1\" notice=\"PT30M\"/>\n");
    expect_doc(doc, "eif-activations", "XSD 9,XSD 10,XSD 10");
    free(doc);
}

static void
test_flexloc_rules(void **state)
{
    char *doc;

    (void)state;
    /* a period as long as two weeks: FLEX-WEEK, and its far positions are not tracked */
    doc = doc_new("flexloc", "ChroniquesFlexibiliteLocale", GRD, RTE,
                  "  <week start=\"2026-01-10\"/>\n"
                  "  <Series eda=\"E1\" unit=\"kW\">\n"
                  "    <Period resolution=\"PT5M\" start=\"2026-01-09T23:00Z\" "
                  "end=\"2026-01-23T23:00Z\">\n"
                  "      <Point position=\"4032\" quantity=\"1\"/>\n"
                  "      <Point position=\"4032\" quantity=\"1\"/>\n"
                  "      <Point position=\"4033\" quantity=\"1\"/>\n"
                  "    </Period>\n"
                  "  </Series>\n");
    expect_doc(doc, "flexloc", "FLEX-WEEK 10,FLEX-POSITION 13");
    free(doc);
    /* the same EDA in two series, and other EDAs that only share a prefix */
    doc = doc_new("flexloc", "ChroniquesFlexibiliteLocale", GRD, RTE,
                  "  <week start=\"2026-01-10\"/>\n"
                  "  <Series eda=\"E1\" unit=\"kW\">\n"
                  "    <Period resolution=\"PT5M\" start=\"2026-01-10T00:00Z\" "
                  "end=\"2026-01-10T00:05Z\"><Point position=\"1\" quantity=\"-7\"/></Period>\n"
                  "  </Series>\n"
                  "  <Series eda=\"E11\" unit=\"kW\">\n"
                  "    <Period resolution=\"PT5M\" start=\"2026-01-10T00:00Z\" "
                  "end=\"2026-01-10T00:05Z\"><Point position=\"1\" quantity=\"7\"/></Period>\n"
                  "  </Series>\n"
                  "  <Series eda=\"E1\" unit=\"kW\">\n"
                  "    <Period resolution=\"PT5M\" start=\"2026-01-10T00:00Z\" "
                  "end=\"2026-01-10T00:05Z\"><Point position=\"1\" quantity=\"7\"/></Period>\n"
                  "  </Series>\n");
    expect_doc(doc, "flexloc", "FLEX-EDA-DUP 15");
    free(doc);
    /* W is not a flexibility unit; a series has a period */
    doc = doc_new("flexloc", "ChroniquesFlexibiliteLocale", GRD, RTE,
                  "  <week start=\"2026-01-10\"/>\n"
                  "  <Series eda=\"E1\" unit=\"W\">\n"
                  "    <Period resolution=\"PT5M\" start=\"2026-01-10T00:00Z\" "
                  "end=\"2026-01-10T00:05Z\"><Point position=\"1\" quantity=\"7\"/></Period>\n"
                  "  </Series>\n"
                  "  <Series eda=\"E2\" unit=\"kW\"/>\n");
    expect_doc(doc, "flexloc", "XSD 9,XSD 12");
    free(doc);
}

static void
test_contestation_rules(void **state)
{
    char *doc, *body;
    size_t len = 0, i;
    FILE *f;
    struct fmt_report r;

    (void)state;
    /* 5000 disputed steps in order: one comparison each, all accepted */
    f = open_memstream(&body, &len);
    assert_non_null(f);
    fputs("  <contested mRID=\"GRD-CDC-1\" revision=\"3\"/>\n  <Site ref=\"30001610000001\">\n", f);
    for (i = 0; i < 5000; i++) {
        time_t a = 1768000200 + (time_t)i * 600; /* on the grid: 1768000200 = 300 x 5893334 */
        char sa[32], sb[32];

        assert_int_equal(cal_format_utc(a, sa, sizeof(sa)), 0);
        assert_int_equal(cal_format_utc(a + 300, sb, sizeof(sb)), 0);
        fprintf(f, "    <Steps start=\"%.16sZ\" end=\"%.16sZ\"/>\n", sa, sb);
    }
    fputs("  </Site>\n", f);
    fclose(f);
    doc = doc_new("contestation", "Contestation", g_aa, GRD, body);
    judge_ctx(g_ctx, doc, strlen(doc), &r);
    assert_string_equal(reasons(&r), "");
    assert_int_equal(r.revision, 2);
    assert_string_equal(r.mrid, "T-contestation");
    assert_int_equal(r.deadline, 0);
    fmt_report_free(&r);
    free(doc);
    free(body);
    /* touching steps are not overlapping; a step inside an earlier one is; sites apart */
    doc = doc_new("contestation", "Contestation", g_aa, GRD,
                  "  <contested mRID=\"GRD-CDC-1\" revision=\"1\"/>\n"
                  "  <Site ref=\"30001610000001\">\n"
                  "    <Steps start=\"2026-01-12T06:00Z\" end=\"2026-01-12T08:00Z\"/>\n"
                  "    <Steps start=\"2026-01-12T08:00Z\" end=\"2026-01-12T08:05Z\"/>\n"
                  "    <Steps start=\"2026-01-12T07:00Z\" end=\"2026-01-12T07:05Z\"/>\n"
                  "    <reason>  compteur\n  en défaut  </reason>\n"
                  "  </Site>\n"
                  "  <Site ref=\"30001610000002\">\n"
                  "    <Steps start=\"2026-01-12T06:00Z\" end=\"2026-01-12T08:00Z\"/>\n"
                  "  </Site>\n");
    expect_doc(doc, "contestation", "CONTEST-OVERLAP 12");
    free(doc);
    /* a reason of blanks only, a revision 0, a missing contested element */
    doc = doc_new("contestation", "Contestation", g_aa, GRD,
                  "  <contested mRID=\"GRD-CDC-1\" revision=\"0\"/>\n"
                  "  <Site ref=\"30001610000001\">\n"
                  "    <Steps start=\"2026-01-12T06:00Z\" end=\"2026-01-12T08:00Z\"/>\n"
                  "    <reason>   </reason>\n"
                  "  </Site>\n");
    expect_doc(doc, "contestation", "XSD 8,XSD 11");
    free(doc);
    doc = doc_new("contestation", "Contestation", g_aa, GRD,
                  "  <Site ref=\"30001610000001\">\n"
                  "    <Steps start=\"2026-01-12T06:00Z\" end=\"2026-01-12T08:00Z\"/>\n"
                  "  </Site>\n");
    expect_doc(doc, "contestation", "XSD 8");
    free(doc);
}

static void
test_aa_lists_rules(void **state)
{
    char body[2048], *doc;

    (void)state;
    /* a GRD is keyed within its EDA: the same GRD under two EDAs is fine; E1/X is not E1X */
    snprintf(body, sizeof(body),
             "  <month>2026-01</month>\n"
             "  <EDA id=\"E1\"><GRD eic=\"%s\"/><GRD eic=\"%s\"/></EDA>\n"
             "  <EDA id=\"E2\"><GRD eic=\"%s\"/></EDA>\n"
             "  <EDA id=\"E3\"><GRD eic=\"%s\"/><GRD eic=\"%s\"/><GRD eic=\"%s\"/></EDA>\n"
             "  <EDA id=\"E2\"><GRD eic=\"%s\"/></EDA>\n",
             GRD, g_grd2, GRD, GRD, g_grd2, GRD, g_grd2);
    doc = doc_new("grd-list", "ListeGRD", g_aa, RTE, body);
    expect_doc(doc, "grd-list", "GRDLIST-GRD-DUP 11,GRDLIST-EDA-DUP 12");
    free(doc);
    /* a request per site, whatever its action or EDA */
    snprintf(body, sizeof(body),
             "  <month>2026-01</month>\n"
             "  <Request action=\"withdraw\" site=\"30001610000001\" eda=\"E1\"/>\n"
             "  <Request action=\"add\" site=\"30001610000001\" eda=\"E2\" grd=\"%s\"/>\n"
             "  <Request action=\"add\" site=\"30001610000002\" eda=\"E2\" grd=\"%.15sZ\"/>\n",
             GRD, GRD);
    doc = doc_new("demande-perimetre", "DemandePerimetre", g_aa, GRD, body);
    expect_doc(doc, "demande-perimetre", "DEMANDE-SITE-DUP 10,EIC-CHECK 11");
    free(doc);
    /* capacite names M+1; an empty list is refused by the schema; a month is a month */
    doc = doc_new("capacite", "CapaciteAjustement", g_aa, RTE,
                  "  <effectiveMonth>2026-13</effectiveMonth>\n"
                  "  <EDA id=\"E1\" capacityKW=\"1.1234567\"/>\n");
    expect_doc(doc, "capacite", "XSD 8,XSD 9");
    free(doc);
    doc = doc_new("capacite", "CapaciteAjustement", g_aa, RTE,
                  "  <effectiveMonth>2027-01</effectiveMonth>\n");
    expect_doc(doc, "capacite", "XSD 2"); /* the root lacks its EDA */
    free(doc);
    {
        struct fmt_report r;

        doc = doc_new("capacite", "CapaciteAjustement", g_aa, RTE,
                      "  <effectiveMonth>2027-01</effectiveMonth>\n"
                      "  <EDA id=\"E1\" capacityKW=\"10\"/>\n");
        judge_ctx(g_ctx, doc, strlen(doc), &r);
        assert_string_equal(reasons(&r), "");
        assert_string_equal(r.period, "2026-12");
        /* December 2026: last 10 Jours Ouvrés 17-31 (25 a holiday): Wednesday 16 */
        assert_string_equal(local(r.deadline), "2026-12-16T23:59:59+01:00");
        fmt_report_free(&r);
        free(doc);
    }
}

/* A namespace of the family that nobody carries is still recognised and refused. */
static void
test_not_carried(void **state)
{
    static const char doc[] = "<?xml version=\"1.0\"?>\n"
                              "<DocumentFutur xmlns=\"urn:passerelle:futur:1\"/>\n";
    static const char doc2[] = "<?xml version=\"1.0\"?>\n"
                               "<CapaciteAjustement xmlns=\"urn:passerelle:capacite:2\"/>\n";

    (void)state;
    expect_doc(doc, "futur", "UNSUPPORTED-FLOW 0");
    expect_doc(doc2, "capacite", "UNSUPPORTED-FLOW 0");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_samples_eif_activations),
        cmocka_unit_test(test_samples_flexloc),
        cmocka_unit_test(test_samples_contestation),
        cmocka_unit_test(test_samples_aa_lists),
        cmocka_unit_test(test_reports_filled),
        cmocka_unit_test(test_deadlines_follow_options),
        cmocka_unit_test(test_eif_activations_rules),
        cmocka_unit_test(test_flexloc_rules),
        cmocka_unit_test(test_contestation_rules),
        cmocka_unit_test(test_aa_lists_rules),
        cmocka_unit_test(test_not_carried),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
