/* gw_cmd - see gw_cmd.h */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cal.h"
#include "fmt.h"
#include "gw_buf.h"
#include "gw_bundle.h"
#include "gw_calendar.h"
#include "gw_clock.h"
#include "gw_cmd.h"
#include "gw_conf.h"
#include "gw_envelope.h"
#include "gw_fsck.h"
#include "gw_housekeep.h"
#include "gw_queue.h"
#include "gw_spool.h"
#include "gw_ledger.h"
#include "gw_log.h"
#include "gw_serve.h"

#ifndef PSL_SYSCONFDIR
#define PSL_SYSCONFDIR "/usr/local/etc"
#endif

const char *
cmd_conf_path(const char *opt)
{
    static const char installed[] = PSL_SYSCONFDIR "/passerelle/passerelle.conf";

    if (opt)
        return opt;
    if (getenv("PASSERELLE_CONF") && *getenv("PASSERELLE_CONF"))
        return getenv("PASSERELLE_CONF");
    if (access(installed, R_OK) == 0)
        return installed;
    return NULL;
}

/* cmd_load_conf - load or exit 2 with the message */
static int
cmd_load_conf(const char *opt, struct gw_conf *c)
{
    char err[1024];

    if (conf_load(cmd_conf_path(opt), c, err, sizeof(err)) < 0) {
        fprintf(stderr, "passerelle: %s\n", err);
        return -1;
    }
    return 0;
}

/* cmd_print_text - the text verdict of one file */
static void
cmd_print_text(const char *file, const struct fmt_report *rep)
{
    size_t i;

    printf("%s: %s (%zu error%s, %zu warning%s)\n", file, fmt_status_name(fmt_report_status(rep)),
           rep->nerrors, rep->nerrors == 1 ? "" : "s", rep->nwarnings,
           rep->nwarnings == 1 ? "" : "s");
    for (i = 0; i < rep->nreasons; i++) {
        const struct fmt_reason *r = &rep->reasons[i];

        if (r->line > 0)
            printf("%s:%ld: ", file, r->line);
        else
            printf("%s: ", file);
        printf("%s: %s: %s", r->severity == FMT_SEV_ERROR ? "error" : "warning", r->code,
               r->text ? r->text : "");
        if (r->rule && *r->rule)
            printf(" [%s]", r->rule);
        putchar('\n');
    }
}

/* cmd_json_str - "escaped" or null */
static void
cmd_json_str(struct gw_buf *b, const char *s)
{
    if (s == NULL || *s == '\0') {
        gw_buf_puts(b, "null");
        return;
    }
    gw_buf_puts(b, "\"");
    gw_buf_json_escape(b, s);
    gw_buf_puts(b, "\"");
}

/* cmd_print_json - one JSON Lines object for one file */
static void
cmd_print_json(const char *file, const struct fmt_report *rep)
{
    struct gw_buf *b = gw_buf_new(0);
    size_t i;

    gw_buf_puts(b, "{\"file\":");
    cmd_json_str(b, file);
    gw_buf_puts(b, ",\"flow\":");
    cmd_json_str(b, rep->flow);
    gw_buf_printf(b, ",\"status\":\"%s\",\"errors\":%zu,\"warnings\":%zu,\"reasons\":[",
                  fmt_status_name(fmt_report_status(rep)), rep->nerrors, rep->nwarnings);
    for (i = 0; i < rep->nreasons; i++) {
        const struct fmt_reason *r = &rep->reasons[i];

        gw_buf_puts(b, i ? ",{\"code\":" : "{\"code\":");
        cmd_json_str(b, r->code);
        gw_buf_printf(b, ",\"severity\":\"%s\",\"line\":",
                      r->severity == FMT_SEV_ERROR ? "error" : "warning");
        if (r->line > 0)
            gw_buf_printf(b, "%ld", r->line);
        else
            gw_buf_puts(b, "null");
        gw_buf_puts(b, ",\"rule\":");
        cmd_json_str(b, r->rule);
        gw_buf_puts(b, ",\"text\":");
        cmd_json_str(b, r->text ? r->text : "");
        gw_buf_puts(b, "}");
    }
    gw_buf_puts(b, "]}\n");
    fwrite(b->data, 1, b->len, stdout);
    gw_buf_free(b);
}

struct cmd_env {
    struct fmt_ctx *ctx;
    const char *file;
    int json;
    size_t max_reasons;
    int rejected, ioerr;
};

