/* test_fmt_enedis - Enedis R4x and R50 load curves judged as cdc documents: samples/enedis
 * against their .expect files, the real files of ../shared/samples/enedis (R4Q and R50 refused
 * for their step, R151/R171/HDM refused as not carried), UTC positions of start- and
 * end-stamped points, DST weeks, week S and the deterministic mRID. Run from the repository
 * top (it reads xsd/, samples/enedis/ and ../shared/samples/enedis/). */
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
#include "fmt_enedis.h"
#include "cal.h"

#define SHARED "../shared/samples/enedis/"

static struct fmt_ctx *g_ctx;

/* ---------------------------------------------------------------- helpers */

static struct fmt_ctx *
ctx_week(int week_start)
{
    struct fmt_opts o;
    char err[256];
    struct fmt_ctx *c;

    fmt_opts_default(&o);
    o.week_start = week_start;
    if ((c = fmt_ctx_new("xsd", &o, err, sizeof(err))) == NULL)
        fprintf(stderr, "fmt_ctx_new: %s\n", err);
    return c;
}

static int
group_setup(void **state)
{
    (void)state;
    g_ctx = ctx_week(6);
    return g_ctx == NULL ? -1 : 0;
}

static int
group_teardown(void **state)
{
    (void)state;
    fmt_ctx_free(g_ctx);
    return 0;
}

/* judge_fd - judge an open file */
static void
judge_fd(struct fmt_ctx *ctx, int fd, struct fmt_report *rep)
{
    fmt_report_init(rep, 0);
    assert_int_equal(fmt_check_fd(ctx, fd, rep), 0);
}

/* judge_file - judge a file by path */
static void
judge_file(struct fmt_ctx *ctx, const char *path, struct fmt_report *rep)
{
    int fd = open(path, O_RDONLY);

    if (fd < 0)
        fail_msg("%s: cannot open", path);
    judge_fd(ctx, fd, rep);
    close(fd);
}

