/* test_fmt_csv_flows - the CSV forms of the flows other than cdc (test_fmt_csv): for each, the
 * samples/<flow>-csv folder against its .expect files, the same reasons (codes) for every XML
 * sample and its CSV form, lossless round trips (XML -> CSV -> XML byte-identical on
 * samples/<flow>/valid*.xml, CSV -> XML -> CSV on the canonical CSV sample), and the keys
 * flow's own cases (decimal comma, grouping of rows, values checked as the schema). Run from
 * the repository top. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <glob.h>
#include <unistd.h>
#include <cmocka.h>

#include "fmt.h"
#include "fmt_convert.h"
#include "fmt_csv.h"

/* The flows with a CSV form tested here, and at least how many XML samples compare. */
static const struct {
    const char *flow;
    size_t min_compared;
} flows[] = {
    {"cles", 20},    {"perimetre", 12},        {"facteur-impact", 4}, {"eif-sites", 4},
    {"sites-j1", 4}, {"demande-perimetre", 3}, {"capacite", 3},       {"eif-activations", 7},
    {"grd-list", 4}, {"flexloc", 12},
};
#define NFLOWS (sizeof(flows) / sizeof(flows[0]))

#define CLES_HDR                                                                                   \
    "#passerelle cles 1;mRID=T-1;revision=1;sender=17X0000000AA01GC;receiver=10XFR-RTE------Q;"    \
    "createdDateTime=2026-02-10T09:00:00Z;month=2026-01\n"
#define CLES_COLS "eda;justification;resolution;start;end;position;site;value\n"
#define CLES_PER  "EDA_1;;PT5M;2026-01-12T08:00Z;2026-01-12T08:10Z;"

static struct fmt_ctx *g_ctx;

static int
group_setup(void **state)
{
    struct fmt_opts o;
    char err[256];

    (void)state;
    fmt_opts_default(&o);
    g_ctx = fmt_ctx_new("xsd", &o, err, sizeof(err));
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

/* tmpfd - an unlinked temp file holding data */
static int
tmpfd(const void *data, size_t len)
{
    char path[] = "/tmp/test_fmt_csv_flows.XXXXXX";
    int fd = mkstemp(path);
    size_t off = 0;
    ssize_t n;

    assert_true(fd >= 0);
    unlink(path);
    while (off < len) {
        n = write(fd, (const char *)data + off, len - off);
        assert_true(n > 0);
        off += (size_t)n;
    }
    return fd;
}

static char *
read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *d;
    long n;

    assert_non_null(f);
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    n = ftell(f);
    rewind(f);
    d = malloc((size_t)n + 1);
    assert_non_null(d);
    assert_int_equal(fread(d, 1, (size_t)n, f), (size_t)n);
    d[n] = '\0';
    fclose(f);
    *len = (size_t)n;
    return d;
}

static int
cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* sorted - the reasons as sorted "CODE LINE" (lines 1) or "CODE" (lines 0), joined */
static void
sorted(const struct fmt_report *r, int lines, char *out, size_t size)
{
    char *v[512], one[128];
    size_t i, n = 0, o = 0;

    for (i = 0; i < r->nreasons && n < 512; i++) {
        if (lines)
            snprintf(one, sizeof(one), "%s %ld", r->reasons[i].code, r->reasons[i].line);
        else
            snprintf(one, sizeof(one), "%s", r->reasons[i].code);
        v[n++] = strdup(one);
    }
    qsort(v, n, sizeof(*v), cmp_str);
    out[0] = '\0';
    for (i = 0; i < n; i++) {
        o += (size_t)snprintf(out + o, size - o, "%s%s", i ? "," : "", v[i]);
        free(v[i]);
    }
}

/* judge - fmt_check_fd on data into r */
static void
judge(const char *data, size_t len, struct fmt_report *r)
{
    int fd = tmpfd(data, len);

    fmt_report_init(r, 0);
    assert_int_equal(fmt_check_fd(g_ctx, fd, r), 0);
    close(fd);
}

/* codes_of - sorted codes (lines 0) or "CODE LINE" of a document */
static void
codes_of(const char *data, size_t len, int lines, char *out, size_t size)
{
    struct fmt_report r;

    judge(data, len, &r);
    sorted(&r, lines, out, size);
    fmt_report_free(&r);
}

