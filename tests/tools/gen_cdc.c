/*
 * NAME
 *	gen_cdc - write a synthetic canonical load-curve document (urn:passerelle:cdc:1)
 * SYNOPSIS
 *	gen_cdc [-s SITES | --target-bytes N] [-w YYYY-MM-DD] [-r PT5M|PT15M|mixed]
 *		[-m MISSING_PERCENT] [--seed N] [-o OUT]
 * DESCRIPTION
 *	Streams one CourbesDeCharge document (FORMATS.md) for the local (Europe/Paris) week that
 *	begins on the -w date (default 2026-03-07, a Saturday): a header (mRID, revision 1, a GRD
 *	sender, RTE as receiver, createdDateTime, week@start), then one Series per site (unique
 *	14-digit PRM, EDA id, segment HTA/BTSUP36 at PT5M or BTINF36 at PT15M, soutirage,
 *	telereleve, kW) with one Period covering the whole week in UTC and one Point per line,
 *	positions 1..N with integer quantities following a daily load shape.
 *
 *	-s SITES	number of series (default 10).
 *	--target-bytes N	instead of -s: add sites until the output reaches about N bytes
 *			(suffix K, M or G = KiB, MiB, GiB; overshoot at most one series).
 *	-r RES		PT5M (HTA and BTSUP36 sites), PT15M (BTINF36 sites) or mixed
 *			(one site in three is BTINF36; default PT5M).
 *	-m PCT		drop each point with probability PCT percent (missing steps; position 1 is
 *			always kept so every Period has a Point). Default 0: a complete week.
 *	--seed N	seed of the deterministic generator (default 1): same options, same bytes.
 *	-o OUT		output file (default standard output).
 *
 *	Memory is constant (a fixed 1 MiB output buffer, nothing per site or per point), so the
 *	tool can write files of many GiB. The week bounds use the EU rule (summer time from the last
 *	Sunday of March 01:00 UTC to the last Sunday of October 01:00 UTC) implemented here, so the
 *	tool depends on nothing but libc and can be built before the library links.
 * DIAGNOSTICS
 *	Exit 0 on success; 2 on a usage error; 1 when the output cannot be written. The output is
 *	written in place: after a failure, OUT is partial and should be removed by the caller.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GEN_SENDER_BODY "17X100A100A0001" /* a GRD EIC without its check character */
#define GEN_RECEIVER    "10XFR-RTE------Q"
#define GEN_OUTBUF      (1u << 20)
#define GEN_NS          "urn:passerelle:cdc:1"

enum gen_res { GEN_RES_PT5M, GEN_RES_PT15M, GEN_RES_MIXED };

/* Output state: one fixed buffer, a byte count, the stream. */
static char outbuf[GEN_OUTBUF];
static size_t outlen;
static uint64_t outtotal;
static FILE *outfp;
static const char *outname = "<stdout>";