/* cmd_env_doc - judge one document of an envelope, printed as FILE!NAME */
static int
cmd_env_doc(const char *name, int docfd, void *arg)
{
    struct cmd_env *ce = arg;
    struct fmt_report rep;
    char label[4200];
    size_t n = strlen(ce->file);

    if (*name)
        snprintf(label, sizeof(label), "%s!%s", ce->file, name);
    else if (n > 3 && !strcmp(ce->file + n - 3, ".gz"))
        snprintf(label, sizeof(label), "%s!%.*s", ce->file, (int)(n - 3), ce->file);
    else
        snprintf(label, sizeof(label), "%s!", ce->file);
    fmt_report_init(&rep, ce->max_reasons);
    if (fmt_check_fd(ce->ctx, docfd, &rep) < 0) {
        fprintf(stderr, "passerelle: %s: read: %s\n", label, strerror(errno));
        ce->ioerr = 1;
    } else {
        if (fmt_report_status(&rep) == FMT_REJECTED)
            ce->rejected = 1;
        if (ce->json)
            cmd_print_json(label, &rep);
        else
            cmd_print_text(label, &rep);
    }
    fmt_report_free(&rep);
    return 0;
}

/* cmd_check_envelope - every document of a gzip or zip file, or the envelope's rejection */
static void
cmd_check_envelope(struct cmd_env *ce, int fd, const struct gw_conf *conf)
{
    struct envelope_limits lim = {conf->max_file_size, (uint64_t)conf->max_ratio,
                                  (size_t)conf->max_entries, getenv("TMPDIR")};
    char err[1024];

    if (envelope_each(fd, envelope_kind(fd), &lim, cmd_env_doc, ce, err, sizeof(err)) < 0) {
        struct fmt_report rep;

        fmt_report_init(&rep, ce->max_reasons);
        fmt_report_add(&rep, "ENVELOPE", 0, "%s", err);
        snprintf(rep.flow, sizeof(rep.flow), "envelope");
        ce->rejected = 1;
        if (ce->json)
            cmd_print_json(ce->file, &rep);
        else
            cmd_print_text(ce->file, &rep);
        fmt_report_free(&rep);
    }
}

int
cmd_check(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"json", no_argument, NULL, 'j'}, {"config", required_argument, NULL, 'c'}, {0}};
    const char *confopt = NULL;
    struct cal_holidays *hol;
    struct fmt_ctx *ctx;
    struct fmt_opts fo;
    struct gw_conf conf;
    char err[1024];
    int json = 0, ch, i, rejected = 0, ioerr = 0;

    while ((ch = getopt_long(argc, argv, "jc:", longopts, NULL)) != -1) {
        if (ch == 'j')
            json = 1;
        else if (ch == 'c')
            confopt = optarg;
        else
            goto usage;
    }
    if (optind >= argc)
        goto usage;
    if (cmd_load_conf(confopt, &conf) < 0)
        return 2;
    fmt_opts_default(&fo);
    fo.max_file_size = conf.max_file_size;
    fo.week_start = (int)conf.week_start;
    fo.max_reasons = (size_t)conf.max_reasons;
    if ((hol = calendar_holidays_new(&conf, err, sizeof(err))) == NULL) {
        fprintf(stderr, "passerelle: %s\n", err);
        conf_free(&conf);
        return 2;
    }
    fo.holidays = hol;
    ctx = fmt_ctx_new(conf_xsd_dir(&conf), &fo, err, sizeof(err));
    if (ctx == NULL) {
        fprintf(stderr, "passerelle: schemas: %s\n", err);
        cal_holidays_free(hol);
        conf_free(&conf);
        return 2;
    }
    for (i = optind; i < argc; i++) {
        struct fmt_report rep;
        struct stat st;
        int fd = open(argv[i], O_RDONLY | O_CLOEXEC | O_NONBLOCK);

        if (fd < 0 || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
            fprintf(stderr, "passerelle: %s: %s\n", argv[i],
                    fd < 0 ? strerror(errno) : "not a regular file");
            if (fd >= 0)
                close(fd);
            ioerr = 1;
            continue;
        }
        if (envelope_kind(fd) != ENV_NONE) {
            struct cmd_env ce = {ctx, argv[i], json, fo.max_reasons, 0, 0};

            cmd_check_envelope(&ce, fd, &conf);
            rejected |= ce.rejected;
            ioerr |= ce.ioerr;
            fflush(stdout);
            close(fd);
            continue;
        }
        fmt_report_init(&rep, fo.max_reasons);
        if (fmt_check_fd(ctx, fd, &rep) < 0) {
            fprintf(stderr, "passerelle: %s: read: %s\n", argv[i], strerror(errno));
            ioerr = 1;
        } else {
            if (fmt_report_status(&rep) == FMT_REJECTED)
                rejected = 1;
            if (json)
                cmd_print_json(argv[i], &rep);
            else
                cmd_print_text(argv[i], &rep);
        }
        fflush(stdout);
        fmt_report_free(&rep);
        close(fd);
    }
    fmt_ctx_free(ctx);
    cal_holidays_free(hol);
    conf_free(&conf);
    return ioerr ? 2 : rejected ? 1 : 0;