/* judge_mem - judge data written to an unlinked temp file */
static void
judge_mem(struct fmt_ctx *ctx, const char *data, size_t len, struct fmt_report *rep)
{
    char path[] = "/tmp/test_fmt_enedis.XXXXXX";
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
    judge_fd(ctx, fd, rep);
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

static void
dump(const struct fmt_report *r)
{
    size_t i;

    for (i = 0; i < r->nreasons; i++)
        fprintf(stderr, "  %s %ld %s\n", r->reasons[i].code, r->reasons[i].line,
                r->reasons[i].text);
}

static void
expect_reasons(const struct fmt_report *r, const char *want)
{
    if (strcmp(reasons(r), want) != 0)
        dump(r);
    assert_string_equal(reasons(r), want);
}

/* has_code - the report holds a reason with this code */
static const struct fmt_reason *
has_code(const struct fmt_report *r, const char *code)
{
    size_t i;

    for (i = 0; i < r->nreasons; i++)
        if (strcmp(r->reasons[i].code, code) == 0)
            return &r->reasons[i];
    return NULL;
}

static time_t
at(const char *s)
{
    time_t t;

    if (fmt_enedis_parse_time(s, strlen(s), &t) != 0)
        fail_msg("%s: not parsed", s);
    return t;
}

/* A growing document. */
struct doc {
    char *data;
    size_t len;
    FILE *f;
};

static void
doc_open(struct doc *d)
{
    d->data = NULL;
    d->len = 0;
    d->f = open_memstream(&d->data, &d->len);
    assert_non_null(d->f);
}

static const char *
doc_close(struct doc *d)
{
    fclose(d->f);
    return d->data;
}

/* r4x_week - a 5-minute R4x covering the whole week starting y-m-d, every point stamped at
 * the start of its step with its local offset; line 4 is the PRM */
static void
r4x_week(struct doc *d, int y, int mo, int day, int minutes)
{
    time_t a, b, t;
    char loc[CAL_LOCAL_LEN + 1];

    assert_int_equal(cal_week_bounds(y, mo, day, &a, &b), 0);
    doc_open(d);
    fprintf(d->f,
            "<?xml version=\"1.0\"?>\n<Courbe>\n<Entete><Identifiant_Flux>R4x"
            "</Identifiant_Flux><Reference_Demande>42</Reference_Demande></Entete>\n"
            "<Corps><Identifiant_PRM>30001000000009</Identifiant_PRM>\n"
            "<Donnees_Courbe><Granularite>%d</Granularite><Unite_Mesure>kW</Unite_Mesure>"
            "<Grandeur_Metier>CONS</Grandeur_Metier><Grandeur_Physique>EA"
            "</Grandeur_Physique>\n",
            minutes);
    for (t = a; t < b; t += minutes * 60) {
        assert_int_equal(cal_format_local(t, loc, sizeof(loc)), 0);
        fprintf(d->f, "<Donnees_Point_Mesure Horodatage=\"%s\" Valeur_Point=\"7\"/>\n", loc);
    }
    fprintf(d->f, "</Donnees_Courbe>\n</Corps>\n</Courbe>\n");
}

/* r50_week - the same as an R50, points stamped at the END of their step */
static void
r50_week(struct doc *d, int y, int mo, int day, int minutes, int pas)
{
    time_t a, b, t;
    char loc[CAL_LOCAL_LEN + 1];

    assert_int_equal(cal_week_bounds(y, mo, day, &a, &b), 0);
    doc_open(d);
    fprintf(d->f, "<?xml version=\"1.0\"?>\n<R50>\n<En_Tete_Flux><Identifiant_Flux>R50"
                  "</Identifiant_Flux>");
    if (pas)
        fprintf(d->f, "<Pas_Publication>%d</Pas_Publication>", minutes);
    fprintf(d->f, "</En_Tete_Flux>\n<PRM><Id_PRM>09111000000009</Id_PRM>\n"
                  "<Donnees_Releve>\n");
    for (t = a + minutes * 60; t <= b; t += minutes * 60) {
        assert_int_equal(cal_format_local(t, loc, sizeof(loc)), 0);
        fprintf(d->f, "<PDC><H>%s</H><V>950</V></PDC>\n", loc);
    }
    fprintf(d->f, "</Donnees_Releve>\n</PRM>\n</R50>\n");
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
test_enedis_samples_match_expect(void **state)
{
    glob_t g;
    size_t i, nfiles = 0, nvalid = 0;

    (void)state;
    assert_int_equal(glob("samples/enedis/*.xml", 0, NULL, &g), 0);
    for (i = 0; i < g.gl_pathc; i++) {
        char path[512], line[256], want[4096], got[4096], *v[64];
        const char *base = strrchr(g.gl_pathv[i], '/') + 1;
        size_t n = 0, k;
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
        sorted_join(v, n, want, sizeof(want));
        for (k = 0; k < n; k++)
            free(v[k]);

        judge_file(g_ctx, g.gl_pathv[i], &r);
        for (n = 0; n < r.nreasons && n < 64; n++) {
            snprintf(line, sizeof(line), "%s %ld", r.reasons[n].code, r.reasons[n].line);
            v[n] = strdup(line);
        }
        sorted_join(v, n, got, sizeof(got));
        for (k = 0; k < n; k++)
            free(v[k]);
        if (strcmp(want, got) != 0) {
            dump(&r);
            fail_msg("%s: expected [%s], got [%s]", g.gl_pathv[i], want, got);
        }
        if (strstr(base, "r50") != NULL)
            assert_string_equal(r.flow, "enedis-r50");
        else
            assert_string_equal(r.flow, "enedis-r4x");
        if (strncmp(base, "valid", 5) == 0) {
            if (fmt_report_status(&r) == FMT_REJECTED)
                fail_msg("%s: rejected", g.gl_pathv[i]);
            nvalid++;
        } else if (strncmp(base, "ENEDIS-", 7) == 0 || strncmp(base, "CDC-WEEK", 8) == 0) {
            assert_int_equal(fmt_report_status(&r), FMT_REJECTED);
        }
        fmt_report_free(&r);
        nfiles++;
    }
    globfree(&g);
    assert_true(nvalid >= 3);
    assert_true(nfiles >= 8);
}

/* ---------------------------------------------------------------- the real files */

static int
have_shared(void)
{
    if (access(SHARED "R4Q.xml", R_OK) == 0)
        return 1;
    print_message("SKIP: " SHARED " is absent (third-party samples live outside the "
                  "repository)\n");
    return 0;
}

static void
test_enedis_real_r4q_r50_refused_for_their_step(void **state)
{
    struct fmt_report r;
    const struct fmt_reason *why;

    (void)state;
    if (!have_shared())
        skip();
    judge_file(g_ctx, SHARED "R4Q.xml", &r);
    assert_string_equal(r.flow, "enedis-r4x");
    assert_int_equal(fmt_report_status(&r), FMT_REJECTED);
    expect_reasons(&r, "ENEDIS-STEP 3,ENEDIS-IGNORED 0");
    why = has_code(&r, "ENEDIS-STEP");
    assert_non_null(strstr(why->text, "10-minute"));
    assert_non_null(strstr(why->text, "5-minute"));
    assert_non_null(strstr(why->text, "15-minute"));
    assert_non_null(strstr(has_code(&r, "ENEDIS-IGNORED")->text, "ERI"));
    /* the document-level facts are there even when it is refused */
    assert_string_equal(r.mrid, "R4X.30001642617347.64697659.20220202.20220203T023648Z");
    assert_string_equal(r.period, "2022-01-29");
    assert_string_equal(r.sender, "");
    fmt_report_free(&r);

    judge_file(g_ctx, SHARED "R50.xml", &r);
    assert_string_equal(r.flow, "enedis-r50");
    assert_int_equal(fmt_report_status(&r), FMT_REJECTED);
    expect_reasons(&r, "ENEDIS-STEP 1");
    assert_non_null(strstr(r.reasons[0].text, "30-minute"));
    assert_string_equal(r.mrid, "R50.09111642617347.3182891.20220202.20220204T020041Z");
    assert_string_equal(r.period, "2022-01-29");
    fmt_report_free(&r);
}

static void
test_enedis_real_other_documents_not_carried(void **state)
{
    static const char *const files[] = {SHARED "R151.xml", SHARED "R171.xml",
                                        SHARED "Enedis_SGE_HDM_A06NW10D.csv"};
    struct fmt_report r;
    size_t i;

    (void)state;
    if (!have_shared())
        skip();
    for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
        judge_file(g_ctx, files[i], &r);
        expect_reasons(&r, "UNKNOWN-FLOW 0");
        assert_string_equal(r.flow, "");
        if (i < 2)
            assert_non_null(strstr(r.reasons[0].text, "not a flow this gateway carries"));
        fmt_report_free(&r);
    }
}

/* ---------------------------------------------------------------- time and positions */

static void
test_fmt_enedis_parse_time_needs_an_offset(void **state)
{
    time_t t;

    (void)state;
    assert_int_equal(fmt_enedis_parse_time("2022-02-02T00:10:00+01:00", 25, &t), 0);
    assert_int_equal(t, at("2022-02-01T23:10:00Z"));
    assert_int_equal(fmt_enedis_parse_time(" 2022-07-01T12:00:00+02:00\n", 27, &t), 0);
    assert_int_equal(t, at("2022-07-01T10:00:00Z"));
    assert_int_equal(fmt_enedis_parse_time("2022-07-01T10:00:00-03:30", 25, &t), 0);
    assert_int_equal(t, at("2022-07-01T13:30:00Z"));
    errno = 0;
    assert_int_equal(fmt_enedis_parse_time("2022-02-03T02:37:56", 19, &t), -1);
    assert_int_equal(errno, ENOENT); /* R171's form: no offset */
    static const char *const bad[] = {
        "2022-02-30T00:00:00+01:00",     "2022-02-02T24:00:00+01:00", "2022-02-02T00:00:00+1:00",
        "2022-02-02T00:00:00.000+01:00", "2022-02-02 00:00:00+01:00", "2022-02-02T00:00+01:00",
        "2022-02-02T00:00:00+15:00",     "2150-01-01T00:00:00Z",      "",
    };
    size_t i;
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        errno = 0;
        if (fmt_enedis_parse_time(bad[i], strlen(bad[i]), &t) != -1 || errno != EINVAL)
            fail_msg("%s: not refused with EINVAL", bad[i]);
    }
}

