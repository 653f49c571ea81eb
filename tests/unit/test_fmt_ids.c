/* test_fmt_ids - EIC check characters on real codes, PRM syntax. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "fmt_ids.h"

/* Real EICs, published by their owners (ENTSO-E EIC registry). */
static const char *const real_eics[] = {
    "10XFR-RTE------Q",                     /* RTE, the French TSO (party) */
    "10YFR-RTE------C",                     /* France, control area */
    "17X100A100A0001A",                     /* Enedis */
    "10X1001A1001A345", "10YDE-RWENET---I", /* Amprion area */
    "10Y1001A1001A83F",                     /* Germany */
    "10YCB-GERMANY--8", "10YBE----------2", /* Belgium (Elia) */
    "10YNL----------L",                     /* Netherlands (TenneT) */
    "10YES-REE------0",                     /* Spain */
    "10YIT-GRTN-----B",                     /* Italy */
    "10YAT-APG------L",                     /* Austria */
    "10YCH-SWISSGRIDZ",                     /* Switzerland */
    "10YPL-AREA-----S",                     /* Poland */
    "10YCZ-CEPS-----N",                     /* Czechia */
};

static void
test_fmt_eic_valid_accepts_real_codes(void **state)
{
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(real_eics) / sizeof(real_eics[0]); i++) {
        assert_int_equal(fmt_eic_check_char(real_eics[i]), real_eics[i][15]);
        assert_true(fmt_eic_valid(real_eics[i], 16));
    }
}

static void
test_fmt_eic_valid_rejects_every_wrong_check_char(void **state)
{
    const char *alpha = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-";
    char e[17];
    size_t i;
    int ok = 0;

    (void)state;
    memcpy(e, "10XFR-RTE------Q", 17);
    for (i = 0; alpha[i] != '\0'; i++) {
        e[15] = alpha[i];
        ok += fmt_eic_valid(e, 16);
    }
    assert_int_equal(ok, 1); /* only 'Q' */
}

static void
test_fmt_eic_valid_rejects_bad_syntax(void **state)
{
    (void)state;
    assert_false(fmt_eic_valid("10xfr-rte------q", 16)); /* lower case */
    assert_false(fmt_eic_valid("10XFR-RTE------", 15));  /* short */
    assert_false(fmt_eic_valid("10XFR-RTE------QQ", 17));
    assert_false(fmt_eic_valid("10XFR_RTE------Q", 16));
    assert_false(fmt_eic_syntax("10XFR RTE------Q", 16));
    assert_true(fmt_eic_syntax("10XFR-RTE------A", 16)); /* syntax only */
    assert_int_equal(fmt_eic_check_char("10XFR_RTE------"), 0);
}

static void
test_fmt_eic_check_char_wraps_like_a_modulo(void **state)
{
    (void)state;
    /* sum 0: 36 - ((0 - 1) mod 37) = 0 -> '0' (C's % would index out of the alphabet) */
    assert_int_equal(fmt_eic_check_char("000000000000000"), '0');
    /* a dash as check character (value 36): weighted sum 38 = 16*1 + 2*11 */
    assert_int_equal(fmt_eic_check_char("10000000000000B"), '-');
}

static void
test_fmt_prm_parse_takes_14_digits(void **state)
{
    uint64_t v = 0;

    (void)state;
    assert_int_equal(fmt_prm_parse("30001610000001", 14, &v), 0);
    assert_true(v == 30001610000001ULL);
    assert_int_equal(fmt_prm_parse("00000000000000", 14, &v), 0);
    assert_true(v == 0);
    assert_int_equal(fmt_prm_parse("99999999999999", 14, &v), 0);
    assert_true(v == 99999999999999ULL);
}

static void
test_fmt_prm_parse_rejects_others(void **state)
{
    uint64_t v = 7;

    (void)state;
    assert_int_equal(fmt_prm_parse("3000161000000", 13, &v), -1);
    assert_int_equal(fmt_prm_parse("300016100000011", 15, &v), -1);
    assert_int_equal(fmt_prm_parse("3000161000000A", 14, &v), -1);
    assert_int_equal(fmt_prm_parse(" 3000161000000", 14, &v), -1);
    assert_true(v == 7); /* out-parameter untouched on failure */
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fmt_eic_valid_accepts_real_codes),
        cmocka_unit_test(test_fmt_eic_valid_rejects_every_wrong_check_char),
        cmocka_unit_test(test_fmt_eic_valid_rejects_bad_syntax),
        cmocka_unit_test(test_fmt_eic_check_char_wraps_like_a_modulo),
        cmocka_unit_test(test_fmt_prm_parse_takes_14_digits),
        cmocka_unit_test(test_fmt_prm_parse_rejects_others),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
