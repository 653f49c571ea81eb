/* gw_log - see gw_log.h */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>

#include "gw_log.h"

static int log_syslog;
static enum log_level log_min = LOG_LVL_INFO;
static const char *log_ident = "passerelle";

/* log_init - choose the sink */
void
log_init(const char *ident, int to_syslog, enum log_level min)
{
    log_ident = ident;
    log_syslog = to_syslog;
    log_min = min;
    if (to_syslog)
        openlog(ident, LOG_PID | LOG_NDELAY, LOG_DAEMON);
}

/* log_set_level - change the threshold */
void
log_set_level(enum log_level min)
{
    log_min = min;
}

/* log_vemit - format one line and send it */
static void
log_vemit(enum log_level lvl, int with_errno, int saved, const char *fmt, va_list ap)
{
    static const int prio[] = {LOG_DEBUG, LOG_INFO, LOG_WARNING, LOG_ERR};
    static const char *const name[] = {"debug", "info", "warning", "error"};
    char msg[4096];
    size_t n;

    if (lvl < log_min)
        return;
    vsnprintf(msg, sizeof(msg), fmt, ap);
    n = strlen(msg);
    if (with_errno && n < sizeof(msg))
        snprintf(msg + n, sizeof(msg) - n, ": %s", strerror(saved));
    if (log_syslog) {
        syslog(prio[lvl], "%s", msg);
    } else {
        fprintf(stderr, "%s: %s: %s\n", log_ident, name[lvl], msg);
        fflush(stderr);
    }
}

#define LOG_BODY(lvl, with_errno)                                                                  \
    do {                                                                                           \
        int saved_ = errno;                                                                        \
        va_list ap_;                                                                               \
        va_start(ap_, fmt);                                                                        \
        log_vemit(lvl, with_errno, saved_, fmt, ap_);                                              \
        va_end(ap_);                                                                               \
        errno = saved_;                                                                            \
    } while (0)

void
log_debug(const char *fmt, ...)
{
    LOG_BODY(LOG_LVL_DEBUG, 0);
}

void
log_info(const char *fmt, ...)
{
    LOG_BODY(LOG_LVL_INFO, 0);
}

void
log_warn(const char *fmt, ...)
{
    LOG_BODY(LOG_LVL_WARN, 1);
}

void
log_warnx(const char *fmt, ...)
{
    LOG_BODY(LOG_LVL_WARN, 0);
}

void
log_fatal(const char *fmt, ...)
{
    LOG_BODY(LOG_LVL_ERR, 1);
    exit(2);
}

void
log_fatalx(const char *fmt, ...)
{
    LOG_BODY(LOG_LVL_ERR, 0);
    exit(2);
}

void
log_panic(const char *fmt, ...)
{
    LOG_BODY(LOG_LVL_ERR, 0);
    abort();
}