static void
test_fmt_enedis_position_start_vs_end_stamped(void **state)
{
    time_t w = at("2026-01-10T00:00:00+01:00");

    (void)state;
    /* R4x: the point stamped 00:00 covers [00:00, 00:05): position 1 */
    assert_int_equal(fmt_enedis_position(at("2026-01-10T00:00:00+01:00"), 0, w, 5), 1);
    assert_int_equal(fmt_enedis_position(at("2026-01-10T00:05:00+01:00"), 0, w, 5), 2);
    /* R50: the point stamped 00:15 covers [00:00, 00:15): position 1 */
    assert_int_equal(fmt_enedis_position(at("2026-01-10T00:15:00+01:00"), 1, w, 15), 1);
    assert_int_equal(fmt_enedis_position(at("2026-01-10T01:00:00+01:00"), 1, w, 15), 4);
    /* R50 stamped at the week's start: its step belongs to the week before */
    assert_int_equal(fmt_enedis_position(w, 1, w, 15), 0);
    /* the last steps of the week */
    assert_int_equal(fmt_enedis_position(at("2026-01-16T23:55:00+01:00"), 0, w, 5), 2016);
    assert_int_equal(fmt_enedis_position(at("2026-01-17T00:00:00+01:00"), 1, w, 15), 672);
    /* off the grid */
    assert_int_equal(fmt_enedis_position(at("2026-01-10T00:07:00+01:00"), 0, w, 5), 0);
    assert_int_equal(fmt_enedis_position(at("2026-01-10T00:20:00+01:00"), 1, w, 15), 0);
    assert_int_equal(fmt_enedis_position(w, 0, w, 0), 0);
}

