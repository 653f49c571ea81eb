/* test_fmt_cover - the 5-minute coverage bitmaps of week S (formats/fmt_cover.c) and what the
 * load-curve check hands to the daemon at each series' end (fmt_sink.cdc_cover): PT5M and
 * PT15M points, several periods, missing positions, DST weeks (2004 and 2028 slots), nothing
 * outside a valid week. Run from the repository top (it reads xsd/). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "fmt.h"
#include "fmt_cover.h"

/* ---------------------------------------------------------------- bitmaps */

static void
test_fmt_cover_set_and_count(void **state)
{
    uint8_t bm[FMT_COVER_BYTES];

    (void)state;
    memset(bm, 0, sizeof(bm));
    fmt_cover_set(bm, 0, 1);
    fmt_cover_set(bm, 7, 3); /* crosses a byte */
    assert_int_equal(bm[0], 0x81);
    assert_int_equal(bm[1], 0x03);
    assert_int_equal(fmt_cover_count(bm, 2016), 4);
    assert_int_equal(fmt_cover_count(bm, 8), 2); /* only the first 8 slots */
    assert_true(fmt_cover_test(bm, 9));
    assert_false(fmt_cover_test(bm, 10));
    assert_false(fmt_cover_test(bm, -1));
    assert_false(fmt_cover_test(bm, FMT_COVER_SLOTS_MAX));
    /* clipped at both ends, never written out of bounds */
    fmt_cover_set(bm, -5, 6);
    fmt_cover_set(bm, 2026, 100);
    assert_int_equal(fmt_cover_count(bm, 2028), 4 + 2); /* slot 0 was already set */
    assert_int_equal(fmt_cover_count(bm, FMT_COVER_SLOTS_MAX), 4 + 22);
    assert_int_equal(fmt_cover_bytes(2028), 254);
    assert_int_equal(fmt_cover_bytes(2016), 252);
    assert_int_equal(fmt_cover_bytes(2004), 251);
    assert_int_equal(fmt_cover_bytes(0), 0);
    assert_int_equal(fmt_cover_bytes(5000), FMT_COVER_BYTES);
}

static void
test_fmt_cover_common_first_and_count(void **state)
{
    uint8_t a[FMT_COVER_BYTES], b[FMT_COVER_BYTES];
    long first;

    (void)state;
    memset(a, 0, sizeof(a));
    memset(b, 0, sizeof(b));
    fmt_cover_set(a, 0, 288);  /* first day */
    fmt_cover_set(b, 600, 10); /* second day */
    assert_int_equal(fmt_cover_common(a, b, 2016, &first), 0);
    assert_int_equal(first, -1);
    fmt_cover_set(b, 280, 12); /* 8 slots shared: 280..287 */
    assert_int_equal(fmt_cover_common(a, b, 2016, &first), 8);
    assert_int_equal(first, 280);
    assert_int_equal(fmt_cover_common(b, a, 2016, &first), 8);
    assert_int_equal(first, 280);
    fmt_cover_or(a, b, fmt_cover_bytes(2016));
    assert_int_equal(fmt_cover_count(a, 2016), 288 + 4 + 10);
}

static void
test_fmt_cover_missing_runs_pt5m(void **state)
{
    uint8_t exp[FMT_COVER_BYTES], cov[FMT_COVER_BYTES];
    long from = 0, s, e;

    (void)state;
    memset(exp, 0, sizeof(exp));
    memset(cov, 0, sizeof(cov));
    fmt_cover_set(exp, 0, 2016);
    fmt_cover_set(cov, 0, 10);
    fmt_cover_set(cov, 12, 2000);
    assert_int_equal(fmt_cover_missing_run(exp, cov, 2016, 1, &from, &s, &e), 1);
    assert_int_equal(s, 10);
    assert_int_equal(e, 12);
    assert_int_equal(fmt_cover_missing_run(exp, cov, 2016, 1, &from, &s, &e), 1);
    assert_int_equal(s, 2012);
    assert_int_equal(e, 2016);
    assert_int_equal(fmt_cover_missing_run(exp, cov, 2016, 1, &from, &s, &e), 0);
    /* not expected: not missing (a site outside the perimeter on those days) */
    memset(exp, 0, sizeof(exp));
    fmt_cover_set(exp, 0, 11);
    from = 0;
    assert_int_equal(fmt_cover_missing_run(exp, cov, 2016, 1, &from, &s, &e), 1);
    assert_int_equal(s, 10);
    assert_int_equal(e, 11);
    assert_int_equal(fmt_cover_missing_run(exp, cov, 2016, 1, &from, &s, &e), 0);
}

