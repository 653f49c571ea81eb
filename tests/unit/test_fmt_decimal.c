/* test_fmt_decimal - exact fixed-point decimals: parsing (signs, leading zeros, 12 fraction
 * digits, garbage), exact sums (0.1 + 0.2 + 0.7 is 1; 3 x 0.333333333333 is not;
 * 0.1 + 0.2 + 0.700000000001 is not), negatives, comparison, range, overflow, canonical
 * formatting, and random sums against a scaled-integer reference. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <cmocka.h>

#include "fmt_decimal.h"

/* dec - parse s, which must be valid */
static struct fmt_dec
dec(const char *s)
{
    struct fmt_dec d;

    if (fmt_dec_parse(s, strlen(s), &d) != 0)
        fail_msg("fmt_dec_parse(\"%s\") failed: %s", s, strerror(errno));
    return d;
}

/* text - canonical text of d (static buffer, one use per statement) */
static const char *
text(const struct fmt_dec *d)
{
    static char buf[FMT_DEC_STR_MAX];

    assert_int_equal(fmt_dec_format(d, buf, sizeof(buf)), 0);
    return buf;
}

/* sum_is - the sum of the n strings is exactly `want` (canonical text) */
static void
sum_is(const char *const *v, size_t n, const char *want)
{
    struct fmt_dec acc, x;
    size_t i;

    assert_int_equal(fmt_dec_from_int(0, &acc), 0);
    for (i = 0; i < n; i++) {
        x = dec(v[i]);
        assert_int_equal(fmt_dec_add(&acc, &x), 0);
    }
    assert_string_equal(text(&acc), want);
}

/* parse_fails - s is refused with errno e */
static void
parse_fails(const char *s, size_t len, int e)
{
    struct fmt_dec d = {42, 7};

    errno = 0;
    if (fmt_dec_parse(s, len, &d) != -1)
        fail_msg("fmt_dec_parse(\"%.*s\") accepted it", (int)len, s ? s : "");
    assert_int_equal(errno, e);
    /* out-parameter untouched */
    assert_int_equal(d.units, 42);
    assert_int_equal(d.frac, 7);
}

static void
test_fmt_dec_parse_values(void **state)
{
    static const struct {
        const char *in, *out;
        int64_t units, frac;
    } cases[] = {
        {"0", "0", 0, 0},
        {"1", "1", 1, 0},
        {"0.5", "0.5", 0, 500000000000},
        {"-0.2", "-0.2", -1, 800000000000},
        {"+0.25", "0.25", 0, 250000000000},
        {"-0", "0", 0, 0},
        {"-0.000", "0", 0, 0},
        {"1.000", "1", 1, 0},
        {"0.000000000001", "0.000000000001", 0, 1},
        {"-0.000000000001", "-0.000000000001", -1, 999999999999},
        {"0.333333333333", "0.333333333333", 0, 333333333333},
        {"12.5", "12.5", 12, 500000000000},
        {"-12.5", "-12.5", -13, 500000000000},
        {"-3", "-3", -3, 0},
        {"999999999999999999.999999999999", "999999999999999999.999999999999", 999999999999999999LL,
         999999999999},
        {"-999999999999999999.999999999999", "-999999999999999999.999999999999",
         -1000000000000000000LL, 1},
    };
    struct fmt_dec d;
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        d = dec(cases[i].in);
        assert_int_equal(d.units, cases[i].units);
        assert_int_equal(d.frac, cases[i].frac);
        assert_string_equal(text(&d), cases[i].out);
    }
}

static void
test_fmt_dec_parse_leading_and_trailing_zeros(void **state)
{
    struct fmt_dec a, b;

    (void)state;
    a = dec("00.50");
    b = dec("0.5");
    assert_int_equal(fmt_dec_cmp(&a, &b), 0);
    /* leading zeros do not count as integer digits */
    a = dec("0000000000000000000000000001");
    assert_string_equal(text(&a), "1");
    a = dec("000000000999999999999999999");
    assert_string_equal(text(&a), "999999999999999999");
    /* trailing fraction zeros past the 12th digit change nothing */
    a = dec("0.1000000000000000000");
    assert_string_equal(text(&a), "0.1");
    a = dec("1.0000000000000");
    assert_true(fmt_dec_is_one(&a));
}

