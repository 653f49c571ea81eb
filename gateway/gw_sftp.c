/* gw_sftp - push one file to one SFTP destination with libssh2 (see gw_sftp.h).
 *
 * Shape of one delivery, and why (facts from LIBNOTES.md, libssh2 1.10 + OpenSSH):
 *  - the host-key method preference comes from the known_hosts entry's key type and is set
 *    before the handshake, else 1.10 negotiates ECDSA and a correct ed25519 entry "mismatches";
 *  - ciphers aes*-ctr and MAC hmac-sha2-256/512 only: no chacha20-poly1305 and no EtM MAC, which
 *    is the Terrapin (CVE-2023-48795) mitigation available before libssh2 1.11.1;
 *  - the host key is checked right after the handshake, before any authentication;
 *  - writes pass 64 x 30000 bytes to libssh2_sftp_write so that ~2 MB are in flight;
 *  - publish = temp name opened CREAT|EXCL, fsync@openssh.com, checked close, rename without
 *    overwrite (OpenSSH does link+unlink); a failed rename is followed by a stat of the final
 *    name so that a retry after a crash between rename and our bookkeeping is idempotent.
 */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include <libssh2.h>
#include <libssh2_sftp.h>

#include "gw_log.h"
#include "gw_mem.h"
#include "gw_crash.h"
#include "gw_sftp.h"

/* One libssh2_sftp_write call: 64 SFTP packets of 30000 bytes (libssh2's own cut). */
#define SFTP_CHUNK     30000
#define SFTP_WINDOW    (SFTP_CHUNK * 64)
/* Twice the window, so the window can slide while the file is read ahead (sftp_send_fd). */
#define SFTP_BUFSZ     (2 * SFTP_WINDOW)
/* Mode of the uploaded file before the server's umask; the receiver's policy decides more. */
#define SFTP_FILE_MODE 0640
#define SFTP_DEF_TMO   30

#define SFTP_CRYPT_PREF "aes256-ctr,aes192-ctr,aes128-ctr"
#define SFTP_MAC_PREF   "hmac-sha2-256,hmac-sha2-512"

struct sftp_conn {
    char *name;       /* destination name, for messages */
    char *remote_dir; /* "" for the login folder, else without a trailing slash */
    int fd;
    int up;     /* handshake done: a disconnect message may be sent */
    int broken; /* the transport failed (socket error, timeout): see sftp_set_broken() */
    LIBSSH2_SESSION *session;
    LIBSSH2_SFTP *sftp;
    char *buf; /* SFTP_BUFSZ bytes */
};

static pthread_once_t sftp_once = PTHREAD_ONCE_INIT;
static int sftp_init_rc;

/* sftp_lib_init - libssh2_init once per process (it is not thread-safe itself) */
static void
sftp_lib_init(void)
{
    sftp_init_rc = libssh2_init(0);
}

/* sftp_result_name - stable upper-case name for logs and event lines */
const char *
sftp_result_name(enum sftp_result r)
{
    switch (r) {
    case SFTP_OK:
        return "OK";
    case SFTP_ETEMP:
        return "ETEMP";
    case SFTP_EHOSTKEY:
        return "EHOSTKEY";
    case SFTP_EAUTH:
        return "EAUTH";
    case SFTP_ELOCAL:
        return "ELOCAL";
    }
    return "UNKNOWN";
}

/* sftp_seterr - format the one-line cause into err (newlines from libssh2 flattened) */
static void __attribute__((format(printf, 3, 4)))
sftp_seterr(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    char *p;

    if (err == NULL || errlen == 0)
        return;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
    for (p = err; *p != '\0'; p++)
        if (*p == '\n' || *p == '\r')
            *p = ' ';
}

/* sftp_status_text - name of an SFTP status code (draft-ietf-secsh-filexfer-02 + later) */
static const char *
sftp_status_text(unsigned long st)
{
    static const char *const names[] = {
        "ok",
        "eof",
        "no such file",
        "permission denied",
        "failure",
        "bad message",
        "no connection",
        "connection lost",
        "operation unsupported",
        "invalid handle",
        "no such path",
        "file already exists",
        "write protected",
        "no media",
        "no space on file system",
        "quota exceeded",
        "unknown principal",
        "lock conflict",
        "directory not empty",
        "not a directory",
        "invalid file name",
        "link loop",
    };

    if (st < sizeof(names) / sizeof(names[0]))
        return names[st];
    return "unknown status";
}

