/* gw_sftp - the only code that talks libssh2: push one file to one SFTP destination.
 * Public-key authentication (ed25519); the host key is checked against the destination's
 * known_hosts file right after the handshake (unknown or mismatching key: refused, logged loudly,
 * never trust-on-first-use). Upload under a temporary name opened CREAT|EXCL, fsync@openssh.com,
 * close, rename to the final name; a rename that fails because the final name exists with the
 * same size counts as "already delivered" (idempotent retry after a crash).
 * Functions return enum sftp_result and fill err with a one-line cause; none exits. */
#ifndef GW_SFTP_H
#define GW_SFTP_H

#include <stddef.h>

enum sftp_result {
    SFTP_OK = 0,
    SFTP_ETEMP,    /* connection refused/reset/timeout, remote write/rename error: retry later */
    SFTP_EHOSTKEY, /* host key unknown or mismatching: refused (retry later, logged loudly) */
    SFTP_EAUTH,    /* authentication refused */
    SFTP_ELOCAL,   /* local problem (key file unreadable or group/world readable, read error) */
};

struct sftp_dest {
    const char *name; /* destination name for messages, e.g. "rte" */
    const char *host; /* host name or address */
    int port;
    const char *user;
    const char *key; /* private key file (ed25519, unencrypted); pubkey = key + ".pub" if present */
    const char *known_hosts; /* OpenSSH known_hosts file */
    const char *remote_dir;  /* folder on the server, "" or "." for the login folder */
    int timeout;             /* seconds for connect and for each blocking operation */
};

struct sftp_conn;

/* sftp_connect - connect, verify the host key, authenticate, start SFTP.
 * SFTP_OK: *out set, caller closes with sftp_close(). */
enum sftp_result sftp_connect(const struct sftp_dest *d, struct sftp_conn **out, char *err,
                              size_t errlen);
/* sftp_put - upload the whole content of fd (from offset 0) as remote_dir/final_name. */
enum sftp_result sftp_put(struct sftp_conn *c, int fd, const char *final_name, char *err,
                          size_t errlen);
/* sftp_close - disconnect and free; NULL does nothing. */
void sftp_close(struct sftp_conn *c);
const char *sftp_result_name(enum sftp_result r);

#endif