static void
test_fmt_dec_parse_twelve_fraction_digits(void **state)
{
    (void)state;
    assert_string_equal(text(&(struct fmt_dec){0, 0}), "0");
    (void)dec("0.123456789012");
    (void)dec("-0.999999999999");
    parse_fails("0.1234567890123", 15, ERANGE);
    parse_fails("0.0000000000001", 15, ERANGE);
    parse_fails("-0.9999999999999", 16, ERANGE);
}

static void
test_fmt_dec_parse_refuses_garbage(void **state)
{
    static const char *const bad[] = {
        "",    "-",   "+",    ".5",  "5.",   "-.5",   "1.2.3", "1e3", "1E-2", " 1",
        "1 ",  "1\n", "0x1",  "1,5", "--1",  "+-1",   "1-",    "abc", "0.5a", "١",
        "NaN", "inf", "1..2", ".",   "1 .5", "\t0.5", "0. 5",  "½",   "1/3",  "+ 1",
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        parse_fails(bad[i], strlen(bad[i]), EINVAL);
    parse_fails(NULL, 0, EINVAL);
    /* an embedded NUL within the given length */
    parse_fails("1\0002", 3, EINVAL);
    /* the length is what counts, not the NUL */
    {
        struct fmt_dec d;
        assert_int_equal(fmt_dec_parse("0.75xyz", 3, &d), 0);
        assert_string_equal(text(&d), "0.7");
    }
}

static void
test_fmt_dec_parse_overflow(void **state)
{
    (void)state;
    parse_fails("1000000000000000000", 19, ERANGE);
    parse_fails("-1000000000000000000", 20, ERANGE);
    parse_fails("1000000000000000000.5", 21, ERANGE);
    parse_fails("99999999999999999999999999999999999999", 38, ERANGE);
    /* syntax before range: a long garbage string is EINVAL */
    parse_fails("1000000000000000000x", 20, EINVAL);
}

static void
test_fmt_dec_sums_exact(void **state)
{
    static const char *const tenths[] = {"0.1", "0.2", "0.7"};
    static const char *const thirds[] = {"0.333333333333", "0.333333333333", "0.333333333333"};
    static const char *const almost[] = {"0.1", "0.2", "0.700000000001"};
    static const char *const fixed[] = {"0.333333333333", "0.333333333333", "0.333333333334"};
    static const char *const signs[] = {"1.2", "-0.2"};
    static const char *const many[] = {"0.05", "0.05", "0.05", "0.05", "0.05", "0.05", "0.05",
                                       "0.05", "0.05", "0.05", "0.05", "0.05", "0.05", "0.05",
                                       "0.05", "0.05", "0.05", "0.05", "0.05", "0.05"};
    struct fmt_dec acc, x;
    int i;

    (void)state;
    sum_is(tenths, 3, "1");
    sum_is(thirds, 3, "0.999999999999");
    sum_is(almost, 3, "1.000000000001");
    sum_is(fixed, 3, "1");
    sum_is(signs, 2, "1");
    sum_is(many, 20, "1");

    /* the three examples of the issue, with fmt_dec_is_one */
    assert_int_equal(fmt_dec_from_int(0, &acc), 0);
    for (i = 0; i < 3; i++) {
        x = dec(tenths[i]);
        assert_int_equal(fmt_dec_add(&acc, &x), 0);
    }
    assert_true(fmt_dec_is_one(&acc));
    assert_int_equal(fmt_dec_from_int(0, &acc), 0);
    x = dec("0.333333333333");
    for (i = 0; i < 3; i++)
        assert_int_equal(fmt_dec_add(&acc, &x), 0);
    assert_false(fmt_dec_is_one(&acc));
    assert_int_equal(fmt_dec_from_int(0, &acc), 0);
    for (i = 0; i < 3; i++) {
        x = dec(almost[i]);
        assert_int_equal(fmt_dec_add(&acc, &x), 0);
    }
    assert_false(fmt_dec_is_one(&acc));
    /* a thousand steps of 0.001 */
    assert_int_equal(fmt_dec_from_int(0, &acc), 0);
    x = dec("0.001");
    for (i = 0; i < 1000; i++)
        assert_int_equal(fmt_dec_add(&acc, &x), 0);
    assert_true(fmt_dec_is_one(&acc));
}

static void
test_fmt_dec_negative_and_sub(void **state)
{
    struct fmt_dec a, b, zero, one;

    (void)state;
    assert_int_equal(fmt_dec_from_int(0, &zero), 0);
    assert_int_equal(fmt_dec_from_int(1, &one), 0);
    a = dec("-0.2");
    assert_int_equal(fmt_dec_cmp(&a, &zero), -1);
    assert_int_equal(fmt_dec_cmp(&zero, &a), 1);
    b = dec("-0.3");
    assert_int_equal(fmt_dec_cmp(&b, &a), -1);
    b = dec("-1.5");
    assert_int_equal(fmt_dec_add(&b, &a), 0);
    assert_string_equal(text(&b), "-1.7");
    /* 1 - 0.3 = 0.7; 0.7 - 0.7 = 0; 0 - 0.000000000001 */
    a = one;
    b = dec("0.3");
    assert_int_equal(fmt_dec_sub(&a, &b), 0);
    assert_string_equal(text(&a), "0.7");
    b = dec("0.7");
    assert_int_equal(fmt_dec_sub(&a, &b), 0);
    assert_int_equal(fmt_dec_cmp(&a, &zero), 0);
    b = dec("0.000000000001");
    assert_int_equal(fmt_dec_sub(&a, &b), 0);
    assert_string_equal(text(&a), "-0.000000000001");
    b = dec("-2.5");
    assert_int_equal(fmt_dec_sub(&a, &b), 0);
    assert_string_equal(text(&a), "2.499999999999");
}

static void
test_fmt_dec_in_unit(void **state)
{
    static const char *const in[] = {
        "0", "1", "0.5", "-0", "0.999999999999", "1.000", "0.000000000001"};
    static const char *const out[] = {
        "-0.000000000001", "1.000000000001", "1.2", "-0.2", "2", "-1", "999999999999999999"};
    struct fmt_dec d;
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
        d = dec(in[i]);
        if (!fmt_dec_in_unit(&d))
            fail_msg("%s should be in [0, 1]", in[i]);
    }
    for (i = 0; i < sizeof(out) / sizeof(out[0]); i++) {
        d = dec(out[i]);
        if (fmt_dec_in_unit(&d))
            fail_msg("%s should be outside [0, 1]", out[i]);
    }
    d = dec("1");
    assert_true(fmt_dec_is_one(&d));
    d = dec("0.999999999999");
    assert_false(fmt_dec_is_one(&d));
    d = dec("-1");
    assert_false(fmt_dec_is_one(&d));
}

