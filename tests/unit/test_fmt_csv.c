/* test_fmt_csv - the CSV reader (BOM, CRLF, mixed line ends, quotes, blank lines, true line
 * numbers, the 64 KiB line limit without growth, invalid UTF-8, header fields, columns), the
 * cdc CSV form against the samples/cdc-csv .expect files, the same rules and codes as the XML form
 * on equivalent documents, and lossless conversions. Run from the repository top. */
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
#include <sys/resource.h>
#include <unistd.h>
#include <cmocka.h>

#include "fmt.h"
#include "fmt_cdc_csv.h"
#include "fmt_convert.h"
#include "fmt_csv.h"

#define GRD  "17X100A100A0001A"
#define RTE  "10XFR-RTE------Q"
#define HDR  "#passerelle cdc 1;mRID=T-1;revision=1;sender=" GRD ";receiver=" RTE
#define HDR2 ";createdDateTime=2026-01-22T06:30:00Z;week=2026-01-10"
#define COLS "site;eda;segment;nature;measure;unit;resolution;start;end;position;quantity;quality"
#define SER  "30001610000001;EDA_1;HTA;soutirage;telereleve;kW;PT5M;"
#define PER  "2026-01-09T23:00Z;2026-01-16T23:00Z;"

static struct fmt_ctx *g_ctx;

/* ---------------------------------------------------------------- helpers */

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
    char path[] = "/tmp/test_fmt_csv.XXXXXX";
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

/* codes - "CODE LINE,..." in report order */
static const char *
codes(const struct fmt_report *r)
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
dump(const struct fmt_report *r)
{
    size_t i;

    for (i = 0; i < r->nreasons; i++)
        fprintf(stderr, "  %s %ld %s\n", r->reasons[i].code, r->reasons[i].line,
                r->reasons[i].text);
}

/* judge - fmt_check_fd on data; the report's codes */
static const char *
judge(const char *data, size_t len, struct fmt_report *r)
{
    int fd = tmpfd(data, len);

    fmt_report_init(r, 0);
    assert_int_equal(fmt_check_fd(g_ctx, fd, r), 0);
    close(fd);
    return codes(r);
}

static void
expect(const char *doc, const char *want)
{
    struct fmt_report r;
    const char *got = judge(doc, strlen(doc), &r);

    if (strcmp(got, want) != 0)
        dump(&r);
    assert_string_equal(got, want);
    fmt_report_free(&r);
}

/* A test form: two header keys, columns a (required), b (required), c (optional). */
static const char *const t_keys[] = {"k1", "k2"};
static const struct fmt_csv_column t_cols[] = {{"a", 1}, {"b", 1}, {"c", 0}};
static const struct fmt_csv_form t_form = {"tst", "1", t_keys, 2, t_cols, 3};

/* What the sink saw, one line per call: "H line k1=v|k2=v" or "R line a|b|c" (- absent). */
struct seen {
    char log[8192];
    size_t len;
};

static void
seen_add(struct seen *s, char kind, long line, const char *const *v, size_t n)
{
    size_t i;

    s->len += (size_t)snprintf(s->log + s->len, sizeof(s->log) - s->len, "%c%ld", kind, line);
    for (i = 0; i < n; i++)
        s->len += (size_t)snprintf(s->log + s->len, sizeof(s->log) - s->len, "%c%s", i ? '|' : ' ',
                                   v[i] ? v[i] : "-");
    s->len += (size_t)snprintf(s->log + s->len, sizeof(s->log) - s->len, "\n");
}

static void
t_header(void *st, const char *const *v, const size_t *len, long line)
{
    (void)len;
    seen_add(st, 'H', line, v, 2);
}

static void
t_row(void *st, const char *const *v, const size_t *len, long line)
{
    size_t i;

    for (i = 0; i < 3; i++)
        if (v[i] != NULL)
            assert_int_equal(strlen(v[i]), len[i]);
    seen_add(st, 'R', line, v, 3);
}

