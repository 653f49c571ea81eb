/* gw_conf - see gw_conf.h */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "gw_buf.h"
#include "gw_conf.h"
#include "gw_log.h"
#include "gw_mem.h"
#include "fmt_ids.h"

#ifndef PSL_DATADIR
#define PSL_DATADIR "/usr/local/share/passerelle"
#endif

enum conf_type { CT_STR, CT_INT, CT_SIZE, CT_BOOL, CT_WEEKDAY, CT_LOGLEVEL, CT_ROLE };

struct conf_opt {
    const char *name;
    enum conf_type type;
    const char *def;
    long long min, max;
    size_t off;
};

#define G(f) offsetof(struct gw_conf, f)
#define D(f) offsetof(struct gw_dest, f)
#define S(f) offsetof(struct gw_sender, f)

/* The global options. Keep in step with etc/passerelle.conf and man/passerelle.conf.5. */
static const struct conf_opt conf_global[] = {
    {"spool_dir", CT_STR, "spool", 0, 0, G(spool_dir)},
    {"ledger", CT_STR, "", 0, 0, G(ledger)},
    {"xsd_dir", CT_STR, "", 0, 0, G(xsd_dir)},
    {"quiet_period", CT_INT, "5", 0, 86400, G(quiet_period)},
    {"rescan_interval", CT_INT, "30", 1, 3600, G(rescan_interval)},
    {"max_file_size", CT_SIZE, "8G", 1024, 1LL << 40, G(max_file_size)},
    {"retry_min", CT_INT, "60", 1, 86400, G(retry_min)},
    {"retry_max", CT_INT, "3600", 1, 604800, G(retry_max)},
    {"week_start", CT_WEEKDAY, "saturday", 0, 6, G(week_start)},
    {"holidays", CT_STR, "", 0, 0, G(holidays)},
    {"enforce_deadlines", CT_BOOL, "yes", 0, 1, G(enforce_deadlines)},
    {"log_level", CT_LOGLEVEL, "info", 0, 3, G(log_level)},
    {"max_reasons", CT_INT, "1000", 1, 1000000, G(max_reasons)},
    {"max_ratio", CT_INT, "100", 1, 100000, G(max_ratio)},
    {"max_entries", CT_INT, "1000", 1, 100000, G(max_entries)},
    {"metrics_file", CT_STR, "", 0, 0, G(metrics_file)},
    {"board_file", CT_STR, "", 0, 0, G(board_file)},
    {"reminders", CT_STR, "24h 3h", 0, 0, G(reminders)},
    {"user", CT_STR, "", 0, 0, G(user)},
    {"retention_archive", CT_INT, "400", 0, 36500, G(retention_archive)},
    {"retention_rejected", CT_INT, "90", 0, 36500, G(retention_rejected)},
    {"retention_ack", CT_INT, "90", 0, 36500, G(retention_ack)},
    {"retention_bundles", CT_INT, "0", 0, 36500, G(retention_bundles)},
    {"destinations", CT_STR, "rte", 0, 0, G(destinations)},
    {"senders", CT_STR, "", 0, 0, G(senders)},
    {"gateway_eic", CT_STR, "17X-PASSERELLE-K", 0, 0, G(gateway_eic)},
};

/* Options of each destination, as dest.<name>.<option>. */
static const struct conf_opt conf_dest_opts[] = {
    {"host", CT_STR, "127.0.0.1", 0, 0, D(host)},
    {"port", CT_INT, "22", 1, 65535, D(port)},
    {"user", CT_STR, "passerelle", 0, 0, D(user)},
    {"key", CT_STR, "/etc/passerelle/id_ed25519", 0, 0, D(key)},
    {"known_hosts", CT_STR, "/etc/passerelle/known_hosts", 0, 0, D(known_hosts)},
    {"remote_dir", CT_STR, ".", 0, 0, D(remote_dir)},
    {"timeout", CT_INT, "30", 1, 3600, D(timeout)},
    {"eic", CT_STR, "10XFR-RTE------Q", 0, 0, D(eic)},
    {"role", CT_ROLE, "rte", 0, 2, D(role)},
};

