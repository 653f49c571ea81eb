/* test_cal_holidays - the built-in French holidays (fixed and Easter-based, in March, April,
 * May and June), the override rules (Alsace-Moselle, removals, order, errors that leave the
 * set unchanged, the file checks) and Jours Ouvrés counting. Every expected value below was
 * worked out by hand from a paper calendar, not from the module. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "cal_holidays.h"

struct day {
    int y, mo, d;
    int want; /* 1 holiday, 0 not */
    const char *name;
};

static void
test_cal_holiday_builtin_table(void **state)
{
    static const struct day t[] = {
        {1970, 1, 1, 1, "Jour de l'an"},
        {1970, 3, 30, 1, "Lundi de Pâques"}, /* Easter 1970: 29 March */
        {2008, 3, 24, 1, "Lundi de Pâques"}, /* Easter 2008: 23 March, Monday in March */
        {2008, 5, 1, 1, NULL},               /* Ascension 2008 is 1 May too */
        {2008, 5, 12, 1, "Lundi de Pentecôte"},
        {2016, 3, 28, 1, "Lundi de Pâques"},
        {2024, 4, 1, 1, "Lundi de Pâques"}, /* Easter 2024: 31 March, Monday in April */
        {2024, 5, 9, 1, "Ascension"},
        {2024, 5, 20, 1, "Lundi de Pentecôte"},
        {2025, 4, 21, 1, "Lundi de Pâques"},
        {2025, 5, 29, 1, "Ascension"},
        {2025, 6, 9, 1, "Lundi de Pentecôte"}, /* in June */
        {2026, 4, 6, 1, "Lundi de Pâques"},
        {2026, 5, 14, 1, "Ascension"},
        {2026, 5, 25, 1, "Lundi de Pentecôte"},
        {2038, 4, 26, 1, "Lundi de Pâques"}, /* Easter 2038: 25 April, the latest */
        {2038, 6, 3, 1, "Ascension"},        /* Ascension in June */
        {2038, 6, 14, 1, "Lundi de Pentecôte"},
        {2026, 5, 1, 1, "Fête du Travail"},
        {2026, 5, 8, 1, "Victoire 1945"},
        {2026, 7, 14, 1, "Fête nationale"},
        {2030, 8, 15, 1, "Assomption"},
        {2026, 11, 1, 1, "Toussaint"},
        {2026, 11, 11, 1, "Armistice 1918"},
        {2099, 12, 25, 1, "Noël"},
        {2026, 4, 5, 0, NULL},   /* Easter Sunday itself is not in the list */
        {2026, 4, 3, 0, NULL},   /* Good Friday: Alsace-Moselle only */
        {2026, 12, 26, 0, NULL}, /* Saint-Étienne: Alsace-Moselle only */
        {2026, 5, 24, 0, NULL},  /* Pentecost Sunday */
        {2024, 3, 31, 0, NULL},
        {2026, 6, 1, 0, NULL},
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
        const char *name = NULL;

        assert_int_equal(cal_holiday(NULL, t[i].y, t[i].mo, t[i].d, &name), t[i].want);
        if (t[i].name)
            assert_string_equal(name, t[i].name);
    }
}

static void
test_cal_holiday_set_equals_builtin(void **state)
{
    struct cal_holidays *h = cal_holidays_new();
    int y, mo, d, n = 0;

    (void)state;
    assert_non_null(h);
    for (y = CAL_HOL_YEAR_MIN; y <= CAL_HOL_YEAR_MAX; y++)
        for (mo = 1; mo <= 12; mo++)
            for (d = 1; d <= 31; d++) {
                int a = cal_holiday(NULL, y, mo, d, NULL), b = cal_holiday(h, y, mo, d, NULL);

                assert_int_equal(a, b);
                n += a == 1;
            }
    /* 11 a year, less one when Ascension falls on 1 May (Easter on 23 March: 2008) or on
     * 8 May (Easter on 30 March: 1975, 1986, 1997, 2059, 2070, 2081, 2092). */
    assert_int_equal(n, 130 * 11 - 8);
    assert_int_equal(cal_holiday(NULL, 1997, 5, 8, NULL), 1);
    cal_holidays_free(h);
    cal_holidays_free(NULL);
}