usage:
    fprintf(stderr, "usage: passerelle check [--json] [-c FILE] FILE...\n");
    return 2;
}

int
cmd_config(int argc, char **argv)
{
    const char *confopt = NULL;
    struct gw_conf conf;
    int ch;

    while ((ch = getopt(argc, argv, "c:")) != -1) {
        if (ch != 'c') {
            fprintf(stderr, "usage: passerelle config [-c FILE]\n");
            return 2;
        }
        confopt = optarg;
    }
    if (optind != argc) {
        fprintf(stderr, "usage: passerelle config [-c FILE]\n");
        return 2;
    }
    if (cmd_load_conf(confopt, &conf) < 0)
        return 2;
    conf_print(&conf, stdout);
    printf("# resolved: ledger = %s, xsd_dir = %s\n", conf_ledger_path(&conf), conf_xsd_dir(&conf));
    conf_free(&conf);
    return 0;
}

int
cmd_codes(int argc, char **argv)
{
    const struct fmt_code *c;
    size_t n, i;
    int json = argc > 1 && !strcmp(argv[1], "--json");

    if (argc > 2 || (argc == 2 && !json)) {
        fprintf(stderr, "usage: passerelle codes [--json]\n");
        return 2;
    }
    c = fmt_codes(&n);
    for (i = 0; i < n; i++) {
        const char *sev = c[i].severity == FMT_SEV_ERROR ? "error" : "warning";

        if (json) {
            struct gw_buf *b = gw_buf_new(0);

            gw_buf_puts(b, "{\"code\":");
            cmd_json_str(b, c[i].code);
            gw_buf_printf(b, ",\"severity\":\"%s\",\"rule\":", sev);
            cmd_json_str(b, c[i].rule);
            gw_buf_puts(b, ",\"summary\":");
            cmd_json_str(b, c[i].summary);
            gw_buf_puts(b, "}\n");
            fwrite(b->data, 1, b->len, stdout);
            gw_buf_free(b);
        } else {
            printf("%-22s %-8s %-18s %s\n", c[i].code, sev, c[i].rule, c[i].summary);
        }
    }
    return 0;
}

struct ledger_print {
    struct ledger *lg;
    int json;
};

/* cmd_ledger_reason - one reason line under its file */
static int
cmd_ledger_reason(const struct fmt_reason *r, void *arg)
{
    (void)arg;
    printf("    %s: %s", r->severity == FMT_SEV_ERROR ? "error" : "warning", r->code);
    if (r->line > 0)
        printf(" (line %ld)", r->line);
    printf(": %s\n", r->text ? r->text : "");
    return 0;
}

/* cmd_ledger_file - one file of the ledger */
static int
cmd_ledger_file(const struct ledger_file *f, void *arg)
{
    struct ledger_print *lp = arg;
    char when[32] = "";

    cal_format_utc(f->received_at, when, sizeof(when));
    if (lp->json) {
        struct gw_buf *b = gw_buf_new(0);

        gw_buf_printf(b, "{\"id\":%lld,\"sender\":", (long long)f->id);
        cmd_json_str(b, f->sender);
        gw_buf_puts(b, ",\"name\":");
        cmd_json_str(b, f->name);
        gw_buf_printf(b, ",\"size\":%lld,\"sha256\":", (long long)f->size);
        cmd_json_str(b, f->sha256);
        gw_buf_puts(b, ",\"flow\":");
        cmd_json_str(b, f->flow);
        gw_buf_puts(b, ",\"mrid\":");
        cmd_json_str(b, f->mrid);
        gw_buf_printf(b, ",\"revision\":%ld,\"received\":\"%s\",\"state\":", f->revision, when);
        cmd_json_str(b, f->state);
        gw_buf_puts(b, ",\"status\":");
        cmd_json_str(b, f->status);
        gw_buf_printf(b, ",\"errors\":%ld,\"warnings\":%ld}\n", f->nerrors, f->nwarnings);
        fwrite(b->data, 1, b->len, stdout);
        gw_buf_free(b);
        return 0;
    }
    printf("%-5lld %-10s %-32s %-5s %-24s %-12s %s\n", (long long)f->id, f->sender, f->name,
           f->flow[0] ? f->flow : "-", f->status[0] ? f->status : "-", f->state, when);
    ledger_reasons(lp->lg, f->id, cmd_ledger_reason, NULL);
    return 0;
}

