/* test_fmt_cdc - the load-curve document: recognition, schema, every rule good and bad, true
 * line numbers, DST weeks, hostile XML, limits, and the samples/cdc folder against its
 * .expect files. Run from the repository top (it reads xsd/ and samples/cdc/). */
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
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include <libxml/xmlerror.h>
#include <libxml/globals.h>

#include "fmt.h"
#include "fmt_cdc.h"
#include "fmt_ids.h"
#include "cal.h"

#define GRD "17X100A100A0001A"
#define RTE "10XFR-RTE------Q"
/* Week S of the small documents: Saturday 2026-01-10, UTC+1. */
#define W0  "2026-01-09T23:00Z"
#define W1  "2026-01-16T23:00Z"

static struct fmt_ctx *g_ctx;

/* ---------------------------------------------------------------- helpers */

static struct fmt_ctx *
ctx_with(const struct fmt_opts *o)
{
    char err[256];
    struct fmt_ctx *c = fmt_ctx_new("xsd", o, err, sizeof(err));

    if (c == NULL)
        fprintf(stderr, "fmt_ctx_new: %s\n", err);
    return c;
}

static int
group_setup(void **state)
{
    struct fmt_opts o;

    (void)state;
    fmt_opts_default(&o);
    g_ctx = ctx_with(&o);
    return g_ctx == NULL ? -1 : 0;
}

static int
group_teardown(void **state)
{
    (void)state;
    fmt_ctx_free(g_ctx);
    return 0;
}

/* judge - write data to an unlinked temp file and judge it with ctx */
static int
judge(struct fmt_ctx *ctx, const char *data, size_t len, struct fmt_report *rep)
{
    char path[] = "/tmp/test_fmt_cdc.XXXXXX";
    int fd = mkstemp(path), rc;
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
    rc = fmt_check_fd(ctx, fd, rep);
    close(fd);
    return rc;
}

/* reasons - "CODE LINE,CODE LINE" in the order given */
static char *
reasons(const struct fmt_report *r)
{
    static char buf[4096];
    size_t i, o = 0;

    buf[0] = '\0';
    for (i = 0; i < r->nreasons && o < sizeof(buf) - 64; i++)
        o += (size_t)snprintf(buf + o, sizeof(buf) - o, "%s%s %ld", i ? "," : "",
                              r->reasons[i].code, r->reasons[i].line);
    return buf;
}

/* expect_doc - judge a document and compare its reasons; NULL expected = "" */
static void
expect_doc_ctx(struct fmt_ctx *ctx, const char *doc, const char *expected)
{
    struct fmt_report r;

    assert_int_equal(judge(ctx, doc, strlen(doc), &r), 0);
    if (strcmp(reasons(&r), expected) != 0) {
        size_t i;
        for (i = 0; i < r.nreasons; i++)
            fprintf(stderr, "  %s %ld %s\n", r.reasons[i].code, r.reasons[i].line,
                    r.reasons[i].text);
    }
    assert_string_equal(reasons(&r), expected);
    fmt_report_free(&r);
}

static void
expect_doc(const char *doc, const char *expected)
{
    expect_doc_ctx(g_ctx, doc, expected);
}

/* A document under construction: the header is lines 1-8, the first Series line 9. */
struct doc {
    char *data;
    size_t len;
    FILE *f;
};

static void
doc_open_sender(struct doc *d, const char *week, const char *sender, const char *receiver)
{
    d->f = open_memstream(&d->data, &d->len);
    assert_non_null(d->f);
    fprintf(d->f,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<CourbesDeCharge xmlns=\"urn:passerelle:cdc:1\">\n"
            "  <mRID>T-1</mRID>\n"
            "  <revision>2</revision>\n"
            "  <sender>%s</sender>\n"
            "  <receiver>%s</receiver>\n"
            "  <createdDateTime>2026-01-22T06:30:00Z</createdDateTime>\n"
            "  <week start=\"%s\"/>\n",
            sender, receiver, week);
}

static void
doc_open(struct doc *d, const char *week)
{
    doc_open_sender(d, week, GRD, RTE);
}

static void
series(struct doc *d, const char *site, const char *segment, const char *nature,
       const char *measure)
{
    fprintf(d->f,
            "  <Series site=\"%s\" eda=\"EDA_1\" segment=\"%s\" nature=\"%s\" measure=\"%s\" "
            "unit=\"kW\">\n",
            site, segment, nature, measure);
}

/* period - n points 1..n with quantity q */
static void
period(struct doc *d, const char *res, const char *start, const char *end, int n, long q)
{
    int i;

    fprintf(d->f, "    <Period resolution=\"%s\" start=\"%s\" end=\"%s\">\n", res, start, end);
    for (i = 1; i <= n; i++)
        fprintf(d->f, "      <Point position=\"%d\" quantity=\"%ld\"/>\n", i, q);
    fprintf(d->f, "    </Period>\n");
}

static void
raw(struct doc *d, const char *s)
{
    fputs(s, d->f);
}

static const char *
doc_close(struct doc *d)
{
    fputs("</CourbesDeCharge>\n", d->f);
    fclose(d->f);
    return d->data;
}

/* one_point - a document with one BTINF36 series, one period of the hour 08:00-09:00 on
 * Monday 12 January, four points; `point2` replaces the second Point (line 12). */
static const char *
one_series(struct doc *d, const char *segment, const char *nature, const char *res,
           const char *start, const char *end, const char *point2)
{
    doc_open(d, "2026-01-10");
    series(d, "30001610000002", segment, nature, "telereleve");
    fprintf(d->f, "    <Period resolution=\"%s\" start=\"%s\" end=\"%s\">\n", res, start, end);
    raw(d, "      <Point position=\"1\" quantity=\"5\"/>\n");
    raw(d, point2 ? point2 : "      <Point position=\"2\" quantity=\"5\"/>\n");
    raw(d, "      <Point position=\"3\" quantity=\"5\"/>\n");
    raw(d, "      <Point position=\"4\" quantity=\"5\"/>\n");
    raw(d, "    </Period>\n  </Series>\n");
    return doc_close(d);
}