/* convert_mem - the flow's writer, unchecked, into a malloc'd buffer; its return */
static int
convert_mem(const char *flow, const char *data, size_t len, enum fmt_form from, char **out,
            size_t *outlen)
{
    int fd = tmpfd(data, len), rc;
    FILE *f = open_memstream(out, outlen);

    assert_non_null(f);
    rc = fmt_convert_fd(flow, from, fd, f);
    fclose(f);
    close(fd);
    return rc;
}

/* ---------------------------------------------------------------- every flow */

static void
test_csv_flows_have_a_form(void **state)
{
    size_t i;

    (void)state;
    for (i = 0; i < NFLOWS; i++) {
        const struct fmt_csv_form *f = fmt_csv_form_find(flows[i].flow);

        assert_non_null(f);
        assert_string_equal(f->flow, flows[i].flow);
        assert_string_equal(f->version, "1");
    }
}

static void
test_csv_flows_samples_match_expect(void **state)
{
    size_t fi, i;

    (void)state;
    for (fi = 0; fi < NFLOWS; fi++) {
        char pat[128], vpre[128];
        size_t nvalid = 0;
        glob_t g;

        snprintf(pat, sizeof(pat), "samples/%s-csv/*.csv", flows[fi].flow);
        snprintf(vpre, sizeof(vpre), "samples/%s-csv/valid", flows[fi].flow);
        assert_int_equal(glob(pat, 0, NULL, &g), 0);
        for (i = 0; i < g.gl_pathc; i++) {
            char path[512], line[256], want[4096], got[4096], *v[64], *d;
            size_t n = 0, k, len;
            struct fmt_report r;
            FILE *f;

            snprintf(path, sizeof(path), "%.*s.expect", (int)(strlen(g.gl_pathv[i]) - 4),
                     g.gl_pathv[i]);
            if ((f = fopen(path, "r")) == NULL)
                fail_msg("%s: no .expect file", g.gl_pathv[i]);
            while (fgets(line, sizeof(line), f) != NULL && n < 64) {
                line[strcspn(line, "\r\n")] = '\0';
                if (line[0] != '\0')
                    v[n++] = strdup(line);
            }
            fclose(f);
            qsort(v, n, sizeof(*v), cmp_str);
            want[0] = '\0';
            for (k = 0, len = 0; k < n; k++) {
                len += (size_t)snprintf(want + len, sizeof(want) - len, "%s%s", k ? "," : "", v[k]);
                free(v[k]);
            }
            d = read_file(g.gl_pathv[i], &len);
            judge(d, len, &r);
            free(d);
            sorted(&r, 1, got, sizeof(got));
            if (strcmp(want, got) != 0)
                fail_msg("%s: expected [%s], got [%s]", g.gl_pathv[i], want, got);
            assert_string_equal(r.flow, flows[fi].flow);
            if (strncmp(g.gl_pathv[i], vpre, strlen(vpre)) == 0) {
                assert_int_equal(fmt_report_status(&r), FMT_ACCEPTED);
                nvalid++;
            }
            fmt_report_free(&r);
        }
        assert_true(nvalid >= 1);
        assert_true(g.gl_pathc >= 3);
        globfree(&g);
    }
}

