/* gw_log - logging for the daemon and the CLI.
 * One line per event. To stderr (foreground, CLI) or syslog (daemon). Event lines carry
 * key=value fields (file=, sender=, flow=, status=, code=) so they can be grepped.
 * log_fatal*() exit(EXIT_FATAL); log_panic() aborts and is for our own bugs only.
 * log_warn() and log_fatal() append strerror(errno); the x variants do not. */
#ifndef GW_LOG_H
#define GW_LOG_H

#include <stdarg.h>

enum log_level { LOG_LVL_DEBUG, LOG_LVL_INFO, LOG_LVL_WARN, LOG_LVL_ERR };

/* log_init - ident for syslog; to_syslog=0 writes to stderr. */
void log_init(const char *ident, int to_syslog, enum log_level min);
void log_set_level(enum log_level min);

void log_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warnx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
void log_fatalx(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
void log_panic(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

#endif
