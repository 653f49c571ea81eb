/* test_gw_conf - the option table and the configuration file: defaults, overrides, size
 * suffixes, every kind of error naming "FILE:LINE:", the group-writable refusal, the
 * retry_min/retry_max cross-check, conf_print (complete, reflects overrides, reloads to the
 * same values) and conf_ledger_path. Config files live in a fresh mkdtemp directory. */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "gw_conf.h"

static char tmpdir[64];
static char cfpath[128];
static int ncf;

/* The keys of a default configuration, in table order ("destinations = rte"). */
static const char *const global_keys[] = {
    "spool_dir",          "ledger",        "xsd_dir",           "quiet_period", "rescan_interval",
    "max_file_size",      "retry_min",     "retry_max",         "week_start",   "enforce_deadlines",
    "log_level",          "max_reasons",   "destinations",      "senders",      "holidays",
    "max_ratio",          "max_entries",   "metrics_file",      "user",         "retention_archive",
    "retention_rejected", "retention_ack", "retention_bundles", "gateway_eic",  "board_file",
    "reminders",
};
static const char *const dest_keys[] = {"host",       "port",    "user", "key", "known_hosts",
                                        "remote_dir", "timeout", "eic",  "role"};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static int
group_setup(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof(tmpdir), "/tmp/test_gw_conf.XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int
group_teardown(void **state)
{
    char path[160];
    int i;

    (void)state;
    for (i = 1; i <= ncf; i++) {
        snprintf(path, sizeof(path), "%s/c%d.conf", tmpdir, i);
        unlink(path);
    }
    rmdir(tmpdir);
    return 0;
}

/* write_conf - a new config file with text and mode; its path in cfpath */
static const char *
write_conf(const char *text, mode_t mode)
{
    FILE *f;

    snprintf(cfpath, sizeof(cfpath), "%s/c%d.conf", tmpdir, ++ncf);
    f = fopen(cfpath, "w");
    assert_non_null(f);
    assert_int_equal(fputs(text, f) >= 0, 1);
    assert_int_equal(fclose(f), 0);
    assert_int_equal(chmod(cfpath, mode), 0);
    return cfpath;
}

/* load_ok - load text, asserting success */
static void
load_ok(const char *text, struct gw_conf *c)
{
    char err[1024] = "";
    int rc = conf_load(write_conf(text, 0600), c, err, sizeof(err));

    if (rc != 0)
        fail_msg("conf_load failed: %s", err);
}

/* load_err - load text, asserting failure at "FILE:line:" with a message containing want */
static void
load_err(const char *text, int line, const char *want)
{
    struct gw_conf c;
    char err[1024] = "", prefix[192];
    const char *path = write_conf(text, 0600);

    assert_int_equal(conf_load(path, &c, err, sizeof(err)), -1);
    snprintf(prefix, sizeof(prefix), "%s:%d: ", path, line);
    if (strncmp(err, prefix, strlen(prefix)) != 0)
        fail_msg("error \"%s\" does not start with \"%s\"", err, prefix);
    if (strstr(err, want) == NULL)
        fail_msg("error \"%s\" does not mention \"%s\"", err, want);
    /* a failed load frees everything and leaves nothing behind */
    assert_null(c.spool_dir);
    assert_int_equal(c.ndests, 0);
}

/* print_to_string - conf_print into a malloc'd string */
static char *
print_to_string(const struct gw_conf *c)
{
    char *s = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&s, &n);

    assert_non_null(f);
    conf_print(c, f);
    assert_int_equal(fclose(f), 0);
    assert_non_null(s);
    return s;
}

/* has_line - text holds the exact line want */
static int
has_line(const char *text, const char *want)
{
    size_t len = strlen(want);
    const char *p = text;

    while ((p = strstr(p, want)) != NULL) {
        if ((p == text || p[-1] == '\n') && (p[len] == '\n' || p[len] == '\0'))
            return 1;
        p += len;
    }
    return 0;
}