/* parse - run the test form over data; the sink's log and the reasons */
static void
parse(const char *data, size_t len, const char *want_log, const char *want_codes, int want_complete)
{
    static const struct fmt_csv_sink sink = {t_header, t_row};
    struct seen s;
    struct fmt_report r;
    int fd = tmpfd(data, len), complete;
    long last;

    memset(&s, 0, sizeof(s));
    fmt_report_init(&r, 0);
    assert_int_equal(fmt_csv_parse_fd(&t_form, &sink, &s, fd, UINT64_MAX, &r, &complete, &last), 0);
    close(fd);
    if (strcmp(s.log, want_log) != 0 || strcmp(codes(&r), want_codes) != 0)
        dump(&r);
    assert_string_equal(s.log, want_log);
    assert_string_equal(codes(&r), want_codes);
    assert_int_equal(complete, want_complete);
    fmt_report_free(&r);
}

#define PARSE(lit, log, codes, complete) parse(lit, sizeof(lit) - 1, log, codes, complete)

/* ---------------------------------------------------------------- reader */

static void
test_fmt_csv_utf8_valid_rejects_malformed(void **state)
{
    size_t bad = 99;

    (void)state;
    assert_true(fmt_csv_utf8_valid("abc", 3, &bad));
    assert_true(fmt_csv_utf8_valid("\xC3\xA9t\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80", 14, &bad));
    assert_false(fmt_csv_utf8_valid("ab\xE9z", 4, &bad)); /* Latin-1 */
    assert_int_equal(bad, 2);
    assert_false(fmt_csv_utf8_valid("\xC0\xAF", 2, &bad));         /* overlong '/' */
    assert_false(fmt_csv_utf8_valid("\xE0\x80\xAF", 3, &bad));     /* overlong */
    assert_false(fmt_csv_utf8_valid("\xED\xA0\x80", 3, &bad));     /* surrogate */
    assert_false(fmt_csv_utf8_valid("\xF4\x90\x80\x80", 4, &bad)); /* > U+10FFFF */
    assert_false(fmt_csv_utf8_valid("x\xE2\x82", 3, &bad));        /* truncated */
    assert_int_equal(bad, 1);
    assert_false(fmt_csv_utf8_valid("a\0b", 3, &bad)); /* NUL */
    assert_int_equal(bad, 1);
}

static void
test_fmt_csv_decimal_comma_or_point(void **state)
{
    char out[32];

    (void)state;
    assert_int_equal(fmt_csv_decimal("12,5", 4, out, sizeof(out)), 0);
    assert_string_equal(out, "12.5");
    assert_int_equal(fmt_csv_decimal("-0.25", 5, out, sizeof(out)), 0);
    assert_string_equal(out, "-0.25");
    assert_int_equal(fmt_csv_decimal("7", 1, out, sizeof(out)), 0);
    assert_string_equal(out, "7");
    assert_int_equal(fmt_csv_decimal("1,2,3", 5, out, sizeof(out)), -1);
    assert_int_equal(fmt_csv_decimal(",5", 2, out, sizeof(out)), -1);
    assert_int_equal(fmt_csv_decimal("5,", 2, out, sizeof(out)), -1);
    assert_int_equal(fmt_csv_decimal("1 000", 5, out, sizeof(out)), -1);
    assert_int_equal(fmt_csv_decimal("1e3", 3, out, sizeof(out)), -1);
    assert_int_equal(fmt_csv_decimal("123456", 6, out, 4), -1);
}

static void
test_fmt_csv_parse_bom_crlf_mixed_quotes(void **state)
{
    (void)state;
    /* BOM, CRLF then LF then CRLF, keys in another order, columns in another order, the
     * optional column absent, quoted fields with ';' and "" inside, a final line without
     * its line end. */
    PARSE("\xEF\xBB\xBF#passerelle tst 1;k2=two;k1=one\r\n"
          "b;a\n"
          "1;2\r\n"
          "\"x;y\";\"say \"\"hi\"\"\"\n"
          "\"\";last",
          "H1 one|two\nR3 2|1|-\nR4 say \"hi\"|x;y|-\nR5 last||-\n", "", 1);
}

static void
test_fmt_csv_parse_true_line_numbers_skip_blank(void **state)
{
    (void)state;
    /* Blank lines (empty, CR only, only separators) are skipped but counted. */
    PARSE("#passerelle tst 1;k1=1;k2=2;;;\n"
          "\n"
          "a;b;c\n"
          "\r\n"
          "1;2;3\n"
          ";;\n"
          "\n"
          "4;5;6\n",
          "H1 1|2\nR5 1|2|3\nR8 4|5|6\n", "", 1);
}

