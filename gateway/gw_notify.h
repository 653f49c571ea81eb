/* gw_notify - readiness notification to the service manager (systemd's sd_notify protocol,
 * without libsystemd): when NOTIFY_SOCKET names an AF_UNIX socket (a path, or an abstract name
 * written with a leading '@'), send it one datagram such as "READY=1", "RELOADING=1" or
 * "STOPPING=1". Nothing happens when the variable is unset. Best effort: a failure is returned,
 * never fatal, and the daemon carries on. */
#ifndef GW_NOTIFY_H
#define GW_NOTIFY_H

/* gw_notify - send state; 1 sent, 0 NOTIFY_SOCKET unset, -1 error (errno set) */
int gw_notify(const char *state);

#endif
