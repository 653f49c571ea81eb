/* gw_ledger - the only code that talks SQL: one row per file received, its reasons, one row per
 * (file, destination) delivery and one per delivery attempt. SQLite in WAL mode with
 * synchronous=FULL; every state change is one transaction, committed before the spool move that
 * makes it visible (recovery reconciles the two at start-up: see gw_queue).
 * Functions return 0 or -1 (message in the ledger's last error, logged); none exits.
 * The schema version lives in PRAGMA user_version; ledger_open migrates older ledgers. */
#ifndef GW_LEDGER_H
#define GW_LEDGER_H

#include <stdint.h>
#include <time.h>

#include "fmt.h"

struct ledger;

/* File states (the `state` column): one transition per durable step. */
#define LS_CLAIMING     "claiming"     /* row inserted, rename into work/ not yet known done */
#define LS_RECEIVED     "received"     /* in work/<id>, sha256 known */
#define LS_JUDGED       "judged"       /* verdict and reasons stored */
#define LS_ACKNOWLEDGED "acknowledged" /* acknowledgement written */
#define LS_QUEUED       "queued"       /* deliveries rows exist, file in out/<dest>/ */
#define LS_DELIVERED    "delivered"    /* every destination has it */
#define LS_REJECTED     "rejected"
#define LS_LATE         "late"
#define LS_DUPLICATE    "duplicate"
#define LS_UNPACKED     "unpacked" /* an envelope whose documents went back to the inbox */

struct ledger_file {
    int64_t id;
    char sender[64];
    char name[256];
    int64_t size;
    char sha256[65];
    char flow[32];
    char mrid[64];
    long revision;
    char period[16];
    time_t deadline;
    time_t received_at;
    char state[16];
    char status[32];
    long nerrors, nwarnings;
    char doc_sender[20];
    char receiver[20]; /* the document's receiver EIC, "" when unknown */
};

struct ledger_delivery {
    int64_t id;
    int64_t file_id;
    char destination[32];
    char state[16]; /* queued | deferred | delivered */
    long attempts;
    time_t next_try;
    char last_error[256];
    char remote_name[256];
};

/* ledger_open - open or create; NULL on failure (message in err). Caller ledger_close()s. */
struct ledger *ledger_open(const char *path, char *err, size_t errlen);
void ledger_close(struct ledger *l);
const char *ledger_error(const struct ledger *l);

int ledger_begin(struct ledger *l);
int ledger_commit(struct ledger *l);
void ledger_rollback(struct ledger *l);

/* ledger_file_new - insert a row in state claiming; *id set. */
int ledger_file_new(struct ledger *l, const char *sender, const char *name, int64_t size,
                    time_t received_at, int64_t *id);
int ledger_file_delete(struct ledger *l, int64_t id);
int ledger_file_set_state(struct ledger *l, int64_t id, const char *state);
int ledger_file_received(struct ledger *l, int64_t id, const char *sha256, int64_t size);
/* ledger_file_judged - store verdict (status) and the report's identification and reasons,
 * state judged. Extra reasons (duplicate, late) are in rep too. */
int ledger_file_judged(struct ledger *l, int64_t id, const struct fmt_report *rep,
                       const char *status);
/* ledger_file_get - 0 and *f filled; -1 when absent or on error. */
int ledger_file_get(struct ledger *l, int64_t id, struct ledger_file *f);
/* ledger_find_duplicate - an earlier file (id < this one) from the same sender that was
 * accepted (whatever became of its delivery) with the same sha256, or the same mRID and
 * revision. 1 and *dup set when found, 0 when none, -1 on error. */
int ledger_find_duplicate(struct ledger *l, int64_t id, const char *sender, const char *sha256,
                          const char *mrid, long revision, int64_t *dup);
/* ledger_latest_revision - the highest revision of mrid accepted from sender (other than file
 * id): 1 with *revision and *file_id set, 0 when none, -1 on error. */
int ledger_latest_revision(struct ledger *l, int64_t id, const char *sender, const char *mrid,
                           long *revision, int64_t *file_id);
/* ledger_files_in_states - call fn for each file whose state is one of the NULL-terminated
 * list, in id order; fn returning non-zero stops the walk. */
int ledger_files_in_states(struct ledger *l, const char *const *states,
                           int (*fn)(const struct ledger_file *, void *), void *arg);
/* ledger_reasons - call fn for each stored reason of a file, in order. */
int ledger_reasons(struct ledger *l, int64_t file_id, int (*fn)(const struct fmt_reason *, void *),
                   void *arg);