static void
test_conf_load_defaults(void **state)
{
    struct gw_conf c;
    char err[256] = "";
    const struct gw_dest *d;

    (void)state;
    assert_int_equal(conf_load(NULL, &c, err, sizeof(err)), 0);
    assert_string_equal(c.path, "(defaults)");
    assert_string_equal(c.spool_dir, "spool");
    assert_string_equal(c.ledger, "");
    assert_int_equal(c.quiet_period, 5);
    assert_int_equal(c.rescan_interval, 30);
    assert_int_equal(c.max_file_size, 8ULL << 30);
    assert_int_equal(c.retry_min, 60);
    assert_int_equal(c.retry_max, 3600);
    assert_int_equal(c.week_start, 6); /* saturday */
    assert_int_equal(c.enforce_deadlines, 1);
    assert_int_equal(c.log_level, 1); /* info */
    assert_int_equal(c.max_reasons, 1000);
    assert_string_equal(c.destinations, "rte");
    assert_int_equal(c.ndests, 1);
    d = conf_dest(&c, "rte");
    assert_non_null(d);
    assert_string_equal(d->name, "rte");
    assert_string_equal(d->host, "127.0.0.1");
    assert_int_equal(d->port, 22);
    assert_int_equal(d->timeout, 30);
    assert_string_equal(d->remote_dir, ".");
    assert_null(conf_dest(&c, "nope"));
    conf_free(&c);
    assert_null(c.spool_dir);
}

static void
test_conf_load_overrides(void **state)
{
    struct gw_conf c;
    const struct gw_dest *a, *b;

    (void)state;
    load_ok("# a comment\n"
            "\n"
            "   spool_dir   =   /var/spool/x   \n"
            "quiet_period=0\n"
            "rescan_interval = 3600\n"
            "retry_min = 10\r\n"
            "retry_max = 20\n"
            "week_start = Monday\n"
            "enforce_deadlines = no\n"
            "log_level = debug\n"
            "max_reasons = 7\n"
            "\t# indented comment\n"
            "destinations = alpha, b-2\n"
            "dest.alpha.host = sftp.example\n"
            "dest.alpha.port = 2222\n"
            "dest.b-2.remote_dir = /in\n"
            "dest.b-2.timeout = 3600\n",
            &c);
    assert_string_equal(c.spool_dir, "/var/spool/x");
    assert_int_equal(c.quiet_period, 0);
    assert_int_equal(c.rescan_interval, 3600);
    assert_int_equal(c.retry_min, 10);
    assert_int_equal(c.retry_max, 20);
    assert_int_equal(c.week_start, 1);
    assert_int_equal(c.enforce_deadlines, 0);
    assert_int_equal(c.log_level, 0);
    assert_int_equal(c.max_reasons, 7);
    assert_int_equal(c.max_file_size, 8ULL << 30); /* untouched */
    assert_int_equal(c.ndests, 2);
    assert_null(conf_dest(&c, "rte")); /* the default list was replaced */
    a = conf_dest(&c, "alpha");
    b = conf_dest(&c, "b-2");
    assert_non_null(a);
    assert_non_null(b);
    assert_string_equal(a->host, "sftp.example");
    assert_int_equal(a->port, 2222);
    assert_string_equal(a->remote_dir, ".");
    assert_string_equal(b->host, "127.0.0.1");
    assert_string_equal(b->remote_dir, "/in");
    assert_int_equal(b->timeout, 3600);
    assert_string_equal(c.path, cfpath);
    conf_free(&c);
}

static void
test_conf_load_bools(void **state)
{
    static const char *const yes[] = {"yes", "true", "1"}, *const no[] = {"no", "false", "0"};
    char text[64];
    struct gw_conf c;
    size_t i;

    (void)state;
    for (i = 0; i < 3; i++) {
        snprintf(text, sizeof(text), "enforce_deadlines = %s\n", yes[i]);
        load_ok(text, &c);
        assert_int_equal(c.enforce_deadlines, 1);
        conf_free(&c);
        snprintf(text, sizeof(text), "enforce_deadlines = %s\n", no[i]);
        load_ok(text, &c);
        assert_int_equal(c.enforce_deadlines, 0);
        conf_free(&c);
    }
}

static void
test_conf_load_size_suffixes(void **state)
{
    static const struct {
        const char *v;
        uint64_t want;
    } cases[] = {
        {"1024", 1024},     {"1K", 1024},       {"64k", 64 << 10},        {"3M", 3ULL << 20},
        {"2G", 2ULL << 30}, {"1T", 1ULL << 40}, {"1023K", 1023ULL << 10},
    };
    char text[64];
    struct gw_conf c;
    size_t i;

    (void)state;
    for (i = 0; i < NELEM(cases); i++) {
        snprintf(text, sizeof(text), "max_file_size = %s\n", cases[i].v);
        load_ok(text, &c);
        assert_int_equal(c.max_file_size, cases[i].want);
        conf_free(&c);
    }
}

