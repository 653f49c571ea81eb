/* cal_holidays - French public holidays and Jours Ouvrés.
 *
 * DESCRIPTION
 *	A set is a table of one byte per calendar day of 1970-2099 (about 49 KB), filled from
 *	the built-in rules and then from the override rules in the order given, so a query is
 *	one lookup. The rules are kept too, for the name of a day. Dates are walked with
 *	cal_add_days (no range check of its own) and weekdays come from Sakamoto's formula:
 *	cal.c's instant functions stop at 1996, holidays go back to 1970.
 *
 *	Override file: one rule a line, "add|remove WHEN [NAME]", '#' starts a comment. WHEN is
 *	YYYY-MM-DD (one day), MM-DD (that day every year; 02-29 in leap years only) or
 *	easter[+N|-N] (N days from Easter Sunday, every year; -80..+250 keeps it in the year).
 *
 * DIAGNOSTICS
 *	0 or -1 with errno; parse errors as "NAME:LINE: why" in the caller's buffer.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cal.h"
#include "cal_holidays.h"

#define NYEARS     (CAL_HOL_YEAR_MAX - CAL_HOL_YEAR_MIN + 1)
#define EASTER_MIN (-80)
#define EASTER_MAX 250
#define FILE_MAX   (1L << 20)
#define RULES_MAX  4096

enum rule_kind { RULE_DATE, RULE_ANNUAL, RULE_EASTER };

struct rule {
    int add; /* 1 add, 0 remove */
    enum rule_kind kind;
    int y, mo, d; /* RULE_DATE: all three; RULE_ANNUAL: mo and d */
    int off;      /* RULE_EASTER: days from Easter Sunday */
    char name[CAL_HOL_NAME_MAX + 1];
};

struct cal_holidays {
    unsigned char on[NYEARS][12][32];
    struct rule *rules;
    size_t nrules;
};