static void
test_fmt_csv_parse_header_fields(void **state)
{
    (void)state;
    PARSE("#passerelle tst 1;k1=a;k1=b;kx=c;nokey\na;b\n1;2\n", "H1 a|-\nR3 1|2|-\n",
          "CSV-HEADER 1,CSV-HEADER 1,CSV-HEADER 1,CSV-HEADER 1", 1);
    /* Another version or a broken magic: nothing is read further. */
    PARSE("#passerelle tst 2;k1=a;k2=b\na;b\n1;2\n", "", "CSV-HEADER 1", 0);
    PARSE("#passerelle  tst 1;k1=a;k2=b\na;b\n1;2\n", "", "CSV-HEADER 1", 0);
    /* A value may hold '=' (only the first one splits). */
    PARSE("#passerelle tst 1;k1=a=b;k2=\na;b\n", "H1 a=b|\n", "", 1);
}

static void
test_fmt_csv_parse_columns_named(void **state)
{
    struct fmt_report r;
    int fd, complete;
    long last;
    static const struct fmt_csv_sink sink = {NULL, NULL};
    static const char doc[] = "#passerelle tst 1;k1=a;k2=b\nc;zz;a;c;\n1;2;3;4;5\n";

    (void)state;
    PARSE("#passerelle tst 1;k1=a;k2=b\na;c\n1;2\n", "H1 a|b\n", "CSV-COLUMN 2", 0);
    /* Every problem named: unknown, repeated, unnamed, missing. */
    fd = tmpfd(doc, sizeof(doc) - 1);
    fmt_report_init(&r, 0);
    assert_int_equal(fmt_csv_parse_fd(&t_form, &sink, NULL, fd, UINT64_MAX, &r, &complete, &last),
                     0);
    close(fd);
    assert_string_equal(codes(&r), "CSV-COLUMN 2,CSV-COLUMN 2,CSV-COLUMN 2,CSV-COLUMN 2");
    assert_non_null(strstr(r.reasons[0].text, "unknown column \"zz\""));
    assert_non_null(strstr(r.reasons[1].text, "column \"c\" is repeated"));
    assert_non_null(strstr(r.reasons[2].text, "column 5 has no name"));
    assert_non_null(strstr(r.reasons[3].text, "column \"b\" is missing"));
    fmt_report_free(&r);
    /* No header row at all. */
    PARSE("#passerelle tst 1;k1=a;k2=b\n\n", "H1 a|b\n", "CSV-COLUMN 3", 0);
}

static void
test_fmt_csv_parse_field_count_and_quotes(void **state)
{
    (void)state;
    PARSE("#passerelle tst 1;k1=a;k2=b\na;b\n1\n1;2;3\n\"1;2\n\"1\"x;2\n5;6\n",
          "H1 a|b\nR7 5|6|-\n", "CSV-FIELD 3,CSV-FIELD 4,CSV-FIELD 5,CSV-FIELD 6", 1);
}

static void
test_fmt_csv_parse_invalid_utf8_line(void **state)
{
    (void)state;
    PARSE("#passerelle tst 1;k1=a;k2=b\na;b\n1;2\n\xE9t\xE9;2\n3;4\n", "H1 a|b\nR3 1|2|-\n",
          "CSV-UTF8 4", 0);
    PARSE("#passerelle tst 1;k1=a;k2=b\na;b\n1;2\n1;\0\n", "H1 a|b\nR3 1|2|-\n", "CSV-UTF8 4", 0);
}

/* line_doc - header, header row, then a row whose field a is n bytes, then "z;z" */
static char *
line_doc(size_t n, const char *eol, size_t *len)
{
    const char *head = "#passerelle tst 1;k1=a;k2=b\na;b\n";
    size_t h = strlen(head), e = strlen(eol);
    char *d = malloc(h + n + 2 + e + 4);

    assert_non_null(d);
    memcpy(d, head, h);
    memset(d + h, 'x', n - 2);
    memcpy(d + h + n - 2, ";y", 2);
    memcpy(d + h + n, eol, e);
    memcpy(d + h + n + e, "z;z\n", 4);
    *len = h + n + e + 4;
    return d;
}