/* Options of each sender (inbox in/<name>/), as sender.<name>.<option>. */
static const struct conf_opt conf_sender_opts[] = {
    {"eic", CT_STR, "", 0, 0, S(eic)},
    {"role", CT_ROLE, "grd", 0, 2, S(role)},
    {"qualified", CT_BOOL, "yes", 0, 1, S(qualified)},
};

/* A list section: names declared by a list option, each configured by <prefix>.<name>.<opt>.
 * Every element struct starts with its `char *name`. */
struct conf_list {
    const char *prefix, *what, *listkey;
    size_t list_off, arr_off, count_off, elem_size, max;
    const struct conf_opt *opts;
    size_t nopts;
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static const char *const weekdays[] = {"sunday",   "monday", "tuesday", "wednesday",
                                       "thursday", "friday", "saturday"};
static const char *const levels[] = {"debug", "info", "warning", "error"};
static const char *const roles[] = {"grd", "aa", "rte"};

static const struct conf_list conf_lists[] = {
    {"dest", "destination", "destinations", G(destinations), G(dests), G(ndests),
     sizeof(struct gw_dest), CONF_MAX_DESTS, conf_dest_opts, NELEM(conf_dest_opts)},
    {"sender", "sender", "senders", G(senders), G(senders_v), G(nsenders), sizeof(struct gw_sender),
     CONF_MAX_SENDERS, conf_sender_opts, NELEM(conf_sender_opts)},
};

/* conf_parse_value - convert text per type, range-checked; store at base+off */
static int
conf_parse_value(const struct conf_opt *o, const char *v, void *base, char *why, size_t whylen)
{
    char *p = (char *)base + o->off;
    long long n = 0;
    char *end;
    int i;

    switch (o->type) {
    case CT_STR:
        free(*(char **)(void *)p);
        *(char **)(void *)p = xstrdup(v);
        return 0;
    case CT_INT:
    case CT_SIZE:
        errno = 0;
        n = strtoll(v, &end, 10);
        if (end == v || errno) {
            snprintf(why, whylen, "not a number: \"%s\"", v);
            return -1;
        }
        if (o->type == CT_SIZE && *end) {
            long long mul = 0;

            switch (toupper((unsigned char)*end)) {
            case 'K':
                mul = 1LL << 10;
                break;
            case 'M':
                mul = 1LL << 20;
                break;
            case 'G':
                mul = 1LL << 30;
                break;
            case 'T':
                mul = 1LL << 40;
                break;
            }
            if (mul == 0 || end[1] != '\0' || n > LLONG_MAX / mul) {
                snprintf(why, whylen, "bad size \"%s\" (a number with optional K, M, G or T)", v);
                return -1;
            }
            n *= mul;
            end++;
        }
        if (*end) {
            snprintf(why, whylen, "not a number: \"%s\"", v);
            return -1;
        }
        break;
    case CT_BOOL:
        if (!strcmp(v, "yes") || !strcmp(v, "true") || !strcmp(v, "1"))
            n = 1;
        else if (!strcmp(v, "no") || !strcmp(v, "false") || !strcmp(v, "0"))
            n = 0;
        else {
            snprintf(why, whylen, "expected yes or no, not \"%s\"", v);
            return -1;
        }
        break;
    case CT_WEEKDAY:
    case CT_LOGLEVEL:
    case CT_ROLE: {
        const char *const *names = o->type == CT_WEEKDAY ? weekdays
                                   : o->type == CT_ROLE  ? roles
                                                         : levels;
        int count = o->type == CT_WEEKDAY ? 7 : o->type == CT_ROLE ? 3 : 4;

        n = -1;
        for (i = 0; i < count; i++)
            if (!strcasecmp(v, names[i]))
                n = i;
        if (n < 0) {
            snprintf(why, whylen, "expected %s, not \"%s\"",
                     o->type == CT_WEEKDAY ? "a day name (monday ... sunday)"
                     : o->type == CT_ROLE  ? "grd, aa or rte"
                                           : "debug, info, warning or error",
                     v);
            return -1;
        }
        break;
    }
    }
    if (n < o->min || n > o->max) {
        snprintf(why, whylen, "%lld out of range [%lld, %lld]", n, o->min, o->max);
        return -1;
    }
    if (o->type == CT_SIZE)
        *(uint64_t *)(void *)p = (uint64_t)n;
    else
        *(long *)(void *)p = (long)n;
    return 0;
}

/* conf_defaults - apply a table's defaults */
static void
conf_defaults(const struct conf_opt *t, size_t n, void *base)
{
    char why[256];
    size_t i;

    for (i = 0; i < n; i++)
        if (conf_parse_value(&t[i], t[i].def, base, why, sizeof(why)) < 0)
            log_panic("conf: default of %s: %s", t[i].name, why);
}

/* conf_find - option by name */
static const struct conf_opt *
conf_find(const struct conf_opt *t, size_t n, const char *name)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (!strcmp(t[i].name, name))
            return &t[i];
    return NULL;
}

