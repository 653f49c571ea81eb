/* gw_deliver - push queued documents to one destination over SFTP (gw_sftp), record every
 * attempt in the ledger, defer failures with exponential backoff (retry_min doubling up to
 * retry_max), write the sender's `delivered` acknowledgement when the last destination has it.
 * One pass per destination, run in a child process of its own by the daemon, so that a dead
 * destination never delays another. Never exits; returns counts or -1. */
#ifndef GW_DELIVER_H
#define GW_DELIVER_H

#include <stddef.h>
#include <time.h>

#include "gw_queue.h"

/* deliver_pass - deliver what is due for dest now: >= 0 = number delivered, -1 on a ledger
 * error. *deferred (if not NULL) counts the deliveries deferred by this pass. */
int deliver_pass(struct gw *g, const struct gw_dest *d, size_t *deferred);
/* deliver_recover - at start-up: an out/<dest>/<id> link whose delivery the ledger already
 * records as delivered (a crash between the commit and the dequeue) gets its `delivered`
 * acknowledgement rewritten when the file is delivered everywhere, then is removed. */
int deliver_recover(struct gw *g);
/* deliver_backoff - next try after the attempts-th failure (1 = first). */
time_t deliver_backoff(const struct gw_conf *c, long attempts, time_t now);
/* deliver_remote_name - the unique final name: <sender>_<mRID>_r<rev>_<sha256[0:16]>.xml */
int deliver_remote_name(const struct ledger_file *f, char *buf, size_t size);

#endif