int
cmd_ledger(int argc, char **argv)
{
    static const char *const all[] = {LS_CLAIMING, LS_RECEIVED,  LS_JUDGED,   LS_ACKNOWLEDGED,
                                      LS_QUEUED,   LS_DELIVERED, LS_REJECTED, LS_LATE};
    static const char *const dup[] = {LS_DUPLICATE, NULL};
    const char *confopt = NULL;
    struct ledger_print lp = {NULL, 0};
    struct gw_conf conf;
    char err[1024];
    int ch;

    static const struct option longopts[] = {
        {"json", no_argument, NULL, 'j'}, {"config", required_argument, NULL, 'c'}, {0}};
    while ((ch = getopt_long(argc, argv, "jc:", longopts, NULL)) != -1) {
        if (ch == 'j')
            lp.json = 1;
        else if (ch == 'c')
            confopt = optarg;
        else {
            fprintf(stderr, "usage: passerelle ledger [--json] [-c FILE]\n");
            return 2;
        }
    }
    if (cmd_load_conf(confopt, &conf) < 0)
        return 2;
    if (access(conf_ledger_path(&conf), R_OK) < 0) {
        fprintf(stderr, "passerelle: %s: %s\n", conf_ledger_path(&conf), strerror(errno));
        conf_free(&conf);
        return 2;
    }
    if ((lp.lg = ledger_open(conf_ledger_path(&conf), err, sizeof(err))) == NULL) {
        fprintf(stderr, "passerelle: %s\n", err);
        conf_free(&conf);
        return 2;
    }
    if (!lp.json)
        printf("%-5s %-10s %-32s %-5s %-24s %-12s %s\n", "ID", "SENDER", "FILE", "FLOW", "STATUS",
               "STATE", "RECEIVED");
    /* Two walks because the state list holds at most 8 states. */
    ledger_files_in_states(lp.lg, all, cmd_ledger_file, &lp);
    ledger_files_in_states(lp.lg, dup, cmd_ledger_file, &lp);
    ledger_close(lp.lg);
    conf_free(&conf);
    return 0;
}

struct perim_print {
    int json;
    const char *month;
    long n;
};

/* cmd_perim_row - one site of the perimeter in effect */
static int
cmd_perim_row(const struct ledger_perim_row *r, void *arg)
{
    struct perim_print *pp = arg;

    pp->n++;
    if (pp->json) {
        struct gw_buf *b = gw_buf_new(0);

        gw_buf_printf(b, "{\"month\":\"%s\",\"site\":", pp->month);
        cmd_json_str(b, r->ref);
        gw_buf_puts(b, ",\"eda\":");
        cmd_json_str(b, r->eda);
        gw_buf_puts(b, ",\"grd\":");
        cmd_json_str(b, r->grd);
        gw_buf_puts(b, ",\"kind\":");
        cmd_json_str(b, r->kind);
        gw_buf_puts(b, ",\"aa\":");
        cmd_json_str(b, r->aa);
        gw_buf_puts(b, ",\"segment\":");
        cmd_json_str(b, r->segment);
        gw_buf_puts(b, ",\"nature\":");
        cmd_json_str(b, r->nature);
        gw_buf_puts(b, ",\"curveType\":");
        cmd_json_str(b, r->curve_type);
        gw_buf_puts(b, ",\"re\":");
        cmd_json_str(b, r->re);
        gw_buf_printf(b, ",\"notice\":%lld}\n", (long long)r->file_id);
        fwrite(b->data, 1, b->len, stdout);
        gw_buf_free(b);
        return 0;
    }
    printf("%-7s %-20s %-14s %-16s %-9s %-16s %-7s %-9s %-10s\n", pp->month, r->eda, r->ref, r->grd,
           r->kind, r->aa, r->segment, r->nature[0] ? r->nature : "-",
           r->curve_type[0] ? r->curve_type : "-");
    return 0;
}

