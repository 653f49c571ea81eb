/* gw_fsck - compare the spool with the ledger and put them back in agreement.
 * Takes the spool lock (never runs beside a daemon). Finds: files in flight (resumed as the
 * daemon's start-up would), out/<dest>/ links already delivered (removed), undelivered
 * deliveries whose out/ link is missing (relinked from archive/, or reported lost), out/ links
 * with no delivery, work/ entries with no ledger row (moved to rejected/orphan-<name>),
 * terminal files missing from rejected/ or archive/. Each finding is one line on stdout.
 * Returns the number of disagreements found, or -1 when the spool or ledger is unusable. */
#ifndef GW_FSCK_H
#define GW_FSCK_H

#include "gw_conf.h"

int fsck_run(struct gw_conf *conf, int repair, char *err, size_t errlen);

#endif