/* conf_valid_name - destination names: [a-z0-9_-], 1-31 */
static int
conf_valid_name(const char *s, size_t len)
{
    size_t i;

    if (len == 0 || len > 31)
        return 0;
    for (i = 0; i < len; i++)
        if (!islower((unsigned char)s[i]) && !isdigit((unsigned char)s[i]) && s[i] != '_' &&
            s[i] != '-')
            return 0;
    return 1;
}

/* conf_list_elem - element i of a list section */
static void *
conf_list_elem(const struct conf_list *L, struct gw_conf *c, size_t i)
{
    return (char *)c + L->arr_off + i * L->elem_size;
}

/* conf_list_count - the element count of a list section */
static size_t *
conf_list_count(const struct conf_list *L, struct gw_conf *c)
{
    return (size_t *)(void *)((char *)c + L->count_off);
}

/* conf_elem_free - free the strings of one element */
static void
conf_elem_free(const struct conf_list *L, void *e)
{
    size_t j;

    for (j = 0; j < L->nopts; j++)
        if (L->opts[j].type == CT_STR)
            free(*(char **)(void *)((char *)e + L->opts[j].off));
    free(*(char **)e);
    memset(e, 0, L->elem_size);
}

/* conf_make_list - one element per name of the section's list, with defaults; a name listed
 * again keeps the settings it already has */
static int
conf_make_list(const struct conf_list *L, struct gw_conf *c, char *why, size_t whylen)
{
    size_t nold = *conf_list_count(L, c), i, j, n = 0;
    char *old = xcalloc(L->max ? L->max : 1, L->elem_size);
    const char *p = *(char **)(void *)((char *)c + L->list_off);
    int rc = 0;

    memcpy(old, conf_list_elem(L, c, 0), nold * L->elem_size);
    memset(conf_list_elem(L, c, 0), 0, L->max * L->elem_size);
    *conf_list_count(L, c) = 0;
    while (*p) {
        size_t len;
        void *e;

        p += strspn(p, " \t,");
        len = strcspn(p, " \t,");
        if (len == 0)
            break;
        if (!conf_valid_name(p, len)) {
            snprintf(why, whylen, "bad %s name \"%.*s\" (1-31 of [a-z0-9_-])", L->what, (int)len,
                     p);
            rc = -1;
            break;
        }
        if (n == L->max) {
            snprintf(why, whylen, "too many %ss (at most %zu)", L->what, L->max);
            rc = -1;
            break;
        }
        for (i = 0; i < n; i++)
            if (strlen(*(char **)conf_list_elem(L, c, i)) == len &&
                !strncmp(*(char **)conf_list_elem(L, c, i), p, len))
                break;
        if (i < n) {
            snprintf(why, whylen, "%s \"%.*s\" listed twice", L->what, (int)len, p);
            rc = -1;
            break;
        }
        e = conf_list_elem(L, c, n);
        for (j = 0; j < nold; j++) {
            char *oname = *(char **)(void *)(old + j * L->elem_size);

            if (oname && strlen(oname) == len && !strncmp(oname, p, len))
                break;
        }
        if (j < nold) {
            memcpy(e, old + j * L->elem_size, L->elem_size);
            memset(old + j * L->elem_size, 0, L->elem_size);
        } else {
            *(char **)e = xasprintf("%.*s", (int)len, p);
            conf_defaults(L->opts, L->nopts, e);
        }
        *conf_list_count(L, c) = ++n;
        p += len;
    }
    for (i = 0; i < nold; i++)
        if (*(char **)(void *)(old + i * L->elem_size))
            conf_elem_free(L, old + i * L->elem_size);
    free(old);
    return rc;
}

