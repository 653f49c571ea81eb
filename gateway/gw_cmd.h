/* gw_cmd - the subcommands other than serve: each parses its own options and prints.
 * Each returns the process exit status (see passerelle(8)): 0 ok, 1 a file rejected (check),
 * 2 usage or I/O error. */
#ifndef GW_CMD_H
#define GW_CMD_H

int cmd_check(int argc, char **argv);
int cmd_config(int argc, char **argv);
int cmd_codes(int argc, char **argv);
int cmd_ledger(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_fsck(int argc, char **argv);
int cmd_bundle(int argc, char **argv);
int cmd_perimeter(int argc, char **argv);
int cmd_status(int argc, char **argv);
/* cmd_board - gw_cmd_board.c: the deadline board as HTML. */
int cmd_board(int argc, char **argv);
int cmd_purge(int argc, char **argv);
int cmd_queue(int argc, char **argv);
int cmd_requeue(int argc, char **argv);
int cmd_hold(int argc, char **argv);
int cmd_release(int argc, char **argv);
int cmd_resend(int argc, char **argv);
int cmd_show(int argc, char **argv);
/* cmd_convert - gw_cmd_convert.c: 0 converted, 1 input rejected, 2 usage or I/O error. */
int cmd_convert(int argc, char **argv);

/* cmd_conf_path - -c value, else $PASSERELLE_CONF, else the installed file if it exists,
 * else NULL (embedded defaults). */
const char *cmd_conf_path(const char *opt);

#endif
