/* gw_ledger - see gw_ledger.h */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "gw_buf.h"
#include "gw_ledger.h"
#include "gw_log.h"
#include "gw_mem.h"

struct ledger {
    sqlite3 *db;
    sqlite3_stmt *perim_ins, *perim_own; /* cached: called once per site or series */
    char err[512];
};

#define LEDGER_VERSION 6

/* Migrations: migration[i] brings a ledger from user_version i to i+1. */
static const char *const ledger_migrations[] = {
    "CREATE TABLE files ("
    " id INTEGER PRIMARY KEY,"
    " sender TEXT NOT NULL, name TEXT NOT NULL, size INTEGER NOT NULL DEFAULT 0,"
    " sha256 TEXT, flow TEXT, mrid TEXT, revision INTEGER, period TEXT,"
    " deadline INTEGER, received_at INTEGER NOT NULL, state TEXT NOT NULL, status TEXT,"
    " nerrors INTEGER NOT NULL DEFAULT 0, nwarnings INTEGER NOT NULL DEFAULT 0,"
    " doc_sender TEXT, receiver TEXT, reasons TEXT, updated_at INTEGER);"
    "CREATE INDEX files_state ON files(state);"
    "CREATE INDEX files_sha ON files(sender, sha256);"
    "CREATE INDEX files_mrid ON files(sender, mrid, revision);"
    "CREATE TABLE reasons ("
    " file_id INTEGER NOT NULL REFERENCES files(id), seq INTEGER NOT NULL,"
    " code TEXT NOT NULL, severity TEXT NOT NULL, line INTEGER, rule TEXT, text TEXT,"
    " PRIMARY KEY (file_id, seq));"
    "CREATE TABLE deliveries ("
    " id INTEGER PRIMARY KEY, file_id INTEGER NOT NULL REFERENCES files(id),"
    " destination TEXT NOT NULL, state TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,"
    " next_try INTEGER NOT NULL, last_error TEXT, remote_name TEXT, delivered_at INTEGER,"
    " UNIQUE (file_id, destination));"
    "CREATE INDEX deliveries_due ON deliveries(destination, state, next_try);"
    "CREATE TABLE attempts ("
    " id INTEGER PRIMARY KEY, delivery_id INTEGER NOT NULL REFERENCES deliveries(id),"
    " started_at INTEGER NOT NULL, ended_at INTEGER NOT NULL, result TEXT NOT NULL,"
    " error TEXT);",
    /* 2: a later revision of an mRID replaces the earlier ones. */
    "ALTER TABLE files ADD COLUMN replaced_by INTEGER REFERENCES files(id);",
    /* 3: sealed bundles, one per flow and period. */
    "CREATE TABLE bundles ("
    " flow TEXT NOT NULL, period TEXT NOT NULL, name TEXT NOT NULL, sha256 TEXT NOT NULL,"
    " deadline INTEGER, created_at INTEGER NOT NULL, documents INTEGER NOT NULL,"
    " PRIMARY KEY (flow, period));"
    "CREATE INDEX files_period ON files(flow, period);",
    /* 4: the reference perimeter, from accepted perimeter notices. */
    "CREATE TABLE perimeter_notices ("
    " file_id INTEGER PRIMARY KEY REFERENCES files(id), grd TEXT NOT NULL, kind TEXT NOT NULL,"
    " effective_month TEXT NOT NULL);"
    "CREATE TABLE perimeter_sites ("
    " file_id INTEGER NOT NULL REFERENCES files(id), ref TEXT NOT NULL, eda TEXT NOT NULL,"
    " aa TEXT, segment TEXT, nature TEXT, curve_type TEXT, re TEXT);"
    "CREATE INDEX perimeter_sites_file ON perimeter_sites(file_id, ref);"
    "CREATE INDEX perimeter_sites_ref ON perimeter_sites(ref);",
    /* 5: which 5-minute slots of week S each load-curve document gives a value, per site
     * (CDC-OVERLAP, zero-substitution), and which EDAs each keys document covers (1/n). */
    "CREATE TABLE cdc_coverage ("
    " file_id INTEGER NOT NULL REFERENCES files(id), site TEXT NOT NULL, week TEXT NOT NULL,"
    " bitmap BLOB NOT NULL, count INTEGER NOT NULL, resolution INTEGER,"
    " PRIMARY KEY (file_id, site));"
    "CREATE INDEX cdc_coverage_site ON cdc_coverage(site, week);"
    "CREATE TABLE cles_edas ("
    " file_id INTEGER NOT NULL REFERENCES files(id), eda TEXT NOT NULL,"
    " PRIMARY KEY (file_id, eda));"
    "CREATE INDEX cles_edas_eda ON cles_edas(eda);",
    /* 6: reminders written before a deadline, once per (sender, flow, period, lead). */
    "CREATE TABLE reminders ("
    " sender TEXT NOT NULL, flow TEXT NOT NULL, period TEXT NOT NULL, lead INTEGER NOT NULL,"
    " inbox TEXT NOT NULL, name TEXT NOT NULL, created_at INTEGER NOT NULL,"
    " sites INTEGER NOT NULL, steps INTEGER NOT NULL,"
    " PRIMARY KEY (sender, flow, period, lead));",
};

/* The notices in effect for month ?1: per GRD and kind, the accepted notice with the latest
 * effective month not after ?1 (a later one of the same month wins). */
#define PERIM_IN_EFFECT                                                                            \
    "WITH eff AS (SELECT n.file_id, n.grd, n.kind, row_number() OVER (PARTITION BY n.grd,"         \
    " n.kind ORDER BY n.effective_month DESC, n.file_id DESC) AS rk FROM perimeter_notices n"      \
    " JOIN files f ON f.id = n.file_id WHERE f.status IN ('accepted', 'accepted-with-warnings')"   \
    " AND n.effective_month <= ?1) "

/* ledger_fail - remember and log the sqlite error of an operation */
static int
ledger_fail(struct ledger *l, const char *what)
{
    snprintf(l->err, sizeof(l->err), "ledger: %s: %s", what, sqlite3_errmsg(l->db));
    log_warnx("%s", l->err);
    return -1;
}

