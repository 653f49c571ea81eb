/* test_fmt_cles - the répartition keys document: every rule good and bad with true line
 * numbers, month bounds and deadline (third Thursday of M+1, holidays included), the 1/n
 * document refused from a sender, broken values that yield no derived reason, lines past
 * 65535, and the samples/cles folder against its .expect files. Run from the repository top. */
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

#include "fmt.h"
#include "fmt_cles.h"
#include "fmt_ids.h"
#include "cal.h"

#define AA  "17X0000000AA01GC"
#define RTE "10XFR-RTE------Q"
/* Month M = January 2026: [2025-12-31T23:00Z, 2026-01-31T23:00Z). */
#define H0  "2026-01-12T08:00Z"
#define H1  "2026-01-12T09:00Z"

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

/* judge - write data to an unlinked temp file and judge it */
static void
judge(const char *data, size_t len, struct fmt_report *rep)
{
    char path[] = "/tmp/test_fmt_cles.XXXXXX";
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

/* reasons - "CODE LINE,CODE LINE" in report order */
static const char *
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

/* A document under construction, counting its lines. */
struct doc {
    char *data;
    size_t len;
    FILE *f;
    long line; /* lines written so far */
};

static long emit(struct doc *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* emit - one line; its number */
static long
emit(struct doc *d, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vfprintf(d->f, fmt, ap);
    va_end(ap);
    fputc('\n', d->f);
    return ++d->line;
}

/* doc_open_full - header lines 1-8 */
static void
doc_open_full(struct doc *d, const char *root, const char *sender, const char *receiver,
              const char *month)
{
    d->line = 0;
    d->f = open_memstream(&d->data, &d->len);
    assert_non_null(d->f);
    emit(d, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
    emit(d, "<%s xmlns=\"urn:passerelle:cles:1\">", root);
    emit(d, "  <mRID>K-1</mRID>");
    emit(d, "  <revision>3</revision>");
    emit(d, "  <sender>%s</sender>", sender);
    emit(d, "  <receiver>%s</receiver>", receiver);
    emit(d, "  <createdDateTime>2026-02-10T09:00:00Z</createdDateTime>");
    emit(d, "  <month>%s</month>", month);
}

static void
doc_open(struct doc *d, const char *month)
{
    doc_open_full(d, "ClesDeRepartition", AA, RTE, month);
}

static long
eda(struct doc *d, const char *id, const char *justification)
{
    if (justification != NULL)
        return emit(d, "  <EDA id=\"%s\" justification=\"%s\">", id, justification);
    return emit(d, "  <EDA id=\"%s\">", id);
}

static long
period(struct doc *d, const char *start, const char *end)
{
    return emit(d, "    <Period resolution=\"PT5M\" start=\"%s\" end=\"%s\">", start, end);
}

/* point - keys "11=0.1 12=0.2": site 300016100000<nn>; *keylines (if not NULL) gets each
 * Key's line. The Point's line. */
static long
point(struct doc *d, long pos, const char *keys, long *keylines)
{
    long pl = emit(d, "      <Point position=\"%ld\">", pos);
    const char *p = keys;
    int n = 0, k;
    char val[64];

    while (*p != '\0') {
        if (sscanf(p, "%d=%63s", &k, val) != 2)
            fail_msg("bad key spec %s", p);
        if (keylines != NULL)
            keylines[n] = d->line + 1;
        emit(d, "        <Key site=\"300016100000%02d\" value=\"%s\"/>", k, val);
        n++;
        p = strchr(p, ' ');
        if (p == NULL)
            break;
        p++;
    }
    emit(d, "      </Point>");
    return pl;
}

static void
end_period(struct doc *d)
{
    emit(d, "    </Period>");
}

static void
end_eda(struct doc *d)
{
    emit(d, "  </EDA>");
}

static const char *
doc_close(struct doc *d, const char *root)
{
    emit(d, "</%s>", root ? root : "ClesDeRepartition");
    fclose(d->f);
    return d->data;
}

/* expect - judge the document and compare; frees it */
static void
expect(struct doc *d, const char *expected)
{
    struct fmt_report r;
    size_t i;

    judge(d->data, d->len, &r);
    if (strcmp(reasons(&r), expected) != 0)
        for (i = 0; i < r.nreasons; i++)
            fprintf(stderr, "  %s %ld %s\n", r.reasons[i].code, r.reasons[i].line,
                    r.reasons[i].text);
    assert_string_equal(reasons(&r), expected);
    fmt_report_free(&r);
    free(d->data);
}

/* fmtx - a static formatted string */
static const char *fmtx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static const char *
fmtx(const char *fmt, ...)
{
    static char buf[1024];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    return buf;
}

/* two_points - an EDA of one hour period with points 1 and 2; their lines in pl[] */
static void
two_points(struct doc *d, const char *just, const char *k1, const char *k2, long pl[2], long kl1[8],
           long kl2[8])
{
    doc_open(d, "2026-01");
    eda(d, "EDA_1", just);
    period(d, H0, H1);
    pl[0] = point(d, 1, k1, kl1);
    pl[1] = point(d, 2, k2, kl2);
    end_period(d);
    end_eda(d);
    doc_close(d, NULL);
}

/* ---------------------------------------------------------------- table */

static void
test_cles_codes_in_table(void **state)
{
    static const struct {
        const char *code;
        enum fmt_severity sev;
        const char *rule;
    } want[] = {
        {"CLES-SUM", FMT_SEV_ERROR, "2.L.6.1.1"},
        {"CLES-SITES", FMT_SEV_ERROR, "2.L.6.1.1"},
        {"CLES-MIN-SITES", FMT_SEV_ERROR, "2.L.6.1.2"},
        {"CLES-RANGE", FMT_SEV_ERROR, "2.L.6.1.1"},
        {"CLES-JUSTIFIED", FMT_SEV_WARNING, "2.L.6.1.1"},
        {"CLES-MONTH", FMT_SEV_ERROR, "2.L.6.1.2"},
        {"CLES-INSTANT", FMT_SEV_ERROR, "FORMATS cles"},
        {"CLES-GRID", FMT_SEV_ERROR, "FORMATS cles"},
        {"CLES-STEP", FMT_SEV_ERROR, "FORMATS cles"},
        {"CLES-POSITION", FMT_SEV_ERROR, "FORMATS cles"},
        {"CLES-POSITION-DUP", FMT_SEV_ERROR, "FORMATS cles"},
        {"CLES-PERIOD-OVERLAP", FMT_SEV_ERROR, "FORMATS cles"},
        {"CLES-SITE-DUP", FMT_SEV_ERROR, "2.L.6.1.1"},
        {"CLES-EDA-DUP", FMT_SEV_ERROR, "FORMATS cles"},
        {"CLES-DEFAULT", FMT_SEV_ERROR, "2.L.6.1.2"},
    };
    const struct fmt_code *c;
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
        c = fmt_code_lookup(want[i].code);
        if (c == NULL)
            fail_msg("%s is not in the reason table", want[i].code);
        assert_int_equal(c->severity, want[i].sev);
        assert_string_equal(c->rule, want[i].rule);
    }
}

/* ---------------------------------------------------------------- month and deadline */

static void
deadline_is(int y, int mo, const char *want)
{
    time_t t;
    char buf[32];

    assert_int_equal(fmt_cles_deadline(y, mo, &t), 0);
    assert_int_equal(cal_format_local(t, buf, sizeof(buf)), 0);
    assert_string_equal(buf, want);
}

static void
test_fmt_cles_deadline_third_thursday(void **state)
{
    time_t t;

    (void)state;
    deadline_is(2026, 1, "2026-02-19T23:59:59+01:00");
    deadline_is(2026, 3, "2026-04-16T23:59:59+02:00");  /* 1 April is a Wednesday */
    deadline_is(2026, 10, "2026-11-19T23:59:59+01:00"); /* 1 November is a Sunday */
    deadline_is(2026, 12, "2027-01-21T23:59:59+01:00"); /* next year */
    deadline_is(2030, 7, "2030-08-15T23:59:59+02:00");  /* 1 August a Thursday; 15th a holiday */
    deadline_is(2026, 4, "2026-05-21T23:59:59+02:00");  /* 1 May (Friday): still the 3rd Thu */
    errno = 0;
    assert_int_equal(fmt_cles_deadline(2026, 13, &t), -1);
    assert_int_equal(errno, EINVAL);
    assert_int_equal(fmt_cles_deadline(2026, 0, &t), -1);
    assert_int_equal(fmt_cles_deadline(2099, 12, &t), -1);
    assert_int_equal(errno, ERANGE);
}

static void
bounds_are(int y, int mo, const char *a, const char *b)
{
    time_t s, e;
    char buf[32];

    assert_int_equal(fmt_cles_month_bounds(y, mo, &s, &e), 0);
    assert_int_equal(cal_format_utc(s, buf, sizeof(buf)), 0);
    assert_string_equal(buf, a);
    assert_int_equal(cal_format_utc(e, buf, sizeof(buf)), 0);
    assert_string_equal(buf, b);
}

static void
test_fmt_cles_month_bounds_local(void **state)
{
    time_t s, e;

    (void)state;
    bounds_are(2026, 1, "2025-12-31T23:00:00Z", "2026-01-31T23:00:00Z");
    bounds_are(2026, 3, "2026-02-28T23:00:00Z", "2026-03-31T22:00:00Z");
    bounds_are(2026, 10, "2026-09-30T22:00:00Z", "2026-10-31T23:00:00Z");
    bounds_are(2026, 12, "2026-11-30T23:00:00Z", "2026-12-31T23:00:00Z");
    assert_int_equal(fmt_cles_month_bounds(2026, 13, &s, &e), -1);
    assert_int_equal(fmt_cles_month_bounds(1990, 1, &s, &e), -1);
}

static void
test_cles_fills_report(void **state)
{
    struct fmt_report r;
    char buf[32];
    int fd;

    (void)state;
    fd = open("samples/cles/valid.xml", O_RDONLY);
    assert_true(fd >= 0);
    fmt_report_init(&r, 0);
    assert_int_equal(fmt_check_fd(g_ctx, fd, &r), 0);
    close(fd);
    assert_int_equal(fmt_report_status(&r), FMT_ACCEPTED);
    assert_string_equal(r.flow, "cles");
    assert_string_equal(r.mrid, "AA-CLES-202601");
    assert_int_equal(r.revision, 1);
    assert_string_equal(r.sender, AA);
    assert_string_equal(r.receiver, RTE);
    assert_string_equal(r.period, "2026-01");
    assert_int_equal(cal_format_utc(r.deadline, buf, sizeof(buf)), 0);
    assert_string_equal(buf, "2026-02-19T22:59:59Z");
    fmt_report_free(&r);
}

/* ---------------------------------------------------------------- rules */

static void
test_cles_sum_exactly_one(void **state)
{
    struct doc d;
    long pl[2];

    (void)state;
    two_points(&d, NULL, "11=0.1 12=0.2 13=0.7", "13=0.7 11=0.2 12=0.1", pl, NULL, NULL);
    expect(&d, "");
    two_points(&d, NULL, "11=0.333333333333 12=0.333333333333 13=0.333333333334",
               "11=1 12=0 13=0.000", pl, NULL, NULL);
    expect(&d, "");
    two_points(&d, NULL, "11=0.1 12=0.2 13=0.7",
               "11=0.333333333333 12=0.333333333333 13=0.333333333333", pl, NULL, NULL);
    expect(&d, fmtx("CLES-SUM %ld", pl[1]));
    two_points(&d, NULL, "11=0.1 12=0.2 13=0.700000000001", "11=0.1 12=0.2 13=0.7", pl, NULL, NULL);
    expect(&d, fmtx("CLES-SUM %ld", pl[0]));
    two_points(&d, NULL, "11=0.5 12=0.4", "11=0.5 12=0.6", pl, NULL, NULL);
    expect(&d, fmtx("CLES-SUM %ld,CLES-SUM %ld", pl[0], pl[1]));
    /* leading zeros, a plus sign, blanks collapsed by the schema: still exact */
    two_points(&d, NULL, "11=00.50 12=+0.5", "11=0.5 12=0.500000000000", pl, NULL, NULL);
    expect(&d, "");
}

static void
test_cles_sum_overflow_is_an_error(void **state)
{
    struct doc d;
    long pl[2];

    (void)state;
    two_points(&d, "J-1", "11=999999999999999999 12=999999999999999999", "11=0.5 12=0.5", pl, NULL,
               NULL);
    expect(&d, fmtx("CLES-SUM %ld,CLES-JUSTIFIED %ld", pl[0], pl[0] + 1));
}

static void
test_cles_range_and_justification(void **state)
{
    struct doc d;
    long pl[2], k1[8], k2[8];

    (void)state;
    two_points(&d, NULL, "11=0 12=1", "11=1.000 12=0.0", pl, k1, k2);
    expect(&d, "");
    two_points(&d, NULL, "11=0.5 12=0.5", "11=1.2 12=-0.2", pl, k1, k2);
    expect(&d, fmtx("CLES-RANGE %ld,CLES-RANGE %ld", k2[0], k2[1]));
    two_points(&d, NULL, "11=1.000000000001 12=-0.000000000001", "11=0.5 12=0.5", pl, k1, k2);
    expect(&d, fmtx("CLES-RANGE %ld,CLES-RANGE %ld", k1[0], k1[1]));
    /* justified: one warning for the EDA, at its first key outside [0, 1] */
    two_points(&d, "DOC-42", "11=0.5 12=0.5", "11=1.2 12=-0.2", pl, k1, k2);
    expect(&d, fmtx("CLES-JUSTIFIED %ld", k2[0]));
    two_points(&d, "DOC-42", "11=2 12=-1", "11=1.2 12=-0.2", pl, k1, k2);
    expect(&d, fmtx("CLES-JUSTIFIED %ld", k1[0]));
    /* a justification does not excuse a wrong sum */
    two_points(&d, "DOC-42", "11=0.5 12=0.5", "11=1.2 12=-0.3", pl, k1, k2);
    expect(&d, fmtx("CLES-SUM %ld,CLES-JUSTIFIED %ld", pl[1], k2[0]));
    /* justification only counts for its own EDA */
    doc_open(&d, "2026-01");
    eda(&d, "EDA_J", "DOC-42");
    period(&d, H0, H1);
    pl[0] = point(&d, 1, "11=1.5 12=-0.5", k1);
    end_period(&d);
    end_eda(&d);
    eda(&d, "EDA_K", NULL);
    period(&d, H0, H1);
    pl[1] = point(&d, 1, "11=1.5 12=-0.5", k2);
    end_period(&d);
    end_eda(&d);
    doc_close(&d, NULL);
    expect(&d, fmtx("CLES-JUSTIFIED %ld,CLES-RANGE %ld,CLES-RANGE %ld", k1[0], k2[0], k2[1]));
}

static void
test_cles_same_sites_on_every_point(void **state)
{
    struct doc d;
    long pl[2];

    (void)state;
    two_points(&d, NULL, "11=0.5 12=0.5", "12=0.5 11=0.5", pl, NULL, NULL);
    expect(&d, "");
    two_points(&d, NULL, "11=0.5 12=0.5", "11=0.5 13=0.5", pl, NULL, NULL);
    expect(&d, fmtx("CLES-SITES %ld", pl[1]));
    two_points(&d, NULL, "11=0.1 12=0.2 13=0.7", "11=0.3 13=0.7", pl, NULL, NULL);
    expect(&d, fmtx("CLES-SITES %ld", pl[1]));
    two_points(&d, NULL, "11=0.5 12=0.5", "11=0.5 12=0.25 13=0.25", pl, NULL, NULL);
    expect(&d, fmtx("CLES-SITES %ld", pl[1]));
    /* the set is the EDA's: a second EDA has its own */
    doc_open(&d, "2026-01");
    eda(&d, "EDA_A", NULL);
    period(&d, H0, H1);
    point(&d, 1, "11=0.5 12=0.5", NULL);
    end_period(&d);
    end_eda(&d);
    eda(&d, "EDA_B", NULL);
    period(&d, H0, H1);
    point(&d, 1, "13=0.5 14=0.5", NULL);
    end_period(&d);
    period(&d, "2026-01-13T08:00Z", "2026-01-13T08:05Z");
    pl[0] = point(&d, 1, "11=0.5 12=0.5", NULL);
    end_period(&d);
    end_eda(&d);
    doc_close(&d, NULL);
    expect(&d, fmtx("CLES-SITES %ld", pl[0]));
}

static void
test_cles_many_sites(void **state)
{
    struct doc d;
    long pl[3];
    int i, k, s;

    (void)state;
    /* 1000 sites of 0.001 each (the set grows past its first tables); the second point names
     * them in reverse order, the third replaces one by a stranger. Written by hand: the
     * helper's sites are two-digit. */
    doc_open(&d, "2026-01");
    eda(&d, "EDA_BIG", NULL);
    period(&d, H0, H1);
    for (k = 0; k < 3; k++) {
        pl[k] = emit(&d, "      <Point position=\"%d\">", k + 1);
        for (i = 0; i < 1000; i++) {
            s = k == 1 ? 999 - i : i;
            if (k == 2 && i == 500)
                s = 5000; /* a stranger instead of site 500 */
            emit(&d, "        <Key site=\"3000161%07d\" value=\"0.001\"/>", s);
        }
        emit(&d, "      </Point>");
    }
    end_period(&d);
    end_eda(&d);
    doc_close(&d, NULL);
    expect(&d, fmtx("CLES-SITES %ld", pl[2]));
}

static void
test_cles_min_two_sites(void **state)
{
    struct doc d;
    long pl[2];

    (void)state;
    two_points(&d, NULL, "11=1", "11=1", pl, NULL, NULL);
    expect(&d, fmtx("CLES-MIN-SITES %ld", pl[0]));
    two_points(&d, NULL, "11=0.5 12=0.5", "11=0.5 12=0.5", pl, NULL, NULL);
    expect(&d, "");
    /* a point naming one site twice is one site */
    two_points(&d, NULL, "11=0.5 11=0.5", "11=1", pl, NULL, NULL);
    expect(&d, fmtx("CLES-SITE-DUP %ld,CLES-MIN-SITES %ld", pl[0] + 2, pl[0]));
}

static void
test_cles_site_once_per_point(void **state)
{
    struct doc d;
    long pl[2], k2[8];

    (void)state;
    two_points(&d, NULL, "11=0.5 12=0.5", "11=0.2 11=0.3 12=0.5", pl, NULL, k2);
    expect(&d, fmtx("CLES-SITE-DUP %ld", k2[1]));
}

static void
test_cles_month_bounds(void **state)
{
    struct doc d;
    long l1, l2;

    (void)state;
    /* the first and last local steps of January are in; one step outside is not */
    doc_open(&d, "2026-01");
    eda(&d, "EDA_1", NULL);
    period(&d, "2025-12-31T23:00Z", "2025-12-31T23:05Z");
    point(&d, 1, "11=0.5 12=0.5", NULL);
    end_period(&d);
    period(&d, "2026-01-31T22:55Z", "2026-01-31T23:00Z");
    point(&d, 1, "11=0.5 12=0.5", NULL);
    end_period(&d);
    l1 = period(&d, "2025-12-31T22:55Z", "2025-12-31T23:00Z");
    point(&d, 1, "11=0.5 12=0.5", NULL);
    end_period(&d);
    l2 = period(&d, "2026-01-31T23:00Z", "2026-01-31T23:05Z");
    point(&d, 1, "11=0.5 12=0.5", NULL);
    end_period(&d);
    end_eda(&d);
    doc_close(&d, NULL);
    expect(&d, fmtx("CLES-MONTH %ld,CLES-MONTH %ld", l1, l2));
    /* March 2026 ends at 22:00Z (summer time) */
    doc_open(&d, "2026-03");
    eda(&d, "EDA_1", NULL);
    period(&d, "2026-03-31T21:55Z", "2026-03-31T22:00Z");
    point(&d, 1, "11=0.5 12=0.5", NULL);
    end_period(&d);
    l1 = period(&d, "2026-03-31T22:00Z", "2026-03-31T22:05Z");
    point(&d, 1, "11=0.5 12=0.5", NULL);
    end_period(&d);
    end_eda(&d);
    doc_close(&d, NULL);
    expect(&d, fmtx("CLES-MONTH %ld", l1));
    /* a month outside the supported years */
    doc_open(&d, "1990-01");
    eda(&d, "EDA_1", NULL);
    period(&d, H0, H1);
    point(&d, 1, "11=0.5 12=0.5", NULL);
    end_period(&d);
    end_eda(&d);
    doc_close(&d, NULL);
    expect(&d, "CLES-MONTH 8");
}

/* one_period - one EDA, one period [a, b), points 1..n (n <= 3) or the given positions */
static long
one_period(struct doc *d, const char *a, const char *b, const long *pos, int n, long *pl)
{
    long l;
    int i;

    doc_open(d, "2026-01");
    eda(d, "EDA_1", NULL);
    l = period(d, a, b);
    for (i = 0; i < n; i++)
        pl[i] = point(d, pos[i], "11=0.5 12=0.5", NULL);
    end_period(d);
    end_eda(d);
    doc_close(d, NULL);
    return l;
}

static void
test_cles_grid_steps_positions(void **state)
{
    static const long p12[] = {1, 2}, p13[] = {1, 13}, pdup[] = {1, 2, 2}, p12only[] = {12};
    struct doc d;
    long l, pl[3];

    (void)state;
    one_period(&d, H0, H1, p12only, 1, pl);
    expect(&d, "");
    l = one_period(&d, "2026-01-12T08:02Z", "2026-01-12T08:07Z", p12, 1, pl);
    expect(&d, fmtx("CLES-GRID %ld", l));
    l = one_period(&d, H1, H0, p12, 1, pl);
    expect(&d, fmtx("CLES-STEP %ld", l));
    l = one_period(&d, H0, H0, p12, 1, pl);
    expect(&d, fmtx("CLES-STEP %ld", l));
    l = one_period(&d, H0, "2026-01-12T08:07Z", p12, 1, pl);
    expect(&d, fmtx("CLES-STEP %ld", l));
    one_period(&d, H0, H1, p13, 2, pl);
    expect(&d, fmtx("CLES-POSITION %ld", pl[1]));
    one_period(&d, H0, H1, pdup, 3, pl);
    expect(&d, fmtx("CLES-POSITION-DUP %ld", pl[2]));
    l = one_period(&d, "2026-01-12T24:00Z", H1, p12, 1, pl);
    expect(&d, fmtx("CLES-INSTANT %ld", l));
    l = one_period(&d, H0, "2026-02-30T00:00Z", p12, 1, pl);
    expect(&d, fmtx("CLES-INSTANT %ld", l));
}

static void
test_cles_periods_and_edas_once(void **state)
{
    struct doc d;
    long l1, l2;

    (void)state;
    doc_open(&d, "2026-01");
    eda(&d, "EDA_1", NULL);
    period(&d, H0, H1);
    point(&d, 1, "11=0.5 12=0.5", NULL);
    end_period(&d);
    period(&d, H1, "2026-01-12T09:10Z"); /* adjacent: fine */
    point(&d, 1, "11=0.5 12=0.5", NULL);
    end_period(&d);
    l1 = period(&d, "2026-01-12T08:55Z", "2026-01-12T09:00Z");
    point(&d, 1, "11=0.5 12=0.5", NULL);
    end_period(&d);
    end_eda(&d);
    l2 = eda(&d, "EDA_1", NULL);
    period(&d, "2026-01-14T08:00Z", "2026-01-14T08:05Z");
    point(&d, 1, "11=0.5 12=0.5", NULL);
    end_period(&d);
    end_eda(&d);
    eda(&d, "EDA_2", NULL); /* same periods as EDA_1: another EDA, fine */
    period(&d, H0, H1);
    point(&d, 1, "11=0.5 12=0.5", NULL);
    end_period(&d);
    end_eda(&d);
    doc_close(&d, NULL);
    expect(&d, fmtx("CLES-PERIOD-OVERLAP %ld,CLES-EDA-DUP %ld", l1, l2));
}

static void
test_cles_eic_check_characters(void **state)
{
    struct doc d;

    (void)state;
    doc_open_full(&d, "ClesDeRepartition", "17X0000000AA01GA", "10XFR-RTE------A", "2026-01");
    eda(&d, "EDA_1", NULL);
    period(&d, H0, H1);
    point(&d, 1, "11=0.5 12=0.5", NULL);
    end_period(&d);
    end_eda(&d);
    doc_close(&d, NULL);
    expect(&d, "EIC-CHECK 5,EIC-CHECK 6");
}

static void
test_cles_default_document_refused(void **state)
{
    struct doc d;

    (void)state;
    doc_open_full(&d, "ClesParDefaut", AA, RTE, "2026-01");
    emit(&d, "  <EDA id=\"EDA_1\" aa=\"%s\">", AA);
    emit(&d, "    <Period resolution=\"PT5M\" start=\"%s\" end=\"%s\"/>", H0, H1);
    emit(&d, "    <Key site=\"30001610000011\" fraction=\"1/2\"/>");
    emit(&d, "    <Key site=\"30001610000012\" fraction=\"1/2\"/>");
    emit(&d, "  </EDA>");
    doc_close(&d, "ClesParDefaut");
    expect(&d, "CLES-DEFAULT 2");
    /* the schema knows its shape: a decimal where 1/n belongs is a schema error */
    doc_open_full(&d, "ClesParDefaut", AA, RTE, "2026-01");
    emit(&d, "  <EDA id=\"EDA_1\" aa=\"%s\">", AA);
    emit(&d, "    <Period resolution=\"PT5M\" start=\"%s\" end=\"%s\"/>", H0, H1);
    emit(&d, "    <Key site=\"30001610000011\" fraction=\"0.333333333333\"/>");
    emit(&d, "    <Key site=\"30001610000012\" fraction=\"2/3\"/>");
    emit(&d, "  </EDA>");
    doc_close(&d, "ClesParDefaut");
    expect(&d, "CLES-DEFAULT 2,XSD 11,XSD 12");
}

static void
test_cles_broken_values_yield_no_derived_reason(void **state)
{
    struct doc d;
    long pl[2], k2[8];

    (void)state;
    /* a decimal comma: XSD only, no CLES-SUM */
    two_points(&d, NULL, "11=0.5 12=0.5", "11=0,5 12=0.5", pl, NULL, k2);
    expect(&d, fmtx("XSD %ld", k2[0]));
    /* 13 fraction digits: XSD only */
    two_points(&d, NULL, "11=0.5 12=0.5", "11=0.4999999999995 12=0.5000000000005", pl, NULL, k2);
    expect(&d, fmtx("XSD %ld,XSD %ld", k2[0], k2[1]));
    /* a malformed site on the first point: no set from it, the next point builds it */
    doc_open(&d, "2026-01");
    eda(&d, "EDA_1", NULL);
    period(&d, H0, H1);
    emit(&d, "      <Point position=\"1\">");
    pl[0] = emit(&d, "        <Key site=\"3000161000001\" value=\"0.5\"/>");
    emit(&d, "        <Key site=\"30001610000012\" value=\"0.5\"/>");
    emit(&d, "      </Point>");
    point(&d, 2, "11=0.5 12=0.5", NULL);
    point(&d, 3, "12=0.5 11=0.5", NULL);
    end_period(&d);
    end_eda(&d);
    doc_close(&d, NULL);
    expect(&d, fmtx("XSD %ld", pl[0]));
}

static void
test_cles_lines_past_65535(void **state)
{
    struct doc d;
    long pl = 0, i;

    (void)state;
    doc_open(&d, "2026-01");
    eda(&d, "EDA_1", NULL);
    /* the whole month at PT5M: 8928 steps of 5 lines each */
    period(&d, "2025-12-31T23:00Z", "2026-01-31T23:00Z");
    for (i = 1; i <= 8928; i++)
        point(&d, i, "11=0.25 12=0.25 13=0.5", NULL);
    end_period(&d);
    end_eda(&d);
    eda(&d, "EDA_2", NULL);
    period(&d, "2025-12-31T23:00Z", "2026-01-31T23:00Z");
    for (i = 1; i <= 8928; i++)
        pl = point(&d, i, i == 8928 ? "11=0.25 12=0.25 13=0.25" : "11=0.25 12=0.25 13=0.5", NULL);
    end_period(&d);
    end_eda(&d);
    doc_close(&d, NULL);
    assert_true(pl > 65535);
    expect(&d, fmtx("CLES-SUM %ld", pl));
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

static void
test_cles_samples_match_expect(void **state)
{
    glob_t g;
    size_t i, nfiles = 0, nvalid = 0;

    (void)state;
    assert_int_equal(glob("samples/cles/*.xml", 0, NULL, &g), 0);
    for (i = 0; i < g.gl_pathc; i++) {
        char path[512], line[256], want[8192], got[8192], *v[256];
        const char *base = strrchr(g.gl_pathv[i], '/') + 1;
        size_t n = 0, k;
        struct fmt_report r;
        FILE *f;
        int fd;

        snprintf(path, sizeof(path), "%.*s.expect", (int)(strlen(g.gl_pathv[i]) - 4),
                 g.gl_pathv[i]);
        f = fopen(path, "r");
        if (f == NULL)
            fail_msg("%s: no .expect file", g.gl_pathv[i]);
        while (fgets(line, sizeof(line), f) != NULL && n < 256) {
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
        for (n = 0; n < r.nreasons && n < 256; n++) {
            snprintf(line, sizeof(line), "%s %ld", r.reasons[n].code, r.reasons[n].line);
            v[n] = strdup(line);
        }
        sorted_join(v, n, got, sizeof(got));
        for (k = 0; k < n; k++)
            free(v[k]);
        if (strcmp(want, got) != 0)
            fail_msg("%s: expected [%s], got [%s]", g.gl_pathv[i], want, got);
        assert_string_equal(r.flow, "cles");
        /* the file name says the verdict: valid*, the justified warning, or its code */
        if (strncmp(base, "valid", 5) == 0) {
            if (fmt_report_status(&r) != FMT_ACCEPTED)
                fail_msg("%s: not accepted", g.gl_pathv[i]);
            nvalid++;
        } else if (strcmp(base, "CLES-JUSTIFIED.xml") == 0) {
            assert_int_equal(fmt_report_status(&r), FMT_ACCEPTED_WARNINGS);
        } else {
            if (fmt_report_status(&r) != FMT_REJECTED)
                fail_msg("%s: not rejected", g.gl_pathv[i]);
            if (strncmp(base, r.reasons[0].code, strlen(r.reasons[0].code)) != 0)
                fail_msg("%s: named after another code than %s", base, r.reasons[0].code);
        }
        fmt_report_free(&r);
        nfiles++;
    }
    globfree(&g);
    assert_true(nvalid >= 2);
    assert_true(nfiles >= 20);
}

static void
test_cles_sample_eics_are_valid(void **state)
{
    (void)state;
    assert_true(fmt_eic_valid(AA, 16));
    assert_true(fmt_eic_valid(RTE, 16));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cles_codes_in_table),
        cmocka_unit_test(test_fmt_cles_deadline_third_thursday),
        cmocka_unit_test(test_fmt_cles_month_bounds_local),
        cmocka_unit_test(test_cles_fills_report),
        cmocka_unit_test(test_cles_sum_exactly_one),
        cmocka_unit_test(test_cles_sum_overflow_is_an_error),
        cmocka_unit_test(test_cles_range_and_justification),
        cmocka_unit_test(test_cles_same_sites_on_every_point),
        cmocka_unit_test(test_cles_many_sites),
        cmocka_unit_test(test_cles_min_two_sites),
        cmocka_unit_test(test_cles_site_once_per_point),
        cmocka_unit_test(test_cles_month_bounds),
        cmocka_unit_test(test_cles_grid_steps_positions),
        cmocka_unit_test(test_cles_periods_and_edas_once),
        cmocka_unit_test(test_cles_eic_check_characters),
        cmocka_unit_test(test_cles_default_document_refused),
        cmocka_unit_test(test_cles_broken_values_yield_no_derived_reason),
        cmocka_unit_test(test_cles_lines_past_65535),
        cmocka_unit_test(test_cles_samples_match_expect),
        cmocka_unit_test(test_cles_sample_eics_are_valid),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