/* errors_of - only the error reasons (small partial documents also get CDC-MISSING) */
static void
expect_errors(const char *doc, const char *expected)
{
    struct fmt_report r, e;
    size_t i;

    assert_int_equal(judge(g_ctx, doc, strlen(doc), &r), 0);
    fmt_report_init(&e, 0);
    e.reasons = calloc(r.nreasons + 1, sizeof(*e.reasons));
    for (i = 0; i < r.nreasons; i++)
        if (r.reasons[i].severity == FMT_SEV_ERROR)
            e.reasons[e.nreasons++] = r.reasons[i];
    if (strcmp(reasons(&e), expected) != 0)
        for (i = 0; i < r.nreasons; i++)
            fprintf(stderr, "  %s %ld %s\n", r.reasons[i].code, r.reasons[i].line,
                    r.reasons[i].text);
    assert_string_equal(reasons(&e), expected);
    free(e.reasons);
    fmt_report_free(&r);
}

static void
point_case(const char *segment, const char *nature, const char *point2, const char *expected)
{
    struct doc d;

    expect_errors(
        one_series(&d, segment, nature, "PT15M", "2026-01-12T08:00Z", "2026-01-12T09:00Z", point2),
        expected);
    free(d.data);
}

static void
period_case(const char *segment, const char *res, const char *start, const char *end,
            const char *expected)
{
    struct doc d;

    expect_errors(one_series(&d, segment, "soutirage", res, start, end, NULL), expected);
    free(d.data);
}

/* ---------------------------------------------------------------- report and table */

static void
test_fmt_report_add_caps_and_truncates(void **state)
{
    struct fmt_report r;
    int i;

    (void)state;
    fmt_report_init(&r, 3);
    for (i = 0; i < 10; i++)
        fmt_report_add(&r, "CDC-NEGATIVE", i + 1, "n %d", i);
    fmt_report_add(&r, "CDC-MISSING", 0, "w");
    assert_int_equal(r.nreasons, 4);
    assert_string_equal(r.reasons[3].code, "FMT-TRUNCATED");
    assert_int_equal(r.reasons[3].severity, FMT_SEV_WARNING);
    assert_int_equal(r.nerrors, 10);
    assert_int_equal(r.nwarnings, 1);
    assert_string_equal(r.reasons[2].text, "n 2");
    assert_string_equal(r.reasons[2].rule, "2.L.2.2.1");
    assert_int_equal(fmt_report_status(&r), FMT_REJECTED);
    fmt_report_free(&r);
    fmt_report_free(NULL);
}

static void
test_fmt_report_status_orders_verdicts(void **state)
{
    struct fmt_report r;

    (void)state;
    fmt_report_init(&r, 0);
    assert_int_equal(r.max_reasons, 1000);
    assert_int_equal(fmt_report_status(&r), FMT_ACCEPTED);
    fmt_report_add(&r, "CDC-MISSING", 9, "site x");
    assert_int_equal(fmt_report_status(&r), FMT_ACCEPTED_WARNINGS);
    fmt_report_add(&r, "NO-SUCH-CODE", 1, "bug");
    assert_int_equal(fmt_report_status(&r), FMT_REJECTED);
    assert_string_equal(r.reasons[1].rule, "?");
    assert_string_equal(fmt_status_name(FMT_ACCEPTED_WARNINGS), "accepted-with-warnings");
    assert_string_equal(fmt_status_name(FMT_REJECTED), "rejected");
    fmt_report_free(&r);
}

static void
test_fmt_codes_table_is_complete(void **state)
{
    static const char *const needed[] = {
        "EMPTY",        "TOO-LARGE",    "UNKNOWN-FLOW",  "UNSUPPORTED-FLOW", "XML",
        "XML-DTD",      "XSD",          "EIC-CHECK",     "FMT-TRUNCATED",    "CDC-RESOLUTION",
        "CDC-PROFILE",  "CDC-NEGATIVE", "CDC-QUALITY-S", "CDC-WEEK",         "CDC-INSTANT",
        "CDC-GRID",     "CDC-STEP",     "CDC-POSITION",  "CDC-POSITION-DUP", "CDC-PERIOD-OVERLAP",
        "CDC-SITE-DUP", "CDC-MISSING",
    };
    const struct fmt_code *t;
    size_t n, i, j;

    (void)state;
    t = fmt_codes(&n);
    for (i = 0; i < n; i++) {
        assert_non_null(t[i].rule);
        assert_non_null(t[i].summary);
        for (j = i + 1; j < n; j++)
            assert_string_not_equal(t[i].code, t[j].code);
    }
    for (i = 0; i < sizeof(needed) / sizeof(needed[0]); i++)
        assert_non_null(fmt_code_lookup(needed[i]));
    assert_null(fmt_code_lookup("CDC-NOPE"));
    assert_int_equal(fmt_code_lookup("CDC-MISSING")->severity, FMT_SEV_WARNING);
    assert_string_equal(fmt_code_lookup("CDC-RESOLUTION")->rule, "2.L.2.2.1");
}

static void
test_fmt_ctx_new_fails_without_schemas(void **state)
{
    char err[256];

    (void)state;
    assert_null(fmt_ctx_new("/nonexistent", NULL, err, sizeof(err)));
    assert_non_null(strstr(err, "cdc.xsd"));
}

/* ---------------------------------------------------------------- samples */

/* read_expect - the .expect lines sorted, joined with ',' */
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