static void
test_fmt_csv_parse_line_limit(void **state)
{
    static const struct fmt_csv_sink sink = {NULL, NULL};
    struct fmt_report r;
    size_t len;
    char *d;
    int fd, complete;
    long last;

    (void)state;
    /* Exactly FMT_CSV_LINE_MAX bytes: fine, with LF or CRLF. */
    d = line_doc(FMT_CSV_LINE_MAX, "\r\n", &len);
    fd = tmpfd(d, len);
    fmt_report_init(&r, 0);
    assert_int_equal(fmt_csv_parse_fd(&t_form, &sink, NULL, fd, UINT64_MAX, &r, &complete, &last),
                     0);
    assert_string_equal(codes(&r), "");
    assert_int_equal(complete, 1);
    assert_int_equal(last, 4);
    fmt_report_free(&r);
    close(fd);
    free(d);
    /* One byte more: CSV-LINE on its true line, and the pass stops. */
    d = line_doc(FMT_CSV_LINE_MAX + 1, "\n", &len);
    fd = tmpfd(d, len);
    fmt_report_init(&r, 0);
    assert_int_equal(fmt_csv_parse_fd(&t_form, &sink, NULL, fd, UINT64_MAX, &r, &complete, &last),
                     0);
    assert_string_equal(codes(&r), "CSV-LINE 3");
    assert_int_equal(complete, 0);
    fmt_report_free(&r);
    close(fd);
    free(d);
}

static void
test_fmt_csv_parse_huge_line_does_not_grow(void **state)
{
    static const struct fmt_csv_sink sink = {NULL, NULL};
    char path[] = "/tmp/test_fmt_csv.XXXXXX", chunk[65536];
    struct rusage ru0, ru1;
    struct fmt_report r;
    int fd = mkstemp(path), complete, i;
    long last;
    const char *head = "#passerelle tst 1;k1=a;k2=b\na;b\n1;2\n";

    (void)state;
    assert_true(fd >= 0);
    unlink(path);
    assert_int_equal(write(fd, head, strlen(head)), (ssize_t)strlen(head));
    memset(chunk, 'x', sizeof(chunk));
    for (i = 0; i < 512; i++) /* one line of 32 MiB */
        assert_int_equal(write(fd, chunk, sizeof(chunk)), (ssize_t)sizeof(chunk));
    assert_int_equal(getrusage(RUSAGE_SELF, &ru0), 0);
    fmt_report_init(&r, 0);
    assert_int_equal(fmt_csv_parse_fd(&t_form, &sink, NULL, fd, UINT64_MAX, &r, &complete, &last),
                     0);
    assert_int_equal(getrusage(RUSAGE_SELF, &ru1), 0);
    assert_string_equal(codes(&r), "CSV-LINE 4");
    /* The reader stops at the limit: peak memory grows by its buffers at most. */
    assert_true(ru1.ru_maxrss - ru0.ru_maxrss < 2048);
    fmt_report_free(&r);
    close(fd);
}

static void
test_fmt_csv_parse_too_large(void **state)
{
    static const struct fmt_csv_sink sink = {NULL, NULL};
    static const char doc[] = "#passerelle tst 1;k1=a;k2=b\na;b\n1;2\n";
    struct fmt_report r;
    int fd = tmpfd(doc, sizeof(doc) - 1), complete;
    long last;

    (void)state;
    fmt_report_init(&r, 0);
    assert_int_equal(fmt_csv_parse_fd(&t_form, &sink, NULL, fd, 10, &r, &complete, &last), 0);
    assert_string_equal(codes(&r), "TOO-LARGE 0");
    assert_int_equal(complete, 0);
    fmt_report_free(&r);
    close(fd);
}

/* ---------------------------------------------------------------- cdc CSV form */