/* Deliveries. ledger_delivery_add ignores an existing (file, destination) row. */
int ledger_delivery_add(struct ledger *l, int64_t file_id, const char *dest, time_t next_try);
/* ledger_deliveries_due - deliveries of dest not yet delivered with next_try <= now, oldest
 * next_try first (then id); fn returning non-zero stops the walk. */
int ledger_deliveries_due(struct ledger *l, const char *dest, time_t now,
                          int (*fn)(const struct ledger_delivery *, void *), void *arg);
/* ledger_delivery_state - the state of (file, dest) into state[16]: 0, or -1 when there is no
 * such delivery (or on error). */
int ledger_delivery_state(struct ledger *l, int64_t file_id, const char *dest, char state[16]);
/* Sealed bundles. ledger_periods_due walks the (flow, period) pairs with accepted documents
 * whose deadline has passed (deadline < now) and that have no bundle yet, oldest deadline
 * first. ledger_next_deadline: the earliest such deadline still to come (0 and *when, or 1
 * when none). ledger_period_files: the accepted, current (not replaced) documents of a period,
 * in id order. ledger_period_count: files of a period with a status (-1 on error). */
int ledger_periods_due(struct ledger *l, time_t now,
                       int (*fn)(const char *flow, const char *period, time_t deadline, void *),
                       void *arg);
int ledger_next_deadline(struct ledger *l, time_t now, time_t *when);
int ledger_period_files(struct ledger *l, const char *flow, const char *period,
                        int (*fn)(const struct ledger_file *, void *), void *arg);
long ledger_period_count(struct ledger *l, const char *flow, const char *period,
                         const char *status);
int ledger_bundle_add(struct ledger *l, const char *flow, const char *period, const char *name,
                      const char *sha256, time_t deadline, time_t created, long documents);
/* The reference perimeter (from accepted perimeter notices). While a notice is judged, its
 * rows are staged with ledger_perim_clear/notice/site for its file id; they count only once
 * the file is accepted. The perimeter in effect for month M (YYYY-MM) is, per GRD and kind,
 * the accepted notice with the latest effective month not after M. */
struct ledger_perim_row {
    char grd[20], kind[16], ref[40], eda[40], aa[20], segment[16], nature[16], curve_type[16],
        re[20];
    int64_t file_id;
};
int ledger_perim_clear(struct ledger *l, int64_t file_id);
int ledger_perim_notice(struct ledger *l, int64_t file_id, const char *grd, const char *kind,
                        const char *effective_month);
int ledger_perim_site(struct ledger *l, int64_t file_id, const struct fmt_perim_site *s);
/* ledger_perimeter - the rows in effect for month (optionally of one EDA), by EDA then site. */
int ledger_perimeter(struct ledger *l, const char *month, const char *eda,
                     int (*fn)(const struct ledger_perim_row *, void *), void *arg);
/* ledger_perim_knows - 1 when the perimeter in effect for month has rows of that GRD (as_aa
 * 0) or of sites owned by that AA (as_aa 1), 0 when not, -1 on error. */
int ledger_perim_knows(struct ledger *l, const char *party, int as_aa, const char *month);
/* ledger_perim_owns - 1 when site is in that GRD's (or AA's) perimeter for month, else 0/-1. */
int ledger_perim_owns(struct ledger *l, const char *party, int as_aa, const char *site,
                      const char *month);
/* Operator views (passerelle status). ledger_state_counts: files per state.
 * ledger_pending: undelivered deliveries, soonest retry first. ledger_open_periods: per
 * (flow, period, declared sender) with a deadline after `since` or no bundle yet: documents
 * accepted, rejected and late, and the deadline. */
struct ledger_period_row {
    char flow[32], period[16], sender[20];
    time_t deadline;
    long accepted, rejected, late, bundled;
};
int ledger_state_counts(struct ledger *l, int (*fn)(const char *state, long n, void *), void *arg);
int ledger_pending(struct ledger *l,
                   int (*fn)(const struct ledger_delivery *, const char *name, void *), void *arg);
int ledger_open_periods(struct ledger *l, time_t since,
                        int (*fn)(const struct ledger_period_row *, void *), void *arg);
/* Queue tools. ledger_delivery_set: deliveries of file_id (all files when file_id <= 0)
 * whose state is in from_states (a constant SQL list such as "'deferred', 'queued'") move to
 * to_state with next_try; moving 'delivered' ones back to 'queued' marks the file queued again
 * (a resend). Returns the number changed, -1 on error. ledger_deliveries_of and
 * ledger_attempts_of walk one file's deliveries and attempts. A 'held' delivery is never due. */
int ledger_delivery_set(struct ledger *l, int64_t file_id, const char *from_states,
                        const char *to_state, time_t next_try);
