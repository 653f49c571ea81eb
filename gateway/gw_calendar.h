/* gw_calendar - the calendar commands (deadline, effective-date, calendar) and the holiday set
 * the configuration names. The commands return the process exit status: 0, or 2 on a usage,
 * input, configuration or I/O error (with a message on stderr). */
#ifndef GW_CALENDAR_H
#define GW_CALENDAR_H

#include <stddef.h>

#include "cal_holidays.h"
#include "gw_conf.h"

/* calendar_holidays_new - the built-in French holidays, then the override file of option
 * `holidays` when it is set. NULL with the message ("FILE:LINE: why") in err; else the caller
 * frees with cal_holidays_free(). */
struct cal_holidays *calendar_holidays_new(const struct gw_conf *c, char *err, size_t errlen);

int cmd_deadline(int argc, char **argv);
int cmd_effective_date(int argc, char **argv);
int cmd_calendar(int argc, char **argv);

#endif
