/* gw_sweep - what each deadline triggers, driven by the settable clock. Today: once the
 * deadline of a (flow, period) has passed, its accepted current documents are sealed into one
 * bundle, spool/bundles/<flow>_<period>.tar.gz (gw_bundle), recorded in the ledger. A bundle is
 * deterministic, so a crash before the ledger records it just makes the next sweep write the
 * same bytes again. Zero-substitution and 1/n defaults will join it (issue 5). */
#ifndef GW_SWEEP_H
#define GW_SWEEP_H

#include <time.h>

#include "gw_queue.h"

/* sweep_run - seal every period due at now; returns the number sealed, or -1. *next (when not
 * NULL) receives the next deadline to wake up for, 0 when none. */
int sweep_run(struct gw *g, time_t now, time_t *next);
/* sweep_bundle_name - "<flow>_<period>.tar.gz" */
int sweep_bundle_name(const char *flow, const char *period, char *buf, size_t size);

#endif