static int
is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
mdays(int y, int mo)
{
    static const int t[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

    return mo == 2 && is_leap(y) ? 29 : t[mo - 1];
}

/* wday - 0=Sunday; Sakamoto's method, for any Gregorian date */
static int
wday(int y, int mo, int d)
{
    static const int t[12] = {0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4};

    if (mo < 3)
        y--;
    return (y + y / 4 - y / 100 + y / 400 + t[mo - 1] + d) % 7;
}

/* check - EINVAL unless a calendar date (shape first), ERANGE outside 1970-2099 */
static int
check(int y, int mo, int d)
{
    if (mo < 1 || mo > 12 || d < 1 || d > mdays(y, mo)) {
        errno = EINVAL;
        return -1;
    }
    if (y < CAL_HOL_YEAR_MIN || y > CAL_HOL_YEAR_MAX) {
        errno = ERANGE;
        return -1;
    }
    return 0;
}

/* easter - Gregorian Easter Sunday (Meeus/Jones/Butcher), any year */
static void
easter(int y, int *mo, int *d)
{
    int a = y % 19, b = y / 100, c = y % 100, e = b % 4, f = (b + 8) / 25;
    int g = (b - f + 1) / 3, h = (19 * a + b - b / 4 - g + 15) % 30;
    int l = (32 + 2 * e + 2 * (c / 4) - h - c % 4) % 7, m = (a + 11 * h + 22 * l) / 451;

    *mo = (h + l - 7 * m + 114) / 31;
    *d = (h + l - 7 * m + 114) % 31 + 1;
}

/* easter_offset - y-mo-d as days from Easter Sunday of year y */
static int
easter_offset(int y, int mo, int d)
{
    int emo, ed, n = 0;

    easter(y, &emo, &ed);
    /* Day of year of both; Easter is in March or April. */
    for (int m = 1; m < mo; m++)
        n += mdays(y, m);
    n += d;
    for (int m = 1; m < emo; m++)
        n -= mdays(y, m);
    return n - ed;
}

/* builtin_name - the label of y-mo-d in the built-in list, or NULL */
static const char *
builtin_name(int y, int mo, int d)
{
    static const struct {
        int mo, d;
        const char *name;
    } fixed[] = {
        {1, 1, "Jour de l'an"},     {5, 1, "Fête du Travail"}, {5, 8, "Victoire 1945"},
        {7, 14, "Fête nationale"},  {8, 15, "Assomption"},     {11, 1, "Toussaint"},
        {11, 11, "Armistice 1918"}, {12, 25, "Noël"},
    };
    size_t i;

    for (i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
        if (fixed[i].mo == mo && fixed[i].d == d)
            return fixed[i].name;
    if (mo < 3 || mo > 6)
        return NULL;
    switch (easter_offset(y, mo, d)) {
    case 1:
        return "Lundi de Pâques";
    case 39:
        return "Ascension";
    case 50:
        return "Lundi de Pentecôte";
    }
    return NULL;
}

/* rule_matches - whether rule r names y-mo-d */
static int
rule_matches(const struct rule *r, int y, int mo, int d)
{
    switch (r->kind) {
    case RULE_DATE:
        return r->y == y && r->mo == mo && r->d == d;
    case RULE_ANNUAL:
        return r->mo == mo && r->d == d;
    case RULE_EASTER:
        return easter_offset(y, mo, d) == r->off;
    }
    return 0;
}

/* rule_apply - set or clear every day rule r names */
static void
rule_apply(struct cal_holidays *h, const struct rule *r)
{
    int y, yy, mo, d;

    for (y = CAL_HOL_YEAR_MIN; y <= CAL_HOL_YEAR_MAX; y++) {
        if (r->kind == RULE_DATE && r->y != y)
            continue;
        if (r->kind == RULE_EASTER) {
            yy = y;
            easter(y, &mo, &d);
            cal_add_days(&yy, &mo, &d, r->off); /* stays in year y: see EASTER_MIN/MAX */
        } else if (r->kind == RULE_ANNUAL && r->mo == 2 && r->d == 29 && !is_leap(y)) {
            continue;
        } else {
            mo = r->mo;
            d = r->d;
        }
        h->on[y - CAL_HOL_YEAR_MIN][mo - 1][d] = (unsigned char)r->add;
    }
}

struct cal_holidays *
cal_holidays_new(void)
{
    struct cal_holidays *h = calloc(1, sizeof(*h));
    int y, mo, d;

    if (h == NULL)
        return NULL;
    for (y = CAL_HOL_YEAR_MIN; y <= CAL_HOL_YEAR_MAX; y++)
        for (mo = 1; mo <= 12; mo++)
            for (d = 1; d <= mdays(y, mo); d++)
                h->on[y - CAL_HOL_YEAR_MIN][mo - 1][d] = builtin_name(y, mo, d) != NULL;
    return h;
}

void
cal_holidays_free(struct cal_holidays *h)
{
    if (h == NULL)
        return;
    free(h->rules);
    free(h);
}

/* num - exactly n ASCII digits at s, else -1 */
static int
num(const char *s, size_t n)
{
    int v = 0;

    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

/* parse_when - one WHEN word into r; a reason in why on failure */
static int
parse_when(const char *w, size_t n, struct rule *r, const char **why)
{
    if (n >= 6 && !strncmp(w, "easter", 6)) {
        int v = 0;

        r->kind = RULE_EASTER;
        if (n > 6) {
            if ((w[6] != '+' && w[6] != '-') || n < 8 || n > 10 || (v = num(w + 7, n - 7)) < 0) {
                *why = "expected easter, easter+N or easter-N";
                return -1;
            }
            v = w[6] == '-' ? -v : v;
        }
        if (v < EASTER_MIN || v > EASTER_MAX) {
            *why = "an Easter offset must be within -80..+250 days";
            return -1;
        }
        r->off = v;
        return 0;
    }
    if (n == 10 && w[4] == '-' && w[7] == '-') {
        r->kind = RULE_DATE;
        r->y = num(w, 4);
        r->mo = num(w + 5, 2);
        r->d = num(w + 8, 2);
        if (r->y < 0 || r->mo < 0 || r->d < 0 || check(r->y, r->mo, r->d) < 0) {
            *why = r->y >= 0 && r->mo > 0 && r->mo <= 12 && r->d > 0 && r->d <= mdays(r->y, r->mo)
                       ? "a date must be within 1970-2099"
                       : "not a calendar date";
            return -1;
        }
        return 0;
    }
    if (n == 5 && w[2] == '-') {
        r->kind = RULE_ANNUAL;
        r->mo = num(w, 2);
        r->d = num(w + 3, 2);
        if (r->mo < 1 || r->mo > 12 || r->d < 1 || r->d > (r->mo == 2 ? 29 : mdays(2001, r->mo))) {
            *why = "not a day of the year (MM-DD)";
            return -1;
        }
        return 0;
    }
    *why = "expected YYYY-MM-DD, MM-DD, easter, easter+N or easter-N";
    return -1;
}

/* parse_line - one line (no newline) into r; 0 rule, 1 blank or comment, -1 error */
static int
parse_line(char *s, struct rule *r, const char **why)
{
    char *p, *e, *hash;
    size_t n;

    if ((hash = strchr(s, '#')) != NULL)
        *hash = '\0';
    p = s + strspn(s, " \t\r");
    e = p + strlen(p);
    while (e > p && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
        *--e = '\0';
    if (*p == '\0')
        return 1;
    memset(r, 0, sizeof(*r));
    n = strcspn(p, " \t");
    if (n == 3 && !strncmp(p, "add", 3))
        r->add = 1;
    else if (n == 6 && !strncmp(p, "remove", 6))
        r->add = 0;
    else {
        *why = "expected \"add\" or \"remove\"";
        return -1;
    }
    p += n;
    p += strspn(p, " \t");
    n = strcspn(p, " \t");
    if (n == 0) {
        *why = "missing date (YYYY-MM-DD, MM-DD or easter[+-N])";
        return -1;
    }
    if (parse_when(p, n, r, why) < 0)
        return -1;
    p += n;
    p += strspn(p, " \t");
    if (strlen(p) > CAL_HOL_NAME_MAX) {
        *why = "name longer than 63 bytes";
        return -1;
    }
    for (e = p; *e; e++)
        if ((unsigned char)*e < 0x20 || *e == 0x7f) {
            *why = "control character in the name";
            return -1;
        }
    memcpy(r->name, p, strlen(p) + 1);
    return 0;
}

int
cal_holidays_parse(struct cal_holidays *h, const char *text, size_t len, const char *name,
                   char *err, size_t errlen)
{
    struct rule *rules = NULL, *nr;
    size_t nrules = 0, i, pos = 0;
    char *line = NULL;
    long lineno = 0;
    int rc = -1;

    if (h == NULL) {
        errno = EINVAL;
        return -1;
    }
    while (pos < len) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - (text + pos)) : len - pos;
        const char *why = NULL;
        struct rule r;
        int k;

        lineno++;
        if ((line = malloc(n + 1)) == NULL)
            goto out;
        memcpy(line, text + pos, n);
        line[n] = '\0';
        pos += n + 1;
        if (memchr(line, '\0', n) != NULL) {
            why = "NUL byte";
            k = -1;
        } else {
            k = parse_line(line, &r, &why);
        }
        free(line);
        line = NULL;
        if (k < 0) {
            snprintf(err, errlen, "%s:%ld: %s", name, lineno, why);
            errno = EINVAL;
            goto out;
        }
        if (k == 1)
            continue;
        if (h->nrules + nrules >= RULES_MAX) {
            snprintf(err, errlen, "%s:%ld: more than %d rules", name, lineno, RULES_MAX);
            errno = EINVAL;
            goto out;
        }
        if ((nr = realloc(rules, (nrules + 1) * sizeof(*rules))) == NULL)
            goto out;
        rules = nr;
        rules[nrules++] = r;
    }
    /* Commit: nothing above touched h. */
    if (nrules > 0) {
        if ((nr = realloc(h->rules, (h->nrules + nrules) * sizeof(*nr))) == NULL)
            goto out;
        h->rules = nr;
        for (i = 0; i < nrules; i++) {
            h->rules[h->nrules++] = rules[i];
            rule_apply(h, &rules[i]);
        }
    }
    rc = 0;
out:
    if (rc < 0 && errno == ENOMEM)
        snprintf(err, errlen, "%s: out of memory", name);
    free(rules);
    return rc;
}

int
cal_holidays_load(struct cal_holidays *h, const char *path, char *err, size_t errlen)
{
    struct stat st;
    char *buf = NULL;
    size_t got = 0;
    int fd, rc = -1, saved;

    if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) < 0) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return -1;
    }
    if (fstat(fd, &st) < 0) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        goto out;
    }
    if (!S_ISREG(st.st_mode)) {
        snprintf(err, errlen, "%s: not a regular file", path);
        errno = EINVAL;
        goto out;
    }
    if (st.st_mode & 022) {
        snprintf(err, errlen, "%s: writable by group or others (mode %04o): refused", path,
                 (unsigned)(st.st_mode & 07777));
        errno = EPERM;
        goto out;
    }
    if (st.st_size > FILE_MAX) {
        snprintf(err, errlen, "%s: larger than 1 MiB", path);
        errno = EFBIG;
        goto out;
    }
    if ((buf = malloc((size_t)st.st_size + 1)) == NULL) {
        snprintf(err, errlen, "%s: out of memory", path);
        goto out;
    }
    while (got < (size_t)st.st_size) {
        ssize_t r = read(fd, buf + got, (size_t)st.st_size - got);

        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            snprintf(err, errlen, "%s: read: %s", path, strerror(errno));
            goto out;
        }
        if (r == 0)
            break;
        got += (size_t)r;
    }
    rc = cal_holidays_parse(h, buf, got, path, err, errlen);
