/* cal_holidays - French public holidays (1970-2099) and Jours Ouvrés counting.
 * The built-in list: 1 January, Easter Monday, 1 May, 8 May, Ascension Thursday, Whit Monday,
 * 14 July, 15 August, 1 November, 11 November, 25 December, every year alike. An operator
 * override file adds or removes dates (format in etc/holidays and passerelle(8)).
 * A NULL set everywhere means the built-in list. Functions return 0 (or a 0/1 answer) or -1
 * with errno: EINVAL (not a date, bad argument), ERANGE (outside 1970-2099), ENOMEM. The
 * caller owns a set from cal_holidays_new() and frees it with cal_holidays_free(); queries
 * never modify it, so one set may be shared by readers. Out-parameters are set on success. */
#ifndef CAL_HOLIDAYS_H
#define CAL_HOLIDAYS_H

#include <stddef.h>

#define CAL_HOL_YEAR_MIN 1970
#define CAL_HOL_YEAR_MAX 2099
#define CAL_HOL_NAME_MAX 63 /* longest holiday name in an override file, in bytes */

struct cal_holidays;

/* cal_holidays_new - a set holding the built-in list. NULL with ENOMEM. */
struct cal_holidays *cal_holidays_new(void);
void cal_holidays_free(struct cal_holidays *h);

/* cal_holidays_parse - apply override rules from text[0..len) in order ("name" labels error
 * messages). 0, or -1 with "NAME:LINE: why" in err (EINVAL) and the set unchanged.
 * cal_holidays_load - the same from the file at path; -1 with "PATH: why" or "PATH:LINE: why"
 * (errno from open/read, EPERM when group or others may write to it, EFBIG past 1 MiB). */
int cal_holidays_parse(struct cal_holidays *h, const char *text, size_t len, const char *name,
                       char *err, size_t errlen);
int cal_holidays_load(struct cal_holidays *h, const char *path, char *err, size_t errlen);

/* cal_holiday - 1 when y-m-d is a holiday of set h (*name, if not NULL, points to its label:
 * static or owned by h), 0 when it is not, -1 (EINVAL, ERANGE). */
int cal_holiday(const struct cal_holidays *h, int y, int mo, int d, const char **name);

/* cal_jour_ouvre - 1 when y-m-d is a Jour Ouvré (Monday-Friday, not a holiday), 0 if not, -1. */
int cal_jour_ouvre(const struct cal_holidays *h, int y, int mo, int d);

/* cal_jours_ouvres - *n = the number of Jours Ouvrés from y1-mo1-d1 to y2-mo2-d2, both
 * included (0 when the second date is before the first). */
int cal_jours_ouvres(const struct cal_holidays *h, int y1, int mo1, int d1, int y2, int mo2, int d2,
                     int *n);

/* cal_jo_add - the n-th Jour Ouvré after (n > 0) or before (n < 0) y-m-d, the day itself not
 * counted; n == 0 leaves the date as it is. In place. ERANGE when it leaves 1970-2099. */
int cal_jo_add(const struct cal_holidays *h, int *y, int *mo, int *d, int n);

/* cal_jo_before_last - the Jour Ouvré preceding the last n Jours Ouvrés of month y-mo
 * (n >= 0; n == 0: the last Jour Ouvré of the month). It may fall in an earlier month only
 * when the month has no more than n Jours Ouvrés. */
int cal_jo_before_last(const struct cal_holidays *h, int y, int mo, int n, int *yy, int *mm,
                       int *dd);

#endif