/* sftp_is_transport_error - the connection itself is unusable after this libssh2 error */
static int
sftp_is_transport_error(int rc)
{
    switch (rc) {
    case LIBSSH2_ERROR_SOCKET_NONE:
    case LIBSSH2_ERROR_BANNER_RECV:
    case LIBSSH2_ERROR_BANNER_SEND:
    case LIBSSH2_ERROR_SOCKET_SEND:
    case LIBSSH2_ERROR_SOCKET_DISCONNECT:
    case LIBSSH2_ERROR_SOCKET_TIMEOUT:
    case LIBSSH2_ERROR_TIMEOUT:
    case LIBSSH2_ERROR_SOCKET_RECV:
    case LIBSSH2_ERROR_DECRYPT:
    case LIBSSH2_ERROR_INVALID_MAC:
    case LIBSSH2_ERROR_PROTO:
    case LIBSSH2_ERROR_KEX_FAILURE:
    case LIBSSH2_ERROR_CHANNEL_CLOSED:
    case LIBSSH2_ERROR_CHANNEL_EOF_SENT:
        return 1;
    default:
        return 0;
    }
}

/* sftp_set_broken - the transport failed: later calls are only made to free libssh2's memory.
 * XXX(sftp): libssh2 1.10's session_free() (and sftp_shutdown) first close the channel and wait
 * for the peer; against a hung peer that times out and they return *without freeing anything*.
 * Shutting the socket down makes every later send/recv fail at once, so they free. */
static void
sftp_set_broken(struct sftp_conn *c)
{
    c->broken = 1;
    libssh2_session_set_timeout(c->session, 200);
    if (c->fd != -1)
        (void)shutdown(c->fd, SHUT_RDWR);
}

/* sftp_ssh_err - "<what>: <libssh2 message> (libssh2 error N)"; returns the libssh2 code */
static int
sftp_ssh_err(LIBSSH2_SESSION *s, const char *name, const char *what, char *err, size_t errlen)
{
    char *msg = NULL;
    int rc;

    rc = libssh2_session_last_error(s, &msg, NULL, 0);
    sftp_seterr(err, errlen, "sftp %s: %s: %s (libssh2 error %d)", name, what,
                msg != NULL && *msg != '\0' ? msg : "unknown error", rc);
    return rc;
}

/* sftp_op_err - message for a failed SFTP operation on path; sets c->broken when the
 * transport is gone. Returns the SFTP status (0 when the failure was not an SFTP status). */
static unsigned long
sftp_op_err(struct sftp_conn *c, const char *what, const char *path, char *err, size_t errlen)
{
    char *msg = NULL;
    unsigned long st = 0;
    int rc;

    rc = libssh2_session_last_error(c->session, &msg, NULL, 0);
    if (rc == LIBSSH2_ERROR_SFTP_PROTOCOL) {
        st = libssh2_sftp_last_error(c->sftp);
        sftp_seterr(err, errlen, "sftp %s: %s %s: SFTP status %lu (%s)", c->name, what, path, st,
                    sftp_status_text(st));
    } else {
        if (sftp_is_transport_error(rc))
            sftp_set_broken(c);
        sftp_seterr(err, errlen, "sftp %s: %s %s: %s (libssh2 error %d)", c->name, what, path,
                    msg != NULL && *msg != '\0' ? msg : "unknown error", rc);
    }
    return st;
}

/* sftp_tcp_connect - TCP connect with one deadline over all addresses of host:port.
 * Returns a non-blocking socket or -1 with err set. */