static void
test_conf_load_bad_size(void **state)
{
    (void)state;
    load_err("max_file_size = 10X\n", 1, "bad size");
    load_err("max_file_size = 10KB\n", 1, "bad size");
    load_err("max_file_size = K\n", 1, "not a number");
    load_err("max_file_size = 1023\n", 1, "out of range");
    load_err("max_file_size = 2T\n", 1, "out of range");
    load_err("max_file_size = 99999999999T\n", 1, "bad size"); /* would overflow */
}

static void
test_conf_load_unknown_key(void **state)
{
    (void)state;
    load_err("# comment\nspool_dir = x\nspool_dri = y\n", 3, "unknown key \"spool_dri\"");
    load_err("dest.rte = x\n", 1, "unknown key");
}

static void
test_conf_load_bad_number(void **state)
{
    (void)state;
    load_err("\nquiet_period = five\n", 2, "not a number");
    load_err("quiet_period = 5s\n", 1, "not a number");
    load_err("quiet_period =\n", 1, "not a number");
    load_err("dest.rte.port = 22x\n", 1, "not a number");
    load_err("max_reasons = 99999999999999999999999\n", 1, "not a number");
}

static void
test_conf_load_out_of_range(void **state)
{
    (void)state;
    load_err("quiet_period = 86401\n", 1, "out of range");
    load_err("quiet_period = -1\n", 1, "out of range");
    load_err("rescan_interval = 0\n", 1, "out of range");
    load_err("retry_max = 604801\n", 1, "out of range");
    load_err("dest.rte.port = 65536\n", 1, "out of range");
    load_err("dest.rte.port = 0\n", 1, "out of range");
}

static void
test_conf_load_bad_bool(void **state)
{
    (void)state;
    load_err("enforce_deadlines = maybe\n", 1, "yes or no");
    load_err("enforce_deadlines = Yes please\n", 1, "yes or no");
}

static void
test_conf_load_bad_weekday(void **state)
{
    (void)state;
    load_err("week_start = someday\n", 1, "day name");
    load_err("week_start = 6\n", 1, "day name");
    load_err("log_level = loud\n", 1, "debug, info, warning or error");
}

static void
test_conf_load_missing_equals(void **state)
{
    (void)state;
    load_err("spool_dir = a\n\n# c\nquiet_period 5\n", 4, "key = value");
}

static void
test_conf_load_undeclared_destination(void **state)
{
    (void)state;
    load_err("destinations = a\ndest.b.host = h\n", 2, "\"b\" is not declared");
    /* rte is the default list: usable without a destinations line */
    load_err("dest.nope.port = 1\n", 1, "not declared");
}

static void
test_conf_load_unknown_destination_option(void **state)
{
    (void)state;
    load_err("destinations = a\ndest.a.hots = h\n", 2, "unknown destination option \"hots\"");
}

static void
test_conf_load_duplicate_destination(void **state)
{
    (void)state;
    load_err("destinations = a b a\n", 1, "listed twice");
    load_err("# x\ndestinations = rte,rte\n", 2, "listed twice");
}

static void
test_conf_load_bad_destination_name(void **state)
{
    (void)state;
    load_err("destinations = Upper\n", 1, "bad destination name");
    load_err("destinations = a/b\n", 1, "bad destination name");
}

static void
test_conf_load_group_writable_refused(void **state)
{
    struct gw_conf c;
    char err[512] = "";
    const char *path = write_conf("quiet_period = 1\n", 0620);

    (void)state;
    assert_int_equal(conf_load(path, &c, err, sizeof(err)), -1);
    assert_non_null(strstr(err, path));
    assert_non_null(strstr(err, "writable"));
    assert_null(c.spool_dir);
    path = write_conf("quiet_period = 1\n", 0602); /* others */
    assert_int_equal(conf_load(path, &c, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "writable"));
    /* group-readable is fine */
    path = write_conf("quiet_period = 1\n", 0640);
    assert_int_equal(conf_load(path, &c, err, sizeof(err)), 0);
    assert_int_equal(c.quiet_period, 1);
    conf_free(&c);
}

static void
test_conf_load_missing_file(void **state)
{
    struct gw_conf c;
    char err[512] = "", path[128];

    (void)state;
    snprintf(path, sizeof(path), "%s/does-not-exist.conf", tmpdir);
    assert_int_equal(conf_load(path, &c, err, sizeof(err)), -1);
    assert_non_null(strstr(err, path));
    assert_non_null(strstr(err, strerror(ENOENT)));
}