static void
test_fmt_enedis_position_across_dst(void **state)
{
    time_t oct = at("2026-10-24T00:00:00+02:00"), mar = at("2026-03-28T00:00:00+01:00");
    long a, b;

    (void)state;
    /* October: 02:00+02:00 and 02:00+01:00 are an hour apart, 12 five-minute positions */
    a = fmt_enedis_position(at("2026-10-25T02:00:00+02:00"), 0, oct, 5);
    b = fmt_enedis_position(at("2026-10-25T02:00:00+01:00"), 0, oct, 5);
    assert_int_equal(a, 288 + 24 + 1);
    assert_int_equal(b - a, 12);
    /* the last step of the long Sunday, and Monday's first, are consecutive */
    assert_int_equal(fmt_enedis_position(at("2026-10-26T00:00:00+01:00"), 0, oct, 5),
                     fmt_enedis_position(at("2026-10-25T23:55:00+01:00"), 0, oct, 5) + 1);
    assert_int_equal(fmt_enedis_position(at("2026-10-26T00:00:00+01:00"), 0, oct, 5),
                     288 + 300 + 1);
    /* end-stamped: 03:00+01:00 closes the step that began at 02:45+01:00 */
    assert_int_equal(fmt_enedis_position(at("2026-10-25T03:00:00+01:00"), 1, oct, 15),
                     fmt_enedis_position(at("2026-10-25T02:45:00+01:00"), 0, oct, 15));
    /* March: 01:55+01:00 is followed by 03:00+02:00 */
    assert_int_equal(fmt_enedis_position(at("2026-03-29T03:00:00+02:00"), 0, mar, 5),
                     fmt_enedis_position(at("2026-03-29T01:55:00+01:00"), 0, mar, 5) + 1);
    assert_int_equal(fmt_enedis_position(at("2026-03-29T03:00:00+02:00"), 1, mar, 15),
                     fmt_enedis_position(at("2026-03-29T01:45:00+01:00"), 0, mar, 15));
}

static void
test_fmt_enedis_week_of_follows_week_start(void **state)
{
    int y, mo, d;

    (void)state;
    /* Saturday weeks: Friday 23:59 local is still the week of the Saturday before */
    assert_int_equal(fmt_enedis_week_of(at("2026-01-16T23:59:00+01:00"), 6, &y, &mo, &d), 0);
    assert_true(y == 2026 && mo == 1 && d == 10);
    assert_int_equal(fmt_enedis_week_of(at("2026-01-17T00:00:00+01:00"), 6, &y, &mo, &d), 0);
    assert_true(y == 2026 && mo == 1 && d == 17);
    /* local, not UTC: 2026-01-16T23:30Z is Saturday 00:30 in Paris */
    assert_int_equal(fmt_enedis_week_of(at("2026-01-16T23:30:00Z"), 6, &y, &mo, &d), 0);
    assert_true(y == 2026 && mo == 1 && d == 17);
    /* Monday weeks, across a month and a year */
    assert_int_equal(fmt_enedis_week_of(at("2026-01-01T12:00:00+01:00"), 1, &y, &mo, &d), 0);
    assert_true(y == 2025 && mo == 12 && d == 29);
    errno = 0;
    assert_int_equal(fmt_enedis_week_of(0, 7, &y, &mo, &d), -1);
    assert_int_equal(errno, EINVAL);
}