static int
sftp_tcp_connect(const struct sftp_dest *d, int timeout, char *err, size_t errlen)
{
    struct addrinfo hints, *res = NULL, *ai;
    struct timespec now, end;
    char port[16];
    int fd = -1, gai, soerr = 0, saved = 0;

    memset(&hints, 0, sizeof(hints));
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_ADDRCONFIG;
    snprintf(port, sizeof(port), "%d", d->port);
    if ((gai = getaddrinfo(d->host, port, &hints, &res)) != 0) {
        sftp_seterr(err, errlen, "sftp %s: %s: %s", d->name, d->host, gai_strerror(gai));
        return -1;
    }
    clock_gettime(CLOCK_MONOTONIC, &end);
    end.tv_sec += timeout;
    for (ai = res; ai != NULL; ai = ai->ai_next) {
        struct pollfd pfd;
        socklen_t sl = sizeof(soerr);
        long ms;
        int n;

        fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai->ai_protocol);
        if (fd == -1) {
            saved = errno;
            continue;
        }
        if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
            break;
        if (errno != EINPROGRESS) {
            saved = errno;
            goto next;
        }
        for (;;) {
            clock_gettime(CLOCK_MONOTONIC, &now);
            ms = (end.tv_sec - now.tv_sec) * 1000L + (end.tv_nsec - now.tv_nsec) / 1000000L;
            if (ms <= 0) {
                saved = ETIMEDOUT;
                goto next;
            }
            pfd.fd = fd;
            pfd.events = POLLOUT;
            pfd.revents = 0;
            n = poll(&pfd, 1, ms > 1000000L ? 1000000 : (int)ms);
            if (n > 0)
                break;
            if (n == -1 && errno != EINTR) {
                saved = errno;
                goto next;
            }
        }
        if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &sl) == -1)
            soerr = errno;
        if (soerr == 0)
            break;
        saved = soerr;
    next:
        close(fd);
        fd = -1;
        if (saved == ETIMEDOUT)
            break; /* the deadline is shared: no time left for other addresses */
    }
    freeaddrinfo(res);
    if (fd == -1)
        sftp_seterr(err, errlen, "sftp %s: connect %s port %d: %s", d->name, d->host, d->port,
                    saved == ETIMEDOUT ? "timed out" : strerror(saved));
    return fd;
}

/* sftp_b64 - unpadded base64 of n bytes into out (OpenSSH fingerprint style) */
static void
sftp_b64(const unsigned char *in, size_t n, char *out, size_t outlen)
{
    static const char tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t i, o = 0;

    for (i = 0; i < n && o + 5 < outlen; i += 3) {
        uint32_t v = (uint32_t)in[i] << 16;
        if (i + 1 < n)
            v |= (uint32_t)in[i + 1] << 8;
        if (i + 2 < n)
            v |= in[i + 2];
        out[o++] = tab[(v >> 18) & 63];
        out[o++] = tab[(v >> 12) & 63];
        if (i + 1 < n)
            out[o++] = tab[(v >> 6) & 63];
        if (i + 2 < n)
            out[o++] = tab[v & 63];
    }
    out[o] = '\0';
}

/* Host key types we accept, in preference order: known_hosts type bit, method name. */
static const struct {
    int kh;
    int hk; /* libssh2_session_hostkey() type */
    const char *method;
} sftp_keytypes[] = {
    {LIBSSH2_KNOWNHOST_KEY_ED25519, LIBSSH2_HOSTKEY_TYPE_ED25519, "ssh-ed25519"},
    {LIBSSH2_KNOWNHOST_KEY_ECDSA_256, LIBSSH2_HOSTKEY_TYPE_ECDSA_256, "ecdsa-sha2-nistp256"},
    {LIBSSH2_KNOWNHOST_KEY_ECDSA_384, LIBSSH2_HOSTKEY_TYPE_ECDSA_384, "ecdsa-sha2-nistp384"},
    {LIBSSH2_KNOWNHOST_KEY_ECDSA_521, LIBSSH2_HOSTKEY_TYPE_ECDSA_521, "ecdsa-sha2-nistp521"},
    {LIBSSH2_KNOWNHOST_KEY_SSHRSA, LIBSSH2_HOSTKEY_TYPE_RSA, "ssh-rsa"},
};
#define SFTP_NKEYTYPES (sizeof(sftp_keytypes) / sizeof(sftp_keytypes[0]))

/* sftp_hostkey_pref - comma list of the key types known_hosts holds for khname ("" if none).
 * libssh2 has no lookup by name that also covers hashed entries, so probe checkp with a key
 * that cannot match: MISMATCH means "an entry of this type exists for this host". */
static void
sftp_hostkey_pref(LIBSSH2_KNOWNHOSTS *kh, const char *khname, char *out, size_t outlen)
{
    size_t i, o = 0;

    out[0] = '\0';
    for (i = 0; i < SFTP_NKEYTYPES; i++) {
        int tm =
            LIBSSH2_KNOWNHOST_TYPE_PLAIN | LIBSSH2_KNOWNHOST_KEYENC_BASE64 | sftp_keytypes[i].kh;
        size_t len = strlen(sftp_keytypes[i].method);

        if (libssh2_knownhost_checkp(kh, khname, -1, "-", 1, tm, NULL) !=
            LIBSSH2_KNOWNHOST_CHECK_MISMATCH)
            continue;
        if (o + len + 2 > outlen)
            break;
        if (o > 0)
            out[o++] = ',';
        memcpy(out + o, sftp_keytypes[i].method, len + 1);
        o += len;
    }
}