static void
test_cdc_csv_recognised_and_accepted(void **state)
{
    struct fmt_report r;
    static const char doc[] = HDR HDR2 "\n" COLS "\n" SER PER "1;10;\n" SER PER "2;11;R\n";

    (void)state;
    judge(doc, sizeof(doc) - 1, &r);
    assert_string_equal(r.flow, "cdc");
    assert_string_equal(r.mrid, "T-1");
    assert_int_equal(r.revision, 1);
    assert_string_equal(r.sender, GRD);
    assert_string_equal(r.period, "2026-01-10");
    assert_true(r.deadline > 0);
    /* Two points of 2016: missing steps, a warning on the Series' first row. */
    assert_string_equal(codes(&r), "CDC-MISSING 3");
    assert_int_equal(fmt_report_status(&r), FMT_ACCEPTED_WARNINGS);
    fmt_report_free(&r);
    /* A flow without a CSV form yet, and an unknown CSV, stay refused. */
    expect("#passerelle contestation 1;mRID=x\n", "UNSUPPORTED-FLOW 1");
    expect("hello;world\n1;2\n", "UNKNOWN-FLOW 0");
}

static void
test_cdc_csv_values_checked_as_the_schema(void **state)
{
    (void)state;
    /* Decimal comma or point in an integer; a sign; blanks. */
    expect(HDR HDR2 "\n" COLS "\n" SER PER "1;10,5;\n" SER PER "2;10.5;\n" SER PER "3;+1;\n" SER PER
                    "4; 1;\n",
           "XSD 3,XSD 4,XSD 5,XSD 6");
    /* Series values are checked once per Series, Period values once per Period. */
    expect(HDR HDR2 "\n" COLS "\n"
                    "3000161000000;EDA 1;HTB;x;y;MW;PT10M;2026-01-09T23:00;2026-01-16;0;;Z\n",
           "XSD 3,XSD 3,XSD 3,XSD 3,XSD 3,XSD 3,XSD 3,XSD 3,XSD 3,XSD 3,XSD 3,XSD 3");
    /* Header values: pattern, positive integer, EIC pattern (and its check: EIC-CHECK),
     * real date and time. */
    expect("#passerelle cdc 1;mRID=a b;revision=0;sender=17X100A100A0001B;receiver=rte;"
           "createdDateTime=2026-02-30T06:30:00Z;week=2026-13-10\n" COLS "\n" SER PER "1;1;\n",
           "XSD 1,XSD 1,EIC-CHECK 1,XSD 1,XSD 1,XSD 1");
    /* No row at all. */
    expect(HDR HDR2 "\n" COLS "\n", "XSD 2");
}

static void
test_cdc_csv_groups_rows_into_series_and_periods(void **state)
{
    (void)state;
    /* The same site again after another one: a second Series (CDC-SITE-DUP at its row). */
    expect(HDR HDR2 "\n" COLS "\n" SER PER "1;1;\n"
                    "30001610000002;EDA_1;HTA;soutirage;telereleve;kW;PT5M;" PER "1;1;\n" SER PER
                    "2;1;\n",
           "CDC-SITE-DUP 5");
    /* Two Periods of one Series that overlap; then a position repeated in one Period. */
    expect(HDR HDR2 "\n" COLS "\n" SER "2026-01-09T23:00Z;2026-01-10T23:00Z;1;1;\n" SER
                    "2026-01-10T22:00Z;2026-01-11T23:00Z;1;1;\n" SER
                    "2026-01-10T22:00Z;2026-01-11T23:00Z;1;1;\n",
           "CDC-PERIOD-OVERLAP 4,CDC-POSITION-DUP 5");
    /* Rules of the Series (resolution by segment), of the Period (step, week) and the Point
     * (negative, quality S), each on its own row. */
    expect(HDR HDR2 "\n" COLS "\n"
                    "30001610000001;EDA_1;BTINF36;soutirage;telereleve;kW;PT5M;" PER "1;-1;S\n",
           "CDC-RESOLUTION 3,CDC-NEGATIVE 3,CDC-QUALITY-S 3");
}

/* read_file - a whole small file */
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