/* ---------------------------------------------------------------- whole DST weeks */

static void
expect_complete(struct doc *d, const char *flow)
{
    struct fmt_report r;

    judge_mem(g_ctx, d->data, d->len, &r);
    assert_string_equal(r.flow, flow);
    /* every step present at its UTC position: no CDC-MISSING, no duplicate position */
    expect_reasons(&r, "ENEDIS-NO-PERIMETER 0");
    assert_int_equal(fmt_report_status(&r), FMT_ACCEPTED_WARNINGS);
    fmt_report_free(&r);
    free(d->data);
}

static void
test_enedis_dst_weeks_complete(void **state)
{
    struct doc d;

    (void)state;
    r4x_week(&d, 2026, 10, 24, 5); /* 2028 steps */
    doc_close(&d);
    expect_complete(&d, "enedis-r4x");
    r4x_week(&d, 2026, 3, 28, 5); /* 2004 steps */
    doc_close(&d);
    expect_complete(&d, "enedis-r4x");
    r4x_week(&d, 2026, 10, 24, 15); /* 676 quarter-hours */
    doc_close(&d);
    expect_complete(&d, "enedis-r4x");
    r50_week(&d, 2026, 10, 24, 15, 1); /* end-stamped, 676 */
    doc_close(&d);
    expect_complete(&d, "enedis-r50");
    r50_week(&d, 2026, 3, 28, 5, 1); /* end-stamped, 2004 */
    doc_close(&d);
    expect_complete(&d, "enedis-r50");
    r50_week(&d, 2026, 3, 28, 15, 0); /* no Pas_Publication: step from the spacing */
    doc_close(&d);
    expect_complete(&d, "enedis-r50");
}

static void
test_enedis_dst_october_repeated_hour_missing(void **state)
{
    struct doc d;
    struct fmt_report r;
    char *p;

    (void)state;
    /* drop the second 02:00 (the +01:00 one): exactly one missing step, not a duplicate */
    r4x_week(&d, 2026, 10, 24, 5);
    doc_close(&d);
    p = strstr(d.data, "Horodatage=\"2026-10-25T02:00:00+01:00\" Valeur_Point=\"7\"");
    assert_non_null(p);
    memcpy(strstr(p, "Valeur_Point"), "Valeur_Xxxxx", 12);
    judge_mem(g_ctx, d.data, strlen(d.data), &r);
    expect_reasons(&r, "CDC-MISSING 4,ENEDIS-NO-PERIMETER 0");
    assert_non_null(strstr(r.reasons[0].text, "1 missing steps of 2028"));
    fmt_report_free(&r);
    free(d.data);
}

static void
test_enedis_r50_spacing_refused(void **state)
{
    struct doc d;
    struct fmt_report r;

    (void)state;
    /* no Pas_Publication and 30-minute spacing: refused at the first point */
    r50_week(&d, 2026, 1, 10, 30, 0);
    doc_close(&d);
    judge_mem(g_ctx, d.data, d.len, &r);
    expect_reasons(&r, "ENEDIS-STEP 6");
    assert_non_null(strstr(r.reasons[0].text, "30-minute"));
    fmt_report_free(&r);
    free(d.data);
}

