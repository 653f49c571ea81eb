/* gw_queue - a file's life from the inbox to its verdict: claim (in/ -> work/<id>, ledger row),
 * judge (fmt_check_fd, duplicate, late), acknowledge, then route (rejected/ or out/<dest>/ +
 * archive/). Each step is durable before the ledger records it, and queue_recover() resumes any
 * file from the state the ledger last recorded, so a crash at any instant loses nothing.
 * Per-file problems are never fatal: the file is rejected or left for the next pass. */
#ifndef GW_QUEUE_H
#define GW_QUEUE_H

#include <stdint.h>
#include <sys/stat.h>
#include <time.h>

#include "fmt.h"
#include "gw_conf.h"
#include "gw_ledger.h"
#include "gw_spool.h"

struct gw {
    struct gw_conf *conf;
    struct spool *sp;
    struct ledger *lg;
    struct fmt_ctx *fmt;
};

/* queue_take - claim in/<sender>/<name> (senderfd is in/<sender>) and process it to its
 * verdict. 0: done (whatever the verdict); -1: not claimed (left in place, errno). */
int queue_take(struct gw *g, const char *sender, int senderfd, const char *name,
               const struct stat *st);
/* queue_advance - carry a file from its current (non-terminal) state to the end of judging
 * and routing. 0 or -1. */
int queue_advance(struct gw *g, int64_t id);
/* queue_recover - at start-up: reconcile every file the ledger shows in flight with the spool. */
int queue_recover(struct gw *g);
/* queue_status_of - the ack status of a judged report (rejected, accepted...), before the
 * duplicate/late decision. */
const char *queue_status_of(const struct fmt_report *rep);

#endif