int
cmd_perimeter(int argc, char **argv)
{
    static const struct option longopts[] = {{"json", no_argument, NULL, 'j'},
                                             {"month", required_argument, NULL, 'm'},
                                             {"eda", required_argument, NULL, 'e'},
                                             {"config", required_argument, NULL, 'c'},
                                             {0}};
    const char *confopt = NULL, *eda = NULL;
    struct perim_print pp = {0, NULL, 0};
    struct ledger *lg;
    struct gw_conf conf;
    char err[1024], month[16];
    int ch, y, mo, d;

    month[0] = '\0';
    while ((ch = getopt_long(argc, argv, "jm:e:c:", longopts, NULL)) != -1) {
        if (ch == 'j')
            pp.json = 1;
        else if (ch == 'c')
            confopt = optarg;
        else if (ch == 'e')
            eda = optarg;
        else if (ch == 'm') {
            char tmp[16];

            if (strlen(optarg) != 7 || gw_path(tmp, sizeof(tmp), "%s-01", optarg) < 0 ||
                cal_parse_date(tmp, &y, &mo, &d) < 0) {
                fprintf(stderr, "passerelle: perimeter: --month %s: expected YYYY-MM\n", optarg);
                return 2;
            }
            snprintf(month, sizeof(month), "%s", optarg);
        } else
            goto usage;
    }
    if (optind != argc)
        goto usage;
    if (cmd_load_conf(confopt, &conf) < 0)
        return 2;
    if (month[0] == '\0') {
        /* The current month, French legal time, on the settable clock. */
        char now[32];

        if (gw_clock_init() < 0 || cal_format_local(gw_clock_now(), now, sizeof(now)) < 0) {
            fprintf(stderr, "passerelle: perimeter: cannot read the clock\n");
            conf_free(&conf);
            return 2;
        }
        snprintf(month, sizeof(month), "%.7s", now);
    }
    pp.month = month;
    if (access(conf_ledger_path(&conf), R_OK) < 0 ||
        (lg = ledger_open(conf_ledger_path(&conf), err, sizeof(err))) == NULL) {
        fprintf(stderr, "passerelle: %s: %s\n", conf_ledger_path(&conf),
                access(conf_ledger_path(&conf), R_OK) < 0 ? strerror(errno) : err);
        conf_free(&conf);
        return 2;
    }
    if (!pp.json)
        printf("%-7s %-20s %-14s %-16s %-9s %-16s %-7s %-9s %-10s\n", "MONTH", "EDA", "SITE", "GRD",
               "KIND", "AA", "SEGMENT", "NATURE", "CURVE");
    if (ledger_perimeter(lg, month, eda, cmd_perim_row, &pp) < 0) {
        fprintf(stderr, "passerelle: perimeter: %s\n", ledger_error(lg));
        ledger_close(lg);
        conf_free(&conf);
        return 2;
    }
    if (!pp.json)
        printf("# %ld site%s in the perimeter in effect for %s\n", pp.n, pp.n == 1 ? "" : "s",
               month);
    ledger_close(lg);
    conf_free(&conf);
    return 0;
usage:
    fprintf(stderr,
            "usage: passerelle perimeter [--month YYYY-MM] [--eda ID] [--json] [-c FILE]\n");
    return 2;
}

int
cmd_purge(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"dry-run", no_argument, NULL, 'n'}, {"config", required_argument, NULL, 'c'}, {0}};
    const char *confopt = NULL;
    struct gw g = {NULL, NULL, NULL, NULL};
    struct gw_conf conf;
    char err[1024];
    int ch, dry = 0;
    long n;

    while ((ch = getopt_long(argc, argv, "nc:", longopts, NULL)) != -1) {
        if (ch == 'n')
            dry = 1;
        else if (ch == 'c')
            confopt = optarg;
        else
            goto usage;
    }
    if (optind != argc)
        goto usage;
    if (cmd_load_conf(confopt, &conf) < 0)
        return 2;
    g.conf = &conf;
    if (gw_clock_init() < 0 || (g.sp = spool_open(conf.spool_dir, err, sizeof(err))) == NULL ||
        (g.lg = ledger_open(conf_ledger_path(&conf), err, sizeof(err))) == NULL) {
        fprintf(stderr, "passerelle: purge: %s\n", err);
        spool_close(g.sp);
        conf_free(&conf);
        return 2;
    }
    n = housekeep_purge(&g, time(NULL), dry, stdout); /* file times are real time */
    printf("purge: %ld file%s %s\n", n, n == 1 ? "" : "s", dry ? "would be removed" : "removed");
    ledger_close(g.lg);
    spool_close(g.sp);
    conf_free(&conf);
    return n < 0 ? 2 : 0;