/* die - report a fatal error and exit with code rc. */
static void __attribute__((noreturn, format(printf, 2, 3))) die(int rc, const char *fmt, ...)
{
    va_list ap;

    fputs("gen_cdc: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    exit(rc);
}

/* out_flush - hand the buffer to stdio; a short write is fatal (disk full, closed pipe). */
static void
out_flush(void)
{
    if (outlen > 0 && fwrite(outbuf, 1, outlen, outfp) != outlen)
        die(1, "%s: write: %s", outname, strerror(errno));
    outlen = 0;
}

/* out_mem - append n bytes. */
static void
out_mem(const char *s, size_t n)
{
    if (GEN_OUTBUF - outlen < n) {
        out_flush();
        if (n > GEN_OUTBUF) {
            if (fwrite(s, 1, n, outfp) != n)
                die(1, "%s: write: %s", outname, strerror(errno));
            outtotal += n;
            return;
        }
    }
    memcpy(outbuf + outlen, s, n);
    outlen += n;
    outtotal += n;
}

/* out_str - append a C string. */
static void
out_str(const char *s)
{
    out_mem(s, strlen(s));
}

/* out_u64 - append a decimal integer without printf (this is the hot path). */
static void
out_u64(uint64_t v)
{
    char tmp[24];
    size_t i = sizeof(tmp);

    do {
        tmp[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v != 0);
    out_mem(tmp + i, sizeof(tmp) - i);
}

/* out_u64_pad - append v in decimal, zero-padded on the left to width digits (at most 20). */
static void
out_u64_pad(uint64_t v, size_t width)
{
    char tmp[20];
    size_t i = sizeof(tmp);

    do {
        tmp[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v != 0 && i > 0);
    while (sizeof(tmp) - i < width && i > 0)
        tmp[--i] = '0';
    out_mem(tmp + i, sizeof(tmp) - i);
}

/* Deterministic PRNG: splitmix64 to seed, xorshift64* to draw. */
static uint64_t rng_state;

/* rng_seed - derive a non-zero state from any seed. */
static void
rng_seed(uint64_t seed)
{
    uint64_t z = seed + 0x9E3779B97F4A7C15ull;

    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    rng_state = (z ^ (z >> 31)) | 1;
}

/* rng_next - 64 random bits. */
static uint64_t
rng_next(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545F4914F6CDD1Dull;
}

/* rng_unit - uniform in [0, 1). */
static double
rng_unit(void)
{
    return (double)(rng_next() >> 11) * (1.0 / 9007199254740992.0);
}

/* eic_value - value of one EIC character, -1 when it is not allowed. */
static int
eic_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'A' && c <= 'Z')
        return c - 'A' + 10;
    if (c == '-')
        return 36;
    return -1;
}

/* eic_check_char - ENTSO-E check character of the first 15 characters of an EIC:
 * weights 16 down to 2, check = 36 - ((sum - 1) mod 37), 36 written as '-'. */
static char
eic_check_char(const char *body)
{
    static const char digits[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-";
    int sum = 0;

    for (int i = 0; i < 15; i++)
        sum += eic_value(body[i]) * (16 - i);
    return digits[36 - (sum - 1) % 37];
}

/* days_from_civil - days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant). */
static int64_t
days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* civil_from_days - inverse of days_from_civil. */
static void
civil_from_days(int64_t z, int *y, int *m, int *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

/* weekday - 0=Sunday .. 6=Saturday of a day number. */
static int
weekday(int64_t days)
{
    return (int)(((days % 7) + 11) % 7); /* 1970-01-01 was a Thursday (4) */
}

/* last_sunday_0100 - the instant (UTC seconds) of 01:00 UTC on the last Sunday of y-m. */
static int64_t
last_sunday_0100(int y, int m)
{
    int64_t last = days_from_civil(y, m, 31);
    return (last - weekday(last)) * 86400 + 3600;
}

/* paris_offset - UTC offset (3600 or 7200) of Europe/Paris at instant t (EU rule). */
static int
paris_offset(int64_t t)
{
    int y, m, d;

    civil_from_days(t >= 0 ? t / 86400 : (t - 86399) / 86400, &y, &m, &d);
    return t >= last_sunday_0100(y, 3) && t < last_sunday_0100(y, 10) ? 7200 : 3600;
}

/* local_midnight_utc - the UTC instant of 00:00 local on day number `days`. Transitions
 * happen at 02:00 or 03:00 local, so local midnight is never in a gap nor repeated. */
static int64_t
local_midnight_utc(int64_t days)
{
    int64_t wall = days * 86400;

    if (paris_offset(wall - 7200) == 7200)
        return wall - 7200;
    return wall - 3600;
}

/* fmt_utc - "YYYY-MM-DDTHH:MMZ" (seconds = 0) or "YYYY-MM-DDTHH:MM:SSZ" (seconds = 1). */
static void
fmt_utc(int64_t t, int seconds, char *buf, size_t size)
{
    int y, m, d;
    int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
    int64_t sod = t - days * 86400;

    civil_from_days(days, &y, &m, &d);
    if (seconds)
        snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, m, d, (int)(sod / 3600),
                 (int)(sod / 60 % 60), (int)(sod % 60));
    else
        snprintf(buf, size, "%04d-%02d-%02dT%02d:%02dZ", y, m, d, (int)(sod / 3600),
                 (int)(sod / 60 % 60));
}

/* parse_date - strict "YYYY-MM-DD" into a day number. -1 when malformed or not a date. */
static int
parse_date(const char *s, int64_t *days)
{
    int y, m, d, yy, mm, dd;
    char tail;

    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return -1;
    if (sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
        return -1;
    if (y < 1996 || y > 2099 || m < 1 || m > 12 || d < 1 || d > 31)
        return -1;
    *days = days_from_civil(y, m, d);
    civil_from_days(*days, &yy, &mm, &dd);
    return yy == y && mm == m && dd == d ? 0 : -1;
}

/* parse_size - unsigned integer with an optional K/M/G (binary) suffix. */
static int
parse_size(const char *s, uint64_t *out)
{
    char *end;
    unsigned long long v;
    uint64_t mult = 1;

    errno = 0;
    if (*s < '0' || *s > '9')
        return -1;
    v = strtoull(s, &end, 10);
    if (errno != 0)
        return -1;
    switch (*end) {
    case '\0':
        break;
    case 'k':
    case 'K':
        mult = 1ull << 10;
        end++;
        break;
    case 'm':
    case 'M':
        mult = 1ull << 20;
        end++;
        break;
    case 'g':
    case 'G':
        mult = 1ull << 30;
        end++;
        break;
    default:
        return -1;
    }
    if (*end == 'i' || *end == 'B') /* tolerate "MiB", "MB" */
        end += (end[0] == 'i' && end[1] == 'B') ? 2 : 1;
    if (*end != '\0' || (v != 0 && mult > UINT64_MAX / v))
        return -1;
    *out = v * mult;
    return 0;
}

/* Daily shape, relative to a site's base load, per 5-minute slot of the local day. */
static double shape_workday[288], shape_weekend[288];

/* shape_init - interpolate hourly factors (night trough, morning ramp, midday plateau, evening
 * peak) to 5-minute slots. A table rather than libm: the tool links with nothing but libc. */
static void
shape_init(void)
{
    static const double wk[25] = {0.50, 0.46, 0.44, 0.43, 0.43, 0.46, 0.58, 0.78, 0.92,
                                  0.97, 0.99, 1.00, 0.96, 0.97, 0.98, 0.96, 0.93, 0.92,
                                  0.98, 1.05, 1.02, 0.88, 0.70, 0.58, 0.50};
    static const double we[25] = {0.48, 0.45, 0.43, 0.42, 0.42, 0.43, 0.46, 0.52, 0.60,
                                  0.66, 0.70, 0.72, 0.74, 0.70, 0.66, 0.64, 0.64, 0.68,
                                  0.76, 0.84, 0.82, 0.72, 0.60, 0.52, 0.48};

    for (int i = 0; i < 288; i++) {
        int h = i / 12;
        double f = (i % 12) / 12.0;
        shape_workday[i] = wk[h] + (wk[h + 1] - wk[h]) * f;
        shape_weekend[i] = we[h] + (we[h + 1] - we[h]) * f;
    }
}

/* write_series - one Series with one Period [start, end) and its Points, streamed. */
static void
write_series(uint64_t idx, int pt15, int64_t start, int64_t end, double missing)
{
    static const char *const eda_kind[] = {"HTA", "BTSUP36"};
    const char *segment;
    char sbuf[32], ebuf[32];
    int step = pt15 ? 900 : 300;
    double base;
    uint64_t n = (uint64_t)((end - start) / step);

    if (pt15) {
        segment = "BTINF36";
        base = 1.0 + 8.0 * rng_unit();
    } else {
        segment = eda_kind[rng_next() % 2];
        base = segment[0] == 'H' ? 200.0 + 2800.0 * rng_unit() : 36.0 + 200.0 * rng_unit();
    }
    fmt_utc(start, 0, sbuf, sizeof(sbuf));
    fmt_utc(end, 0, ebuf, sizeof(ebuf));

    /* PRM: "25" + 12 digits of the index: unique for any practical site count. */
    out_str("  <Series site=\"25");
    out_u64_pad(idx % 1000000000000ull, 12);
    out_str("\" eda=\"EDA_S_");
    out_u64(idx / 100 + 1); /* 100 sites per EDA */
    out_str("\" segment=\"");
    out_str(segment);
    out_str("\" nature=\"soutirage\" measure=\"telereleve\" unit=\"kW\">\n    <Period "
            "resolution=\"");
    out_str(pt15 ? "PT15M" : "PT5M");
    out_str("\" start=\"");
    out_str(sbuf);
    out_str("\" end=\"");
    out_str(ebuf);
    out_str("\">\n");

    for (uint64_t p = 1; p <= n; p++) {
        int64_t t = start + (int64_t)(p - 1) * step;
        int64_t lt = t + paris_offset(t);
        int64_t ld = lt >= 0 ? lt / 86400 : (lt - 86399) / 86400;
        int slot = (int)((lt - ld * 86400) / 300);
        int wd = weekday(ld);
        double shape = (wd == 0 || wd == 6) ? shape_weekend[slot] : shape_workday[slot];
        double q;

        if (missing > 0.0 && p > 1 && rng_unit() * 100.0 < missing)
            continue;
        q = base * shape * (0.94 + 0.12 * rng_unit());
        out_str("      <Point position=\"");
        out_u64(p);
        out_str("\" quantity=\"");
        out_u64(q <= 0.0 ? 0 : (uint64_t)(q + 0.5));
        out_str("\"/>\n");
    }
    out_str("    </Period>\n  </Series>\n");
}

/* usage - the synopsis on stderr, exit 2. */
static void __attribute__((noreturn)) usage(void)
{
    fputs("usage: gen_cdc [-s SITES | --target-bytes N[K|M|G]] [-w YYYY-MM-DD]\n"
          "               [-r PT5M|PT15M|mixed] [-m MISSING_PERCENT] [--seed N] [-o OUT]\n",
          stderr);
    exit(2);
}

int
main(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"sites", required_argument, NULL, 's'},
        {"week", required_argument, NULL, 'w'},
        {"resolution", required_argument, NULL, 'r'},
        {"missing", required_argument, NULL, 'm'},
        {"seed", required_argument, NULL, 'S'},
        {"target-bytes", required_argument, NULL, 'T'},
        {"output", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    uint64_t sites = 10, target = 0, seed = 1;
    int have_sites = 0;
    int64_t week = days_from_civil(2026, 3, 7);
    enum gen_res res = GEN_RES_PT5M;
    double missing = 0.0;
    const char *out = NULL;
    char sender[17], cbuf[32], wbuf[16], *end;
    int64_t start, stop;
    int c, y, m, d;

    while ((c = getopt_long(argc, argv, "s:w:r:m:o:h", longopts, NULL)) != -1) {
        switch (c) {
        case 's':
            if (parse_size(optarg, &sites) != 0 || sites == 0)
                die(2, "-s: bad site count: %s", optarg);
            have_sites = 1;
            break;
        case 'w':
            if (parse_date(optarg, &week) != 0)
                die(2, "-w: not a date YYYY-MM-DD in 1996-2099: %s", optarg);
            break;
        case 'r':
            if (strcmp(optarg, "PT5M") == 0)
                res = GEN_RES_PT5M;
            else if (strcmp(optarg, "PT15M") == 0)
                res = GEN_RES_PT15M;
            else if (strcmp(optarg, "mixed") == 0)
                res = GEN_RES_MIXED;
            else
                die(2, "-r: PT5M, PT15M or mixed: %s", optarg);
            break;
        case 'm':
            errno = 0;
            missing = strtod(optarg, &end);
            if (errno != 0 || end == optarg || *end != '\0' || !(missing >= 0.0) || missing > 100.0)
                die(2, "-m: a percentage in [0, 100]: %s", optarg);
            break;
        case 'S':
            errno = 0;
            seed = strtoull(optarg, &end, 10);
            if (errno != 0 || end == optarg || *end != '\0')
                die(2, "--seed: not an unsigned integer: %s", optarg);
            break;
        case 'T':
            if (parse_size(optarg, &target) != 0 || target == 0)
                die(2, "--target-bytes: bad size: %s", optarg);
            break;
        case 'o':
            out = optarg;
            break;
        default:
            usage();
        }
    }
    if (optind != argc)
        usage();
    if (have_sites && target != 0)
        die(2, "-s and --target-bytes are exclusive");

    /* Self-check of the EIC algorithm on RTE's published code before trusting it. */
    if (eic_check_char(GEN_RECEIVER) != GEN_RECEIVER[15])
        die(1, "internal error: EIC check of %s", GEN_RECEIVER);
    memcpy(sender, GEN_SENDER_BODY, 15);
    sender[15] = eic_check_char(GEN_SENDER_BODY);
    sender[16] = '\0';

    start = local_midnight_utc(week);
    stop = local_midnight_utc(week + 7);
    civil_from_days(week, &y, &m, &d);
    snprintf(wbuf, sizeof(wbuf), "%04d-%02d-%02d", y, m, d);
    fmt_utc(stop + 9 * 3600, 1, cbuf, sizeof(cbuf)); /* sent the morning after the week */

    if (out != NULL) {
        outname = out;
        if ((outfp = fopen(out, "w")) == NULL)
            die(1, "%s: open: %s", out, strerror(errno));
    } else {
        outfp = stdout;
    }
    /* Our own buffer batches the writes; stdio need not buffer again. */
    setvbuf(outfp, NULL, _IONBF, 0);
    rng_seed(seed);
    shape_init();

    out_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CourbesDeCharge xmlns=\"" GEN_NS "\">\n"
            "  <mRID>GEN-CDC-");
    out_str(wbuf);
    out_str("-");
    out_u64(seed);
    out_str("</mRID>\n  <revision>1</revision>\n  <sender>");
    out_str(sender);
    out_str("</sender>\n  <receiver>" GEN_RECEIVER "</receiver>\n  <createdDateTime>");
    out_str(cbuf);
    out_str("</createdDateTime>\n  <week start=\"");
    out_str(wbuf);
    out_str("\"/>\n");

    /* 21 = strlen("</CourbesDeCharge>\n") + slack: stop once the next series would overshoot
     * more than it undershoots is not knowable in advance; one series of overshoot at most. */
    for (uint64_t i = 0; target != 0 ? outtotal + 21 < target : i < sites; i++) {
        int pt15 = res == GEN_RES_PT15M || (res == GEN_RES_MIXED && i % 3 == 2);
        write_series(i, pt15, start, stop, missing);
    }
    out_str("</CourbesDeCharge>\n");
    out_flush();
    if (fflush(outfp) != 0 || ferror(outfp))
        die(1, "%s: write: %s", outname, strerror(errno));
    if (out != NULL && fclose(outfp) != 0)
        die(1, "%s: close: %s", outname, strerror(errno));
    return 0;
}