static void
test_fmt_cover_missing_runs_pt15m(void **state)
{
    uint8_t exp[FMT_COVER_BYTES], cov[FMT_COVER_BYTES];
    long from = 0, s, e;

    (void)state;
    memset(exp, 0, sizeof(exp));
    memset(cov, 0, sizeof(cov));
    fmt_cover_set(exp, 0, 2028); /* October week: 676 quarter-hours */
    fmt_cover_set(cov, 0, 2028);
    memset(cov + 3, 0, 9); /* slots 24..95 empty: quarter-hours 8..31 */
    cov[2028 / 8 - 1] = 0; /* slots 2016..2023: quarter-hours 672..674 (675 half) */
    assert_int_equal(fmt_cover_missing_run(exp, cov, 2028, 3, &from, &s, &e), 1);
    assert_int_equal(s, 8);
    assert_int_equal(e, 32);
    /* quarter-hour 674 = slots 2022..2024: 2024 is still covered, so it is not missing */
    assert_int_equal(fmt_cover_missing_run(exp, cov, 2028, 3, &from, &s, &e), 1);
    assert_int_equal(s, 672);
    assert_int_equal(e, 674);
    assert_int_equal(fmt_cover_missing_run(exp, cov, 2028, 3, &from, &s, &e), 0);
    assert_int_equal(fmt_cover_missing_run(exp, cov, 2028, 0, &from, &s, &e), 0);
}

/* ---------------------------------------------------------------- the check's sink */

#define HEAD(week)                                                                                 \
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"                                                 \
    "<CourbesDeCharge xmlns=\"urn:passerelle:cdc:1\">\n"                                           \
    "  <mRID>T-1</mRID>\n  <revision>1</revision>\n"                                               \
    "  <sender>17X100A100A0001A</sender>\n  <receiver>10XFR-RTE------Q</receiver>\n"               \
    "  <createdDateTime>2026-01-22T06:30:00Z</createdDateTime>\n"                                  \
    "  <week start=\"" week "\"/>\n"

struct seen {
    int n;
    char site[4][16];
    long nslots[4], count[4], line[4];
    int res[4];
    uint8_t bm[4][FMT_COVER_BYTES];
};

static void
on_cover(void *arg, const struct fmt_cdc_cover *c, struct fmt_report *rep)
{
    struct seen *s = arg;

    (void)rep;
    if (s->n >= 4)
        return;
    snprintf(s->site[s->n], sizeof(s->site[0]), "%s", c->site);
    s->nslots[s->n] = c->nslots;
    s->count[s->n] = c->count;
    s->line[s->n] = c->line;
    s->res[s->n] = c->resolution;
    memcpy(s->bm[s->n], c->bitmap, fmt_cover_bytes(c->nslots));
    s->n++;
}