static void
test_cal_holiday_bad_dates(void **state)
{
    (void)state;
    errno = 0;
    assert_int_equal(cal_holiday(NULL, 2026, 2, 29, NULL), -1);
    assert_int_equal(errno, EINVAL);
    assert_int_equal(cal_holiday(NULL, 2026, 13, 1, NULL), -1);
    assert_int_equal(errno, EINVAL);
    assert_int_equal(cal_holiday(NULL, 1969, 12, 25, NULL), -1);
    assert_int_equal(errno, ERANGE);
    assert_int_equal(cal_holiday(NULL, 2100, 1, 1, NULL), -1);
    assert_int_equal(errno, ERANGE);
    assert_int_equal(cal_holiday(NULL, 2028, 2, 29, NULL), 0); /* leap year */
}

/* parse - apply text to a fresh set; asserts the result code */
static struct cal_holidays *
parse(const char *text, int want, char *err, size_t errlen)
{
    struct cal_holidays *h = cal_holidays_new();

    assert_non_null(h);
    err[0] = '\0';
    assert_int_equal(cal_holidays_parse(h, text, strlen(text), "holidays", err, errlen), want);
    return h;
}

static void
test_cal_holidays_parse_alsace_moselle(void **state)
{
    char err[256];
    const char *name = NULL;
    struct cal_holidays *h =
        parse("# Alsace-Moselle\r\n\nadd easter-2   Vendredi saint\r\nadd 12-26 Saint-Étienne  # "
              "second day of Christmas\n",
              0, err, sizeof(err));
    static const int gf[][3] = {{1970, 3, 27}, {2008, 3, 21}, {2026, 4, 3}, {2038, 4, 23}};
    size_t i;

    (void)state;
    for (i = 0; i < 4; i++) {
        assert_int_equal(cal_holiday(h, gf[i][0], gf[i][1], gf[i][2], &name), 1);
        assert_string_equal(name, "Vendredi saint");
        assert_int_equal(cal_jour_ouvre(h, gf[i][0], gf[i][1], gf[i][2]), 0);
        assert_int_equal(cal_jour_ouvre(NULL, gf[i][0], gf[i][1], gf[i][2]), 1);
    }
    assert_int_equal(cal_holiday(h, 2029, 12, 26, &name), 1); /* a Wednesday */
    assert_string_equal(name, "Saint-Étienne");
    assert_int_equal(cal_jour_ouvre(h, 2029, 12, 26), 0);
    assert_int_equal(cal_holiday(h, 2026, 4, 6, &name), 1); /* built-ins stay */
    assert_string_equal(name, "Lundi de Pâques");
    cal_holidays_free(h);
}