usage:
    fprintf(stderr, "usage: passerelle purge [--dry-run] [-c FILE]\n");
    return 2;
}

int
cmd_bundle(int argc, char **argv)
{
    char err[1024];
    int i, bad = 0;

    if (argc < 3 || strcmp(argv[1], "verify") != 0) {
        fprintf(stderr, "usage: passerelle bundle verify FILE...\n");
        return 2;
    }
    for (i = 2; i < argc; i++) {
        size_t n = 0;

        if (access(argv[i], R_OK) < 0) {
            fprintf(stderr, "passerelle: %s: %s\n", argv[i], strerror(errno));
            return 2;
        }
        if (bundle_verify(argv[i], &n, err, sizeof(err)) < 0) {
            printf("%s: FAILED: %s\n", argv[i], err);
            bad = 1;
        } else {
            printf("%s: OK (%zu members match the MANIFEST)\n", argv[i], n);
        }
    }
    return bad;
}

int
cmd_fsck(int argc, char **argv)
{
    const char *confopt = NULL;
    struct gw_conf conf;
    char err[1024];
    int ch, repair = 1, found;

    while ((ch = getopt(argc, argv, "c:n")) != -1) {
        if (ch == 'c')
            confopt = optarg;
        else if (ch == 'n')
            repair = 0;
        else
            goto usage;
    }
    if (optind != argc)
        goto usage;
    if (cmd_load_conf(confopt, &conf) < 0)
        return 2;
    found = fsck_run(&conf, repair, err, sizeof(err));
    conf_free(&conf);
    if (found < 0) {
        fprintf(stderr, "passerelle: fsck: %s\n", err);
        return 2;
    }
    printf("fsck: %d disagreement%s between spool and ledger%s\n", found, found == 1 ? "" : "s",
           found && repair ? ", repaired where possible" : "");
    return found ? 1 : 0;
usage:
    fprintf(stderr, "usage: passerelle fsck [-c FILE] [-n]\n");
    return 2;
}

int
cmd_serve(int argc, char **argv)
{
    static const struct option longopts[] = {{"once", no_argument, NULL, 'o'},
                                             {"config", required_argument, NULL, 'c'},
                                             {"foreground", no_argument, NULL, 'f'},
                                             {"now", required_argument, NULL, 'n'},
                                             {0}};
    const char *confopt = NULL, *path, *now = NULL;
    struct cal_holidays *hol;
    struct gw_conf conf;
    char err[1024];
    int once = 0, fg = 0, ch, rc;

    while ((ch = getopt_long(argc, argv, "c:fo", longopts, NULL)) != -1) {
        if (ch == 'o')
            once = 1;
        else if (ch == 'n')
            now = optarg;
        else if (ch == 'c')
            confopt = optarg;
        else if (ch == 'f')
            fg = 1;
        else
            goto usage;
    }
    if (optind != argc)
        goto usage;
    path = cmd_conf_path(confopt);
    if (cmd_load_conf(path, &conf) < 0)
        return 2;
    if (gw_clock_init() < 0) {
        fprintf(stderr, "passerelle: PASSERELLE_NOW: expected YYYY-MM-DDTHH:MM:SSZ\n");
        conf_free(&conf);
        return 2;
    }
    if (now != NULL && gw_clock_set(now) < 0) {
        fprintf(stderr,
                "passerelle: --now %s: expected YYYY-MM-DDTHH:MM:SS with Z or +HH:MM (1996-2099), "
                "or epoch seconds\n",
                now);
        conf_free(&conf);
        return 2;
    }
    /* A bad holidays file is told here, on stderr, before the daemon logs to syslog. */
    if ((hol = calendar_holidays_new(&conf, err, sizeof(err))) == NULL) {
        fprintf(stderr, "passerelle: %s\n", err);
        conf_free(&conf);
        return 2;
    }
    cal_holidays_free(hol);
    log_init("passerelle", !fg && !isatty(2), (enum log_level)conf.log_level);
    rc = serve_run(&conf, path, once);
    conf_free(&conf);
    return rc;
usage:
    fprintf(stderr, "usage: passerelle serve [-c FILE] [-f] [--once] [--now INSTANT]\n");
    return 2;
}