/* ledger_exec - run SQL without results */
static int
ledger_exec(struct ledger *l, const char *sql)
{
    char *msg = NULL;

    if (sqlite3_exec(l->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        snprintf(l->err, sizeof(l->err), "ledger: %s", msg ? msg : "error");
        log_warnx("%s", l->err);
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}

/* ledger_prep - prepare or fail */
static sqlite3_stmt *
ledger_prep(struct ledger *l, const char *sql)
{
    sqlite3_stmt *st = NULL;

    if (sqlite3_prepare_v2(l->db, sql, -1, &st, NULL) != SQLITE_OK) {
        ledger_fail(l, "prepare");
        return NULL;
    }
    return st;
}

/* ledger_step_done - step a statement that returns no row, finalize it */
static int
ledger_step_done(struct ledger *l, sqlite3_stmt *st, const char *what)
{
    int rc = sqlite3_step(st);

    if (rc != SQLITE_DONE) {
        ledger_fail(l, what);
        sqlite3_finalize(st);
        return -1;
    }
    sqlite3_finalize(st);
    return 0;
}

struct ledger *
ledger_open(const char *path, char *err, size_t errlen)
{
    struct ledger *l = xcalloc(1, sizeof(*l));
    sqlite3_stmt *st;
    int version = 0;

    if (sqlite3_open_v2(path, &l->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                        NULL) != SQLITE_OK) {
        snprintf(err, errlen, "ledger: %s: %s", path,
                 l->db ? sqlite3_errmsg(l->db) : "out of memory");
        goto fail;
    }
    sqlite3_busy_timeout(l->db, 30000);
    if (ledger_exec(l, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
                       " PRAGMA foreign_keys=ON;") < 0)
        goto fail_msg;
    if ((st = ledger_prep(l, "PRAGMA user_version")) == NULL)
        goto fail_msg;
    if (sqlite3_step(st) == SQLITE_ROW)
        version = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    if (version > LEDGER_VERSION) {
        snprintf(err, errlen, "ledger: %s: schema version %d is newer than this program's (%d)",
                 path, version, LEDGER_VERSION);
        goto fail;
    }
    for (; version < LEDGER_VERSION; version++) {
        char sql[64];

        if (ledger_exec(l, "BEGIN IMMEDIATE") < 0)
            goto fail_msg;
        snprintf(sql, sizeof(sql), "PRAGMA user_version=%d", version + 1);
        if (ledger_exec(l, ledger_migrations[version]) < 0 || ledger_exec(l, sql) < 0) {
            ledger_exec(l, "ROLLBACK");
            goto fail_msg;
        }
        if (ledger_exec(l, "COMMIT") < 0)
            goto fail_msg;
    }
    return l;
fail_msg:
    snprintf(err, errlen, "%s: %s", path, l->err);
fail:
    if (l->db)
        sqlite3_close(l->db);
    free(l);
    return NULL;
}

void
ledger_close(struct ledger *l)
{
    if (l == NULL)
        return;
    sqlite3_finalize(l->perim_ins);
    sqlite3_finalize(l->perim_own);
    sqlite3_close(l->db);
    free(l);
}

const char *
ledger_error(const struct ledger *l)
{
    return l->err;
}

int
ledger_begin(struct ledger *l)
{
    return ledger_exec(l, "BEGIN IMMEDIATE");
}

int
ledger_commit(struct ledger *l)
{
    return ledger_exec(l, "COMMIT");
}

void
ledger_rollback(struct ledger *l)
{
    if (!sqlite3_get_autocommit(l->db))
        ledger_exec(l, "ROLLBACK");
}

int
ledger_file_new(struct ledger *l, const char *sender, const char *name, int64_t size,
                time_t received_at, int64_t *id)
{
    sqlite3_stmt *st = ledger_prep(l, "INSERT INTO files(sender, name, size, received_at, state,"
                                      " updated_at) VALUES (?, ?, ?, ?, 'claiming', ?)");

    if (st == NULL)
        return -1;
    sqlite3_bind_text(st, 1, sender, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 3, size);
    sqlite3_bind_int64(st, 4, (sqlite3_int64)received_at);
    sqlite3_bind_int64(st, 5, (sqlite3_int64)received_at);
    if (ledger_step_done(l, st, "insert file") < 0)
        return -1;
    *id = sqlite3_last_insert_rowid(l->db);
    return 0;
}

int
ledger_file_delete(struct ledger *l, int64_t id)
{
    sqlite3_stmt *st = ledger_prep(l, "DELETE FROM files WHERE id = ?");

    if (st == NULL)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    return ledger_step_done(l, st, "delete file");
}

int
ledger_file_set_state(struct ledger *l, int64_t id, const char *state)
{
    sqlite3_stmt *st = ledger_prep(l, "UPDATE files SET state = ?, updated_at = strftime('%s')"
                                      " WHERE id = ?");

    if (st == NULL)
        return -1;
    sqlite3_bind_text(st, 1, state, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, id);
    return ledger_step_done(l, st, "set state");
}

int
ledger_file_received(struct ledger *l, int64_t id, const char *sha256, int64_t size)
{
    sqlite3_stmt *st = ledger_prep(l, "UPDATE files SET state = 'received', sha256 = ?, size = ?,"
                                      " updated_at = strftime('%s') WHERE id = ?");

    if (st == NULL)
        return -1;
    sqlite3_bind_text(st, 1, sha256, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 2, size);
    sqlite3_bind_int64(st, 3, id);
    return ledger_step_done(l, st, "set received");
}

/* ledger_text_or_null - bind "" as NULL */
static void
ledger_bind_opt(sqlite3_stmt *st, int i, const char *s)
{
    if (s && *s)
        sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, i);
}

/* ledger_reasons_json - the reasons as one JSON array, for the files.reasons column (the
 * reasons table keeps them one row each) */
static struct gw_buf *
ledger_reasons_json(const struct fmt_report *rep)
{
    struct gw_buf *b = gw_buf_new(0);
    size_t i;

    gw_buf_puts(b, "[");
    for (i = 0; i < rep->nreasons; i++) {
        const struct fmt_reason *r = &rep->reasons[i];

        gw_buf_printf(b, "%s{\"code\":\"", i ? "," : "");
        gw_buf_json_escape(b, r->code);
        gw_buf_printf(b, "\",\"severity\":\"%s\",\"line\":",
                      r->severity == FMT_SEV_ERROR ? "error" : "warning");
        if (r->line > 0)
            gw_buf_printf(b, "%ld", r->line);
        else
            gw_buf_puts(b, "null");
        gw_buf_puts(b, ",\"rule\":\"");
        gw_buf_json_escape(b, r->rule ? r->rule : "");
        gw_buf_puts(b, "\",\"text\":\"");
        gw_buf_json_escape(b, r->text ? r->text : "");
        gw_buf_puts(b, "\"}");
    }
    gw_buf_puts(b, "]");
    return b;
}

int
ledger_file_judged(struct ledger *l, int64_t id, const struct fmt_report *rep, const char *status)
{
    struct gw_buf *json;
    sqlite3_stmt *st;
    size_t i;

    if (ledger_begin(l) < 0)
        return -1;
    st = ledger_prep(l, "UPDATE files SET state = 'judged', status = ?, flow = ?, mrid = ?,"
                        " revision = ?, period = ?, deadline = ?, nerrors = ?, nwarnings = ?,"
                        " doc_sender = ?, receiver = ?, reasons = ?, updated_at = strftime('%s')"
                        " WHERE id = ?");
    if (st == NULL)
        goto fail;
    sqlite3_bind_text(st, 1, status, -1, SQLITE_TRANSIENT);
    ledger_bind_opt(st, 2, rep->flow);
    ledger_bind_opt(st, 3, rep->mrid);
    if (rep->revision > 0)
        sqlite3_bind_int64(st, 4, rep->revision);
    ledger_bind_opt(st, 5, rep->period);
    if (rep->deadline)
        sqlite3_bind_int64(st, 6, (sqlite3_int64)rep->deadline);
    sqlite3_bind_int64(st, 7, (sqlite3_int64)rep->nerrors);
    sqlite3_bind_int64(st, 8, (sqlite3_int64)rep->nwarnings);
    ledger_bind_opt(st, 9, rep->sender);
    ledger_bind_opt(st, 10, rep->receiver);
    json = ledger_reasons_json(rep);
    sqlite3_bind_text(st, 11, json->data, (int)json->len, SQLITE_TRANSIENT);
    gw_buf_free(json);
    sqlite3_bind_int64(st, 12, id);
    if (ledger_step_done(l, st, "set judged") < 0)
        goto fail;
    if ((!strcmp(status, "accepted") || !strcmp(status, "accepted-with-warnings")) &&
        rep->mrid[0] && rep->revision > 1) {
        /* This revision replaces the earlier accepted revisions of its mRID. */
        st = ledger_prep(l, "UPDATE files SET replaced_by = ?1 WHERE mrid = ?2 AND revision < ?3"
                            " AND id != ?1 AND replaced_by IS NULL AND sender ="
                            " (SELECT sender FROM files WHERE id = ?1)"
                            " AND status IN ('accepted', 'accepted-with-warnings')");
        if (st == NULL)
            goto fail;
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_text(st, 2, rep->mrid, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 3, rep->revision);
        if (ledger_step_done(l, st, "replace revisions") < 0)
            goto fail;
    }
    if ((st = ledger_prep(l, "DELETE FROM reasons WHERE file_id = ?")) == NULL)
        goto fail;
    sqlite3_bind_int64(st, 1, id);
    if (ledger_step_done(l, st, "clear reasons") < 0)
        goto fail;
    for (i = 0; i < rep->nreasons; i++) {
        const struct fmt_reason *r = &rep->reasons[i];

        st = ledger_prep(l, "INSERT INTO reasons(file_id, seq, code, severity, line, rule, text)"
                            " VALUES (?, ?, ?, ?, ?, ?, ?)");
        if (st == NULL)
            goto fail;
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int64(st, 2, (sqlite3_int64)i);
        sqlite3_bind_text(st, 3, r->code, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 4, r->severity == FMT_SEV_ERROR ? "error" : "warning", -1,
                          SQLITE_STATIC);
        if (r->line > 0)
            sqlite3_bind_int64(st, 5, r->line);
        ledger_bind_opt(st, 6, r->rule);
        sqlite3_bind_text(st, 7, r->text ? r->text : "", -1, SQLITE_STATIC);
        if (ledger_step_done(l, st, "insert reason") < 0)
            goto fail;
    }
    return ledger_commit(l);
fail:
    ledger_rollback(l);
    return -1;
}

/* ledger_col_copy - copy a text column into a fixed buffer ("" for NULL) */
static void
ledger_col_copy(sqlite3_stmt *st, int col, char *dst, size_t size)
{
    const unsigned char *s = sqlite3_column_text(st, col);

    snprintf(dst, size, "%s", s ? (const char *)s : "");
}

#define FILE_COLS                                                                                  \
    "id, sender, name, size, sha256, flow, mrid, revision, period, deadline, received_at,"         \
    " state, status, nerrors, nwarnings, doc_sender, receiver"

/* ledger_row_file - fill a ledger_file from a FILE_COLS row */
static void
ledger_row_file(sqlite3_stmt *st, struct ledger_file *f)
{
    memset(f, 0, sizeof(*f));
    f->id = sqlite3_column_int64(st, 0);
    ledger_col_copy(st, 1, f->sender, sizeof(f->sender));
    ledger_col_copy(st, 2, f->name, sizeof(f->name));
    f->size = sqlite3_column_int64(st, 3);
    ledger_col_copy(st, 4, f->sha256, sizeof(f->sha256));
    ledger_col_copy(st, 5, f->flow, sizeof(f->flow));
    ledger_col_copy(st, 6, f->mrid, sizeof(f->mrid));
    f->revision = (long)sqlite3_column_int64(st, 7);
    ledger_col_copy(st, 8, f->period, sizeof(f->period));
    f->deadline = (time_t)sqlite3_column_int64(st, 9);
    f->received_at = (time_t)sqlite3_column_int64(st, 10);
    ledger_col_copy(st, 11, f->state, sizeof(f->state));
    ledger_col_copy(st, 12, f->status, sizeof(f->status));
    f->nerrors = (long)sqlite3_column_int64(st, 13);
    f->nwarnings = (long)sqlite3_column_int64(st, 14);
    ledger_col_copy(st, 15, f->doc_sender, sizeof(f->doc_sender));
    ledger_col_copy(st, 16, f->receiver, sizeof(f->receiver));
}

int
ledger_file_get(struct ledger *l, int64_t id, struct ledger_file *f)
{
    sqlite3_stmt *st = ledger_prep(l, "SELECT " FILE_COLS " FROM files WHERE id = ?");
    int rc;

    if (st == NULL)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        ledger_row_file(st, f);
    else if (rc != SQLITE_DONE)
        ledger_fail(l, "get file");
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? 0 : -1;
}

int
ledger_find_duplicate(struct ledger *l, int64_t id, const char *sender, const char *sha256,
                      const char *mrid, long revision, int64_t *dup)
{
    sqlite3_stmt *st =
        ledger_prep(l, "SELECT id FROM files WHERE sender = ? AND id < ?"
                       " AND status IN ('accepted', 'accepted-with-warnings')"
                       " AND (sha256 = ? OR (mrid = ? AND revision = ?)) ORDER BY id LIMIT 1");
    int rc;

    if (st == NULL)
        return -1;
    sqlite3_bind_text(st, 1, sender, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 2, id);
    sqlite3_bind_text(st, 3, sha256, -1, SQLITE_TRANSIENT);
    ledger_bind_opt(st, 4, mrid);
    sqlite3_bind_int64(st, 5, revision);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *dup = sqlite3_column_int64(st, 0);
    else if (rc != SQLITE_DONE)
        ledger_fail(l, "find duplicate");
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

int
ledger_latest_revision(struct ledger *l, int64_t id, const char *sender, const char *mrid,
                       long *revision, int64_t *file_id)
{
    sqlite3_stmt *st = ledger_prep(
        l, "SELECT revision, id FROM files WHERE sender = ? AND mrid = ? AND id != ?"
           " AND status IN ('accepted', 'accepted-with-warnings') ORDER BY revision DESC LIMIT 1");
    int rc;

    if (st == NULL)
        return -1;
    sqlite3_bind_text(st, 1, sender, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, mrid, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 3, id);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *revision = (long)sqlite3_column_int64(st, 0);
        *file_id = sqlite3_column_int64(st, 1);
    } else if (rc != SQLITE_DONE) {
        ledger_fail(l, "latest revision");
    }
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

int
ledger_files_in_states(struct ledger *l, const char *const *states,
                       int (*fn)(const struct ledger_file *, void *), void *arg)
{
    struct ledger_file f;
    sqlite3_stmt *st;
    int rc, i;

    st = ledger_prep(l, "SELECT " FILE_COLS " FROM files WHERE state IN (?,?,?,?,?,?,?,?)"
                        " ORDER BY id");
    if (st == NULL)
        return -1;
    for (i = 0; i < 8 && states[i]; i++)
        sqlite3_bind_text(st, i + 1, states[i], -1, SQLITE_STATIC);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        ledger_row_file(st, &f);
        if (fn(&f, arg))
            break;
    }
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        ledger_fail(l, "list files");
        sqlite3_finalize(st);
        return -1;
    }
    sqlite3_finalize(st);
    return 0;
}