static void
test_cdc_csv_samples_match_expect(void **state)
{
    glob_t g;
    size_t i, nvalid = 0;

    (void)state;
    assert_int_equal(glob("samples/cdc-csv/*.csv", 0, NULL, &g), 0);
    for (i = 0; i < g.gl_pathc; i++) {
        char path[512], line[256], want[4096], got[4096], *v[64];
        size_t n = 0, k, len;
        struct fmt_report r;
        char *d;
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
        assert_string_equal(r.flow, "cdc");
        if (strncmp(g.gl_pathv[i], "samples/cdc-csv/valid", 21) == 0) {
            assert_int_equal(fmt_report_status(&r), FMT_ACCEPTED);
            nvalid++;
        }
        fmt_report_free(&r);
    }
    assert_true(nvalid >= 2);
    assert_true(g.gl_pathc >= 8);
    globfree(&g);
}

/* convert_mem - convert data (form from) to a malloc'd buffer with the flow's writer; -1 when
 * the writer fails */
static int
convert_mem(const char *data, size_t len, enum fmt_form from, char **out, size_t *outlen)
{
    int fd = tmpfd(data, len), rc;
    FILE *f = open_memstream(out, outlen);

    assert_non_null(f);
    rc = fmt_convert_fd("cdc", from, fd, f);
    fclose(f);
    close(fd);
    return rc;
}

static void
test_cdc_csv_same_rules_as_xml_on_samples(void **state)
{
    glob_t g;
    size_t i, ncompared = 0;

    (void)state;
    /* Every cdc XML sample that parses: its CSV form (written without checking) gets the
     * same reasons (codes; lines are the CSV's). */
    assert_int_equal(glob("samples/cdc/*.xml", 0, NULL, &g), 0);
    for (i = 0; i < g.gl_pathc; i++) {
        struct fmt_report rx, rc;
        char a[4096], b[4096], *d, *csv = NULL;
        size_t len, csvlen = 0;

        d = read_file(g.gl_pathv[i], &len);
        judge(d, len, &rx);
        sorted(&rx, 0, a, sizeof(a));
        /* CDC-SITE-DUP.xml repeats a site in two adjacent Series with the same values: rows
         * cannot tell them apart, so its CSV form is one Series (an accepted XML document
         * never has such a pair, so conversions stay lossless). */
        if (strcmp(rx.flow, "cdc") != 0 || strstr(a, "XML") != NULL ||
            strstr(g.gl_pathv[i], "CDC-SITE-DUP") != NULL ||
            convert_mem(d, len, FMT_FORM_XML, &csv, &csvlen) < 0) {
            fmt_report_free(&rx);
            free(d);
            free(csv);
            continue;
        }
        judge(csv, csvlen, &rc);
        sorted(&rc, 0, b, sizeof(b));
        if (strcmp(a, b) != 0)
            fail_msg("%s: XML gives [%s], its CSV form [%s]", g.gl_pathv[i], a, b);
        ncompared++;
        fmt_report_free(&rx);
        fmt_report_free(&rc);
        free(d);
        free(csv);
    }
    globfree(&g);
    assert_true(ncompared >= 18);
}

static void
test_cdc_csv_same_codes_as_xml_for_bad_values(void **state)
{
    static const char *const rows[] = {
        SER PER "1;12.5;",
        SER PER "0;1;",
        SER PER "1;1;X",
        SER PER "1;-1;",
        "30001610000001;EDA_1;HTA;soutirage;profile;kW;PT5M;" PER "1;1;",
        "3000161000000x;EDA_1;HTA;soutirage;telereleve;kW;PT5M;" PER "1;1;",
        "30001610000001;EDA_1;HTA;soutirage;telereleve;kW;PT15M;" PER "1;1;",
        SER "2026-01-09T23:00Z;2026-01-09T23:07Z;1;1;",
        SER "2026-01-09T23:00Z;2026-02-30T23:00Z;1;1;",
        SER "2026-01-02T23:00Z;2026-01-03T23:00Z;1;1;",
    };
    size_t i;

    (void)state;
    /* The CSV written to XML as is (the writer does not check), both judged: same codes. */
    for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        struct fmt_report rx, rc;
        char doc[1024], a[1024], b[1024], *xml = NULL;
        size_t xlen = 0;

        snprintf(doc, sizeof(doc), "%s%s\n%s\n%s\n", HDR, HDR2, COLS, rows[i]);
        assert_int_equal(convert_mem(doc, strlen(doc), FMT_FORM_CSV, &xml, &xlen), 0);
        judge(xml, xlen, &rx);
        judge(doc, strlen(doc), &rc);
        sorted(&rx, 0, a, sizeof(a));
        sorted(&rc, 0, b, sizeof(b));
        if (strcmp(a, b) != 0)
            fail_msg("row %s: XML gives [%s], CSV [%s]", rows[i], a, b);
        assert_true(rc.nerrors + rc.nwarnings > 0);
        fmt_report_free(&rx);
        fmt_report_free(&rc);
        free(xml);
    }
}