static void
test_csv_flows_same_rules_as_xml_on_samples(void **state)
{
    size_t fi, i;

    (void)state;
    /* Every XML sample of the flow that parses: its CSV form (written without checking)
     * gets the same reasons (codes; lines are the CSV's). */
    for (fi = 0; fi < NFLOWS; fi++) {
        size_t ncompared = 0;
        char pat[128];
        glob_t g;

        snprintf(pat, sizeof(pat), "samples/%s/*.xml", flows[fi].flow);
        assert_int_equal(glob(pat, 0, NULL, &g), 0);
        for (i = 0; i < g.gl_pathc; i++) {
            struct fmt_report rx;
            char a[4096], b[4096], *d, *csv = NULL;
            size_t len, csvlen = 0;

            d = read_file(g.gl_pathv[i], &len);
            judge(d, len, &rx);
            sorted(&rx, 0, a, sizeof(a));
            /* Not comparable: another flow or root (CLES-DEFAULT: a ClesParDefaut has no CSV
             * form), XML-level breakage, or samples/cles/XSD.xml: a decimal comma, which the
             * CSV form accepts by design (FORMATS.md "CSV forms"). */
            if (strcmp(rx.flow, flows[fi].flow) != 0 || strstr(a, "XML") != NULL ||
                strstr(a, "CLES-DEFAULT") != NULL ||
                strcmp(g.gl_pathv[i], "samples/cles/XSD.xml") == 0 ||
                convert_mem(flows[fi].flow, d, len, FMT_FORM_XML, &csv, &csvlen) < 0) {
                fmt_report_free(&rx);
                free(d);
                free(csv);
                continue;
            }
            /* Two adjacent blocks that rows cannot tell apart are one element in CSV (an
             * accepted document never has such a pair, so conversions stay lossless): the
             * same position twice in a row is one Point, rejected with the duplicate keys'
             * codes; the same EDA twice in a row is one EDA, whose periods may well be
             * fine (a CSV document that means something else, not compared). */
            if (strstr(g.gl_pathv[i], "CLES-EDA-DUP") != NULL ||
                strstr(g.gl_pathv[i], "CLES-POSITION-DUP") != NULL) {
                struct fmt_report rc;

                judge(csv, csvlen, &rc);
                if (strstr(g.gl_pathv[i], "CLES-POSITION-DUP") != NULL)
                    assert_int_equal(fmt_report_status(&rc), fmt_report_status(&rx));
                fmt_report_free(&rc);
                fmt_report_free(&rx);
                free(d);
                free(csv);
                ncompared++;
                continue;
            }
            codes_of(csv, csvlen, 0, b, sizeof(b));
            if (strcmp(a, b) != 0)
                fail_msg("%s: XML gives [%s], its CSV form [%s]", g.gl_pathv[i], a, b);
            ncompared++;
            fmt_report_free(&rx);
            free(d);
            free(csv);
        }
        globfree(&g);
        if (ncompared < flows[fi].min_compared)
            fail_msg("%s: %zu samples compared", flows[fi].flow, ncompared);
    }
}

static void
test_csv_flows_round_trips_are_lossless(void **state)
{
    size_t fi, i;

    (void)state;
    for (fi = 0; fi < NFLOWS; fi++) {
        char pat[128], *d, *csv = NULL, *xml = NULL, *csv2 = NULL;
        size_t len, clen = 0, xlen = 0, c2len = 0;
        glob_t g;

        snprintf(pat, sizeof(pat), "samples/%s/valid*.xml", flows[fi].flow);
        assert_int_equal(glob(pat, 0, NULL, &g), 0);
        for (i = 0; i < g.gl_pathc; i++) {
            d = read_file(g.gl_pathv[i], &len);
            assert_int_equal(convert_mem(flows[fi].flow, d, len, FMT_FORM_XML, &csv, &clen), 0);
            assert_int_equal(convert_mem(flows[fi].flow, csv, clen, FMT_FORM_CSV, &xml, &xlen), 0);
            assert_int_equal(convert_mem(flows[fi].flow, xml, xlen, FMT_FORM_XML, &csv2, &c2len),
                             0);
            if (xlen != len || memcmp(xml, d, len) != 0)
                fail_msg("%s: XML -> CSV -> XML differs", g.gl_pathv[i]);
            assert_true(c2len == clen && memcmp(csv, csv2, clen) == 0);
            free(d);
            free(csv);
            free(xml);
            free(csv2);
            csv = xml = csv2 = NULL;
        }
        globfree(&g);
        /* the canonical CSV sample is the writer's layout */
        snprintf(pat, sizeof(pat), "samples/%s-csv/valid.csv", flows[fi].flow);
        d = read_file(pat, &len);
        assert_int_equal(convert_mem(flows[fi].flow, d, len, FMT_FORM_CSV, &xml, &xlen), 0);
        assert_int_equal(convert_mem(flows[fi].flow, xml, xlen, FMT_FORM_XML, &csv, &clen), 0);
        if (clen != len || memcmp(csv, d, len) != 0)
            fail_msg("%s: CSV -> XML -> CSV differs", pat);
        free(d);
        free(csv);
        free(xml);
        csv = xml = NULL;
    }
}