int
ledger_reasons(struct ledger *l, int64_t file_id, int (*fn)(const struct fmt_reason *, void *),
               void *arg)
{
    sqlite3_stmt *st = ledger_prep(l, "SELECT code, severity, line, rule, text FROM reasons"
                                      " WHERE file_id = ? ORDER BY seq");
    int rc;

    if (st == NULL)
        return -1;
    sqlite3_bind_int64(st, 1, file_id);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct fmt_reason r;

        r.code = (const char *)sqlite3_column_text(st, 0);
        r.severity = !strcmp((const char *)sqlite3_column_text(st, 1), "error") ? FMT_SEV_ERROR
                                                                                : FMT_SEV_WARNING;
        r.line = (long)sqlite3_column_int64(st, 2);
        r.rule = (const char *)sqlite3_column_text(st, 3);
        r.text = (char *)(uintptr_t)sqlite3_column_text(st, 4);
        if (fn(&r, arg))
            break;
    }
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        ledger_fail(l, "list reasons");
        sqlite3_finalize(st);
        return -1;
    }
    sqlite3_finalize(st);
    return 0;
}

int
ledger_delivery_add(struct ledger *l, int64_t file_id, const char *dest, time_t next_try)
{
    sqlite3_stmt *st = ledger_prep(l, "INSERT OR IGNORE INTO deliveries(file_id, destination,"
                                      " state, next_try) VALUES (?, ?, 'queued', ?)");

    if (st == NULL)
        return -1;
    sqlite3_bind_int64(st, 1, file_id);
    sqlite3_bind_text(st, 2, dest, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 3, (sqlite3_int64)next_try);
    return ledger_step_done(l, st, "add delivery");
}