static void
test_fmt_check_fd_samples_match_expect(void **state)
{
    glob_t g;
    size_t i, nfiles = 0, nvalid = 0;

    (void)state;
    assert_int_equal(glob("samples/cdc/*.xml", 0, NULL, &g), 0);
    for (i = 0; i < g.gl_pathc; i++) {
        char path[512], line[256], want[8192], got[8192], *v[2048];
        size_t n = 0, k;
        struct fmt_report r;
        FILE *f;
        int fd;

        snprintf(path, sizeof(path), "%.*s.expect", (int)(strlen(g.gl_pathv[i]) - 4),
                 g.gl_pathv[i]);
        f = fopen(path, "r");
        if (f == NULL)
            fail_msg("%s: no .expect file", g.gl_pathv[i]);
        while (fgets(line, sizeof(line), f) != NULL && n < 2048) {
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
        for (n = 0; n < r.nreasons && n < 2048; n++) {
            snprintf(line, sizeof(line), "%s %ld", r.reasons[n].code, r.reasons[n].line);
            v[n] = strdup(line);
        }
        sorted_join(v, n, got, sizeof(got));
        for (k = 0; k < n; k++)
            free(v[k]);
        if (strcmp(want, got) != 0)
            fail_msg("%s: expected [%s], got [%s]", g.gl_pathv[i], want, got);
        if (strncmp(g.gl_pathv[i], "samples/cdc/valid", 17) == 0) {
            if (fmt_report_status(&r) != FMT_ACCEPTED)
                fail_msg("%s: not accepted", g.gl_pathv[i]);
            assert_string_equal(r.flow, "cdc");
            nvalid++;
        }
        fmt_report_free(&r);
        nfiles++;
    }
    globfree(&g);
    assert_true(nvalid >= 3);
    assert_true(nfiles >= 20);
}

static void
test_fmt_check_fd_fills_report(void **state)
{
    struct fmt_report r;
    char buf[32];
    int fd;

    (void)state;
    fd = open("samples/cdc/valid-dst-march.xml", O_RDONLY);
    assert_true(fd >= 0);
    /* The fd's offset does not matter: the check reads from 0. */
    assert_true(lseek(fd, 100, SEEK_SET) == 100);
    fmt_report_init(&r, 0);
    assert_int_equal(fmt_check_fd(g_ctx, fd, &r), 0);
    close(fd);
    assert_int_equal(fmt_report_status(&r), FMT_ACCEPTED);
    assert_string_equal(r.flow, "cdc");
    assert_string_equal(r.mrid, "GRD-CDC-20260328");
    assert_int_equal(r.revision, 1);
    assert_string_equal(r.sender, GRD);
    assert_string_equal(r.receiver, RTE);
    assert_string_equal(r.period, "2026-03-28");
    /* Friday 10 April 2026 12:00 in Paris (summer time). */
    assert_int_equal(cal_format_utc(r.deadline, buf, sizeof(buf)), 0);
    assert_string_equal(buf, "2026-04-10T10:00:00Z");
    fmt_report_free(&r);
}

/* ---------------------------------------------------------------- rules */

static void
test_cdc_resolution_follows_segment(void **state)
{
    (void)state;
    period_case("BTINF36", "PT15M", "2026-01-12T08:00Z", "2026-01-12T09:00Z", "");
    period_case("BTINF36", "PT5M", "2026-01-12T08:00Z", "2026-01-12T08:20Z", "CDC-RESOLUTION 10");
    period_case("HTA", "PT5M", "2026-01-12T08:00Z", "2026-01-12T08:20Z", "");
    period_case("HTA", "PT15M", "2026-01-12T08:00Z", "2026-01-12T09:00Z", "CDC-RESOLUTION 10");
    period_case("BTSUP36", "PT5M", "2026-01-12T08:00Z", "2026-01-12T08:20Z", "");
    period_case("BTSUP36", "PT15M", "2026-01-12T08:00Z", "2026-01-12T09:00Z", "CDC-RESOLUTION 10");
}

static void
test_cdc_negative_only_in_stockage(void **state)
{
    const char *neg = "      <Point position=\"2\" quantity=\"-7\"/>\n";

    (void)state;
    point_case("BTINF36", "soutirage", neg, "CDC-NEGATIVE 12");
    point_case("BTINF36", "injection", neg, "CDC-NEGATIVE 12");
    point_case("BTINF36", "stockage", neg, "");
    point_case("BTINF36", "soutirage", "      <Point position=\"2\" quantity=\"-0\"/>\n", "");
    point_case("BTINF36", "stockage",
               "      <Point position=\"2\" quantity=\"-999999999999999999\"/>\n", "");
}

static void
test_cdc_quality_s_refused(void **state)
{
    (void)state;
    point_case("BTINF36", "soutirage",
               "      <Point position=\"2\" quantity=\"1\" quality=\"S\"/>\n", "CDC-QUALITY-S 12");
    point_case("BTINF36", "soutirage",
               "      <Point position=\"2\" quantity=\"1\" quality=\"R\"/>\n", "");
    point_case("BTINF36", "soutirage",
               "      <Point position=\"2\" quantity=\"1\" quality=\"E\"/>\n", "");
    point_case("BTINF36", "soutirage",
               "      <Point position=\"2\" quantity=\"1\" quality=\"C\"/>\n", "");
    /* not one of R E C S: the schema's business, not a second reason */
    point_case("BTINF36", "soutirage",
               "      <Point position=\"2\" quantity=\"1\" quality=\"s\"/>\n", "XSD 12");
}

static void
test_cdc_week_start_day(void **state)
{
    struct doc d;
    struct fmt_opts o;
    struct fmt_ctx *monday;

    (void)state;
    /* Sunday 11 January: not a Saturday */
    doc_open(&d, "2026-01-11");
    series(&d, "30001610000002", "BTINF36", "soutirage", "telereleve");
    period(&d, "PT15M", "2026-01-12T08:00Z", "2026-01-12T09:00Z", 4, 1);
    raw(&d, "  </Series>\n");
    expect_doc(doc_close(&d), "CDC-WEEK 8");
    /* the same week is right for an operator whose weeks start on Sunday */
    fmt_opts_default(&o);
    o.week_start = 0;
    monday = ctx_with(&o);
    assert_non_null(monday);
    expect_doc_ctx(monday, d.data, "CDC-MISSING 9");
    fmt_ctx_free(monday);
    free(d.data);
    /* not a date at all: the schema says it, once */
    doc_open(&d, "2026-02-30");
    series(&d, "30001610000002", "BTINF36", "soutirage", "telereleve");
    period(&d, "PT15M", "2026-01-12T08:00Z", "2026-01-12T09:00Z", 4, 1);
    raw(&d, "  </Series>\n");
    expect_doc(doc_close(&d), "XSD 8");
    free(d.data);
}

static void
test_cdc_week_bounds_periods(void **state)
{
    (void)state;
    /* exactly the week: fine; one step before or after: not */
    period_case("BTINF36", "PT15M", W0, "2026-01-10T00:00Z", "");
    period_case("BTINF36", "PT15M", "2026-01-16T22:00Z", W1, "");
    period_case("BTINF36", "PT15M", "2026-01-09T22:45Z", "2026-01-09T23:45Z", "CDC-WEEK 10");
    period_case("BTINF36", "PT15M", "2026-01-16T22:15Z", "2026-01-16T23:15Z", "CDC-WEEK 10");
    /* local midnight is 23:00Z in winter: a period in UTC midnight terms is off by an hour */
    period_case("BTINF36", "PT15M", "2026-01-10T00:00Z", "2026-01-17T00:00Z", "CDC-WEEK 10");
}

static void
test_cdc_grid_and_steps(void **state)
{
    (void)state;
    period_case("BTINF36", "PT15M", "2026-01-12T08:05Z", "2026-01-12T09:05Z", "CDC-GRID 10");
    period_case("BTINF36", "PT15M", "2026-01-12T08:30Z", "2026-01-12T09:30Z", "");
    period_case("HTA", "PT5M", "2026-01-12T08:03Z", "2026-01-12T08:23Z", "CDC-GRID 10");
    period_case("HTA", "PT5M", "2026-01-12T08:05Z", "2026-01-12T08:25Z", "");
    period_case("BTINF36", "PT15M", "2026-01-12T08:00Z", "2026-01-12T08:50Z", "CDC-STEP 10");
    period_case("BTINF36", "PT15M", "2026-01-12T09:00Z", "2026-01-12T09:00Z", "CDC-STEP 10");
    period_case("BTINF36", "PT15M", "2026-01-12T09:00Z", "2026-01-12T08:00Z", "CDC-STEP 10");
}

static void
test_cdc_positions_in_range_and_unique(void **state)
{
    (void)state;
    point_case("BTINF36", "soutirage", "      <Point position=\"5\" quantity=\"1\"/>\n",
               "CDC-POSITION 12");
    point_case("BTINF36", "soutirage", "      <Point position=\"4\" quantity=\"1\"/>\n",
               "CDC-POSITION-DUP 14");
    point_case("BTINF36", "soutirage", "      <Point position=\"1\" quantity=\"1\"/>\n",
               "CDC-POSITION-DUP 12");
    point_case("BTINF36", "soutirage",
               "      <Point position=\"999999999999999999\" quantity=\"1\"/>\n",
               "CDC-POSITION 12");
    /* position 0 and a 19-digit position are the schema's (no crash, no second reason) */
    point_case("BTINF36", "soutirage", "      <Point position=\"0\" quantity=\"1\"/>\n", "XSD 12");
    point_case("BTINF36", "soutirage",
               "      <Point position=\"9999999999999999999\" quantity=\"1\"/>\n", "XSD 12");
}

static void
test_cdc_periods_do_not_overlap(void **state)
{
    struct doc d;

    (void)state;
    doc_open(&d, "2026-01-10");
    series(&d, "30001610000002", "BTINF36", "soutirage", "telereleve");
    period(&d, "PT15M", "2026-01-12T08:00Z", "2026-01-12T09:00Z", 4, 1); /* 10-15 */
    period(&d, "PT15M", "2026-01-12T09:00Z", "2026-01-12T10:00Z", 4, 1); /* 16-21 adjacent */
    period(&d, "PT15M", "2026-01-12T07:00Z", "2026-01-12T08:15Z", 5, 1); /* 22-28 overlap */
    raw(&d, "  </Series>\n");
    series(&d, "30001610000003", "BTINF36", "soutirage", "telereleve");  /* 30 */
    period(&d, "PT15M", "2026-01-12T08:00Z", "2026-01-12T09:00Z", 4, 1); /* other site */
    raw(&d, "  </Series>\n");
    expect_errors(doc_close(&d), "CDC-PERIOD-OVERLAP 22");
    free(d.data);
}

static void
test_cdc_site_once_per_document(void **state)
{
    struct doc d;

    (void)state;
    doc_open(&d, "2026-01-10");
    series(&d, "30001610000002", "BTINF36", "soutirage", "telereleve");  /* 9 */
    period(&d, "PT15M", "2026-01-12T08:00Z", "2026-01-12T08:15Z", 1, 1); /* 10-12 */
    raw(&d, "  </Series>\n");                                            /* 13 */
    series(&d, "00000000000000", "BTINF36", "soutirage", "telereleve");  /* 14 */
    period(&d, "PT15M", "2026-01-12T08:00Z", "2026-01-12T08:15Z", 1, 1); /* 15-17 */
    raw(&d, "  </Series>\n");                                            /* 18 */
    series(&d, "30001610000002", "BTINF36", "soutirage", "telereleve");  /* 19 */
    period(&d, "PT15M", "2026-01-12T09:00Z", "2026-01-12T09:15Z", 1, 1);
    raw(&d, "  </Series>\n");
    expect_errors(doc_close(&d), "CDC-SITE-DUP 19");
    free(d.data);
}

static void
test_cdc_site_set_grows(void **state)
{
    struct doc d;
    int i;
    char site[16];

    (void)state;
    doc_open(&d, "2026-01-10");
    for (i = 0; i < 3000; i++) {
        snprintf(site, sizeof(site), "%014d", 30000000 + i * 7);
        series(&d, site, "BTINF36", "soutirage", "telereleve");
        period(&d, "PT15M", "2026-01-12T08:00Z", "2026-01-12T08:15Z", 1, 1);
        raw(&d, "  </Series>\n");
    }
    series(&d, "00000030000700", "BTINF36", "soutirage", "telereleve"); /* i = 100 again */
    period(&d, "PT15M", "2026-01-12T08:00Z", "2026-01-12T08:15Z", 1, 1);
    raw(&d, "  </Series>\n");
    expect_errors(doc_close(&d), "CDC-SITE-DUP 15009");
    free(d.data);
}

static void
test_cdc_instant_must_be_real(void **state)
{
    (void)state;
    period_case("BTINF36", "PT15M", "2026-01-12T08:00Z", "2026-02-30T09:00Z", "CDC-INSTANT 10");
    period_case("BTINF36", "PT15M", "2026-01-12T24:00Z", "2026-01-12T09:00Z", "CDC-INSTANT 10");
    period_case("BTINF36", "PT15M", "2026-01-12T08:60Z", "2026-01-12T09:00Z", "CDC-INSTANT 10");
    period_case("BTINF36", "PT15M", "2026-13-12T08:00Z", "2026-01-12T09:00Z", "CDC-INSTANT 10");
    /* outside the calendar's years (1996-2099): not an instant we can place */
    period_case("BTINF36", "PT15M", "2126-01-12T08:00Z", "2026-01-12T09:00Z", "CDC-INSTANT 10");
    /* not the pattern: the schema's, not CDC-INSTANT */
    period_case("BTINF36", "PT15M", "2026-01-12T08:00:00Z", "2026-01-12T09:00Z", "XSD 10");
    period_case("BTINF36", "PT15M", "2026-01-12T08:00+01:00", "2026-01-12T09:00Z", "XSD 10");
}

static void
test_cdc_profile_is_btinf36_soutirage(void **state)
{
    struct doc d;

    (void)state;
    doc_open(&d, "2026-01-10");
    series(&d, "30001610000002", "BTINF36", "soutirage", "profile");
    period(&d, "PT15M", "2026-01-12T08:00Z", "2026-01-12T08:15Z", 1, 1);
    raw(&d, "  </Series>\n");
    series(&d, "30001610000003", "BTINF36", "injection", "profile"); /* 14 */
    period(&d, "PT15M", "2026-01-12T08:00Z", "2026-01-12T08:15Z", 1, 1);
    raw(&d, "  </Series>\n");
    series(&d, "30001610000004", "HTA", "soutirage", "profile"); /* 19 */
    period(&d, "PT5M", "2026-01-12T08:00Z", "2026-01-12T08:05Z", 1, 1);
    raw(&d, "  </Series>\n");
    expect_errors(doc_close(&d), "CDC-PROFILE 14,CDC-PROFILE 19");
    free(d.data);
}

static void
test_cdc_eic_check_characters(void **state)
{
    struct doc d;

    (void)state;
    doc_open_sender(&d, "2026-01-10", "17X100A100A0001B", "10XFR-RTE------C");
    series(&d, "30001610000002", "BTINF36", "soutirage", "telereleve");
    period(&d, "PT15M", "2026-01-12T08:00Z", "2026-01-12T08:15Z", 1, 1);
    raw(&d, "  </Series>\n");
    expect_errors(doc_close(&d), "EIC-CHECK 5,EIC-CHECK 6");
    free(d.data);
    /* bad syntax is the schema's */
    doc_open_sender(&d, "2026-01-10", "17x100A100A0001A", RTE);
    series(&d, "30001610000002", "BTINF36", "soutirage", "telereleve");
    period(&d, "PT15M", "2026-01-12T08:00Z", "2026-01-12T08:15Z", 1, 1);
    raw(&d, "  </Series>\n");
    expect_errors(doc_close(&d), "XSD 5");
    free(d.data);
}

static void
test_cdc_missing_counts_steps_per_site(void **state)
{
    struct doc d;
    struct fmt_report r;

    (void)state;
    doc_open(&d, "2026-01-10");
    series(&d, "30001610000002", "BTINF36", "soutirage", "telereleve"); /* 9 */
    period(&d, "PT15M", W0, "2026-01-13T11:00Z", 336, 1);
    period(&d, "PT15M", "2026-01-13T11:00Z", W1, 330, 1); /* 6 missing at the end */
    raw(&d, "  </Series>\n");
    series(&d, "30001610000001", "HTA", "soutirage", "telereleve");
    period(&d, "PT5M", W0, W1, 2016, 1); /* complete */
    raw(&d, "  </Series>\n");
    doc_close(&d);
    assert_int_equal(judge(g_ctx, d.data, d.len, &r), 0);
    assert_string_equal(reasons(&r), "CDC-MISSING 9");
    assert_string_equal(r.reasons[0].text, "site 30001610000002: 6 missing steps of 672");
    assert_int_equal(fmt_report_status(&r), FMT_ACCEPTED_WARNINGS);
    fmt_report_free(&r);
    free(d.data);
    /* a rejected document does not list missing steps */
    point_case("BTINF36", "soutirage", "      <Point position=\"2\" quantity=\"-1\"/>\n",
               "CDC-NEGATIVE 12");
    {
        struct doc e;
        one_series(&e, "BTINF36", "soutirage", "PT15M", "2026-01-12T08:00Z", "2026-01-12T09:00Z",
                   "      <Point position=\"2\" quantity=\"-1\"/>\n");
        expect_doc(e.data, "CDC-NEGATIVE 12");
        free(e.data);
    }
}

/* ---------------------------------------------------------------- DST weeks */

static void
test_fmt_cdc_week_steps_dst(void **state)
{
    long n;

    (void)state;
    assert_int_equal(fmt_cdc_week_steps(2026, 1, 10, 5, &n), 0);
    assert_int_equal(n, 2016);
    assert_int_equal(fmt_cdc_week_steps(2026, 1, 10, 15, &n), 0);
    assert_int_equal(n, 672);
    assert_int_equal(fmt_cdc_week_steps(2026, 3, 28, 5, &n), 0); /* Sunday 29 March */
    assert_int_equal(n, 2004);
    assert_int_equal(fmt_cdc_week_steps(2026, 3, 28, 15, &n), 0);
    assert_int_equal(n, 668);
    assert_int_equal(fmt_cdc_week_steps(2026, 10, 24, 5, &n), 0); /* Sunday 25 October */
    assert_int_equal(n, 2028);
    assert_int_equal(fmt_cdc_week_steps(2026, 10, 24, 15, &n), 0);
    assert_int_equal(n, 676);
    /* a Monday week containing the change counts it too */
    assert_int_equal(fmt_cdc_week_steps(2025, 10, 20, 15, &n), 0); /* Sunday 26 October */
    assert_int_equal(n, 676);
    assert_int_equal(fmt_cdc_week_steps(2150, 1, 3, 15, &n), -1);
}

static void
test_cdc_dst_week_expects_its_own_step_count(void **state)
{
    struct doc d;
    struct fmt_report r;

    (void)state;
    /* March: 2004 steps fill the week; 2016 would run past it. */
    doc_open(&d, "2026-03-28");
    series(&d, "30001610000001", "HTA", "soutirage", "telereleve");
    period(&d, "PT5M", "2026-03-27T23:00Z", "2026-04-03T22:00Z", 2004, 1);
    raw(&d, "  </Series>\n");
    expect_doc(doc_close(&d), "");
    free(d.data);
    doc_open(&d, "2026-03-28");
    series(&d, "30001610000001", "HTA", "soutirage", "telereleve");
    period(&d, "PT5M", "2026-03-27T23:00Z", "2026-04-03T23:00Z", 2016, 1);
    raw(&d, "  </Series>\n");
    expect_doc(doc_close(&d), "CDC-WEEK 10");
    free(d.data);
    /* October: 676 quarter-hours; 672 leave 4 missing */
    doc_open(&d, "2026-10-24");
    series(&d, "30001610000002", "BTINF36", "soutirage", "telereleve");
    period(&d, "PT15M", "2026-10-23T22:00Z", "2026-10-30T22:00Z", 672, 1);
    raw(&d, "  </Series>\n");
    doc_close(&d);
    assert_int_equal(judge(g_ctx, d.data, d.len, &r), 0);
    assert_string_equal(reasons(&r), "CDC-MISSING 9");
    assert_string_equal(r.reasons[0].text, "site 30001610000002: 4 missing steps of 676");
    fmt_report_free(&r);
    free(d.data);
}

/* ---------------------------------------------------------------- line numbers */

static void
test_fmt_check_fd_xsd_lines_are_element_lines(void **state)
{
    struct doc d;

    (void)state;
    /* an attribute missing: the Point's line */
    point_case("BTINF36", "soutirage", "      <Point position=\"2\"/>\n", "XSD 12");
    /* an unexpected element: its own line */
    point_case("BTINF36", "soutirage", "      <Bogus/>\n", "XSD 12");
    /* a start tag over three lines: the line of its end, as libxml2's trees say */
    point_case("BTINF36", "soutirage",
               "      <Point position=\"2\"\n         quantity=\"x\"\n         quality=\"R\"/>\n",
               "XSD 14");
    /* missing content is found at the end tag, reported at the start tag */
    doc_open(&d, "2026-01-10");
    series(&d, "30001610000002", "BTINF36", "soutirage", "telereleve");
    raw(&d, "\n\n  </Series>\n");
    expect_doc(doc_close(&d), "XSD 9");
    free(d.data);
    /* text content: the element's line */
    expect_doc("<?xml version=\"1.0\"?>\n<CourbesDeCharge xmlns=\"urn:passerelle:cdc:1\">\n"
               "  <mRID>T-1</mRID>\n  <revision>\n  abc\n  </revision>\n"
               "  <sender>" GRD "</sender>\n  <receiver>" RTE "</receiver>\n"
               "  <createdDateTime>2026-01-22T06:30:00Z</createdDateTime>\n"
               "  <week start=\"2026-01-10\"/>\n"
               "  <Series site=\"30001610000002\" eda=\"E\" segment=\"BTINF36\" "
               "nature=\"soutirage\" measure=\"telereleve\" unit=\"kW\">\n"
               "    <Period resolution=\"PT15M\" start=\"" W0 "\" end=\"" W1 "\">\n"
               "      <Point position=\"1\" quantity=\"1\"/>\n    </Period>\n  </Series>\n"
               "</CourbesDeCharge>\n",
               "XSD 4");
    /* not well-formed: the parser's line */
    expect_doc("<?xml version=\"1.0\"?>\n<CourbesDeCharge xmlns=\"urn:passerelle:cdc:1\">\n"
               "  <mRID>T-1</mRID>\n  <revision>1</revison>\n</CourbesDeCharge>\n",
               "XML 4");
}

static void
test_fmt_check_fd_lines_past_65535(void **state)
{
    struct doc d;
    char site[16];
    int i;

    (void)state;
    /* 40 HTA series of 2016 points: about 80 000 lines. libxml2 caps node lines at 65535. */
    doc_open(&d, "2026-01-10");
    for (i = 0; i < 40; i++) {
        snprintf(site, sizeof(site), "300016100%05d", i);
        series(&d, site, "HTA", "soutirage", "telereleve");
        period(&d, "PT5M", W0, W1, 2016, 1);
        raw(&d, "  </Series>\n");
    }
    /* each series is 2020 lines: the 41st starts at 9 + 40 * 2020 = 80809 */
    series(&d, "30001610000099", "HTA", "soutirage", "telereleve");
    raw(&d, "    <Period resolution=\"PT5M\" start=\"" W0 "\" end=\"" W1 "\">\n"
            "      <Point position=\"1\" quantity=\"-1\"/>\n"              /* 80811 */
            "      <Point position=\"2\" quantity=\"1\" quality=\"Z\"/>\n" /* 80812 */
            "    </Period>\n  </Series>\n");
    doc_close(&d);
    expect_errors(d.data, "CDC-NEGATIVE 80811,XSD 80812");
    free(d.data);
}

/* ---------------------------------------------------------------- hostile XML */

static void
test_fmt_check_fd_refuses_billion_laughs(void **state)
{
    struct fmt_report r;
    struct timespec a, b;
    int fd;

    (void)state;
    fd = open("samples/cdc/XML-DTD.xml", O_RDONLY);
    assert_true(fd >= 0);
    fmt_report_init(&r, 0);
    clock_gettime(CLOCK_MONOTONIC, &a);
    assert_int_equal(fmt_check_fd(g_ctx, fd, &r), 0);
    clock_gettime(CLOCK_MONOTONIC, &b);
    close(fd);
    assert_string_equal(reasons(&r), "XML-DTD 2");
    /* refused before any expansion: well under a second */
    assert_true((b.tv_sec - a.tv_sec) * 1000 + (b.tv_nsec - a.tv_nsec) / 1000000 < 1000);
    fmt_report_free(&r);
}

static void
test_fmt_check_fd_refuses_external_entities(void **state)
{
    (void)state;
    expect_doc("<?xml version=\"1.0\"?>\n"
               "<!DOCTYPE CourbesDeCharge SYSTEM \"file:///etc/passwd\">\n"
               "<CourbesDeCharge xmlns=\"urn:passerelle:cdc:1\"/>\n",
               "XML-DTD 2");
    expect_doc("<?xml version=\"1.0\"?>\n<!-- a comment first -->\n"
               "<!DOCTYPE r [\n<!ENTITY xxe SYSTEM \"file:///etc/passwd\">\n]>\n"
               "<CourbesDeCharge xmlns=\"urn:passerelle:cdc:1\"><mRID>&xxe;</mRID>"
               "</CourbesDeCharge>\n",
               "XML-DTD 3");
    expect_doc("<!DOCTYPE r [<!ENTITY % p SYSTEM \"http://example.invalid/x.dtd\"> %p;]>\n"
               "<CourbesDeCharge xmlns=\"urn:passerelle:cdc:1\"/>\n",
               "XML-DTD 1");
    /* an entity reference without a DTD: undeclared, not well-formed, nothing fetched */
    expect_doc("<?xml version=\"1.0\"?>\n<CourbesDeCharge xmlns=\"urn:passerelle:cdc:1\">\n"
               "  <mRID>&xxe;</mRID>\n</CourbesDeCharge>\n",
               "XML 3");
    /* XInclude is never processed: just an element the schema does not know */
    expect_errors("<?xml version=\"1.0\"?>\n<CourbesDeCharge xmlns=\"urn:passerelle:cdc:1\">\n"
                  "  <xi:include xmlns:xi=\"http://www.w3.org/2001/XInclude\" "
                  "href=\"/etc/passwd\" parse=\"text\"/>\n</CourbesDeCharge>\n",
                  "XSD 3");
}

static void
test_fmt_check_fd_refuses_too_large(void **state)
{
    struct fmt_opts o;
    struct fmt_ctx *small;
    struct fmt_report r;
    int fd;

    (void)state;
    fmt_opts_default(&o);
    o.max_file_size = 4096;
    small = ctx_with(&o);
    assert_non_null(small);
    fd = open("samples/cdc/valid.xml", O_RDONLY);
    assert_true(fd >= 0);
    fmt_report_init(&r, 0);
    assert_int_equal(fmt_check_fd(small, fd, &r), 0);
    assert_string_equal(reasons(&r), "TOO-LARGE 0");
    fmt_report_free(&r);
    close(fd);
    /* a file of exactly the limit is fine */
    fd = open("samples/cdc/CDC-STEP.xml", O_RDONLY);
    fmt_report_init(&r, 0);
    o.max_file_size = (uint64_t)lseek(fd, 0, SEEK_END);
    fmt_ctx_free(small);
    small = ctx_with(&o);
    assert_int_equal(fmt_check_fd(small, fd, &r), 0);
    assert_string_equal(reasons(&r), "CDC-STEP 10");
    fmt_report_free(&r);
    close(fd);
    fmt_ctx_free(small);
}

static void
test_fmt_check_fd_fails_on_unreadable_fd(void **state)
{
    struct fmt_report r;
    int p[2];

    (void)state;
    fmt_report_init(&r, 0);
    assert_int_equal(fmt_check_fd(g_ctx, -1, &r), -1);
    assert_int_equal(errno, EBADF);
    assert_int_equal(pipe(p), 0);
    assert_int_equal(fmt_check_fd(g_ctx, p[0], &r), -1); /* not seekable */
    assert_int_equal(errno, ESPIPE);
    close(p[0]);
    close(p[1]);
    fmt_report_free(&r);
}

static void
test_fmt_check_fd_caps_reasons(void **state)
{
    struct fmt_opts o;
    struct fmt_ctx *c;
    struct fmt_report r;
    struct doc d;

    (void)state;
    fmt_opts_default(&o);
    o.max_reasons = 10;
    c = ctx_with(&o);
    assert_non_null(c);
    doc_open(&d, "2026-01-10");
    series(&d, "30001610000002", "BTINF36", "soutirage", "telereleve");
    period(&d, "PT15M", W0, W1, 672, -1);
    raw(&d, "  </Series>\n");
    doc_close(&d);
    /* the report's own cap is the caller's: here 10 */
    {
        char path[] = "/tmp/test_fmt_cdc.XXXXXX";
        int fd = mkstemp(path);
        assert_true(fd >= 0);
        unlink(path);
        assert_true(write(fd, d.data, d.len) == (ssize_t)d.len);
        fmt_report_init(&r, 10);
        assert_int_equal(fmt_check_fd(c, fd, &r), 0);
        close(fd);
    }
    assert_int_equal(r.nerrors, 672);
    assert_int_equal(r.nreasons, 11);
    assert_string_equal(r.reasons[10].code, "FMT-TRUNCATED");
    fmt_report_free(&r);
    free(d.data);
    fmt_ctx_free(c);
}

/* ---------------------------------------------------------------- recognition */

static void
expect_flow(const char *data, size_t len, const char *flow, const char *expected)
{
    struct fmt_report r;

    assert_int_equal(judge(g_ctx, data, len, &r), 0);
    assert_string_equal(reasons(&r), expected);
    assert_string_equal(r.flow, flow);
    fmt_report_free(&r);
}

static void
test_fmt_check_fd_recognises_flows(void **state)
{
    static const char bin[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
    const char *s;

    (void)state;
    expect_flow("", 0, "", "EMPTY 0");
    expect_flow(" \n\n", 3, "", "UNKNOWN-FLOW 0");
    expect_flow(bin, sizeof(bin) - 1, "", "UNKNOWN-FLOW 0");
    /* The CSV form of cdc is judged (test_fmt_csv); a flow without one is not carried. */
    s = "\xEF\xBB\xBF#passerelle cdc 1;mRID=A;revision=1\r\nsite;position\r\n";
    expect_flow(s, strlen(s), "cdc",
                "CSV-HEADER 1,CSV-HEADER 1,CSV-HEADER 1,CSV-HEADER 1,CSV-COLUMN 2,CSV-COLUMN 2,"
                "CSV-COLUMN 2,CSV-COLUMN 2,CSV-COLUMN 2,CSV-COLUMN 2,CSV-COLUMN 2,CSV-COLUMN 2,"
                "CSV-COLUMN 2");
    s = "\xEF\xBB\xBF#passerelle ack 1;mRID=A;revision=1\r\nsite;position\r\n";
    expect_flow(s, strlen(s), "ack", "UNSUPPORTED-FLOW 1");
    s = "Identifiant PRM;Type de donnees\n09111642617347;Index\n";
    expect_flow(s, strlen(s), "", "UNKNOWN-FLOW 0");
    s = "<?xml version=\"1.0\"?>\n<html><body/></html>\n";
    expect_flow(s, strlen(s), "", "UNKNOWN-FLOW 0");
    s = "<?xml version=\"1.0\"?>\n<NotificationPerimetre xmlns=\"urn:passerelle:perimetre:9\"/>";
    expect_flow(s, strlen(s), "perimetre", "UNSUPPORTED-FLOW 0");
    s = "<Accuse xmlns=\"urn:passerelle:ack:1\"><mRID>x</mRID></Accuse>";
    expect_flow(s, strlen(s), "ack", "UNSUPPORTED-FLOW 0");
    s = "<CourbesDeCharge xmlns=\"urn:passerelle:cdc:2\"/>";
    expect_flow(s, strlen(s), "cdc", "UNSUPPORTED-FLOW 0");
    s = "<Courbe><Entete><Identifiant_Flux>R4x</Identifiant_Flux></Entete></Courbe>";
    expect_flow(s, strlen(s), "enedis-r4x", "ENEDIS-NO-EA 0"); /* judged: test_fmt_enedis */
    s = "<Courbe><Entete><Identifiant_Flux>R99</Identifiant_Flux></Entete></Courbe>";
    expect_flow(s, strlen(s), "", "UNKNOWN-FLOW 0");
    /* broken before any root: XML, not a flow */
    s = "<?xml version=\"1.0\"?>\n<<<\n";
    expect_flow(s, strlen(s), "", "XML 2");
    /* the cdc namespace on another root: the schema says what is wrong */
    s = "<?xml version=\"1.0\"?>\n\n<Courbes xmlns=\"urn:passerelle:cdc:1\"/>\n";
    expect_flow(s, strlen(s), "cdc", "XSD 3");
}

static void
test_fmt_check_fd_recognises_enedis_samples(void **state)
{
    static const struct {
        const char *file, *flow, *reasons;
    } cases[] = {
        {"../shared/samples/enedis/R4Q.xml", "enedis-r4x", "ENEDIS-STEP 3,ENEDIS-IGNORED 0"},
        {"../shared/samples/enedis/R50.xml", "enedis-r50", "ENEDIS-STEP 1"},
        {"../shared/samples/enedis/R151.xml", "", "UNKNOWN-FLOW 0"},
        {"../shared/samples/enedis/R171.xml", "", "UNKNOWN-FLOW 0"},
        {"../shared/samples/enedis/Enedis_SGE_HDM_A06NW10D.csv", "", "UNKNOWN-FLOW 0"},
    };
    struct fmt_report r;
    size_t i;
    int fd;

    (void)state;
    if (access(cases[0].file, R_OK) != 0)
        skip(); /* the third-party samples live outside the repository */
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        fd = open(cases[i].file, O_RDONLY);
        assert_true(fd >= 0);
        fmt_report_init(&r, 0);
        assert_int_equal(fmt_check_fd(g_ctx, fd, &r), 0);
        close(fd);
        assert_string_equal(reasons(&r), cases[i].reasons);
        assert_string_equal(r.flow, cases[i].flow);
        fmt_report_free(&r);
    }
}

static int caller_errors;

static void
caller_handler(void *data, xmlErrorPtr e)
{
    (void)data;
    (void)e;
    caller_errors++;
}

static void
test_fmt_check_fd_keeps_callers_error_handler(void **state)
{
    static const char trunc[] = "<?xml version=\"1.0\"?>\n<CourbesDeCharge "
                                "xmlns=\"urn:passerelle:cdc:1\">\n  <mRID>T-1</mRID>\n"
                                "  <revision>1</revision>\n";

    (void)state;
    xmlSetStructuredErrorFunc(&caller_errors, caller_handler);
    /* a truncated document: the parser's error is ours, not the caller's */
    expect_doc(trunc, "XML 4");
    assert_int_equal(caller_errors, 0);
    assert_true(xmlStructuredError == caller_handler);
    assert_true(xmlStructuredErrorContext == &caller_errors);
    xmlSetStructuredErrorFunc(NULL, NULL);
}

static void
test_fmt_check_fd_sample_eics_are_valid(void **state)
{
    (void)state;
    assert_true(fmt_eic_valid(GRD, 16));
    assert_true(fmt_eic_valid(RTE, 16));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fmt_report_add_caps_and_truncates),
        cmocka_unit_test(test_fmt_report_status_orders_verdicts),
        cmocka_unit_test(test_fmt_codes_table_is_complete),
        cmocka_unit_test(test_fmt_ctx_new_fails_without_schemas),
        cmocka_unit_test(test_fmt_check_fd_samples_match_expect),
        cmocka_unit_test(test_fmt_check_fd_fills_report),
        cmocka_unit_test(test_cdc_resolution_follows_segment),
        cmocka_unit_test(test_cdc_negative_only_in_stockage),
        cmocka_unit_test(test_cdc_quality_s_refused),
        cmocka_unit_test(test_cdc_week_start_day),
        cmocka_unit_test(test_cdc_week_bounds_periods),
        cmocka_unit_test(test_cdc_grid_and_steps),
        cmocka_unit_test(test_cdc_positions_in_range_and_unique),
        cmocka_unit_test(test_cdc_periods_do_not_overlap),
        cmocka_unit_test(test_cdc_site_once_per_document),
        cmocka_unit_test(test_cdc_site_set_grows),
        cmocka_unit_test(test_cdc_instant_must_be_real),
        cmocka_unit_test(test_cdc_profile_is_btinf36_soutirage),
        cmocka_unit_test(test_cdc_eic_check_characters),
        cmocka_unit_test(test_cdc_missing_counts_steps_per_site),
        cmocka_unit_test(test_fmt_cdc_week_steps_dst),
        cmocka_unit_test(test_cdc_dst_week_expects_its_own_step_count),
        cmocka_unit_test(test_fmt_check_fd_xsd_lines_are_element_lines),
        cmocka_unit_test(test_fmt_check_fd_lines_past_65535),
        cmocka_unit_test(test_fmt_check_fd_refuses_billion_laughs),
        cmocka_unit_test(test_fmt_check_fd_refuses_external_entities),
        cmocka_unit_test(test_fmt_check_fd_refuses_too_large),
        cmocka_unit_test(test_fmt_check_fd_fails_on_unreadable_fd),
        cmocka_unit_test(test_fmt_check_fd_caps_reasons),
        cmocka_unit_test(test_fmt_check_fd_recognises_flows),
        cmocka_unit_test(test_fmt_check_fd_recognises_enedis_samples),
        cmocka_unit_test(test_fmt_check_fd_keeps_callers_error_handler),
        cmocka_unit_test(test_fmt_check_fd_sample_eics_are_valid),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
