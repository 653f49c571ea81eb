/* gw_housekeep - the daemon's chores beside the files: the metrics file (Prometheus text
 * format, node_exporter textfile collector convention: written atomically after every pass) and
 * retention (purge what is older than each area's retention period). Errors are logged and
 * returned; none is fatal. */
#ifndef GW_HOUSEKEEP_H
#define GW_HOUSEKEEP_H

#include <stdio.h>
#include <time.h>

#include "gw_queue.h"

/* housekeep_metrics - rewrite the metrics file (nothing when metrics_file is "none"). */
int housekeep_metrics(struct gw *g, time_t now);
/* housekeep_purge - remove files older than their area's retention from archive/ (never a
 * document still waiting for a delivery), rejected/, ack/<sender>/ and bundles/; one line per
 * file on out (when not NULL), nothing removed with dry_run. Returns the number (to be)
 * removed, -1 on error. */
long housekeep_purge(struct gw *g, time_t now, int dry_run, FILE *out);

#endif