static void
test_enedis_small_documents(void **state)
{
    struct fmt_report r;
    const char *s;

    (void)state;
    /* a bad PRM, a unit that is not kW or W, a duplicate timestamp, a Z instant */
    s = "<Courbe><Entete><Identifiant_Flux>R4x</Identifiant_Flux></Entete>\n"
        "<Corps><Identifiant_PRM>3000164261734</Identifiant_PRM>\n"
        "<Donnees_Courbe><Granularite>5</Granularite><Unite_Mesure>kW</Unite_Mesure>"
        "<Grandeur_Physique>EA</Grandeur_Physique>\n"
        "<Donnees_Point_Mesure Horodatage=\"2026-01-14T00:00:00Z\" Valeur_Point=\"1\"/>\n"
        "</Donnees_Courbe></Corps></Courbe>\n";
    judge_mem(g_ctx, s, strlen(s), &r);
    expect_reasons(&r, "ENEDIS-PRM 2");
    fmt_report_free(&r);

    /* no PRM at all: said once, at the first point */
    s = "<Courbe><Entete><Identifiant_Flux>R4x</Identifiant_Flux></Entete>\n<Corps>\n"
        "<Donnees_Courbe><Granularite>5</Granularite><Unite_Mesure>kW</Unite_Mesure>"
        "<Grandeur_Physique>EA</Grandeur_Physique>\n"
        "<Donnees_Point_Mesure Horodatage=\"2026-01-14T00:00:00Z\" Valeur_Point=\"1\"/>\n"
        "<Donnees_Point_Mesure Horodatage=\"2026-01-14T00:05:00Z\" Valeur_Point=\"1\"/>\n"
        "</Donnees_Courbe></Corps></Courbe>\n";
    judge_mem(g_ctx, s, strlen(s), &r);
    expect_reasons(&r, "ENEDIS-PRM 4");
    fmt_report_free(&r);

    s = "<Courbe><Entete><Identifiant_Flux>R4x</Identifiant_Flux></Entete>\n"
        "<Corps><Identifiant_PRM>30001642617347</Identifiant_PRM>\n"
        "<Donnees_Courbe><Granularite>5</Granularite><Unite_Mesure>kWh</Unite_Mesure>"
        "<Grandeur_Physique>EA</Grandeur_Physique>\n"
        "<Donnees_Point_Mesure Horodatage=\"2026-01-14T00:00:00Z\" Valeur_Point=\"1\"/>\n"
        "</Donnees_Courbe></Corps></Courbe>\n";
    judge_mem(g_ctx, s, strlen(s), &r);
    expect_reasons(&r, "ENEDIS-UNIT 3");
    fmt_report_free(&r);

    s = "<Courbe><Entete><Identifiant_Flux>R4x</Identifiant_Flux></Entete>\n"
        "<Corps><Identifiant_PRM>30001642617347</Identifiant_PRM>\n"
        "<Donnees_Courbe><Granularite>15</Granularite><Unite_Mesure>W</Unite_Mesure>"
        "<Grandeur_Metier>CONS</Grandeur_Metier><Grandeur_Physique>EA</Grandeur_Physique>\n"
        "<Donnees_Point_Mesure Horodatage=\"2026-01-14T00:00:00+01:00\" Valeur_Point=\"1\"/>\n"
        "<Donnees_Point_Mesure Horodatage=\"2026-01-13T23:00:00Z\" Valeur_Point=\"2\"/>\n"
        "<Donnees_Point_Mesure Horodatage=\"2026-01-14T00:15:00+01:00\" Valeur_Point=\"-3\"/>\n"
        "<Donnees_Point_Mesure Horodatage=\"2026-01-14T00:31:00+01:00\" Valeur_Point=\"4\"/>\n"
        "<Donnees_Point_Mesure Horodatage=\"2026-01-14T00:45:00+01:00\"/>\n"
        "<Donnees_Point_Mesure Valeur_Point=\"5\"/>\n"
        "</Donnees_Courbe></Corps></Courbe>\n";
    judge_mem(g_ctx, s, strlen(s), &r);
    /* same instant twice; negative consumption; off the grid; no timestamp */
    expect_reasons(&r, "CDC-POSITION-DUP 5,CDC-NEGATIVE 6,ENEDIS-TIME 9,CDC-GRID 7");
    fmt_report_free(&r);

    /* not well-formed: XML, no derived reason */
    s = "<R50><En_Tete_Flux><Pas_Publication>15</Pas_Publication></En_Tete_Flux>\n<PRM>\n";
    judge_mem(g_ctx, s, strlen(s), &r);
    assert_string_equal(r.flow, "enedis-r50");
    assert_int_equal(fmt_report_status(&r), FMT_REJECTED);
    assert_non_null(has_code(&r, "XML"));
    assert_null(has_code(&r, "ENEDIS-NO-EA"));
    fmt_report_free(&r);

    /* a Courbe that is not an R4x stays unknown */
    s = "<Courbe><Entete><Identifiant_Flux>R99</Identifiant_Flux></Entete></Courbe>";
    judge_mem(g_ctx, s, strlen(s), &r);
    expect_reasons(&r, "UNKNOWN-FLOW 0");
    fmt_report_free(&r);
}

