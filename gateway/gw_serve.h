/* gw_serve - the daemon: start-up (spool, lock, ledger, schemas, recovery), the main loop
 * (pickup, judging, one delivery child per destination), signals (SIGTERM/SIGINT: finish the
 * file in hand and exit 0; SIGHUP: reload the configuration). Returns the process exit status. */
#ifndef GW_SERVE_H
#define GW_SERVE_H

#include "gw_conf.h"

/* serve_run - once: process what is there (waiting for in-place uploads to go quiet), deliver
 * or defer what is due, exit. conf_path is kept for SIGHUP reloads (NULL: defaults). */
int serve_run(struct gw_conf *conf, const char *conf_path, int once);

#endif