static void
test_fmt_dec_add_overflow(void **state)
{
    struct fmt_dec max, min, tiny, acc, big;

    (void)state;
    max = dec("999999999999999999.999999999999");
    min = dec("-999999999999999999.999999999999");
    tiny = dec("0.000000000001");
    acc = max;
    errno = 0;
    assert_int_equal(fmt_dec_add(&acc, &tiny), -1);
    assert_int_equal(errno, ERANGE);
    assert_int_equal(fmt_dec_cmp(&acc, &max), 0); /* unchanged */
    acc = min;
    assert_int_equal(fmt_dec_sub(&acc, &tiny), -1);
    assert_int_equal(errno, ERANGE);
    assert_int_equal(fmt_dec_cmp(&acc, &min), 0);
    acc = max;
    assert_int_equal(fmt_dec_add(&acc, &max), -1);
    acc = min;
    assert_int_equal(fmt_dec_add(&acc, &min), -1);
    /* max + min = 0, in range */
    acc = max;
    assert_int_equal(fmt_dec_add(&acc, &min), 0);
    assert_string_equal(text(&acc), "0");
    /* from_int */
    assert_int_equal(fmt_dec_from_int(999999999999999999LL, &big), 0);
    assert_int_equal(fmt_dec_from_int(-999999999999999999LL, &big), 0);
    assert_int_equal(fmt_dec_from_int(1000000000000000000LL, &big), -1);
    assert_int_equal(errno, ERANGE);
    assert_int_equal(fmt_dec_from_int(INT64_MIN, &big), -1);
    /* many sums of large keys: overflow is reported, never wrapped */
    acc = dec("500000000000000000");
    big = dec("500000000000000000");
    assert_int_equal(fmt_dec_add(&acc, &big), -1);
    big = dec("499999999999999999.999999999999");
    assert_int_equal(fmt_dec_add(&acc, &big), 0);
    assert_int_equal(fmt_dec_cmp(&acc, &max), 0);
}