/* ---------------------------------------------------------------- document-level facts */

static void
test_enedis_document_facts_deterministic(void **state)
{
    struct fmt_report a, b;
    time_t deadline;
    size_t i;
    struct fmt_ctx *monday;

    (void)state;
    judge_file(g_ctx, "samples/enedis/valid-r4x-5min.xml", &a);
    judge_file(g_ctx, "samples/enedis/valid-r4x-5min.xml", &b);
    assert_string_equal(a.mrid, "R4X.30001000000001.71000001.20260114.20260120T023648Z");
    assert_string_equal(a.mrid, b.mrid);
    assert_true(strlen(a.mrid) >= 1 && strlen(a.mrid) <= 60);
    for (i = 0; a.mrid[i] != '\0'; i++)
        assert_non_null(strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                               "0123456789._-",
                               a.mrid[i]));
    assert_int_equal(a.revision, 1);
    assert_string_equal(a.sender, ""); /* the inbox's, in the daemon */
    assert_string_equal(a.period, "2026-01-10");
    assert_int_equal(cal_cdc_deadline(2026, 1, 10, &deadline), 0);
    assert_int_equal(a.deadline, deadline);
    assert_int_equal(a.deadline, at("2026-01-23T12:00:00+01:00"));
    assert_non_null(strstr(has_code(&a, "ENEDIS-NO-PERIMETER")->text, "passerelle check"));
    fmt_report_free(&a);
    fmt_report_free(&b);

    judge_file(g_ctx, "samples/enedis/valid-r50-15min.xml", &a);
    assert_string_equal(a.mrid, "R50.09111000000001.3182891.20260110.20260119T020041Z");
    assert_string_equal(a.period, "2026-01-10");
    fmt_report_free(&a);

    /* the week follows the configured week start */
    monday = ctx_week(1);
    assert_non_null(monday);
    judge_file(monday, "samples/enedis/valid-r4x-5min.xml", &a);
    assert_string_equal(a.period, "2026-01-12");
    assert_int_equal(fmt_report_status(&a), FMT_ACCEPTED_WARNINGS);
    fmt_report_free(&a);
    fmt_ctx_free(monday);
}

static void
test_enedis_codes_in_table(void **state)
{
    static const char *const codes[] = {
        "ENEDIS-STEP", "ENEDIS-OFFSET", "ENEDIS-TIME",    "ENEDIS-VALUE",        "ENEDIS-UNIT",
        "ENEDIS-PRM",  "ENEDIS-NO-EA",  "ENEDIS-IGNORED", "ENEDIS-NO-PERIMETER",
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++)
        assert_non_null(fmt_code_lookup(codes[i]));
    assert_int_equal(fmt_code_lookup("ENEDIS-STEP")->severity, FMT_SEV_ERROR);
    assert_int_equal(fmt_code_lookup("ENEDIS-IGNORED")->severity, FMT_SEV_WARNING);
    assert_int_equal(fmt_code_lookup("ENEDIS-NO-PERIMETER")->severity, FMT_SEV_WARNING);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_enedis_samples_match_expect),
        cmocka_unit_test(test_enedis_real_r4q_r50_refused_for_their_step),
        cmocka_unit_test(test_enedis_real_other_documents_not_carried),
        cmocka_unit_test(test_fmt_enedis_parse_time_needs_an_offset),
        cmocka_unit_test(test_fmt_enedis_position_start_vs_end_stamped),
        cmocka_unit_test(test_fmt_enedis_position_across_dst),
        cmocka_unit_test(test_fmt_enedis_week_of_follows_week_start),
        cmocka_unit_test(test_enedis_dst_weeks_complete),
        cmocka_unit_test(test_enedis_dst_october_repeated_hour_missing),
        cmocka_unit_test(test_enedis_r50_spacing_refused),
        cmocka_unit_test(test_enedis_small_documents),
        cmocka_unit_test(test_enedis_document_facts_deterministic),
        cmocka_unit_test(test_enedis_codes_in_table),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