out:
    saved = errno;
    free(buf);
    close(fd);
    errno = saved;
    return rc;
}

int
cal_holiday(const struct cal_holidays *h, int y, int mo, int d, const char **name)
{
    const char *bn;
    size_t i;

    if (check(y, mo, d) < 0)
        return -1;
    bn = builtin_name(y, mo, d);
    if (h == NULL) {
        if (bn && name)
            *name = bn;
        return bn != NULL;
    }
    if (!h->on[y - CAL_HOL_YEAR_MIN][mo - 1][d])
        return 0;
    if (name) {
        /* The last rule that added it names it; else it is a built-in day. */
        *name = bn ? bn : "holiday";
        for (i = h->nrules; i-- > 0;)
            if (h->rules[i].add && rule_matches(&h->rules[i], y, mo, d)) {
                *name = h->rules[i].name[0] ? h->rules[i].name : "holiday (override)";
                break;
            }
    }
    return 1;
}

int
cal_jour_ouvre(const struct cal_holidays *h, int y, int mo, int d)
{
    int wd, hol;

    if (check(y, mo, d) < 0)
        return -1;
    wd = wday(y, mo, d);
    if (wd == 0 || wd == 6)
        return 0;
    if ((hol = cal_holiday(h, y, mo, d, NULL)) < 0)
        return -1;
    return !hol;
}

