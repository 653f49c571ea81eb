/* gw_main - the passerelle program: the subcommand table and --help. */
#include <stdio.h>
#include <string.h>

#include "gw_calendar.h"
#include "gw_cmd.h"
#include "gw_log.h"

#define PASSERELLE_VERSION "0.1.0"

static const struct {
    const char *name;
    int (*fn)(int, char **);
    const char *usage;
    const char *what;
} commands[] = {
    {"serve", cmd_serve, "serve [-c FILE] [-f] [--once] [--now T]",
     "run the gateway daemon (--once: process what is there, deliver or defer, exit; --now T: "
     "start the clock at instant T)"},
    {"check", cmd_check, "check [--json] [-c FILE] FILE...",
     "judge files offline by their schema and format rules"},
    {"convert", cmd_convert, "convert [-c FILE] IN OUT",
     "convert a document from its CSV form to XML, or back (checked first)"},
    {"config", cmd_config, "config [-c FILE]", "print the effective configuration"},
    {"codes", cmd_codes, "codes [--json]", "list every reason code with its severity and article"},
    {"ledger", cmd_ledger, "ledger [--json] [-c FILE]",
     "list every file the gateway received, with its verdict and state"},
    {"deadline", cmd_deadline, "deadline [--json] [-c FILE] FLOW REF",
     "print the last on-time instant of FLOW for REF (week day, month or sending instant)"},
    {"effective-date", cmd_effective_date, "effective-date [-c FILE] INSTANT",
     "print the day a perimeter change request received at INSTANT takes effect"},
    {"calendar", cmd_calendar, "calendar [--json] [-c FILE] YEAR",
     "print every deadline falling in YEAR, flow by flow, and its holidays"},
    {"status", cmd_status, "status [--json] [-c FILE]",
     "the clock, files per state, deliveries waiting, open periods and deadlines, spool use"},
    {"board", cmd_board, "board [--out FILE] [-c FILE]",
     "the deadline board: open periods per sender, missing sites and steps, as one HTML page"},
    {"queue", cmd_queue, "queue [--json] [-c FILE]",
     "deliveries waiting (queued, deferred, held) with next retry and last error"},
    {"requeue", cmd_requeue, "requeue ID|--all [-c FILE]", "retry deferred deliveries now"},
    {"hold", cmd_hold, "hold ID [-c FILE]", "keep a file's deliveries from being attempted"},
    {"release", cmd_release, "release ID [-c FILE]", "let held deliveries go again"},
    {"resend", cmd_resend, "resend ID [-c FILE]",
     "deliver an already delivered document again (logged as such)"},
    {"show", cmd_show, "show ID [-c FILE]", "a file's whole history from the ledger"},
    {"purge", cmd_purge, "purge [--dry-run] [-c FILE]",
     "remove what is older than each spool area's retention, saying what"},
    {"perimeter", cmd_perimeter, "perimeter [--month YYYY-MM] [--eda ID] [--json] [-c FILE]",
     "the reference perimeter in effect in a month (default: this month), from accepted notices"},
    {"bundle", cmd_bundle, "bundle verify FILE...",
     "check sealed bundles against their MANIFEST (exit 1 when one fails)"},
    {"fsck", cmd_fsck, "fsck [-c FILE] [-n]",
     "check that spool and ledger agree, and repair (-n: report only); exit 1 when they did not"},
};

#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

/* usage - the --help text */
static void
usage(FILE *f)
{
    size_t i;

    fprintf(f, "usage: passerelle COMMAND [OPTIONS]\n\nCommands:\n");
    for (i = 0; i < NCOMMANDS; i++)
        fprintf(f, "  %-38s %s\n", commands[i].usage, commands[i].what);
    fprintf(f, "  %-38s %s\n", "help | --help", "this text");
    fprintf(f, "  %-38s %s\n", "version | --version", "print the version");
    fprintf(f, "\nExit status: 0 success; 1 a file was rejected (check, convert); 2 usage, "
               "configuration or I/O error.\n"
               "Configuration: -c FILE, else $PASSERELLE_CONF, else the installed "
               "passerelle.conf, else built-in defaults.\n"
               "See passerelle(8), passerelle.conf(5).\n");
}

int
main(int argc, char **argv)
{
    size_t i;

    log_init("passerelle", 0, LOG_LVL_INFO);
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (!strcmp(argv[1], "help") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        usage(stdout);
        return 0;
    }
    if (!strcmp(argv[1], "version") || !strcmp(argv[1], "--version")) {
        printf("passerelle %s\n", PASSERELLE_VERSION);
        return 0;
    }
    for (i = 0; i < NCOMMANDS; i++)
        if (!strcmp(argv[1], commands[i].name))
            return commands[i].fn(argc - 1, argv + 1);
    fprintf(stderr, "passerelle: unknown command \"%s\"\n", argv[1]);
    usage(stderr);
    return 2;
}