static void
test_conf_load_retry_min_above_max_refused(void **state)
{
    struct gw_conf c;
    char err[512] = "";
    const char *path = write_conf("retry_min = 100\nretry_max = 99\n", 0600);

    (void)state;
    assert_int_equal(conf_load(path, &c, err, sizeof(err)), -1);
    assert_non_null(strstr(err, path));
    assert_non_null(strstr(err, "retry_min"));
    /* equal is fine, and so is raising max first then min */
    load_ok("retry_min = 99\nretry_max = 99\n", &c);
    conf_free(&c);
    load_ok("retry_max = 100000\nretry_min = 7200\n", &c);
    assert_int_equal(c.retry_min, 7200);
    assert_int_equal(c.retry_max, 100000);
    conf_free(&c);
}

static void
test_conf_leads_parse(void **state)
{
    long v[CONF_MAX_LEADS];
    struct gw_conf c;

    (void)state;
    assert_int_equal(conf_leads("24h 3h", v, CONF_MAX_LEADS), 2);
    assert_int_equal(v[0], 86400);
    assert_int_equal(v[1], 10800);
    assert_int_equal(conf_leads("1h30m, 90m", v, CONF_MAX_LEADS), 2);
    assert_int_equal(v[0], 5400);
    assert_int_equal(v[1], 5400);
    assert_int_equal(conf_leads("none", v, CONF_MAX_LEADS), 0);
    assert_int_equal(conf_leads("3", v, CONF_MAX_LEADS), -1);
    assert_int_equal(conf_leads("3d", v, CONF_MAX_LEADS), -1);
    assert_int_equal(conf_leads("0h", v, CONF_MAX_LEADS), -1);
    assert_int_equal(conf_leads("721h", v, CONF_MAX_LEADS), -1);
    assert_int_equal(conf_leads("1h 2h 3h 4h 5h 6h 7h 8h 9h", v, CONF_MAX_LEADS), -1);
    load_ok("reminders = 48h 24h 1h\n", &c);
    assert_string_equal(c.reminders, "48h 24h 1h");
    conf_free(&c);
    {
        char err[1024] = "";

        assert_int_equal(conf_load(write_conf("reminders = soon\n", 0600), &c, err, sizeof(err)),
                         -1);
        assert_non_null(strstr(err, "reminders \"soon\""));
    }
}

static void
test_conf_print_every_key(void **state)
{
    struct gw_conf c;
    char err[256], prefix[64];
    char *out;
    size_t i, lines = 0;
    const char *p;

    (void)state;
    assert_int_equal(conf_load(NULL, &c, err, sizeof(err)), 0);
    out = print_to_string(&c);
    for (i = 0; i < NELEM(global_keys); i++) {
        char want[80];
        const char *hit;

        snprintf(want, sizeof(want), "\n%s = ", global_keys[i]);
        hit = strstr(out, want);
        if (hit == NULL)
            fail_msg("no line for %s in:\n%s", global_keys[i], out);
    }
    for (i = 0; i < NELEM(dest_keys); i++) {
        snprintf(prefix, sizeof(prefix), "\ndest.rte.%s = ", dest_keys[i]);
        if (strstr(out, prefix) == NULL)
            fail_msg("no line for dest.rte.%s in:\n%s", dest_keys[i], out);
    }
    /* nothing else than those lines and comments */
    for (p = out; *p; p = strchr(p, '\n') + 1) {
        if (*p != '#')
            lines++;
        if (strchr(p, '\n') == NULL)
            break;
    }
    assert_int_equal(lines, NELEM(global_keys) + NELEM(dest_keys));
    /* default values as printed */
    assert_true(has_line(out, "spool_dir = spool"));
    assert_true(has_line(out, "quiet_period = 5"));
    assert_true(has_line(out, "max_file_size = 8589934592"));
    assert_true(has_line(out, "week_start = saturday"));
    assert_true(has_line(out, "enforce_deadlines = yes"));
    assert_true(has_line(out, "log_level = info"));
    assert_true(has_line(out, "dest.rte.port = 22"));
    free(out);
    conf_free(&c);
}