int
ledger_deliveries_due(struct ledger *l, const char *dest, time_t now,
                      int (*fn)(const struct ledger_delivery *, void *), void *arg)
{
    sqlite3_stmt *st = ledger_prep(
        l, "SELECT id, file_id, destination, state, attempts, next_try, last_error, remote_name"
           " FROM deliveries WHERE destination = ? AND state IN ('queued', 'deferred')"
           " AND next_try <= ?"
           " ORDER BY next_try, id");
    int rc;

    if (st == NULL)
        return -1;
    sqlite3_bind_text(st, 1, dest, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 2, (sqlite3_int64)now);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct ledger_delivery d;

        memset(&d, 0, sizeof(d));
        d.id = sqlite3_column_int64(st, 0);
        d.file_id = sqlite3_column_int64(st, 1);
        ledger_col_copy(st, 2, d.destination, sizeof(d.destination));
        ledger_col_copy(st, 3, d.state, sizeof(d.state));
        d.attempts = (long)sqlite3_column_int64(st, 4);
        d.next_try = (time_t)sqlite3_column_int64(st, 5);
        ledger_col_copy(st, 6, d.last_error, sizeof(d.last_error));
        ledger_col_copy(st, 7, d.remote_name, sizeof(d.remote_name));
        if (fn(&d, arg))
            break;
    }
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        ledger_fail(l, "due deliveries");
        sqlite3_finalize(st);
        return -1;
    }
    sqlite3_finalize(st);
    return 0;
}

int
ledger_delivery_state(struct ledger *l, int64_t file_id, const char *dest, char state[16])
{
    sqlite3_stmt *st =
        ledger_prep(l, "SELECT state FROM deliveries WHERE file_id = ? AND destination = ?");
    int rc;

    if (st == NULL)
        return -1;
    sqlite3_bind_int64(st, 1, file_id);
    sqlite3_bind_text(st, 2, dest, -1, SQLITE_TRANSIENT);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        ledger_col_copy(st, 0, state, 16);
    else if (rc != SQLITE_DONE)
        ledger_fail(l, "delivery state");
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? 0 : -1;
}

int
ledger_periods_due(struct ledger *l, time_t now,
                   int (*fn)(const char *flow, const char *period, time_t deadline, void *),
                   void *arg)
{
    sqlite3_stmt *st =
        ledger_prep(l, "SELECT flow, period, max(deadline) FROM files f WHERE deadline IS NOT NULL"
                       " AND deadline < ? AND status IN ('accepted', 'accepted-with-warnings')"
                       " AND NOT EXISTS (SELECT 1 FROM bundles b WHERE b.flow = f.flow"
                       " AND b.period = f.period) GROUP BY flow, period ORDER BY 3, 1, 2");
    int rc;

    if (st == NULL)
        return -1;
    sqlite3_bind_int64(st, 1, (sqlite3_int64)now);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        char flow[32], period[16];

        ledger_col_copy(st, 0, flow, sizeof(flow));
        ledger_col_copy(st, 1, period, sizeof(period));
        if (fn(flow, period, (time_t)sqlite3_column_int64(st, 2), arg))
            break;
    }
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        ledger_fail(l, "periods due");
        sqlite3_finalize(st);
        return -1;
    }
    sqlite3_finalize(st);
    return 0;
}

int
ledger_next_deadline(struct ledger *l, time_t now, time_t *when)
{
    sqlite3_stmt *st = ledger_prep(
        l, "SELECT min(deadline) FROM files f WHERE deadline >= ?"
           " AND status IN ('accepted', 'accepted-with-warnings') AND NOT EXISTS (SELECT 1 FROM"
           " bundles b WHERE b.flow = f.flow AND b.period = f.period)");
    int rc, none = 1;

    if (st == NULL)
        return -1;
    sqlite3_bind_int64(st, 1, (sqlite3_int64)now);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL) {
        *when = (time_t)sqlite3_column_int64(st, 0);
        none = 0;
    } else if (rc != SQLITE_ROW) {
        ledger_fail(l, "next deadline");
        sqlite3_finalize(st);
        return -1;
    }
    sqlite3_finalize(st);
    return none;
}

int
ledger_period_files(struct ledger *l, const char *flow, const char *period,
                    int (*fn)(const struct ledger_file *, void *), void *arg)
{
    sqlite3_stmt *st = ledger_prep(
        l, "SELECT " FILE_COLS " FROM files WHERE flow = ? AND period = ?"
           " AND status IN ('accepted', 'accepted-with-warnings') AND replaced_by IS NULL"
           " AND state IN ('queued', 'delivered') ORDER BY id");
    struct ledger_file f;
    int rc;

    if (st == NULL)
        return -1;
    sqlite3_bind_text(st, 1, flow, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, period, -1, SQLITE_TRANSIENT);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        ledger_row_file(st, &f);
        if (fn(&f, arg))
            break;
    }
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        ledger_fail(l, "period files");
        sqlite3_finalize(st);
        return -1;
    }
    sqlite3_finalize(st);
    return 0;
}