/* sftp_check_hostkey - the presented key must be in known_hosts under khname: no TOFU */
static enum sftp_result
sftp_check_hostkey(LIBSSH2_SESSION *s, LIBSSH2_KNOWNHOSTS *kh, const struct sftp_dest *d,
                   const char *khname, char *err, size_t errlen)
{
    const char *key, *hash, *method = "unknown";
    char fp[64];
    size_t len, i;
    int type, kt = 0, rc;

    key = libssh2_session_hostkey(s, &len, &type);
    if (key == NULL) {
        sftp_ssh_err(s, d->name, "no host key", err, errlen);
        return SFTP_ETEMP;
    }
    for (i = 0; i < SFTP_NKEYTYPES; i++)
        if (sftp_keytypes[i].hk == type) {
            kt = sftp_keytypes[i].kh;
            method = sftp_keytypes[i].method;
        }
    hash = libssh2_hostkey_hash(s, LIBSSH2_HOSTKEY_HASH_SHA256);
    if (hash != NULL)
        sftp_b64((const unsigned char *)hash, 32, fp, sizeof(fp));
    else
        snprintf(fp, sizeof(fp), "(unavailable)");
    if (kt == 0)
        rc = LIBSSH2_KNOWNHOST_CHECK_FAILURE;
    else
        rc = libssh2_knownhost_checkp(
            kh, khname, -1, key, len,
            LIBSSH2_KNOWNHOST_TYPE_PLAIN | LIBSSH2_KNOWNHOST_KEYENC_RAW | kt, NULL);
    switch (rc) {
    case LIBSSH2_KNOWNHOST_CHECK_MATCH:
        return SFTP_OK;
    case LIBSSH2_KNOWNHOST_CHECK_MISMATCH:
        sftp_seterr(err, errlen,
                    "sftp %s: HOST KEY MISMATCH for %s: presented %s SHA256:%s is not the key "
                    "in %s (possible man-in-the-middle or changed host key): refused",
                    d->name, khname, method, fp, d->known_hosts);
        break;
    case LIBSSH2_KNOWNHOST_CHECK_NOTFOUND:
        sftp_seterr(err, errlen,
                    "sftp %s: HOST KEY UNKNOWN for %s: presented %s SHA256:%s has no entry in %s "
                    "(no trust on first use): refused",
                    d->name, khname, method, fp, d->known_hosts);
        break;
    default:
        sftp_seterr(err, errlen,
                    "sftp %s: HOST KEY NOT VERIFIABLE for %s: presented %s SHA256:%s "
                    "(unsupported key type or check failure): refused",
                    d->name, khname, method, fp);
        break;
    }
    log_warnx("%s", err);
    return SFTP_EHOSTKEY;
}

/* sftp_check_keyfile - the private key must be a readable regular file, not group/other
 * accessible (OpenSSH refuses the same "UNPROTECTED PRIVATE KEY FILE") */
