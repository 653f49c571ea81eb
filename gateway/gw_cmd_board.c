/* gw_cmd_board - `passerelle board [--out FILE] [-c FILE]`: the deadline board (gw_board) as one
 * HTML page, on standard output or written atomically into FILE. Read-only on the ledger: it can
 * run beside the daemon. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "gw_board.h"
#include "gw_buf.h"
#include "gw_clock.h"
#include "gw_cmd.h"
#include "gw_conf.h"
#include "gw_ledger.h"

int
cmd_board(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"out", required_argument, NULL, 'o'}, {"config", required_argument, NULL, 'c'}, {0}};
    const char *confopt = NULL, *out = NULL;
    struct ledger *lg;
    struct gw_conf conf;
    char err[1024];
    int ch, rc = 2;

    while ((ch = getopt_long(argc, argv, "o:c:", longopts, NULL)) != -1) {
        if (ch == 'o')
            out = optarg;
        else if (ch == 'c')
            confopt = optarg;
        else
            goto usage;
    }
    if (optind != argc || (out && *out == '\0'))
        goto usage;
    if (conf_load(cmd_conf_path(confopt), &conf, err, sizeof(err)) < 0) {
        fprintf(stderr, "passerelle: %s\n", err);
        return 2;
    }
    if (gw_clock_init() < 0) {
        fprintf(stderr, "passerelle: PASSERELLE_NOW: expected YYYY-MM-DDTHH:MM:SSZ\n");
        conf_free(&conf);
        return 2;
    }
    if (access(conf_ledger_path(&conf), R_OK) < 0 ||
        (lg = ledger_open(conf_ledger_path(&conf), err, sizeof(err))) == NULL) {
        fprintf(stderr, "passerelle: %s: %s\n", conf_ledger_path(&conf),
                access(conf_ledger_path(&conf), R_OK) < 0 ? strerror(errno) : err);
        conf_free(&conf);
        return 2;
    }
    if (out) {
        if (board_write_file(&conf, lg, gw_clock_now(), out) == 0)
            rc = 0;
        else
            fprintf(stderr, "passerelle: board: %s: cannot write the board\n", out);
    } else {
        struct board *b = board_new(&conf, lg, gw_clock_now());
        struct gw_buf *o = gw_buf_new(0);

        if (b && board_render(b, o) == 0 && fwrite(o->data, 1, o->len, stdout) == o->len &&
            fflush(stdout) == 0)
            rc = 0;
        else
            fprintf(stderr, "passerelle: board: cannot build the board\n");
        gw_buf_free(o);
        board_free(b);
    }
    ledger_close(lg);
    conf_free(&conf);
    return rc;
usage:
    fprintf(stderr, "usage: passerelle board [--out FILE] [-c FILE]\n");
    return 2;
}