/* conf_set - one key = value; why set on error */
static int
conf_set(struct gw_conf *c, const char *key, const char *val, char *why, size_t whylen)
{
    const struct conf_opt *o;
    size_t i;

    for (i = 0; i < NELEM(conf_lists); i++) {
        const struct conf_list *L = &conf_lists[i];
        size_t plen = strlen(L->prefix), k, n = *conf_list_count(L, c);
        const char *name, *dot;

        if (strncmp(key, L->prefix, plen) != 0 || key[plen] != '.')
            continue;
        name = key + plen + 1;
        if ((dot = strchr(name, '.')) == NULL) {
            snprintf(why, whylen, "unknown key \"%s\" (expected %s.<name>.<option>)", key,
                     L->prefix);
            return -1;
        }
        for (k = 0; k < n; k++) {
            const char *en = *(char **)conf_list_elem(L, c, k);

            if (strlen(en) == (size_t)(dot - name) && !strncmp(en, name, (size_t)(dot - name)))
                break;
        }
        if (k == n) {
            snprintf(why, whylen, "%s \"%.*s\" is not declared (list it in \"%s\" first)", L->what,
                     (int)(dot - name), name, L->listkey);
            return -1;
        }
        o = conf_find(L->opts, L->nopts, dot + 1);
        if (o == NULL) {
            snprintf(why, whylen, "unknown %s option \"%s\"", L->what, dot + 1);
            return -1;
        }
        return conf_parse_value(o, val, conf_list_elem(L, c, k), why, whylen);
    }
    o = conf_find(conf_global, NELEM(conf_global), key);
    if (o == NULL) {
        snprintf(why, whylen, "unknown key \"%s\"", key);
        return -1;
    }
    if (conf_parse_value(o, val, c, why, whylen) < 0)
        return -1;
    for (i = 0; i < NELEM(conf_lists); i++)
        if (o->off == conf_lists[i].list_off)
            return conf_make_list(&conf_lists[i], c, why, whylen);
    return 0;
}

/* conf_trim - strip blanks at both ends, in place */
static char *
conf_trim(char *s)
{
    char *e;

    while (*s == ' ' || *s == '\t')
        s++;
    e = s + strlen(s);
    while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' || e[-1] == '\n'))
        *--e = '\0';
    return s;
}

