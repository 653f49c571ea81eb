/* gw_conf - the option table and the configuration file (key = value lines, # comments).
 * Every option has a default (the table in gw_conf.c is the single source: `passerelle config`
 * prints it, passerelle.conf(5) documents it). An unknown key, a bad or out-of-range value is an
 * error naming the file and line: conf_load returns -1 and writes the message into err.
 * Destinations are declared by `destinations = a b` and configured by `dest.<name>.<option>`;
 * senders (inboxes) likewise by `senders = ...` and `sender.<name>.<option>`. */
#ifndef GW_CONF_H
#define GW_CONF_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define CONF_MAX_DESTS   16
#define CONF_MAX_SENDERS 1024
#define CONF_MAX_LEADS   8

enum conf_role { ROLE_GRD, ROLE_AA, ROLE_RTE };

/* A sender's inbox in/<name>/: the EIC its documents must declare ("" = not checked) and its
 * role (what it may send; an AA's curves are in W). */
struct gw_sender {
    char *name;
    char *eic;
    long role;      /* enum conf_role */
    long qualified; /* an AA qualified for profiled curves (2.E.3.2); no: they count as zero */
};

struct gw_dest {
    char *name;
    char *host;
    long port;
    char *user;
    char *key;
    char *known_hosts;
    char *remote_dir;
    long timeout;
    char *eic;
    long role; /* enum conf_role: rte (everything it is due), aa (its sites' curves), grd */
};

struct gw_conf {
    char *path; /* file read, or "(defaults)" */
    char *spool_dir;
    char *ledger;         /* "" = <spool_dir>/ledger.db */
    char *xsd_dir;        /* "" = found next to the binary, else the installed data dir */
    long quiet_period;    /* seconds */
    long rescan_interval; /* seconds */
    uint64_t max_file_size;
    long retry_min, retry_max;
    long week_start; /* 0=Sunday .. 6=Saturday */
    char *holidays;  /* override file of the French holidays; "" = built-in list only */
    long enforce_deadlines;
    long log_level; /* enum log_level */
    long max_reasons;
    long max_ratio;     /* gzip/zip: unpacked bytes at most this many times the envelope */
    long max_entries;   /* zip: documents at most */
    char *metrics_file; /* "" = <spool_dir>/metrics/passerelle.prom; "none" = no metrics */
    char *board_file;   /* "" = <spool_dir>/board/index.html; "none" = no board */
    char *reminders;    /* lead times before each deadline ("24h 3h"; "none"): conf_leads */
    char *user;         /* started as root: the account to become once set up ("" = stay) */
    long retention_archive, retention_rejected, retention_ack, retention_bundles; /* days, 0 keep */
    char *destinations; /* space-separated names */
    struct gw_dest dests[CONF_MAX_DESTS];
    size_t ndests;
    char *senders; /* space-separated inbox names */
    struct gw_sender senders_v[CONF_MAX_SENDERS];
    size_t nsenders;
    char *gateway_eic; /* the gateway's own EIC: sender of its substitution and 1/n documents */
};

/* conf_load - defaults, then the file at path (NULL: defaults only). 0 or -1 with err set.
 * On success the caller frees with conf_free(). */
int conf_load(const char *path, struct gw_conf *c, char *err, size_t errlen);
void conf_free(struct gw_conf *c);
/* conf_print - every effective option, one "key = value" line, in table order. */
void conf_print(const struct gw_conf *c, FILE *f);
/* conf_ledger_path / conf_xsd_dir - resolved paths (static storage, valid until next call). */
const char *conf_ledger_path(const struct gw_conf *c);
const char *conf_xsd_dir(const struct gw_conf *c);
const struct gw_dest *conf_dest(const struct gw_conf *c, const char *name);
/* conf_leads - parse lead times ("24h 3h", "90m", "1h30m", "none") into seconds: the number of
 * leads (at most max stored; leads may be NULL to only check), -1 when malformed. */
int conf_leads(const char *s, long *leads, size_t max);
/* conf_sender - the configuration of inbox name, NULL when it is not declared. */
const struct gw_sender *conf_sender(const struct gw_conf *c, const char *name);

#endif