long
ledger_period_count(struct ledger *l, const char *flow, const char *period, const char *status)
{
    sqlite3_stmt *st =
        ledger_prep(l, "SELECT count(*) FROM files WHERE flow = ? AND period = ? AND status = ?");
    long n = -1;

    if (st == NULL)
        return -1;
    sqlite3_bind_text(st, 1, flow, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, period, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, status, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(st) == SQLITE_ROW)
        n = (long)sqlite3_column_int64(st, 0);
    else
        ledger_fail(l, "period count");
    sqlite3_finalize(st);
    return n;
}

int
ledger_bundle_add(struct ledger *l, const char *flow, const char *period, const char *name,
                  const char *sha256, time_t deadline, time_t created, long documents)
{
    sqlite3_stmt *st = ledger_prep(
        l, "INSERT OR REPLACE INTO bundles(flow, period, name, sha256, deadline, created_at,"
           " documents) VALUES (?, ?, ?, ?, ?, ?, ?)");

    if (st == NULL)
        return -1;
    sqlite3_bind_text(st, 1, flow, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, period, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 4, sha256, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 5, (sqlite3_int64)deadline);
    sqlite3_bind_int64(st, 6, (sqlite3_int64)created);
    sqlite3_bind_int64(st, 7, documents);
    return ledger_step_done(l, st, "add bundle");
}

int
ledger_perim_clear(struct ledger *l, int64_t file_id)
{
    sqlite3_stmt *st;

    if ((st = ledger_prep(l, "DELETE FROM perimeter_sites WHERE file_id = ?")) == NULL)
        return -1;
    sqlite3_bind_int64(st, 1, file_id);
    if (ledger_step_done(l, st, "clear perimeter sites") < 0)
        return -1;
    if ((st = ledger_prep(l, "DELETE FROM perimeter_notices WHERE file_id = ?")) == NULL)
        return -1;
    sqlite3_bind_int64(st, 1, file_id);
    return ledger_step_done(l, st, "clear perimeter notice");
}

int
ledger_perim_notice(struct ledger *l, int64_t file_id, const char *grd, const char *kind,
                    const char *effective_month)
{
    sqlite3_stmt *st = ledger_prep(l, "INSERT OR REPLACE INTO perimeter_notices(file_id, grd,"
                                      " kind, effective_month) VALUES (?, ?, ?, ?)");

    if (st == NULL)
        return -1;
    sqlite3_bind_int64(st, 1, file_id);
    sqlite3_bind_text(st, 2, grd, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, kind, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 4, effective_month, -1, SQLITE_TRANSIENT);
    return ledger_step_done(l, st, "perimeter notice");
}

int
ledger_perim_site(struct ledger *l, int64_t file_id, const struct fmt_perim_site *s)
{
    sqlite3_stmt *st = l->perim_ins;
    int rc;

    if (st == NULL) {
        st = ledger_prep(l, "INSERT INTO perimeter_sites(file_id, ref, eda, aa, segment, nature,"
                            " curve_type, re) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
        if (st == NULL)
            return -1;
        l->perim_ins = st;
    }
    sqlite3_reset(st);
    sqlite3_bind_int64(st, 1, file_id);
    sqlite3_bind_text(st, 2, s->ref, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, s->eda, -1, SQLITE_TRANSIENT);
    ledger_bind_opt(st, 4, s->aa);
    ledger_bind_opt(st, 5, s->segment);
    ledger_bind_opt(st, 6, s->nature);
    ledger_bind_opt(st, 7, s->curve_type);
    ledger_bind_opt(st, 8, s->re);
    rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return ledger_fail(l, "perimeter site");
    return 0;
}

int
ledger_perimeter(struct ledger *l, const char *month, const char *eda,
                 int (*fn)(const struct ledger_perim_row *, void *), void *arg)
{
    sqlite3_stmt *st = ledger_prep(
        l, PERIM_IN_EFFECT "SELECT e.grd, e.kind, s.ref, s.eda, s.aa, s.segment, s.nature,"
                           " s.curve_type, s.re, e.file_id FROM eff e JOIN perimeter_sites s"
                           " ON s.file_id = e.file_id WHERE e.rk = 1 AND (?2 IS NULL OR s.eda ="
                           " ?2) ORDER BY s.eda, s.ref");
    int rc;

    if (st == NULL)
        return -1;
    sqlite3_bind_text(st, 1, month, -1, SQLITE_TRANSIENT);
    ledger_bind_opt(st, 2, eda);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct ledger_perim_row r;

        memset(&r, 0, sizeof(r));
        ledger_col_copy(st, 0, r.grd, sizeof(r.grd));
        ledger_col_copy(st, 1, r.kind, sizeof(r.kind));
        ledger_col_copy(st, 2, r.ref, sizeof(r.ref));
        ledger_col_copy(st, 3, r.eda, sizeof(r.eda));
        ledger_col_copy(st, 4, r.aa, sizeof(r.aa));
        ledger_col_copy(st, 5, r.segment, sizeof(r.segment));
        ledger_col_copy(st, 6, r.nature, sizeof(r.nature));
        ledger_col_copy(st, 7, r.curve_type, sizeof(r.curve_type));
        ledger_col_copy(st, 8, r.re, sizeof(r.re));
        r.file_id = sqlite3_column_int64(st, 9);
        if (fn(&r, arg))
            break;
    }
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        ledger_fail(l, "perimeter");
        sqlite3_finalize(st);
        return -1;
    }
    sqlite3_finalize(st);
    return 0;
}