int
conf_load(const char *path, struct gw_conf *c, char *err, size_t errlen)
{
    char why[512], *line = NULL;
    size_t cap = 0, i;
    long lineno = 0;
    FILE *f;
    struct stat st;
    int rc = -1;

    memset(c, 0, sizeof(*c));
    conf_defaults(conf_global, NELEM(conf_global), c);
    for (i = 0; i < NELEM(conf_lists); i++)
        if (conf_make_list(&conf_lists[i], c, why, sizeof(why)) < 0)
            log_panic("conf: default %s: %s", conf_lists[i].listkey, why);
    c->path = xstrdup(path ? path : "(defaults)");
    if (path == NULL)
        return 0;
    if ((f = fopen(path, "re")) == NULL) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        goto out;
    }
    if (fstat(fileno(f), &st) == 0 && (st.st_mode & 022)) {
        snprintf(err, errlen, "%s: writable by group or others (mode %04o): refused", path,
                 (unsigned)(st.st_mode & 07777));
        fclose(f);
        goto out;
    }
    while (getline(&line, &cap, f) > 0) {
        char *s, *eq, *key, *val;

        lineno++;
        s = conf_trim(line);
        if (*s == '\0' || *s == '#')
            continue;
        if ((eq = strchr(s, '=')) == NULL) {
            snprintf(err, errlen, "%s:%ld: expected \"key = value\"", path, lineno);
            fclose(f);
            goto out;
        }
        *eq = '\0';
        key = conf_trim(s);
        val = conf_trim(eq + 1);
        if (conf_set(c, key, val, why, sizeof(why)) < 0) {
            snprintf(err, errlen, "%s:%ld: %s: %s", path, lineno, key, why);
            fclose(f);
            goto out;
        }
    }
    if (ferror(f)) {
        snprintf(err, errlen, "%s: read: %s", path, strerror(errno));
        fclose(f);
        goto out;
    }
    fclose(f);
    if (strlen(c->gateway_eic) != 16 || !fmt_eic_valid(c->gateway_eic, 16)) {
        snprintf(err, errlen,
                 "%s: gateway_eic \"%s\" is not a valid EIC code (16 characters,"
                 " the last one its check character)",
                 path, c->gateway_eic);
        goto out;
    }
    if (conf_leads(c->reminders, NULL, 0) < 0) {
        snprintf(err, errlen,
                 "%s: reminders \"%s\": expected lead times such as \"24h 3h\" or \"90m\""
                 " (hours and minutes, at most 8, each at most 30 days), or \"none\"",
                 path, c->reminders);
        goto out;
    }
    if (c->retry_min > c->retry_max) {
        snprintf(err, errlen, "%s: retry_min (%ld) is greater than retry_max (%ld)", path,
                 c->retry_min, c->retry_max);
        goto out;
    }
    rc = 0;
out:
    free(line);
    if (rc < 0)
        conf_free(c);
    return rc;
}

void
conf_free(struct gw_conf *c)
{
    size_t i;

    for (i = 0; i < NELEM(conf_global); i++)
        if (conf_global[i].type == CT_STR)
            free(*(char **)(void *)((char *)c + conf_global[i].off));
    for (i = 0; i < NELEM(conf_lists); i++) {
        size_t j, n = *conf_list_count(&conf_lists[i], c);

        for (j = 0; j < n; j++)
            conf_elem_free(&conf_lists[i], conf_list_elem(&conf_lists[i], c, j));
    }
    free(c->path);
    memset(c, 0, sizeof(*c));
}

/* conf_print_opt - "key = value" */
static void
conf_print_opt(FILE *f, const char *prefix, const struct conf_opt *o, const void *base)
{
    const char *p = (const char *)base + o->off;
    long v = 0;

    fprintf(f, "%s%s = ", prefix, o->name);
    if (o->type == CT_STR) {
        fprintf(f, "%s\n", *(char *const *)(const void *)p);
        return;
    }
    if (o->type == CT_SIZE) {
        fprintf(f, "%llu\n", (unsigned long long)*(const uint64_t *)(const void *)p);
        return;
    }
    v = *(const long *)(const void *)p;
    if (o->type == CT_BOOL)
        fprintf(f, "%s\n", v ? "yes" : "no");
    else if (o->type == CT_WEEKDAY)
        fprintf(f, "%s\n", weekdays[v]);
    else if (o->type == CT_LOGLEVEL)
        fprintf(f, "%s\n", levels[v]);
    else if (o->type == CT_ROLE)
        fprintf(f, "%s\n", roles[v]);
    else
        fprintf(f, "%ld\n", v);
}