/* ---------------------------------------------------------------- cles */

static void
expect_cles(const char *rows, const char *want)
{
    char doc[4096], got[4096];

    snprintf(doc, sizeof(doc), "%s%s%s", CLES_HDR, CLES_COLS, rows);
    codes_of(doc, strlen(doc), 1, got, sizeof(got));
    assert_string_equal(got, want);
}

static void
test_cles_csv_decimal_comma_and_grouping(void **state)
{
    char *xml = NULL;
    size_t xlen = 0;
    const char *doc = CLES_HDR CLES_COLS CLES_PER
        "1;30001610000011;0,25\n" CLES_PER "1;30001610000012;0.75\n" CLES_PER
        "2;30001610000011;1\n" CLES_PER "2;30001610000012;+0,0\n";

    (void)state;
    expect_cles(CLES_PER "1;30001610000011;0,25\n" CLES_PER "1;30001610000012;0.75\n" CLES_PER
                         "2;30001610000011;1\n" CLES_PER "2;30001610000012;+0,0\n",
                "");
    /* written back with a point, one Point per position, one Period */
    assert_int_equal(convert_mem("cles", doc, strlen(doc), FMT_FORM_CSV, &xml, &xlen), 0);
    assert_non_null(strstr(xml, "<Key site=\"30001610000011\" value=\"0.25\"/>"));
    assert_non_null(strstr(xml, "<Key site=\"30001610000012\" value=\"+0.0\"/>"));
    assert_null(strstr(xml, ","));
    assert_non_null(strstr(xml, "<Point position=\"2\">"));
    assert_null(strstr(strstr(xml, "</Period>") + 1, "</Period>"));
    free(xml);
    /* a sum that is not 1, at the point's first row */
    expect_cles(CLES_PER "1;30001610000011;0,25\n" CLES_PER "1;30001610000012;0,7\n", "CLES-SUM 3");
    /* one site: CLES-MIN-SITES, as in XML */
    expect_cles(CLES_PER "1;30001610000011;1\n", "CLES-MIN-SITES 3");
    /* a second point without one of the sites */
    expect_cles(CLES_PER "1;30001610000011;0.5\n" CLES_PER "1;30001610000012;0.5\n" CLES_PER
                         "2;30001610000011;1\n",
                "CLES-SITES 5");
    /* justification column left out: keys outside [0, 1] are errors */
    expect_cles(CLES_PER "1;30001610000011;2\n" CLES_PER "1;30001610000012;-1\n",
                "CLES-RANGE 3,CLES-RANGE 4");
    expect_cles("EDA_1;REF-1;PT5M;2026-01-12T08:00Z;2026-01-12T08:10Z;1;30001610000011;2\n"
                "EDA_1;REF-1;PT5M;2026-01-12T08:00Z;2026-01-12T08:10Z;1;30001610000012;-1\n",
                "CLES-JUSTIFIED 3");
}