static void
test_cal_holidays_parse_remove_and_order(void **state)
{
    char err[256];
    const char *name = NULL;
    struct cal_holidays *h;

    (void)state;
    h = parse("remove 2030-05-08\n", 0, err, sizeof(err));
    assert_int_equal(cal_holiday(h, 2030, 5, 8, NULL), 0);
    assert_int_equal(cal_holiday(h, 2031, 5, 8, NULL), 1);
    cal_holidays_free(h);

    /* Later lines win: 8 May removed every year, then given back for 2030 only. */
    h = parse("remove 05-08\nadd 2030-05-08 Victoire (2030)\n", 0, err, sizeof(err));
    assert_int_equal(cal_holiday(h, 2029, 5, 8, NULL), 0);
    assert_int_equal(cal_holiday(h, 2030, 5, 8, &name), 1);
    assert_string_equal(name, "Victoire (2030)");
    assert_int_equal(cal_holiday(h, 1975, 5, 8, NULL), 0);
    cal_holidays_free(h);

    h = parse("add 2030-05-08\nremove 05-08\n", 0, err, sizeof(err));
    assert_int_equal(cal_holiday(h, 2030, 5, 8, NULL), 0);
    cal_holidays_free(h);

    /* Easter-relative removal and a name-less addition; 29 February only in leap years. */
    h = parse("remove easter+50\nadd 02-29\nadd easter\n", 0, err, sizeof(err));
    assert_int_equal(cal_holiday(h, 2026, 5, 25, NULL), 0);
    assert_int_equal(cal_holiday(h, 2028, 2, 29, &name), 1);
    assert_string_equal(name, "holiday (override)");
    assert_int_equal(cal_holiday(h, 2027, 2, 28, NULL), 0);
    assert_int_equal(cal_holiday(h, 2026, 4, 5, NULL), 1);
    cal_holidays_free(h);

    /* Two files in a row add up. */
    h = parse("add 2026-06-01 A\n", 0, err, sizeof(err));
    assert_int_equal(cal_holidays_parse(h, "add 2026-06-02 B", 16, "second", err, sizeof(err)), 0);
    assert_int_equal(cal_holiday(h, 2026, 6, 1, NULL), 1);
    assert_int_equal(cal_holiday(h, 2026, 6, 2, &name), 1);
    assert_string_equal(name, "B");
    cal_holidays_free(h);
}

static void
test_cal_holidays_parse_errors(void **state)
{
    static const struct {
        const char *text, *err;
    } t[] = {
        {"add 2026-02-30", "holidays:1: not a calendar date"},
        {"add 2026-13-01", "holidays:1: not a calendar date"},
        {"# ok\nadd 2100-01-01", "holidays:2: a date must be within 1970-2099"},
        {"add 1969-12-25", "holidays:1: a date must be within 1970-2099"},
        {"frob 01-01", "holidays:1: expected \"add\" or \"remove\""},
        {"Add 01-01", "holidays:1: expected \"add\" or \"remove\""},
        {"add", "holidays:1: missing date (YYYY-MM-DD, MM-DD or easter[+-N])"},
        {"add 02-30", "holidays:1: not a day of the year (MM-DD)"},
        {"add 13-01", "holidays:1: not a day of the year (MM-DD)"},
        {"add 2026/05/01", "holidays:1: expected YYYY-MM-DD, MM-DD, easter, easter+N or easter-N"},
        {"add easter+251", "holidays:1: an Easter offset must be within -80..+250 days"},
        {"add easter-81", "holidays:1: an Easter offset must be within -80..+250 days"},
        {"add easter2", "holidays:1: expected easter, easter+N or easter-N"},
        {"add easter+", "holidays:1: expected easter, easter+N or easter-N"},
        {"add 01-02 0123456789012345678901234567890123456789012345678901234567890123",
         "holidays:1: name longer than 63 bytes"},
        {"add 01-02 a\tb\x01", "holidays:1: control character in the name"},
    };
    char err[256];
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
        struct cal_holidays *h = parse(t[i].text, -1, err, sizeof(err));

        assert_string_equal(err, t[i].err);
        cal_holidays_free(h);
    }
}

static void
test_cal_holidays_parse_error_leaves_set_unchanged(void **state)
{
    char err[256];
    struct cal_holidays *h;

    (void)state;
    h = parse("add 2026-06-01\nremove 01-01\nadd nonsense\n", -1, err, sizeof(err));
    assert_string_equal(err,
                        "holidays:3: expected YYYY-MM-DD, MM-DD, easter, easter+N or easter-N");
    assert_int_equal(errno, EINVAL);
    assert_int_equal(cal_holiday(h, 2026, 6, 1, NULL), 0);
    assert_int_equal(cal_holiday(h, 2026, 1, 1, NULL), 1);
    /* A NUL byte inside a line is refused. */
    assert_int_equal(cal_holidays_parse(h, "add 01-02\0x\n", 12, "f", err, sizeof(err)), -1);
    assert_string_equal(err, "f:1: NUL byte");
    cal_holidays_free(h);
}