/* run - judge doc with a sink that records the coverage; returns the error count */
static size_t
run(const char *doc, struct seen *s)
{
    char path[] = "/tmp/test_fmt_cover.XXXXXX", err[256];
    struct fmt_opts o;
    struct fmt_ctx *ctx;
    struct fmt_report rep;
    struct fmt_sink sink;
    size_t nerr;
    int fd = mkstemp(path);

    assert_true(fd >= 0);
    unlink(path);
    assert_int_equal(write(fd, doc, strlen(doc)), (ssize_t)strlen(doc));
    fmt_opts_default(&o);
    ctx = fmt_ctx_new("xsd", &o, err, sizeof(err));
    assert_non_null(ctx);
    memset(&sink, 0, sizeof(sink));
    memset(s, 0, sizeof(*s));
    sink.arg = s;
    sink.cdc_cover = on_cover;
    fmt_report_init(&rep, 0);
    assert_int_equal(fmt_check_fd_sink(ctx, fd, &rep, &sink), 0);
    nerr = rep.nerrors;
    fmt_report_free(&rep);
    fmt_ctx_free(ctx);
    close(fd);
    return nerr;
}

static void
test_cdc_cover_pt5m_and_pt15m_series(void **state)
{
    struct seen s;
    long first;

    (void)state;
    /* Week of 2026-01-10 (2016 slots). Site 1: PT5M, two periods (day 1 from 00:00 local,
     * and 12:00-12:15 UTC on day 2), position 2 of the first absent. Site 2: PT15M, one
     * quarter-hour at position 3 of a period starting at 01:00 UTC. */
    assert_int_equal(
        run(HEAD("2026-01-10") "  <Series site=\"30001610000001\" eda=\"E1\" segment=\"HTA\""
                               " nature=\"soutirage\" measure=\"telereleve\" unit=\"kW\">\n"
                               "    <Period resolution=\"PT5M\" start=\"2026-01-09T23:00Z\""
                               " end=\"2026-01-09T23:15Z\">\n"
                               "      <Point position=\"1\" quantity=\"1\"/>\n"
                               "      <Point position=\"3\" quantity=\"1\"/>\n"
                               "    </Period>\n"
                               "    <Period resolution=\"PT5M\" start=\"2026-01-11T12:00Z\""
                               " end=\"2026-01-11T12:15Z\">\n"
                               "      <Point position=\"1\" quantity=\"1\"/>\n"
                               "      <Point position=\"2\" quantity=\"1\"/>\n"
                               "      <Point position=\"3\" quantity=\"1\"/>\n"
                               "    </Period>\n"
                               "  </Series>\n"
                               "  <Series site=\"30001610000002\" eda=\"E2\" segment=\"BTINF36\""
                               " nature=\"soutirage\" measure=\"telereleve\" unit=\"kW\">\n"
                               "    <Period resolution=\"PT15M\" start=\"2026-01-10T01:00Z\""
                               " end=\"2026-01-10T02:00Z\">\n"
                               "      <Point position=\"3\" quantity=\"1\"/>\n"
                               "    </Period>\n"
                               "  </Series>\n"
                               "</CourbesDeCharge>\n",
            &s),
        0);
    assert_int_equal(s.n, 2);
    assert_string_equal(s.site[0], "30001610000001");
    assert_int_equal(s.nslots[0], 2016);
    assert_int_equal(s.res[0], 5);
    assert_int_equal(s.line[0], 9);
    assert_int_equal(s.count[0], 5);
    assert_true(fmt_cover_test(s.bm[0], 0));
    assert_false(fmt_cover_test(s.bm[0], 1));
    assert_true(fmt_cover_test(s.bm[0], 2));
    /* 2026-01-11T12:00Z is 37 hours after 2026-01-09T23:00Z: slot 444 */
    assert_true(fmt_cover_test(s.bm[0], 444));
    assert_true(fmt_cover_test(s.bm[0], 446));
    assert_false(fmt_cover_test(s.bm[0], 447));
    assert_int_equal(fmt_cover_common(s.bm[0], s.bm[0], 2016, &first), 5);
    assert_int_equal(first, 0);
    assert_string_equal(s.site[1], "30001610000002");
    assert_int_equal(s.res[1], 15);
    assert_int_equal(s.count[1], 3);
    /* 01:00Z is slot 24; position 3 covers 01:30-01:45, slots 30..32 */
    assert_int_equal(fmt_cover_common(s.bm[1], s.bm[1], 2016, &first), 3);
    assert_int_equal(first, 30);
    assert_true(fmt_cover_test(s.bm[1], 32));
    assert_false(fmt_cover_test(s.bm[1], 33));
}