static void
test_cles_csv_values_checked_as_the_schema(void **state)
{
    static const char *const rows[] = {
        CLES_PER "1;30001610000011;0.5\n" CLES_PER "1;3000161000001x;0.5\n",
        CLES_PER "1;30001610000011;0.5\n" CLES_PER "1;30001610000012;0.5000000000000\n",
        CLES_PER "1;30001610000011;0.5\n" CLES_PER "1;30001610000012;1,2,3\n",
        CLES_PER "0;30001610000011;0.5\n" CLES_PER "0;30001610000012;0.5\n",
        "EDA 1;;PT5M;2026-01-12T08:00Z;2026-01-12T08:10Z;1;30001610000011;0.5\n"
        "EDA 1;;PT5M;2026-01-12T08:00Z;2026-01-12T08:10Z;1;30001610000012;0.5\n",
        "EDA_1;;PT15M;2026-01-12T08:00Z;2026-01-12T08:10Z;1;30001610000011;0.5\n"
        "EDA_1;;PT15M;2026-01-12T08:00Z;2026-01-12T08:10Z;1;30001610000012;0.5\n",
        "EDA_1;;PT5M;2026-01-12T08:00Z;2026-01-32T08:10Z;1;30001610000011;0.5\n"
        "EDA_1;;PT5M;2026-01-12T08:00Z;2026-01-32T08:10Z;1;30001610000012;0.5\n",
        "EDA_1;;PT5M;2026-02-12T08:00Z;2026-02-12T08:10Z;1;30001610000011;0.5\n"
        "EDA_1;;PT5M;2026-02-12T08:00Z;2026-02-12T08:10Z;1;30001610000012;0.5\n",
        "EDA_1;;PT5M;2026-01-12T08:01Z;2026-01-12T08:11Z;1;30001610000011;0.5\n"
        "EDA_1;;PT5M;2026-01-12T08:01Z;2026-01-12T08:11Z;1;30001610000012;0.5\n",
        CLES_PER "3;30001610000011;0.5\n" CLES_PER "3;30001610000012;0.5\n",
    };
    size_t i;

    (void)state;
    /* The CSV written to XML as is (the writer does not check), both judged: same codes. */
    for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        char doc[2048], a[1024], b[1024], *xml = NULL;
        size_t xlen = 0;

        snprintf(doc, sizeof(doc), "%s%s%s", CLES_HDR, CLES_COLS, rows[i]);
        assert_int_equal(convert_mem("cles", doc, strlen(doc), FMT_FORM_CSV, &xml, &xlen), 0);
        codes_of(xml, xlen, 0, a, sizeof(a));
        codes_of(doc, strlen(doc), 0, b, sizeof(b));
        if (strcmp(a, b) != 0 || b[0] == '\0')
            fail_msg("rows %s: XML gives [%s], CSV [%s]", rows[i], a, b);
        free(xml);
    }
    /* the header's values */
    expect_cles(CLES_PER "1;30001610000011;0.5\n" CLES_PER "1;30001610000012;0.5\n", "");
    {
        const char *doc =
            "#passerelle cles 1;mRID=a b;revision=0;sender=17X0000000AA01GC;"
            "receiver=rte;createdDateTime=2026-02-30T09:00:00Z;month=2026-1\n" CLES_COLS CLES_PER
            "1;30001610000011;0.5\n" CLES_PER "1;30001610000012;0.5\n";
        char got[1024];

        codes_of(doc, strlen(doc), 1, got, sizeof(got));
        assert_string_equal(got, "XSD 1,XSD 1,XSD 1,XSD 1,XSD 1");
    }
    /* no row at all */
    expect_cles("", "XSD 2");
}

/* ---------------------------------------------------------------- perimetre */

#define PERIM_HDR                                                                                  \
    "#passerelle perimetre 1;mRID=P-1;revision=1;sender=17X100A100A0001A;"                         \
    "receiver=10XFR-RTE------Q;createdDateTime=2026-03-20T08:00:00Z;effectiveMonth=2026-04;"       \
    "kind=injection\n"
#define PERIM_COLS "ref;eda;aa;segment;nature;re;capacityKW;edp\n"

static void
test_perimetre_csv_same_codes_as_xml(void **state)
{
    static const char *const rows[] = {
        "30001620000001;EDA_1;17XAGREGAT-0001B;HTA;injection;17XRESPEQUIL002L;12,5;\n",
        "30001620000001;EDA_1;17XAGREGAT-0001B;HTA;;17XRESPEQUIL002L;12;\n",
        "30001620000001;EDA_1;17XAGREGAT-0001B;HTA;soutirage;17XRESPEQUIL002L;12;\n",
        "30001620000001;EDA_1;17XAGREGAT-0001B;HTA;injection;17XRESPEQUIL002L;-1;\n",
        "30001620000001;EDA_1;17XAGREGAT-0001B;HTA;injection;17XRESPEQUIL002L;1;\n"
        "30001620000001;EDA_1;17XAGREGAT-0001B;HTA;injection;17XRESPEQUIL002L;1;\n",
        "30001620000001;EDA_1;17XAGREGAT-0001A;HTA;injection;17XRESPEQUIL002L;1;\n",
        "30001620000001;EDA 1;17XAGREGAT-0001B;HTA;injection;17XRESPEQUIL002L;1;\n",
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        char doc[2048], a[1024], b[1024], *xml = NULL;
        size_t xlen = 0;

        snprintf(doc, sizeof(doc), "%s%s%s", PERIM_HDR, PERIM_COLS, rows[i]);
        assert_int_equal(convert_mem("perimetre", doc, strlen(doc), FMT_FORM_CSV, &xml, &xlen), 0);
        codes_of(xml, xlen, 0, a, sizeof(a));
        codes_of(doc, strlen(doc), 0, b, sizeof(b));
        if (strcmp(a, b) != 0 || (i > 0 && b[0] == '\0'))
            fail_msg("rows %s: XML gives [%s], CSV [%s]", rows[i], a, b);
        if (i == 0) {
            /* a decimal comma: accepted, written back as a point */
            assert_string_equal(b, "");
            assert_non_null(strstr(xml, "capacityKW=\"12.5\""));
        }
        free(xml);
    }
}