static void
test_cal_holidays_load_file(void **state)
{
    char dir[] = "/tmp/test_cal_holidays.XXXXXX", path[128], err[512];
    struct cal_holidays *h = cal_holidays_new();
    FILE *f;

    (void)state;
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof(path), "%s/holidays", dir);
    errno = 0;
    assert_int_equal(cal_holidays_load(h, path, err, sizeof(err)), -1);
    assert_int_equal(errno, ENOENT);
    assert_non_null(strstr(err, "No such file"));

    f = fopen(path, "w");
    assert_non_null(f);
    fputs("add easter-2 Vendredi saint\nadd 12-26 Saint-Étienne\n", f);
    fclose(f);
    chmod(path, 0666);
    assert_int_equal(cal_holidays_load(h, path, err, sizeof(err)), -1);
    assert_int_equal(errno, EPERM);
    assert_non_null(strstr(err, "writable by group or others"));
    chmod(path, 0644);
    assert_int_equal(cal_holidays_load(h, path, err, sizeof(err)), 0);
    assert_int_equal(cal_holiday(h, 2026, 4, 3, NULL), 1);
    assert_int_equal(cal_holiday(h, 2026, 12, 26, NULL), 1);

    f = fopen(path, "w");
    assert_non_null(f);
    fputs("add 01-02\nadd 2026-02-29\n", f);
    fclose(f);
    assert_int_equal(cal_holidays_load(h, path, err, sizeof(err)), -1);
    assert_int_equal(errno, EINVAL);
    assert_non_null(strstr(err, "/holidays:2: not a calendar date"));
    assert_int_equal(cal_holiday(h, 2026, 1, 2, NULL), 0);

    /* A folder is not a holidays file. */
    assert_int_equal(cal_holidays_load(h, dir, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "not a regular file"));
    unlink(path);
    rmdir(dir);
    cal_holidays_free(h);
}

static void
test_cal_jour_ouvre_and_counts(void **state)
{
    static const struct {
        int y1, mo1, d1, y2, mo2, d2, want;
    } t[] = {
        {2026, 5, 1, 2026, 5, 31, 17},   /* 21 weekdays, minus 1, 8, 14 and 25 May */
        {2026, 2, 1, 2026, 2, 28, 20},   /* February 2026 ends on a Saturday */
        {2028, 2, 1, 2028, 2, 29, 21},   /* leap February: Tuesday 29th counts */
        {2026, 12, 1, 2026, 12, 31, 22}, /* 23 weekdays minus Christmas (Friday) */
        {2026, 12, 24, 2027, 1, 5, 7},   /* 24, 28, 29, 30, 31 Dec; 4, 5 Jan */
        {2026, 5, 31, 2026, 5, 1, 0},    /* reversed: none */
        {2026, 5, 2, 2026, 5, 3, 0},     /* a weekend */
        {2026, 5, 8, 2026, 5, 8, 0},     /* a holiday Friday */
        {2026, 5, 7, 2026, 5, 7, 1},
    };
    size_t i;
    int n;

    (void)state;
    for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
        n = -1;
        assert_int_equal(
            cal_jours_ouvres(NULL, t[i].y1, t[i].mo1, t[i].d1, t[i].y2, t[i].mo2, t[i].d2, &n), 0);
        assert_int_equal(n, t[i].want);
    }
    assert_int_equal(cal_jour_ouvre(NULL, 2026, 5, 9), 0); /* Saturday */
    assert_int_equal(cal_jour_ouvre(NULL, 2026, 5, 10), 0);
    assert_int_equal(cal_jour_ouvre(NULL, 2026, 5, 11), 1);
    assert_int_equal(cal_jour_ouvre(NULL, 2026, 2, 30), -1);
}

