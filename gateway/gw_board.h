/* gw_board - the deadline board: for each open period (deadline not passed by more than 14 days,
 * or not sealed yet) and each sender, what is expected, received, missing, late and to be
 * substituted, with the deadline and the time left; for load curves, the missing steps per site
 * and local day. Read from the ledger (files, reference perimeter, cdc_coverage); rendered as one
 * self-contained HTML page (inline CSS and SVG, no script, no external resource) whose every
 * figure is also a data- attribute. The model is what reminders (gw_remind) are built from.
 * Functions return 0 or -1 (logged); none exits. What _new returns, the caller _free()s. */
#ifndef GW_BOARD_H
#define GW_BOARD_H

#include <stddef.h>
#include <time.h>

#include "gw_buf.h"
#include "gw_conf.h"
#include "gw_ledger.h"
#include "gw_queue.h"

#define BOARD_RUNS      8   /* runs of missing steps kept per site (reminders list them) */
#define BOARD_OPEN_DAYS 14  /* a period stays on the board this long after its deadline */
#define BOARD_MAX_SITES 300 /* heat-map rows per sender (the worst first); totals count all */

/* One expected site of a load-curve week: steps at its resolution (PT5M, or PT15M for BTINF36). */
struct board_site {
    char ref[40], eda[40], segment[16];
    int step;      /* 5-minute slots per step: 1 or 3 */
    unsigned days; /* bit i: local day i of the week is in the perimeter */
    long expected; /* steps of its days */
    long missing;  /* of those, steps without any value */
    long day_expected[7], day_missing[7];
    long run_start[BOARD_RUNS], run_end[BOARD_RUNS]; /* step indexes, end exclusive */
    int nruns;                                       /* runs kept (at most BOARD_RUNS) */
    long runs;                                       /* runs in all */
};

/* One sender of one period. cdc: sites of the sender (a GRD's EIC) in the perimeter in effect,
 * day by day; a sender the perimeter does not know counts the sites its documents cover. Other
 * flows: one document expected per sender that sent something for the period. */
struct board_row {
    char sender[20]; /* the documents' sender (EIC) */
    char inbox[64];  /* its inbox (configured with that EIC, else where it last sent), or "" */
    int perimeter;   /* 1: expected sites come from the reference perimeter */
    long expected, received, missing, incomplete; /* cdc: sites; others: documents */
    long steps_expected, steps_missing;           /* cdc: to be substituted at the deadline */
    long documents, rejected, late;               /* files of the period */
    long reminders;                               /* reminders written for this period */
    struct board_site *sites;                     /* cdc, perimeter senders: worst first */
    size_t nsites;
};

struct board_period {
    char flow[32], period[16];
    time_t deadline;
    int sealed;
    int week;             /* a load-curve week: the fields below are set */
    time_t wstart;        /* UTC of local 00:00 of day 0 */
    long nslots;          /* 5-minute slots of the week (2004, 2016 or 2028) */
    long day_slot[8];     /* slot of local midnight of day i (day_slot[7] = nslots) */
    char day_date[7][16]; /* YYYY-MM-DD of day i */
    struct board_row *rows;
    size_t nrows;
};

struct board {
    time_t now;
    struct board_period *v;
    size_t n;
};

/* board_new - the open periods at now. NULL on error (logged). */
struct board *board_new(const struct gw_conf *conf, struct ledger *lg, time_t now);
void board_free(struct board *b);
/* board_week - the load-curve week starting on `week` (YYYY-MM-DD, week@start) into *p, its
 * rows one per sender the perimeter expects (and per sender of the week's documents). The
 * caller frees it with board_period_clear(). 0 or -1. */
int board_week(const struct gw_conf *conf, struct ledger *lg, const char *week,
               struct board_period *p);
void board_period_clear(struct board_period *p);
/* board_row_inbox - r->inbox: the inbox configured with r->sender's EIC, else the one its
 * documents last came through, else "". */
void board_row_inbox(const struct gw_conf *conf, struct ledger *lg, struct board_row *r);
/* board_status - "red", "amber" or "green": green when nothing is missing; red when something
 * is missing and the deadline is less than 24 hours away or passed; amber otherwise. */
const char *board_status(const struct board_period *p, const struct board_row *r, time_t now);
/* board_render - the HTML page into out. 0 or -1. */
int board_render(const struct board *b, struct gw_buf *out);
/* board_write_file - render into path ("" = <spool_dir>/board/index.html), atomically. */
int board_write_file(const struct gw_conf *conf, struct ledger *lg, time_t now, const char *path);
/* board_publish - the daemon, after each pass: board_write_file of board_file ("none": nothing). */
int board_publish(struct gw *g, time_t now);

#endif