static void
test_cdc_cover_dst_weeks(void **state)
{
    struct seen s;

    (void)state;
    /* March 2026: the week of Saturday 28 has 2004 slots; October: 24th, 2028 slots. */
    run(HEAD("2026-03-28") "  <Series site=\"30001610000001\" eda=\"E1\" segment=\"HTA\""
                           " nature=\"soutirage\" measure=\"telereleve\" unit=\"kW\">\n"
                           "    <Period resolution=\"PT5M\" start=\"2026-04-03T21:55Z\""
                           " end=\"2026-04-03T22:00Z\">\n"
                           "      <Point position=\"1\" quantity=\"1\"/>\n"
                           "    </Period>\n"
                           "  </Series>\n"
                           "</CourbesDeCharge>\n",
        &s);
    assert_int_equal(s.n, 1);
    assert_int_equal(s.nslots[0], 2004);
    assert_int_equal(s.count[0], 1);
    assert_true(fmt_cover_test(s.bm[0], 2003)); /* the last slot of the week */
    run(HEAD("2026-10-24") "  <Series site=\"30001610000001\" eda=\"E1\" segment=\"HTA\""
                           " nature=\"soutirage\" measure=\"telereleve\" unit=\"kW\">\n"
                           "    <Period resolution=\"PT5M\" start=\"2026-10-30T22:55Z\""
                           " end=\"2026-10-30T23:00Z\">\n"
                           "      <Point position=\"1\" quantity=\"1\"/>\n"
                           "    </Period>\n"
                           "  </Series>\n"
                           "</CourbesDeCharge>\n",
        &s);
    assert_int_equal(s.nslots[0], 2028);
    assert_true(fmt_cover_test(s.bm[0], 2027));
}

static void
test_cdc_cover_nothing_outside_the_week(void **state)
{
    struct seen s;

    (void)state;
    /* a week that does not start on a Saturday: no coverage handed over */
    assert_true(run(HEAD("2026-01-11") "  <Series site=\"30001610000001\" eda=\"E1\""
                                       " segment=\"HTA\" nature=\"soutirage\""
                                       " measure=\"telereleve\" unit=\"kW\">\n"
                                       "    <Period resolution=\"PT5M\" start=\"2026-01-10T23:00Z\""
                                       " end=\"2026-01-10T23:05Z\">\n"
                                       "      <Point position=\"1\" quantity=\"1\"/>\n"
                                       "    </Period>\n"
                                       "  </Series>\n"
                                       "</CourbesDeCharge>\n",
                    &s) > 0);
    assert_int_equal(s.n, 0);
    /* a period outside the week: the series is handed over, without those points */
    assert_true(run(HEAD("2026-01-10") "  <Series site=\"30001610000001\" eda=\"E1\""
                                       " segment=\"HTA\" nature=\"soutirage\""
                                       " measure=\"telereleve\" unit=\"kW\">\n"
                                       "    <Period resolution=\"PT5M\" start=\"2026-01-16T23:00Z\""
                                       " end=\"2026-01-16T23:05Z\">\n"
                                       "      <Point position=\"1\" quantity=\"1\"/>\n"
                                       "    </Period>\n"
                                       "  </Series>\n"
                                       "</CourbesDeCharge>\n",
                    &s) > 0);
    assert_int_equal(s.n, 1);
    assert_int_equal(s.count[0], 0);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fmt_cover_set_and_count),
        cmocka_unit_test(test_fmt_cover_common_first_and_count),
        cmocka_unit_test(test_fmt_cover_missing_runs_pt5m),
        cmocka_unit_test(test_fmt_cover_missing_runs_pt15m),
        cmocka_unit_test(test_cdc_cover_pt5m_and_pt15m_series),
        cmocka_unit_test(test_cdc_cover_dst_weeks),
        cmocka_unit_test(test_cdc_cover_nothing_outside_the_week),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