static void
test_cal_jo_add(void **state)
{
    static const struct {
        int y, mo, d, n, wy, wmo, wd;
    } t[] = {
        {2027, 1, 1, 3, 2027, 1, 6},   /* from the 1 January holiday: 4, 5, 6 */
        {2026, 12, 31, 3, 2027, 1, 6}, /* New Year's Eve: 4, 5, 6 (the 1st is a holiday) */
        {2026, 5, 13, 3, 2026, 5, 19}, /* over Ascension: 15, 18, 19 */
        {2026, 5, 22, 1, 2026, 5, 26}, /* over Whit Monday */
        {2026, 3, 28, 3, 2026, 4, 1},  /* a Saturday, across the March change */
        {2026, 5, 26, -1, 2026, 5, 22}, {2026, 1, 5, -2, 2025, 12, 31}, /* back over New Year */
        {2026, 5, 9, 0, 2026, 5, 9},
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
        int y = t[i].y, mo = t[i].mo, d = t[i].d;

        assert_int_equal(cal_jo_add(NULL, &y, &mo, &d, t[i].n), 0);
        assert_int_equal(y, t[i].wy);
        assert_int_equal(mo, t[i].wmo);
        assert_int_equal(d, t[i].wd);
    }
    {
        int y = 2099, mo = 12, d = 30;

        errno = 0;
        assert_int_equal(cal_jo_add(NULL, &y, &mo, &d, 5), -1);
        assert_int_equal(errno, ERANGE);
        assert_int_equal(d, 30);
    }
}

static void
test_cal_jo_before_last(void **state)
{
    static const struct {
        int y, mo, n, wy, wmo, wd;
    } t[] = {
        {2026, 3, 5, 2026, 3, 24},  /* DOMAIN.md: 25, 26, 27, 30, 31 are the last 5 */
        {2026, 5, 5, 2026, 5, 21},  /* issue: Ascension and Whit Monday in May */
        {2026, 1, 10, 2026, 1, 16}, /* January ends on a Saturday: 19..30 are the last 10 */
        {2026, 2, 5, 2026, 2, 20},  /* February 2026 ends on a Saturday */
        {2026, 2, 10, 2026, 2, 13},   {2028, 2, 5, 2028, 2, 22}, /* leap: 23, 24, 25, 28, 29 */
        {2026, 12, 10, 2026, 12, 16}, /* Christmas Friday skipped: 17..31 */
        {2026, 5, 0, 2026, 5, 29},    /* n = 0: the last Jour Ouvré (31 is a Sunday) */
        {2026, 3, 0, 2026, 3, 31},    /* the last day itself */
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
        int y = 0, mo = 0, d = 0;

        assert_int_equal(cal_jo_before_last(NULL, t[i].y, t[i].mo, t[i].n, &y, &mo, &d), 0);
        assert_int_equal(y, t[i].wy);
        assert_int_equal(mo, t[i].wmo);
        assert_int_equal(d, t[i].wd);
    }
    {
        int y, mo, d;

        /* More than the month holds: falls in the month before. */
        assert_int_equal(cal_jo_before_last(NULL, 2026, 2, 20, &y, &mo, &d), 0);
        assert_int_equal(mo, 1);
        assert_int_equal(d, 30);
        assert_int_equal(cal_jo_before_last(NULL, 2026, 2, -1, &y, &mo, &d), -1);
        assert_int_equal(errno, EINVAL);
        assert_int_equal(cal_jo_before_last(NULL, 2026, 0, 5, &y, &mo, &d), -1);
        assert_int_equal(errno, EINVAL);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cal_holiday_builtin_table),
        cmocka_unit_test(test_cal_holiday_set_equals_builtin),
        cmocka_unit_test(test_cal_holiday_bad_dates),
        cmocka_unit_test(test_cal_holidays_parse_alsace_moselle),
        cmocka_unit_test(test_cal_holidays_parse_remove_and_order),
        cmocka_unit_test(test_cal_holidays_parse_errors),
        cmocka_unit_test(test_cal_holidays_parse_error_leaves_set_unchanged),
        cmocka_unit_test(test_cal_holidays_load_file),
        cmocka_unit_test(test_cal_jour_ouvre_and_counts),
        cmocka_unit_test(test_cal_jo_add),
        cmocka_unit_test(test_cal_jo_before_last),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