static void
test_conf_print_reflects_overrides(void **state)
{
    struct gw_conf c;
    char *out;

    (void)state;
    load_ok("quiet_period = 17\n"
            "max_file_size = 2M\n"
            "week_start = tuesday\n"
            "enforce_deadlines = false\n"
            "log_level = error\n"
            "destinations = x y\n"
            "dest.y.host = h.example\n",
            &c);
    out = print_to_string(&c);
    assert_true(has_line(out, "quiet_period = 17"));
    assert_true(has_line(out, "max_file_size = 2097152"));
    assert_true(has_line(out, "week_start = tuesday"));
    assert_true(has_line(out, "enforce_deadlines = no"));
    assert_true(has_line(out, "log_level = error"));
    assert_true(has_line(out, "destinations = x y"));
    assert_true(has_line(out, "dest.x.host = 127.0.0.1"));
    assert_true(has_line(out, "dest.y.host = h.example"));
    assert_true(has_line(out, "dest.y.timeout = 30"));
    assert_false(has_line(out, "quiet_period = 5"));
    assert_null(strstr(out, "dest.rte."));
    assert_non_null(strstr(out, cfpath)); /* the header names the file */
    free(out);
    conf_free(&c);
}

/* What `passerelle config` prints is itself a valid configuration with the same values. */
static void
test_conf_print_reloads_identically(void **state)
{
    struct gw_conf c, c2;
    char *out, *out2, *nl;

    (void)state;
    load_ok("spool_dir = /srv/sp\nretry_min = 5\nweek_start = sunday\nlog_level = warning\n"
            "destinations = p q\ndest.q.eic = 10X-Q\n",
            &c);
    out = print_to_string(&c);
    load_ok(out, &c2);
    out2 = print_to_string(&c2);
    /* identical but for the header line naming the file */
    nl = strchr(out, '\n');
    assert_non_null(nl);
    assert_non_null(strchr(out2, '\n'));
    assert_string_equal(nl, strchr(out2, '\n'));
    assert_int_equal(c2.week_start, 0);
    assert_int_equal(c2.log_level, 2);
    assert_string_equal(conf_dest(&c2, "q")->eic, "10X-Q");
    free(out);
    free(out2);
    conf_free(&c);
    conf_free(&c2);
}

static void
test_conf_ledger_path_default(void **state)
{
    struct gw_conf c;
    char err[256];

    (void)state;
    assert_int_equal(conf_load(NULL, &c, err, sizeof(err)), 0);
    assert_string_equal(conf_ledger_path(&c), "spool/ledger.db");
    conf_free(&c);
    load_ok("spool_dir = /var/spool/passerelle\n", &c);
    assert_string_equal(conf_ledger_path(&c), "/var/spool/passerelle/ledger.db");
    conf_free(&c);
    load_ok("spool_dir = /a\nledger = /elsewhere/l.db\n", &c);
    assert_string_equal(conf_ledger_path(&c), "/elsewhere/l.db");
    conf_free(&c);
}

static void
test_conf_xsd_dir_explicit(void **state)
{
    struct gw_conf c;

    (void)state;
    load_ok("xsd_dir = /opt/xsd\n", &c);
    assert_string_equal(conf_xsd_dir(&c), "/opt/xsd");
    conf_free(&c);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_conf_load_defaults),
        cmocka_unit_test(test_conf_load_overrides),
        cmocka_unit_test(test_conf_load_bools),
        cmocka_unit_test(test_conf_load_size_suffixes),
        cmocka_unit_test(test_conf_load_bad_size),
        cmocka_unit_test(test_conf_load_unknown_key),
        cmocka_unit_test(test_conf_load_bad_number),
        cmocka_unit_test(test_conf_load_out_of_range),
        cmocka_unit_test(test_conf_load_bad_bool),
        cmocka_unit_test(test_conf_load_bad_weekday),
        cmocka_unit_test(test_conf_load_missing_equals),
        cmocka_unit_test(test_conf_load_undeclared_destination),
        cmocka_unit_test(test_conf_load_unknown_destination_option),
        cmocka_unit_test(test_conf_load_duplicate_destination),
        cmocka_unit_test(test_conf_load_bad_destination_name),
        cmocka_unit_test(test_conf_load_group_writable_refused),
        cmocka_unit_test(test_conf_load_missing_file),
        cmocka_unit_test(test_conf_load_retry_min_above_max_refused),
        cmocka_unit_test(test_conf_leads_parse),
        cmocka_unit_test(test_conf_print_every_key),
        cmocka_unit_test(test_conf_print_reflects_overrides),
        cmocka_unit_test(test_conf_print_reloads_identically),
        cmocka_unit_test(test_conf_ledger_path_default),
        cmocka_unit_test(test_conf_xsd_dir_explicit),
    };

    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