static enum sftp_result
sftp_check_keyfile(const struct sftp_dest *d, char *err, size_t errlen)
{
    struct stat st;
    int fd;

    if ((fd = open(d->key, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) == -1) {
        sftp_seterr(err, errlen, "sftp %s: key %s: %s", d->name, d->key, strerror(errno));
        return SFTP_ELOCAL;
    }
    if (fstat(fd, &st) == -1) {
        sftp_seterr(err, errlen, "sftp %s: key %s: fstat: %s", d->name, d->key, strerror(errno));
        close(fd);
        return SFTP_ELOCAL;
    }
    close(fd);
    if (!S_ISREG(st.st_mode)) {
        sftp_seterr(err, errlen, "sftp %s: key %s: not a regular file", d->name, d->key);
        return SFTP_ELOCAL;
    }
    if ((st.st_mode & 077) != 0) {
        sftp_seterr(err, errlen,
                    "sftp %s: key %s: mode %04o is accessible by group or others "
                    "(must be 0600 or 0400): refused",
                    d->name, d->key, (unsigned)(st.st_mode & 07777));
        return SFTP_ELOCAL;
    }
    return SFTP_OK;
}

/* sftp_connect - see gw_sftp.h */
enum sftp_result
sftp_connect(const struct sftp_dest *d, struct sftp_conn **out, char *err, size_t errlen)
{
    struct sftp_conn *c = NULL;
    LIBSSH2_KNOWNHOSTS *kh = NULL;
    enum sftp_result r = SFTP_ETEMP;
    char khname[300], pref[200], *pub = NULL;
    const char *name = d->name != NULL ? d->name : d->host;
    struct sftp_dest dd = *d;
    struct stat st;
    size_t dl;
    int rc, timeout = d->timeout > 0 ? d->timeout : SFTP_DEF_TMO;

    dd.name = name;
    d = &dd;
    if (err != NULL && errlen > 0)
        err[0] = '\0';
    pthread_once(&sftp_once, sftp_lib_init);
    if (sftp_init_rc != 0) {
        sftp_seterr(err, errlen, "sftp %s: libssh2_init failed (%d)", name, sftp_init_rc);
        return SFTP_ELOCAL;
    }
    if ((r = sftp_check_keyfile(d, err, errlen)) != SFTP_OK)
        return r;

    /* OpenSSH names a non-default port "[host]:port"; pass port -1 to checkp so that it
     * does not also accept a plain "host" entry for another port, as libssh2 would. */
    if (d->port == 22)
        rc = snprintf(khname, sizeof(khname), "%s", d->host);
    else
        rc = snprintf(khname, sizeof(khname), "[%s]:%d", d->host, d->port);
    if (rc < 0 || (size_t)rc >= sizeof(khname)) {
        sftp_seterr(err, errlen, "sftp %s: host name too long", name);
        return SFTP_ELOCAL;
    }

    c = xcalloc(1, sizeof(*c));
    c->fd = -1;
    c->name = xstrdup(name);
    c->remote_dir =
        xstrdup(d->remote_dir != NULL && strcmp(d->remote_dir, ".") != 0 ? d->remote_dir : "");
    dl = strlen(c->remote_dir);
    while (dl > 1 && c->remote_dir[dl - 1] == '/')
        c->remote_dir[--dl] = '\0';

    r = SFTP_ELOCAL;
    if ((c->session = libssh2_session_init()) == NULL) {
        sftp_seterr(err, errlen, "sftp %s: libssh2_session_init failed", name);
        goto out;
    }
    if ((kh = libssh2_knownhost_init(c->session)) == NULL) {
        sftp_ssh_err(c->session, name, "knownhost_init", err, errlen);
        goto out;
    }
    if (libssh2_knownhost_readfile(kh, d->known_hosts, LIBSSH2_KNOWNHOST_FILE_OPENSSH) < 0) {
        char *msg = NULL;

        libssh2_session_last_error(c->session, &msg, NULL, 0);
        sftp_seterr(err, errlen, "sftp %s: known_hosts %s: cannot read or parse: %s", name,
                    d->known_hosts, msg != NULL ? msg : "?");
        goto out;
    }
    /* Offer only the key types known_hosts holds for this host (none: libssh2's default, and
     * the check below refuses whatever is presented, but names its fingerprint). */
    sftp_hostkey_pref(kh, khname, pref, sizeof(pref));
    if (pref[0] != '\0' &&
        libssh2_session_method_pref(c->session, LIBSSH2_METHOD_HOSTKEY, pref) != 0) {
        sftp_ssh_err(c->session, name, "host key method preference", err, errlen);
        goto out;
    }
    if (libssh2_session_method_pref(c->session, LIBSSH2_METHOD_CRYPT_CS, SFTP_CRYPT_PREF) != 0 ||
        libssh2_session_method_pref(c->session, LIBSSH2_METHOD_CRYPT_SC, SFTP_CRYPT_PREF) != 0 ||
        libssh2_session_method_pref(c->session, LIBSSH2_METHOD_MAC_CS, SFTP_MAC_PREF) != 0 ||
        libssh2_session_method_pref(c->session, LIBSSH2_METHOD_MAC_SC, SFTP_MAC_PREF) != 0) {
        sftp_ssh_err(c->session, name, "cipher/MAC preference", err, errlen);
        goto out;
    }
    libssh2_session_set_blocking(c->session, 1);
    libssh2_session_set_timeout(c->session, (long)timeout * 1000L);

    r = SFTP_ETEMP;
    if ((c->fd = sftp_tcp_connect(d, timeout, err, errlen)) == -1)
        goto out;
    if ((rc = libssh2_session_handshake(c->session, c->fd)) != 0) {
        char what[256];

        /* no common host key algorithm looks like any key exchange failure: say what we
         * offered, since known_hosts decides it */
        snprintf(what, sizeof(what), "handshake (host key types offered from known_hosts: %s)",
                 pref[0] != '\0' ? pref : "libssh2 default");
        sftp_ssh_err(c->session, name, rc == LIBSSH2_ERROR_KEX_FAILURE ? what : "handshake", err,
                     errlen);
        sftp_set_broken(c);
        goto out;
    }
    c->up = 1;
    if ((r = sftp_check_hostkey(c->session, kh, d, khname, err, errlen)) != SFTP_OK)
        goto out;

    /* XXX(sftp): libssh2 1.10 derives the public key from an OpenSSH-format private key when
     * pub is NULL; key.pub is used when present because it is cheaper and clearer. */
    pub = xasprintf("%s.pub", d->key);
    if (stat(pub, &st) == -1) {
        free(pub);
        pub = NULL;
    }
    rc = libssh2_userauth_publickey_fromfile_ex(c->session, d->user, (unsigned)strlen(d->user), pub,
                                                d->key, NULL);
    if (rc != 0) {
        sftp_ssh_err(c->session, name, "public key authentication", err, errlen);
        if (rc == LIBSSH2_ERROR_FILE)
            r = SFTP_ELOCAL;
        else if (rc == LIBSSH2_ERROR_AUTHENTICATION_FAILED ||
                 rc == LIBSSH2_ERROR_PUBLICKEY_UNVERIFIED || rc == LIBSSH2_ERROR_METHOD_NONE)
            r = SFTP_EAUTH;
        else {
            r = SFTP_ETEMP;
            if (sftp_is_transport_error(rc))
                sftp_set_broken(c);
        }
        goto out;
    }
    if ((c->sftp = libssh2_sftp_init(c->session)) == NULL) {
        rc = sftp_ssh_err(c->session, name, "sftp subsystem", err, errlen);
        if (sftp_is_transport_error(rc))
            sftp_set_broken(c);
        r = SFTP_ETEMP;
        goto out;
    }
    c->buf = xmalloc(SFTP_BUFSZ);
    r = SFTP_OK;
    *out = c;
    c = NULL;
out:
    free(pub);
    if (kh != NULL)
        libssh2_knownhost_free(kh);
    sftp_close(c);
    return r;
}

/* sftp_read_full - pread up to n bytes at off; returns bytes read (< n only at EOF) or -1 */
static ssize_t
sftp_read_full(int fd, char *buf, size_t n, off_t off)
{
    size_t got = 0;
    ssize_t k;

    while (got < n) {
        k = pread(fd, buf + got, n - got, off + (off_t)got);
        if (k == -1) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        if (k == 0)
            break;
        got += (size_t)k;
    }
    return (ssize_t)got;
}

/* sftp_remote_size - size of path on the server, -1 if it cannot be stat'ed */
static long long
sftp_remote_size(struct sftp_conn *c, const char *path)
{
    LIBSSH2_SFTP_ATTRIBUTES a;

    memset(&a, 0, sizeof(a));
    if (libssh2_sftp_stat_ex(c->sftp, path, (unsigned)strlen(path), LIBSSH2_SFTP_LSTAT, &a) != 0)
        return -1;
    if (!(a.flags & LIBSSH2_SFTP_ATTR_SIZE) ||
        ((a.flags & LIBSSH2_SFTP_ATTR_PERMISSIONS) && !LIBSSH2_SFTP_S_ISREG(a.permissions)))
        return -1;
    return (long long)a.filesize;
}

/* sftp_unlink_quiet - best effort removal of our temp file (only while the server answers) */
static void
sftp_unlink_quiet(struct sftp_conn *c, const char *path)
{
    if (!c->broken)
        (void)libssh2_sftp_unlink_ex(c->sftp, path, (unsigned)strlen(path));
}

/* sftp_open_temp - open path CREAT|EXCL|WRITE; a leftover from a crashed attempt is removed
 * once. OpenSSH answers EEXIST with the generic SSH_FX_FAILURE, so stat tells. */
static LIBSSH2_SFTP_HANDLE *
sftp_open_temp(struct sftp_conn *c, const char *path, char *err, size_t errlen)
{
    LIBSSH2_SFTP_HANDLE *h;
    unsigned long st;
    int attempt;

    for (attempt = 0;; attempt++) {
        h = libssh2_sftp_open_ex(c->sftp, path, (unsigned)strlen(path),
                                 LIBSSH2_FXF_WRITE | LIBSSH2_FXF_CREAT | LIBSSH2_FXF_EXCL,
                                 SFTP_FILE_MODE, LIBSSH2_SFTP_OPENFILE);
        if (h != NULL)
            return h;
        st = sftp_op_err(c, "open", path, err, errlen);
        if (attempt > 0 || (st != LIBSSH2_FX_FAILURE && st != LIBSSH2_FX_FILE_ALREADY_EXISTS))
            return NULL;
        /* XXX(sftp): a second gateway writing the same name at the same moment would lose its
         * temp file here; one daemon per destination is the deployment rule. */
        if (sftp_remote_size(c, path) < 0)
            return NULL; /* not "exists": keep the open error */
        if (libssh2_sftp_unlink_ex(c->sftp, path, (unsigned)strlen(path)) != 0) {
            sftp_op_err(c, "unlink stale", path, err, errlen);
            return NULL;
        }
    }
}

/* sftp_send_fd - stream fd from offset 0 into the open handle h, keeping SFTP_WINDOW bytes in
 * flight; *total = bytes read (and acknowledged). SFTP_ELOCAL on a read error.
 *
 * libssh2_sftp_write(h, p, n) cuts p into 30000-byte packets, copies them and sends them all,
 * then returns as soon as some are acknowledged (a short write). The next call must pass the
 * stream again from the first unacknowledged byte: libssh2 skips what it already packed
 * (offset_sent - offset) and packs only what follows. So buf[start, end) always holds the
 * stream from the first unacknowledged byte, unchanged; behind it we read ahead to keep the
 * window full instead of letting it drain to zero at every refill (one round trip per 1.9 MB
 * on a WAN). Sliding the window to the front of buf moves bytes but not the stream, which is
 * all libssh2 sees: it copied the packets already. */
static enum sftp_result
sftp_send_fd(struct sftp_conn *c, LIBSSH2_SFTP_HANDLE *h, int fd, const char *tmp, long long *total,
             char *err, size_t errlen)
{
    size_t start = 0, end = 0, want;
    off_t rd = 0;
    ssize_t n, rc;
    int eof = 0, idle = 0;

    for (;;) {
        if (!eof && end - start < SFTP_WINDOW) {
            want = SFTP_WINDOW - (end - start);
            if (end + want > SFTP_BUFSZ) {
                memmove(c->buf, c->buf + start, end - start);
                end -= start;
                start = 0;
            }
            if ((n = sftp_read_full(fd, c->buf + end, want, rd)) == -1) {
                sftp_seterr(err, errlen, "sftp %s: read local file for %s: %s", c->name, tmp,
                            strerror(errno));
                return SFTP_ELOCAL;
            }
            if ((size_t)n < want)
                eof = 1;
            end += (size_t)n;
            rd += n;
        }
        if (start == end)
            break;
        rc = libssh2_sftp_write(h, c->buf + start, end - start);
        if (rc < 0) {
            sftp_op_err(c, "write", tmp, err, errlen);
            return SFTP_ETEMP;
        }
        /* blocking mode waits for an ack, so 0 should not happen: never spin on it */
        if (rc == 0 && ++idle > 1000) {
            sftp_seterr(err, errlen, "sftp %s: write %s: libssh2 makes no progress", c->name, tmp);
            return SFTP_ETEMP;
        }
        if ((size_t)rc > end - start) {
            sftp_seterr(err, errlen, "sftp %s: write %s: libssh2 acknowledged %zd of %zu bytes",
                        c->name, tmp, rc, end - start);
            return SFTP_ETEMP;
        }
        if (rc > 0)
            idle = 0;
        start += (size_t)rc;
    }
    *total = (long long)rd;
    return SFTP_OK;
}

/* sftp_put - see gw_sftp.h */
enum sftp_result
sftp_put(struct sftp_conn *c, int fd, const char *final_name, char *err, size_t errlen)
{
    LIBSSH2_SFTP_HANDLE *h = NULL;
    enum sftp_result r = SFTP_ETEMP;
    char *tmp = NULL, *fin = NULL;
    const char *sep;
    unsigned long status;
    struct stat st;
    long long total = 0, rsize;
    int rc;

    if (err != NULL && errlen > 0)
        err[0] = '\0';
    if (c == NULL || c->sftp == NULL || c->broken) {
        sftp_seterr(err, errlen, "sftp %s: connection not usable", c != NULL ? c->name : "?");
        return SFTP_ETEMP;
    }
    if (final_name == NULL || final_name[0] == '\0' || strchr(final_name, '/') != NULL ||
        strcmp(final_name, ".") == 0 || strcmp(final_name, "..") == 0) {
        sftp_seterr(err, errlen, "sftp %s: bad remote file name", c->name);
        return SFTP_ELOCAL;
    }
    if (fstat(fd, &st) == -1) {
        sftp_seterr(err, errlen, "sftp %s: local file for %s: fstat: %s", c->name, final_name,
                    strerror(errno));
        return SFTP_ELOCAL;
    }
    if (!S_ISREG(st.st_mode)) {
        sftp_seterr(err, errlen, "sftp %s: local file for %s: not a regular file", c->name,
                    final_name);
        return SFTP_ELOCAL;
    }
    sep = c->remote_dir[0] == '\0' || strcmp(c->remote_dir, "/") == 0 ? "" : "/";
    tmp = xasprintf("%s%s.%s.part", c->remote_dir, sep, final_name);
    fin = xasprintf("%s%s%s", c->remote_dir, sep, final_name);

    if ((h = sftp_open_temp(c, tmp, err, errlen)) == NULL)
        goto out;

    if ((r = sftp_send_fd(c, h, fd, tmp, &total, err, errlen)) != SFTP_OK)
        goto out_unlink;
    r = SFTP_ETEMP;
    if (total != (long long)st.st_size) {
        sftp_seterr(err, errlen,
                    "sftp %s: local file for %s changed size during upload (%lld, "
                    "now %lld bytes)",
                    c->name, final_name, (long long)st.st_size, total);
        r = SFTP_ELOCAL;
        goto out_unlink;
    }
    if (libssh2_sftp_fsync(h) != 0) {
        status = sftp_op_err(c, "fsync", tmp, err, errlen);
        /* a server without fsync@openssh.com still gets the file: close+rename follow */
        if (status != LIBSSH2_FX_OP_UNSUPPORTED)
            goto out_unlink;
    }
    rc = libssh2_sftp_close_handle(h);
    h = NULL;
    if (rc != 0) {
        sftp_op_err(c, "close", tmp, err, errlen);
        goto out_unlink;
    }
    gw_crashpoint("after-remote-write");
    /* OpenSSH ignores rename flags in SFTP v3 and never overwrites; no OVERWRITE either way */
    if (libssh2_sftp_rename_ex(c->sftp, tmp, (unsigned)strlen(tmp), fin, (unsigned)strlen(fin),
                               LIBSSH2_SFTP_RENAME_ATOMIC | LIBSSH2_SFTP_RENAME_NATIVE) != 0) {
        status = sftp_op_err(c, "rename to", fin, err, errlen);
        if (c->broken)
            goto out;
        rsize = sftp_remote_size(c, fin);
        if (rsize == total) {
            /* delivered by an earlier attempt whose bookkeeping did not happen */
            if (err != NULL && errlen > 0)
                err[0] = '\0';
            sftp_unlink_quiet(c, tmp);
            r = SFTP_OK;
            goto out;
        }
        if (rsize >= 0)
            sftp_seterr(err, errlen,
                        "sftp %s: rename %s to %s: SFTP status %lu (%s); target exists with %lld "
                        "bytes, not %lld",
                        c->name, tmp, fin, status, sftp_status_text(status), rsize, total);
        goto out_unlink;
    }
    gw_crashpoint("after-remote-rename");
    r = SFTP_OK;
    goto out;

out_unlink:
    if (h != NULL) {
        (void)libssh2_sftp_close_handle(h); /* also frees libssh2's pending write list */
        h = NULL;
    }
    sftp_unlink_quiet(c, tmp);
out:
    if (h != NULL)
        (void)libssh2_sftp_close_handle(h);
    free(tmp);
    free(fin);
    return r;
}

/* sftp_close - see gw_sftp.h; after a transport failure the calls below only free memory
 * (sftp_set_broken() made them give up within 200 ms each). */
void
sftp_close(struct sftp_conn *c)
{
    if (c == NULL)
        return;
    if (c->sftp != NULL)
        libssh2_sftp_shutdown(c->sftp);
    if (c->session != NULL) {
        if (c->up && !c->broken)
            libssh2_session_disconnect(c->session, "bye");
        libssh2_session_free(c->session);
    }
    if (c->fd != -1)
        close(c->fd);
    free(c->buf);
    free(c->name);
    free(c->remote_dir);
    free(c);
}