static void
test_fmt_dec_format(void **state)
{
    struct fmt_dec d;
    char small[4];

    (void)state;
    d = dec("-999999999999999999.999999999999");
    assert_int_equal(strlen(text(&d)), FMT_DEC_STR_MAX - 1);
    d = dec("0.10");
    assert_string_equal(text(&d), "0.1");
    d = dec("100");
    assert_string_equal(text(&d), "100");
    d = dec("-100.000000000010");
    assert_string_equal(text(&d), "-100.00000000001");
    d = dec("0.25");
    errno = 0;
    assert_int_equal(fmt_dec_format(&d, small, sizeof(small)), -1);
    assert_int_equal(errno, ENOSPC);
    assert_string_equal(small, "");
    d = dec("0.5");
    assert_int_equal(fmt_dec_format(&d, small, sizeof(small)), 0);
    assert_string_equal(small, "0.5");
}

/* scaled - the reference: the value times 10^12 as an int64 (|value| < 10^6 here) */
static void
scaled_text(int64_t v, char *buf, size_t size)
{
    uint64_t m = v < 0 ? (uint64_t)(-v) : (uint64_t)v;
    char frac[13];
    int n;

    snprintf(frac, sizeof(frac), "%012llu", (unsigned long long)(m % 1000000000000ULL));
    for (n = 12; n > 0 && frac[n - 1] == '0'; n--)
        frac[n - 1] = '\0';
    snprintf(buf, size, "%s%llu%s%s", v < 0 && m != 0 ? "-" : "",
             (unsigned long long)(m / 1000000000000ULL), n > 0 ? "." : "", frac);
}

static void
test_fmt_dec_random_sums_match_integers(void **state)
{
    struct fmt_dec acc, x;
    int64_t ref, v;
    char s[64], want[64];
    int round, k;

    (void)state;
    srandom(20260219);
    for (round = 0; round < 2000; round++) {
        ref = 0;
        assert_int_equal(fmt_dec_from_int(0, &acc), 0);
        for (k = 0; k < 8; k++) {
            /* |v| < 10^6 in units of 10^-12 */
            v = ((int64_t)random() % 1000000) * 1000000000000LL / 1000 +
                (int64_t)random() % 1000000000;
            if (random() & 1)
                v = -v;
            scaled_text(v, s, sizeof(s));
            x = dec(s);
            assert_string_equal(text(&x), s);
            assert_int_equal(fmt_dec_add(&acc, &x), 0);
            ref += v;
        }
        scaled_text(ref, want, sizeof(want));
        assert_string_equal(text(&acc), want);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fmt_dec_parse_values),
        cmocka_unit_test(test_fmt_dec_parse_leading_and_trailing_zeros),
        cmocka_unit_test(test_fmt_dec_parse_twelve_fraction_digits),
        cmocka_unit_test(test_fmt_dec_parse_refuses_garbage),
        cmocka_unit_test(test_fmt_dec_parse_overflow),
        cmocka_unit_test(test_fmt_dec_sums_exact),
        cmocka_unit_test(test_fmt_dec_negative_and_sub),
        cmocka_unit_test(test_fmt_dec_in_unit),
        cmocka_unit_test(test_fmt_dec_add_overflow),
        cmocka_unit_test(test_fmt_dec_format),
        cmocka_unit_test(test_fmt_dec_random_sums_match_integers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