/* before - y1-mo1-d1 < y2-mo2-d2 */
static int
before(int y1, int mo1, int d1, int y2, int mo2, int d2)
{
    if (y1 != y2)
        return y1 < y2;
    if (mo1 != mo2)
        return mo1 < mo2;
    return d1 < d2;
}

int
cal_jours_ouvres(const struct cal_holidays *h, int y1, int mo1, int d1, int y2, int mo2, int d2,
                 int *n)
{
    int count = 0;

    if (check(y1, mo1, d1) < 0 || check(y2, mo2, d2) < 0)
        return -1;
    while (!before(y2, mo2, d2, y1, mo1, d1)) {
        count += cal_jour_ouvre(h, y1, mo1, d1);
        cal_add_days(&y1, &mo1, &d1, 1);
        if (y1 > CAL_HOL_YEAR_MAX)
            break;
    }
    *n = count;
    return 0;
}

int
cal_jo_add(const struct cal_holidays *h, int *y, int *mo, int *d, int n)
{
    int yy = *y, mm = *mo, dd = *d, step = n < 0 ? -1 : 1, left = n < 0 ? -n : n;

    if (check(yy, mm, dd) < 0)
        return -1;
    while (left > 0) {
        cal_add_days(&yy, &mm, &dd, step);
        if (yy < CAL_HOL_YEAR_MIN || yy > CAL_HOL_YEAR_MAX) {
            errno = ERANGE;
            return -1;
        }
        left -= cal_jour_ouvre(h, yy, mm, dd);
    }
    *y = yy;
    *mo = mm;
    *d = dd;
    return 0;
}

int
cal_jo_before_last(const struct cal_holidays *h, int y, int mo, int n, int *yy, int *mm, int *dd)
{
    int d, k = n + 1;

    if (n < 0 || check(y, mo, 1) < 0) {
        if (n < 0)
            errno = EINVAL;
        return -1;
    }
    /* Count back from the last day of the month: the last day itself may be one of them. */
    d = mdays(y, mo);
    if (cal_jour_ouvre(h, y, mo, d) == 1)
        k--;
    if (cal_jo_add(h, &y, &mo, &d, -k) < 0)
        return -1;
    *yy = y;
    *mm = mo;
    *dd = d;
    return 0;
}
