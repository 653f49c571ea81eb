/* gw_conf - see gw_conf.h */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "gw_buf.h"
#include "gw_conf.h"
#include "gw_log.h"
#include "gw_mem.h"

#ifndef PSL_DATADIR
#define PSL_DATADIR "/usr/local/share/passerelle"
#endif

enum conf_type { CT_STR, CT_INT, CT_SIZE, CT_BOOL, CT_WEEKDAY, CT_LOGLEVEL };

struct conf_opt {
    const char *name;
    enum conf_type type;
    const char *def;
    long long min, max;
    size_t off;
};

#define G(f) offsetof(struct gw_conf, f)
#define D(f) offsetof(struct gw_dest, f)

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
    {"enforce_deadlines", CT_BOOL, "yes", 0, 1, G(enforce_deadlines)},
    {"log_level", CT_LOGLEVEL, "info", 0, 3, G(log_level)},
    {"max_reasons", CT_INT, "1000", 1, 1000000, G(max_reasons)},
    {"destinations", CT_STR, "rte", 0, 0, G(destinations)},
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
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static const char *const weekdays[] = {"sunday",   "monday", "tuesday", "wednesday",
                                       "thursday", "friday", "saturday"};
static const char *const levels[] = {"debug", "info", "warning", "error"};

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
        n = -1;
        for (i = 0; i < (o->type == CT_WEEKDAY ? 7 : 4); i++)
            if (!strcasecmp(v, o->type == CT_WEEKDAY ? weekdays[i] : levels[i]))
                n = i;
        if (n < 0) {
            snprintf(why, whylen, "expected %s, not \"%s\"",
                     o->type == CT_WEEKDAY ? "a day name (monday ... sunday)"
                                           : "debug, info, warning or error",
                     v);
            return -1;
        }
        break;
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

/* conf_make_dests - one gw_dest per name of the destinations list, with defaults */
static int
conf_make_dests(struct gw_conf *c, char *why, size_t whylen)
{
    struct gw_dest old[CONF_MAX_DESTS];
    size_t nold = c->ndests, i, j;
    const char *p = c->destinations;
    int rc = 0;

    /* A destination listed again keeps the settings it already has. */
    memcpy(old, c->dests, sizeof(old));
    memset(c->dests, 0, sizeof(c->dests));
    c->ndests = 0;
    while (*p) {
        size_t len;

        p += strspn(p, " \t,");
        len = strcspn(p, " \t,");
        if (len == 0)
            break;
        if (!conf_valid_name(p, len)) {
            snprintf(why, whylen, "bad destination name \"%.*s\" (1-31 of [a-z0-9_-])", (int)len,
                     p);
            rc = -1;
            goto out;
        }
        if (c->ndests == CONF_MAX_DESTS) {
            snprintf(why, whylen, "too many destinations (at most %d)", CONF_MAX_DESTS);
            rc = -1;
            goto out;
        }
        for (i = 0; i < c->ndests; i++)
            if (strlen(c->dests[i].name) == len && !strncmp(c->dests[i].name, p, len)) {
                snprintf(why, whylen, "destination \"%.*s\" listed twice", (int)len, p);
                rc = -1;
                goto out;
            }
        for (j = 0; j < nold; j++)
            if (old[j].name && strlen(old[j].name) == len && !strncmp(old[j].name, p, len))
                break;
        if (j < nold) {
            c->dests[c->ndests] = old[j];
            memset(&old[j], 0, sizeof(old[j]));
        } else {
            c->dests[c->ndests].name = xasprintf("%.*s", (int)len, p);
            conf_defaults(conf_dest_opts, NELEM(conf_dest_opts), &c->dests[c->ndests]);
        }
        c->ndests++;
        p += len;
    }
out:
    for (i = 0; i < nold; i++) {
        if (old[i].name == NULL)
            continue;
        for (j = 0; j < NELEM(conf_dest_opts); j++)
            if (conf_dest_opts[j].type == CT_STR)
                free(*(char **)(void *)((char *)&old[i] + conf_dest_opts[j].off));
        free(old[i].name);
    }
    return rc;
}

/* conf_set - one key = value; why set on error */
static int
conf_set(struct gw_conf *c, const char *key, const char *val, char *why, size_t whylen)
{
    const struct conf_opt *o;
    size_t i;

    if (!strncmp(key, "dest.", 5)) {
        const char *name = key + 5, *dot = strchr(name, '.');

        if (dot == NULL) {
            snprintf(why, whylen, "unknown key \"%s\" (expected dest.<name>.<option>)", key);
            return -1;
        }
        for (i = 0; i < c->ndests; i++)
            if (strlen(c->dests[i].name) == (size_t)(dot - name) &&
                !strncmp(c->dests[i].name, name, (size_t)(dot - name)))
                break;
        if (i == c->ndests) {
            snprintf(why, whylen,
                     "destination \"%.*s\" is not declared (list it in \"destinations\" first)",
                     (int)(dot - name), name);
            return -1;
        }
        o = conf_find(conf_dest_opts, NELEM(conf_dest_opts), dot + 1);
        if (o == NULL) {
            snprintf(why, whylen, "unknown destination option \"%s\"", dot + 1);
            return -1;
        }
        return conf_parse_value(o, val, &c->dests[i], why, whylen);
    }
    o = conf_find(conf_global, NELEM(conf_global), key);
    if (o == NULL) {
        snprintf(why, whylen, "unknown key \"%s\"", key);
        return -1;
    }
    if (conf_parse_value(o, val, c, why, whylen) < 0)
        return -1;
    if (o->off == G(destinations))
        return conf_make_dests(c, why, whylen);
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
    size_t cap = 0;
    long lineno = 0;
    FILE *f;
    struct stat st;
    int rc = -1;

    memset(c, 0, sizeof(*c));
    conf_defaults(conf_global, NELEM(conf_global), c);
    if (conf_make_dests(c, why, sizeof(why)) < 0)
        log_panic("conf: default destinations: %s", why);
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
    for (i = 0; i < c->ndests; i++) {
        size_t j;

        for (j = 0; j < NELEM(conf_dest_opts); j++)
            if (conf_dest_opts[j].type == CT_STR)
                free(*(char **)(void *)((char *)&c->dests[i] + conf_dest_opts[j].off));
        free(c->dests[i].name);
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
    for (i = 0; i < c->ndests; i++) {
        char prefix[64];

        snprintf(prefix, sizeof(prefix), "dest.%s.", c->dests[i].name);
        for (j = 0; j < NELEM(conf_dest_opts); j++)
            conf_print_opt(f, prefix, &conf_dest_opts[j], &c->dests[i]);
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

const struct gw_dest *
conf_dest(const struct gw_conf *c, const char *name)
{
    size_t i;

    for (i = 0; i < c->ndests; i++)
        if (!strcmp(c->dests[i].name, name))
            return &c->dests[i];
    return NULL;
}