void
conf_print(const struct gw_conf *c, FILE *f)
{
    size_t i, j;

    fprintf(f, "# effective configuration (from %s)\n", c->path);
    for (i = 0; i < NELEM(conf_global); i++)
        conf_print_opt(f, "", &conf_global[i], c);
    for (i = 0; i < NELEM(conf_lists); i++) {
        const struct conf_list *L = &conf_lists[i];
        struct gw_conf *cc = (struct gw_conf *)(uintptr_t)c; /* read only */
        size_t k, n = *conf_list_count(L, cc);

        for (k = 0; k < n; k++) {
            const void *e = conf_list_elem(L, cc, k);
            char prefix[64];

            snprintf(prefix, sizeof(prefix), "%s.%s.", L->prefix, *(char *const *)e);
            for (j = 0; j < L->nopts; j++)
                conf_print_opt(f, prefix, &L->opts[j], e);
        }
    }
}

const char *
conf_ledger_path(const struct gw_conf *c)
{
    static char path[PATH_MAX];

    if (*c->ledger)
        return c->ledger;
    if (gw_path(path, sizeof(path), "%s/ledger.db", c->spool_dir) < 0)
        log_fatalx("conf: spool_dir too long");
    return path;
}

const char *
conf_xsd_dir(const struct gw_conf *c)
{
    static char path[PATH_MAX];
    char exe[PATH_MAX], *slash;
    ssize_t n;

    if (*c->xsd_dir)
        return c->xsd_dir;
    if (getenv("PASSERELLE_XSD_DIR"))
        return getenv("PASSERELLE_XSD_DIR");
    /* A build tree: <top>/build/passerelle or <top>/build/san/passerelle, schemas in <top>/xsd. */
    n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    if (n > 0) {
        int up;

        exe[n] = '\0';
        for (up = 0; up < 3 && (slash = strrchr(exe, '/')) != NULL; up++) {
            *slash = '\0';
            if (gw_path(path, sizeof(path), "%s/xsd/cdc.xsd", exe) == 0 &&
                access(path, R_OK) == 0) {
                gw_path(path, sizeof(path), "%s/xsd", exe);
                return path;
            }
            /* An installed tree: <prefix>/bin/passerelle, <prefix>/share/passerelle/xsd. */
            if (gw_path(path, sizeof(path), "%s/share/passerelle/xsd/cdc.xsd", exe) == 0 &&
                access(path, R_OK) == 0) {
                gw_path(path, sizeof(path), "%s/share/passerelle/xsd", exe);
                return path;
            }
        }
    }
    return PSL_DATADIR "/xsd";
}

int
conf_leads(const char *s, long *leads, size_t max)
{
    size_t n = 0;

    if (!strcmp(s, "none"))
        return 0;
    while (*s) {
        long secs = 0, v;
        char *end;

        s += strspn(s, " \t,");
        if (*s == '\0')
            break;
        /* One lead: 24h, 3h, 90m, 1h30m. */
        do {
            if (!isdigit((unsigned char)*s))
                return -1;
            errno = 0;
            v = strtol(s, &end, 10);
            if (errno || v > 720 * 60 || (*end != 'h' && *end != 'm'))
                return -1;
            secs += *end == 'h' ? v * 3600 : v * 60;
            s = end + 1;
        } while (*s && *s != ' ' && *s != '\t' && *s != ',');
        if (secs <= 0 || secs > 30L * 86400 || n >= CONF_MAX_LEADS)
            return -1;
        if (leads && n < max)
            leads[n] = secs;
        n++;
    }
    return (int)n;
}

const struct gw_sender *
conf_sender(const struct gw_conf *c, const char *name)
{
    size_t i;

    for (i = 0; i < c->nsenders; i++)
        if (!strcmp(c->senders_v[i].name, name))
            return &c->senders_v[i];
    return NULL;
}

const struct gw_dest *
conf_dest(const struct gw_conf *c, const char *name)
{
    size_t i;

    for (i = 0; i < c->ndests; i++)
        if (!strcmp(c->dests[i].name, name))
            return &c->dests[i];
    return NULL;
}