int
ledger_perim_knows(struct ledger *l, const char *party, int as_aa, const char *month)
{
    sqlite3_stmt *st = ledger_prep(
        l, as_aa ? PERIM_IN_EFFECT "SELECT count(*) FROM eff e JOIN perimeter_sites s ON"
                                   " s.file_id = e.file_id WHERE e.rk = 1 AND s.aa = ?2"
                 : PERIM_IN_EFFECT "SELECT count(*) FROM eff WHERE rk = 1 AND grd = ?2");
    int n = -1;

    if (st == NULL)
        return -1;
    sqlite3_bind_text(st, 1, month, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, party, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int(st, 0) > 0;
    else
        ledger_fail(l, "perimeter knows");
    sqlite3_finalize(st);
    return n;
}

int
ledger_perim_owns(struct ledger *l, const char *party, int as_aa, const char *site,
                  const char *month)
{
    sqlite3_stmt *st = l->perim_own;
    int rc, n = -1;

    /* One statement for both questions: ?4 = 1 asks about the AA, else the GRD. */
    if (st == NULL) {
        st = ledger_prep(l, PERIM_IN_EFFECT "SELECT count(*) FROM eff e JOIN perimeter_sites s"
                                            " ON s.file_id = e.file_id WHERE e.rk = 1 AND"
                                            " s.ref = ?3 AND ((?4 = 1 AND s.aa = ?2) OR"
                                            " (?4 = 0 AND e.grd = ?2))");
        if (st == NULL)
            return -1;
        l->perim_own = st;
    }
    sqlite3_reset(st);
    sqlite3_bind_text(st, 1, month, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, party, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, site, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 4, as_aa ? 1 : 0);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        n = sqlite3_column_int(st, 0) > 0;
    else
        ledger_fail(l, "perimeter owns");
    sqlite3_reset(st);
    return n;
}

int
ledger_state_counts(struct ledger *l, int (*fn)(const char *state, long n, void *), void *arg)
{
    sqlite3_stmt *st =
        ledger_prep(l, "SELECT state, count(*) FROM files GROUP BY state ORDER BY state");
    int rc;

    if (st == NULL)
        return -1;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        if (fn((const char *)sqlite3_column_text(st, 0), (long)sqlite3_column_int64(st, 1), arg))
            break;
    sqlite3_finalize(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : ledger_fail(l, "state counts");
}

int
ledger_pending(struct ledger *l,
               int (*fn)(const struct ledger_delivery *, const char *name, void *), void *arg)
{
    sqlite3_stmt *st = ledger_prep(
        l, "SELECT d.id, d.file_id, d.destination, d.state, d.attempts, d.next_try, d.last_error,"
           " f.sender || '/' || f.name FROM deliveries d JOIN files f ON f.id = d.file_id"
           " WHERE d.state != 'delivered' ORDER BY d.next_try, d.id");
    int rc;

    if (st == NULL)
        return -1;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct ledger_delivery d;
        char name[320];

        memset(&d, 0, sizeof(d));
        d.id = sqlite3_column_int64(st, 0);
        d.file_id = sqlite3_column_int64(st, 1);
        ledger_col_copy(st, 2, d.destination, sizeof(d.destination));
        ledger_col_copy(st, 3, d.state, sizeof(d.state));
        d.attempts = (long)sqlite3_column_int64(st, 4);
        d.next_try = (time_t)sqlite3_column_int64(st, 5);
        ledger_col_copy(st, 6, d.last_error, sizeof(d.last_error));
        ledger_col_copy(st, 7, name, sizeof(name));
        if (fn(&d, name, arg))
            break;
    }
    sqlite3_finalize(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : ledger_fail(l, "pending deliveries");
}

int
ledger_open_periods(struct ledger *l, time_t since,
                    int (*fn)(const struct ledger_period_row *, void *), void *arg)
{
    sqlite3_stmt *st = ledger_prep(
        l, "SELECT flow, period, coalesce(doc_sender, sender), max(deadline),"
           " sum(status IN ('accepted', 'accepted-with-warnings')), sum(status = 'rejected'),"
           " sum(status = 'late'), EXISTS (SELECT 1 FROM bundles b WHERE b.flow = f.flow AND"
           " b.period = f.period) FROM files f WHERE flow IS NOT NULL AND period IS NOT NULL"
           " GROUP BY flow, period, 3 HAVING max(deadline) >= ?1 OR NOT EXISTS (SELECT 1 FROM"
           " bundles b WHERE b.flow = f.flow AND b.period = f.period) ORDER BY 4, 1, 2, 3");
    int rc;

    if (st == NULL)
        return -1;
    sqlite3_bind_int64(st, 1, (sqlite3_int64)since);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct ledger_period_row r;

        memset(&r, 0, sizeof(r));
        ledger_col_copy(st, 0, r.flow, sizeof(r.flow));
        ledger_col_copy(st, 1, r.period, sizeof(r.period));
        ledger_col_copy(st, 2, r.sender, sizeof(r.sender));
        r.deadline = (time_t)sqlite3_column_int64(st, 3);
        r.accepted = (long)sqlite3_column_int64(st, 4);
        r.rejected = (long)sqlite3_column_int64(st, 5);
        r.late = (long)sqlite3_column_int64(st, 6);
        r.bundled = (long)sqlite3_column_int64(st, 7);
        if (fn(&r, arg))
            break;
    }
    sqlite3_finalize(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : ledger_fail(l, "open periods");
}

int
ledger_delivery_set(struct ledger *l, int64_t file_id, const char *from_states,
                    const char *to_state, time_t next_try)
{
    char sql[512];
    sqlite3_stmt *st;
    int n;

    /* from_states is our own constant list ("'deferred', 'queued'"), never input. */
    snprintf(sql, sizeof(sql),
             "UPDATE deliveries SET state = ?, next_try = ? WHERE state IN (%s)%s", from_states,
             file_id > 0 ? " AND file_id = ?" : "");
    if ((st = ledger_prep(l, sql)) == NULL)
        return -1;
    sqlite3_bind_text(st, 1, to_state, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, (sqlite3_int64)next_try);
    if (file_id > 0)
        sqlite3_bind_int64(st, 3, file_id);
    if (ledger_step_done(l, st, "set deliveries") < 0)
        return -1;
    n = sqlite3_changes(l->db);
    if (n > 0 && !strcmp(to_state, "queued") && !strcmp(from_states, "'delivered'")) {
        /* A resend: the file is in flight again. */
        if ((st = ledger_prep(l, "UPDATE files SET state = 'queued' WHERE id = ?")) == NULL)
            return -1;
        sqlite3_bind_int64(st, 1, file_id);
        if (ledger_step_done(l, st, "resend") < 0)
            return -1;
    }
    return n;
}

int
ledger_deliveries_of(struct ledger *l, int64_t file_id,
                     int (*fn)(const struct ledger_delivery *, void *), void *arg)
{
    sqlite3_stmt *st = ledger_prep(
        l, "SELECT id, file_id, destination, state, attempts, next_try, last_error, remote_name"
           " FROM deliveries WHERE file_id = ? ORDER BY destination");
    int rc;

    if (st == NULL)
        return -1;
    sqlite3_bind_int64(st, 1, file_id);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct ledger_delivery d;

        memset(&d, 0, sizeof(d));
        d.id = sqlite3_column_int64(st, 0);
        d.file_id = sqlite3_column_int64(st, 1);
        ledger_col_copy(st, 2, d.destination, sizeof(d.destination));
        ledger_col_copy(st, 3, d.state, sizeof(d.state));
        d.attempts = (long)sqlite3_column_int64(st, 4);
        d.next_try = (time_t)sqlite3_column_int64(st, 5);
        ledger_col_copy(st, 6, d.last_error, sizeof(d.last_error));
        ledger_col_copy(st, 7, d.remote_name, sizeof(d.remote_name));
        if (fn(&d, arg))
            break;
    }
    sqlite3_finalize(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : ledger_fail(l, "deliveries of");
}

int
ledger_attempts_of(struct ledger *l, int64_t file_id,
                   int (*fn)(const char *dest, time_t started, time_t ended, const char *result,
                             const char *error, void *),
                   void *arg)
{
    sqlite3_stmt *st = ledger_prep(
        l, "SELECT d.destination, a.started_at, a.ended_at, a.result, a.error FROM attempts a"
           " JOIN deliveries d ON d.id = a.delivery_id WHERE d.file_id = ? ORDER BY a.id");
    int rc;

    if (st == NULL)
        return -1;
    sqlite3_bind_int64(st, 1, file_id);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        if (fn((const char *)sqlite3_column_text(st, 0), (time_t)sqlite3_column_int64(st, 1),
               (time_t)sqlite3_column_int64(st, 2), (const char *)sqlite3_column_text(st, 3),
               (const char *)sqlite3_column_text(st, 4), arg))
            break;
    sqlite3_finalize(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : ledger_fail(l, "attempts of");
}

int
ledger_counts(struct ledger *l, enum ledger_count which, time_t now,
              int (*fn)(const char *a, const char *b, long long n, void *), void *arg)
{
    static const char *const sql[] = {
        "SELECT coalesce(flow, 'unknown'), coalesce(status, 'pending'), count(*) FROM files"
        " GROUP BY 1, 2 ORDER BY 1, 2",
        "SELECT destination, state, count(*) FROM deliveries GROUP BY 1, 2 ORDER BY 1, 2",
        "SELECT state, '', count(*) FROM files GROUP BY 1 ORDER BY 1",
        "SELECT flow, '', min(deadline) - ?1 FROM files WHERE deadline >= ?1 GROUP BY 1"
        " ORDER BY 1",
    };
    sqlite3_stmt *st = ledger_prep(l, sql[which]);
    int rc;

    if (st == NULL)
        return -1;
    if (which == LEDGER_COUNT_DEADLINES)
        sqlite3_bind_int64(st, 1, (sqlite3_int64)now);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        if (fn((const char *)sqlite3_column_text(st, 0), (const char *)sqlite3_column_text(st, 1),
               sqlite3_column_int64(st, 2), arg))
            break;
    sqlite3_finalize(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : ledger_fail(l, "counts");
}

int
ledger_next_try(struct ledger *l, time_t *when)
{
    sqlite3_stmt *st =
        ledger_prep(l, "SELECT min(next_try) FROM deliveries WHERE state IN ('queued',"
                       " 'deferred')");
    int rc, none = 1;

    if (st == NULL)
        return -1;
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL) {
        *when = (time_t)sqlite3_column_int64(st, 0);
        none = 0;
    } else if (rc != SQLITE_ROW) {
        ledger_fail(l, "next try");
        sqlite3_finalize(st);
        return -1;
    }
    sqlite3_finalize(st);
    return none;
}

int
ledger_delivery_result(struct ledger *l, int64_t delivery_id, time_t started, time_t ended, int ok,
                       const char *error, const char *remote_name, time_t next_try, int *all_done)
{
    sqlite3_stmt *st;
    int rc;

    *all_done = 0;
    if (ledger_begin(l) < 0)
        return -1;
    st = ledger_prep(l, "INSERT INTO attempts(delivery_id, started_at, ended_at, result, error)"
                        " VALUES (?, ?, ?, ?, ?)");
    if (st == NULL)
        goto fail;
    sqlite3_bind_int64(st, 1, delivery_id);
    sqlite3_bind_int64(st, 2, (sqlite3_int64)started);
    sqlite3_bind_int64(st, 3, (sqlite3_int64)ended);
    sqlite3_bind_text(st, 4, ok ? "delivered" : "deferred", -1, SQLITE_STATIC);
    ledger_bind_opt(st, 5, error);
    if (ledger_step_done(l, st, "insert attempt") < 0)
        goto fail;
    if (ok)
        st = ledger_prep(l, "UPDATE deliveries SET state = 'delivered', attempts = attempts + 1,"
                            " remote_name = ?, delivered_at = ?, last_error = NULL WHERE id = ?");
    else
        st = ledger_prep(l, "UPDATE deliveries SET state = 'deferred', attempts = attempts + 1,"
                            " last_error = ?, next_try = ? WHERE id = ?");
    if (st == NULL)
        goto fail;
    if (ok) {
        ledger_bind_opt(st, 1, remote_name);
        sqlite3_bind_int64(st, 2, (sqlite3_int64)ended);
    } else {
        ledger_bind_opt(st, 1, error);
        sqlite3_bind_int64(st, 2, (sqlite3_int64)next_try);
    }
    sqlite3_bind_int64(st, 3, delivery_id);
    if (ledger_step_done(l, st, "update delivery") < 0)
        goto fail;
    if (ok) {
        /* The file is delivered when no destination is left. */
        st = ledger_prep(l, "UPDATE files SET state = 'delivered', updated_at = ?"
                            " WHERE id = (SELECT file_id FROM deliveries WHERE id = ?)"
                            " AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.file_id ="
                            " files.id AND d.state != 'delivered')");
        if (st == NULL)
            goto fail;
        sqlite3_bind_int64(st, 1, (sqlite3_int64)ended);
        sqlite3_bind_int64(st, 2, delivery_id);
        if ((rc = sqlite3_step(st)) != SQLITE_DONE) {
            ledger_fail(l, "file delivered");
            sqlite3_finalize(st);
            goto fail;
        }
        sqlite3_finalize(st);
        *all_done = sqlite3_changes(l->db) > 0;
    }
    return ledger_commit(l);
fail:
    ledger_rollback(l);
    return -1;
}

int
ledger_cover_clear(struct ledger *l, int64_t file_id)
{
    sqlite3_stmt *st;

    if ((st = ledger_prep(l, "DELETE FROM cdc_coverage WHERE file_id = ?")) == NULL)
        return -1;
    sqlite3_bind_int64(st, 1, file_id);
    if (ledger_step_done(l, st, "clear coverage") < 0)
        return -1;
    if ((st = ledger_prep(l, "DELETE FROM cles_edas WHERE file_id = ?")) == NULL)
        return -1;
    sqlite3_bind_int64(st, 1, file_id);
    return ledger_step_done(l, st, "clear key EDAs");
}

int
ledger_cover_add(struct ledger *l, int64_t file_id, const char *site, const char *week,
                 const uint8_t *bitmap, size_t nbytes, long count, int resolution)
{
    sqlite3_stmt *st = ledger_prep(l, "INSERT OR REPLACE INTO cdc_coverage(file_id, site, week,"
                                      " bitmap, count, resolution) VALUES (?, ?, ?, ?, ?, ?)");

    if (st == NULL)
        return -1;
    sqlite3_bind_int64(st, 1, file_id);
    sqlite3_bind_text(st, 2, site, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, week, -1, SQLITE_TRANSIENT);
    sqlite3_bind_blob(st, 4, bitmap, (int)nbytes, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 5, count);
    sqlite3_bind_int(st, 6, resolution);
    return ledger_step_done(l, st, "add coverage");
}

/* ledger_cover_walk - run a coverage query and hand each row to fn */
static int
ledger_cover_walk(struct ledger *l, sqlite3_stmt *st,
                  int (*fn)(const struct ledger_cover *, void *), void *arg)
{
    int rc;

    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct ledger_cover c;

        memset(&c, 0, sizeof(c));
        c.file_id = sqlite3_column_int64(st, 0);
        ledger_col_copy(st, 1, c.sender, sizeof(c.sender));
        ledger_col_copy(st, 2, c.mrid, sizeof(c.mrid));
        c.revision = (long)sqlite3_column_int64(st, 3);
        c.bitmap = sqlite3_column_blob(st, 4);
        c.nbytes = (size_t)sqlite3_column_bytes(st, 4);
        c.count = (long)sqlite3_column_int64(st, 5);
        ledger_col_copy(st, 6, c.site, sizeof(c.site));
        ledger_col_copy(st, 7, c.week, sizeof(c.week));
        c.resolution = sqlite3_column_int(st, 8);
        if (fn(&c, arg))
            break;
    }
    sqlite3_finalize(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : ledger_fail(l, "coverage");
}

#define COVER_COLS                                                                                 \
    "f.id, f.sender, f.mrid, f.revision, c.bitmap, c.count, c.site, c.week, c.resolution"
#define COVER_CURRENT                                                                              \
    " f.status IN ('accepted', 'accepted-with-warnings') AND f.replaced_by IS NULL"

int
ledger_cover_others(struct ledger *l, int64_t file_id, const char *sender, const char *mrid,
                    const char *site, const char *week,
                    int (*fn)(const struct ledger_cover *, void *), void *arg)
{
    sqlite3_stmt *st =
        ledger_prep(l, "SELECT " COVER_COLS " FROM cdc_coverage c JOIN files f ON f.id = c.file_id"
                       " WHERE c.site = ?1 AND c.week = ?2 AND f.id != ?3 AND" COVER_CURRENT
                       " AND NOT (f.sender = ?4 AND f.mrid IS ?5) ORDER BY f.id");

    if (st == NULL)
        return -1;
    sqlite3_bind_text(st, 1, site, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, week, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 3, file_id);
    sqlite3_bind_text(st, 4, sender, -1, SQLITE_TRANSIENT);
    ledger_bind_opt(st, 5, mrid);
    return ledger_cover_walk(l, st, fn, arg);
}

int
ledger_cover_site(struct ledger *l, const char *site, const char *week,
                  int (*fn)(const struct ledger_cover *, void *), void *arg)
{
    sqlite3_stmt *st =
        ledger_prep(l, "SELECT " COVER_COLS " FROM cdc_coverage c JOIN files f ON f.id = c.file_id"
                       " WHERE c.site = ?1 AND c.week = ?2 AND" COVER_CURRENT " ORDER BY f.id");

    if (st == NULL)
        return -1;
    sqlite3_bind_text(st, 1, site, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, week, -1, SQLITE_TRANSIENT);
    return ledger_cover_walk(l, st, fn, arg);
}

int
ledger_cover_file(struct ledger *l, int64_t file_id, int (*fn)(const struct ledger_cover *, void *),
                  void *arg)
{
    sqlite3_stmt *st =
        ledger_prep(l, "SELECT " COVER_COLS " FROM cdc_coverage c JOIN files f ON f.id ="
                       " c.file_id WHERE c.file_id = ? ORDER BY c.site");

    if (st == NULL)
        return -1;
    sqlite3_bind_int64(st, 1, file_id);
    return ledger_cover_walk(l, st, fn, arg);
}

int
ledger_cles_eda_add(struct ledger *l, int64_t file_id, const char *eda)
{
    sqlite3_stmt *st =
        ledger_prep(l, "INSERT OR IGNORE INTO cles_edas(file_id, eda) VALUES (?, ?)");

    if (st == NULL)
        return -1;
    sqlite3_bind_int64(st, 1, file_id);
    sqlite3_bind_text(st, 2, eda, -1, SQLITE_TRANSIENT);
    return ledger_step_done(l, st, "add key EDA");
}

int
ledger_cles_has_keys(struct ledger *l, const char *month, const char *eda)
{
    sqlite3_stmt *st = ledger_prep(
        l, "SELECT count(*) FROM cles_edas e JOIN files f ON f.id = e.file_id WHERE e.eda = ?"
           " AND f.flow = 'cles' AND f.period = ? AND" COVER_CURRENT);
    int n = -1;

    if (st == NULL)
        return -1;
    sqlite3_bind_text(st, 1, eda, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, month, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int(st, 0) > 0;
    else
        ledger_fail(l, "keys of an EDA");
    sqlite3_finalize(st);
    return n;
}

int
ledger_bundle_exists(struct ledger *l, const char *flow, const char *period)
{
    sqlite3_stmt *st = ledger_prep(l, "SELECT count(*) FROM bundles WHERE flow = ? AND period = ?");
    int n = -1;

    if (st == NULL)
        return -1;
    sqlite3_bind_text(st, 1, flow, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, period, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int(st, 0) > 0;
    else
        ledger_fail(l, "bundle exists");
    sqlite3_finalize(st);
    return n;
}

int
ledger_reminder_sent(struct ledger *l, const char *sender, const char *flow, const char *period,
                     long lead)
{
    sqlite3_stmt *st = ledger_prep(l, "SELECT count(*) FROM reminders WHERE sender = ? AND"
                                      " flow = ? AND period = ? AND lead = ?");
    int n = -1;

    if (st == NULL)
        return -1;
    sqlite3_bind_text(st, 1, sender, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, flow, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, period, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 4, lead);
    if (sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int(st, 0) > 0;
    else
        ledger_fail(l, "reminder sent");
    sqlite3_finalize(st);
    return n;
}

int
ledger_reminder_add(struct ledger *l, const char *sender, const char *flow, const char *period,
                    long lead, const char *inbox, const char *name, time_t created, long sites,
                    long steps)
{
    sqlite3_stmt *st = ledger_prep(
        l, "INSERT OR IGNORE INTO reminders(sender, flow, period, lead, inbox, name, created_at,"
           " sites, steps) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");

    if (st == NULL)
        return -1;
    sqlite3_bind_text(st, 1, sender, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, flow, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, period, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 4, lead);
    sqlite3_bind_text(st, 5, inbox, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 6, name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 7, (sqlite3_int64)created);
    sqlite3_bind_int64(st, 8, sites);
    sqlite3_bind_int64(st, 9, steps);
    return ledger_step_done(l, st, "add reminder");
}

long
ledger_reminder_count(struct ledger *l, const char *sender, const char *flow, const char *period)
{
    sqlite3_stmt *st = ledger_prep(l, "SELECT count(*) FROM reminders WHERE sender = ? AND"
                                      " flow = ? AND period = ?");
    long n = -1;

    if (st == NULL)
        return -1;
    sqlite3_bind_text(st, 1, sender, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, flow, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, period, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(st) == SQLITE_ROW)
        n = (long)sqlite3_column_int64(st, 0);
    else
        ledger_fail(l, "reminder count");
    sqlite3_finalize(st);
    return n;
}

int
ledger_sender_inbox(struct ledger *l, const char *sender, char *inbox, size_t size)
{
    sqlite3_stmt *st =
        ledger_prep(l, "SELECT sender FROM files WHERE doc_sender = ? ORDER BY id DESC LIMIT 1");
    int rc, none = 1;

    if (st == NULL)
        return -1;
    sqlite3_bind_text(st, 1, sender, -1, SQLITE_TRANSIENT);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        ledger_col_copy(st, 0, inbox, size);
        none = 0;
    } else if (rc != SQLITE_DONE) {
        ledger_fail(l, "sender inbox");
        sqlite3_finalize(st);
        return -1;
    }
    sqlite3_finalize(st);
    return none;
}