/* ---------------------------------------------------------------- the flat lists */

static void
test_list_csv_comma_quotes_and_codes(void **state)
{
    const char *capa = "#passerelle capacite 1;mRID=C-1;revision=1;sender=17XAGREGAT-0001B;"
                       "receiver=10XFR-RTE------Q;createdDateTime=2026-05-04T08:00:00Z;"
                       "effectiveMonth=2026-06\ncapacityKW;eda\n850,5;EDA_1\n";
    const char *eif =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<SitesEIF xmlns=\"urn:passerelle:eif-sites:1\">\n"
        "  <mRID>E-1</mRID>\n  <revision>1</revision>\n"
        "  <sender>17X100A100A0001A</sender>\n  <receiver>10XFR-RTE------Q</receiver>\n"
        "  <createdDateTime>2026-03-20T08:00:00Z</createdDateTime>\n"
        "  <month>2026-03</month>\n"
        "  <Site ref=\"30001610000001\" supplier=\"17XFOURNISSEUR1A\" "
        "offer=\"Tempo; &quot;bleu&quot;\" eda=\"EDA_1\"/>\n"
        "</SitesEIF>\n";
    char got[1024], *xml = NULL, *csv = NULL;
    size_t xlen = 0, clen = 0;

    (void)state;
    /* capacite: columns in another order, a decimal comma; written back with a point */
    codes_of(capa, strlen(capa), 1, got, sizeof(got));
    assert_string_equal(got, "");
    assert_int_equal(convert_mem("capacite", capa, strlen(capa), FMT_FORM_CSV, &xml, &xlen), 0);
    assert_non_null(strstr(xml, "  <EDA id=\"EDA_1\" capacityKW=\"850.5\"/>\n"));
    free(xml);
    xml = NULL;
    /* capacite needs one EDA at least, as its schema */
    {
        char doc[1024];

        snprintf(doc, sizeof(doc), "%.*s", (int)(strstr(capa, "850,5") - capa), capa);
        codes_of(doc, strlen(doc), 1, got, sizeof(got));
        assert_string_equal(got, "XSD 2");
    }
    /* an offer holding ';' and '"' is quoted, and comes back the same */
    codes_of(eif, strlen(eif), 1, got, sizeof(got));
    assert_string_equal(got, "");
    assert_int_equal(convert_mem("eif-sites", eif, strlen(eif), FMT_FORM_XML, &csv, &clen), 0);
    assert_non_null(strstr(csv, ";\"Tempo; \"\"bleu\"\"\";"));
    codes_of(csv, clen, 1, got, sizeof(got));
    assert_string_equal(got, "");
    assert_int_equal(convert_mem("eif-sites", csv, clen, FMT_FORM_CSV, &xml, &xlen), 0);
    assert_int_equal(xlen, strlen(eif));
    assert_memory_equal(xml, eif, xlen);
    free(xml);
    free(csv);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csv_flows_have_a_form),
        cmocka_unit_test(test_csv_flows_samples_match_expect),
        cmocka_unit_test(test_csv_flows_same_rules_as_xml_on_samples),
        cmocka_unit_test(test_csv_flows_round_trips_are_lossless),
        cmocka_unit_test(test_cles_csv_decimal_comma_and_grouping),
        cmocka_unit_test(test_cles_csv_values_checked_as_the_schema),
        cmocka_unit_test(test_perimetre_csv_same_codes_as_xml),
        cmocka_unit_test(test_list_csv_comma_quotes_and_codes),
    };

    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
