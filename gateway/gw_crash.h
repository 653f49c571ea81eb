/* gw_crash - named crash points for the durability tests. When the environment variable
 * PASSERELLE_CRASH_AT names a point, the process _exit()s (status 99, no clean-up, no flush)
 * right there, as a kill -9 would stop it; tests then restart the daemon and check that nothing
 * was lost or delivered twice. Points (see passerelle(8)): after-claim, after-received,
 * after-judged, after-ack-write, after-acknowledged, after-queue-links, after-queued,
 * after-reject-move, after-remote-write, after-remote-rename, after-delivered-commit,
 * after-delivered-ack. Unset in production: a single getenv at start-up. */
#ifndef GW_CRASH_H
#define GW_CRASH_H

#define GW_CRASH_STATUS 99

void gw_crashpoint(const char *name);

#endif