int ledger_deliveries_of(struct ledger *l, int64_t file_id,
                         int (*fn)(const struct ledger_delivery *, void *), void *arg);
int ledger_attempts_of(struct ledger *l, int64_t file_id,
                       int (*fn)(const char *dest, time_t started, time_t ended, const char *result,
                                 const char *error, void *),
                       void *arg);
/* ledger_counts - grouped counts for the metrics: FILES (flow, status), DELIVERIES
 * (destination, state), STATES (file state, ""), DEADLINES (flow, "": seconds from now to the
 * nearest deadline still to come of an open period). */
enum ledger_count {
    LEDGER_COUNT_FILES,
    LEDGER_COUNT_DELIVERIES,
    LEDGER_COUNT_STATES,
    LEDGER_COUNT_DEADLINES
};
int ledger_counts(struct ledger *l, enum ledger_count which, time_t now,
                  int (*fn)(const char *a, const char *b, long long n, void *), void *arg);
/* ledger_next_try - earliest next_try over undelivered deliveries (of any destination);
 * 0 and *when set, 1 when there is none. */
int ledger_next_try(struct ledger *l, time_t *when);
/* ledger_delivery_result - record one attempt; ok: state delivered (and the file's state
 * delivered when it was its last destination; *all_done set to 1 then); else state deferred,
 * attempts+1, next_try and last_error set. One transaction. */
int ledger_delivery_result(struct ledger *l, int64_t delivery_id, time_t started, time_t ended,
                           int ok, const char *error, const char *remote_name, time_t next_try,
                           int *all_done);

/* Coverage of week S by load-curve documents (fmt_cover.h bitmaps), staged while a document is
 * judged (ledger_cover_clear/add, and ledger_cles_eda_add for the EDAs of a keys document, all
 * for its file id); they count only once the file is accepted and not replaced by a later
 * revision (nor stale: a rejected file's rows never count). ledger_cover_others: the current
 * coverage of (site, week) by documents other than (inbox sender, mrid) and file_id;
 * ledger_cover_site: all of it, in file order. The bitmap is borrowed for the duration of the call.
 * ledger_cles_has_keys: 1 when an accepted, current keys document of month names eda, 0 when none,
 * -1 on error. ledger_bundle_exists: 1/0/-1. */
struct ledger_cover {
    int64_t file_id;
    char sender[64], mrid[64]; /* the inbox and the document's mRID */
    long revision;
    const uint8_t *bitmap;
    size_t nbytes;
    long count;
    char site[16], week[16];
    int resolution; /* minutes of the series' steps, 0 unknown */
};
int ledger_cover_clear(struct ledger *l, int64_t file_id);
int ledger_cover_add(struct ledger *l, int64_t file_id, const char *site, const char *week,
                     const uint8_t *bitmap, size_t nbytes, long count, int resolution);
/* ledger_cover_file - the coverage rows staged for one file, by site. */
int ledger_cover_file(struct ledger *l, int64_t file_id,
                      int (*fn)(const struct ledger_cover *, void *), void *arg);
int ledger_cover_others(struct ledger *l, int64_t file_id, const char *sender, const char *mrid,
                        const char *site, const char *week,
                        int (*fn)(const struct ledger_cover *, void *), void *arg);
int ledger_cover_site(struct ledger *l, const char *site, const char *week,
                      int (*fn)(const struct ledger_cover *, void *), void *arg);
int ledger_cles_eda_add(struct ledger *l, int64_t file_id, const char *eda);
int ledger_cles_has_keys(struct ledger *l, const char *month, const char *eda);
int ledger_bundle_exists(struct ledger *l, const char *flow, const char *period);

/* Reminders (gw_remind): one row per (sender EIC, flow, period, lead in seconds), recorded once
 * its document is in ack/<inbox>/, so that a restart never sends it twice.
 * ledger_reminder_sent: 1 when recorded, 0 when not, -1 on error. ledger_reminder_add: record
 * it (an existing row is kept). ledger_reminder_count: reminders of (sender, flow, period), -1 on
 * error. ledger_sender_inbox: the inbox of the latest file whose document declared that sender:
 * 0 and inbox set, 1 when there is none, -1 on error. */
int ledger_reminder_sent(struct ledger *l, const char *sender, const char *flow, const char *period,
                         long lead);
int ledger_reminder_add(struct ledger *l, const char *sender, const char *flow, const char *period,
                        long lead, const char *inbox, const char *name, time_t created, long sites,
                        long steps);
long ledger_reminder_count(struct ledger *l, const char *sender, const char *flow,
                           const char *period);
int ledger_sender_inbox(struct ledger *l, const char *sender, char *inbox, size_t size);

#endif