static void
test_convert_round_trips_are_lossless(void **state)
{
    glob_t g;
    size_t i;

    (void)state;
    assert_int_equal(glob("samples/cdc/valid*.xml", 0, NULL, &g), 0);
    assert_true(g.gl_pathc >= 3);
    for (i = 0; i < g.gl_pathc; i++) {
        char *d, *csv = NULL, *xml = NULL, *csv2 = NULL;
        size_t len, clen = 0, xlen = 0, c2len = 0;

        d = read_file(g.gl_pathv[i], &len);
        assert_int_equal(convert_mem(d, len, FMT_FORM_XML, &csv, &clen), 0);
        assert_int_equal(convert_mem(csv, clen, FMT_FORM_CSV, &xml, &xlen), 0);
        assert_int_equal(convert_mem(xml, xlen, FMT_FORM_XML, &csv2, &c2len), 0);
        if (xlen != len || memcmp(xml, d, len) != 0)
            fail_msg("%s: XML -> CSV -> XML differs", g.gl_pathv[i]);
        assert_true(c2len == clen && memcmp(csv, csv2, clen) == 0);
        free(d);
        free(csv);
        free(xml);
        free(csv2);
    }
    globfree(&g);
}

static void
test_fmt_form_fd_by_content(void **state)
{
    enum fmt_form f;
    int fd;

    (void)state;
    fd = tmpfd("\xEF\xBB\xBF#passerelle cdc 1\n", 21);
    assert_int_equal(fmt_form_fd(fd, &f), 0);
    assert_int_equal(f, FMT_FORM_CSV);
    close(fd);
    fd = tmpfd("<?xml version=\"1.0\"?><a/>", 25);
    assert_int_equal(fmt_form_fd(fd, &f), 0);
    assert_int_equal(f, FMT_FORM_XML);
    close(fd);
    fd = tmpfd("<a/>", 4);
    errno = 0;
    assert_int_equal(fmt_convert_fd("contestation", FMT_FORM_XML, fd, stdout), -1);
    assert_int_equal(errno, ENOTSUP);
    close(fd);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fmt_csv_utf8_valid_rejects_malformed),
        cmocka_unit_test(test_fmt_csv_decimal_comma_or_point),
        cmocka_unit_test(test_fmt_csv_parse_bom_crlf_mixed_quotes),
        cmocka_unit_test(test_fmt_csv_parse_true_line_numbers_skip_blank),
        cmocka_unit_test(test_fmt_csv_parse_header_fields),
        cmocka_unit_test(test_fmt_csv_parse_columns_named),
        cmocka_unit_test(test_fmt_csv_parse_field_count_and_quotes),
        cmocka_unit_test(test_fmt_csv_parse_invalid_utf8_line),
        cmocka_unit_test(test_fmt_csv_parse_line_limit),
        cmocka_unit_test(test_fmt_csv_parse_huge_line_does_not_grow),
        cmocka_unit_test(test_fmt_csv_parse_too_large),
        cmocka_unit_test(test_cdc_csv_recognised_and_accepted),
        cmocka_unit_test(test_cdc_csv_values_checked_as_the_schema),
        cmocka_unit_test(test_cdc_csv_groups_rows_into_series_and_periods),
        cmocka_unit_test(test_cdc_csv_samples_match_expect),
        cmocka_unit_test(test_cdc_csv_same_rules_as_xml_on_samples),
        cmocka_unit_test(test_cdc_csv_same_codes_as_xml_for_bad_values),
        cmocka_unit_test(test_convert_round_trips_are_lossless),
        cmocka_unit_test(test_fmt_form_fd_by_content),
    };

    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
