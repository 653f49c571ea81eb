/* test_gw_ledger - the SQLite ledger: schema creation and version check, a file's life from
 * claiming to judged with its reasons, duplicate detection (same sender, earlier, accepted
 * only), deliveries (idempotent add, due by time, deferral, the file delivered only with its
 * last destination) and ledger_next_try. One ledger in a fresh mkdtemp directory; each case
 * makes its own rows. Reason codes are taken from the live table (fmt_codes). */
#include <errno.h>
#include <ftw.h>
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
#include <sqlite3.h>

#include "fmt.h"
#include "gw_ledger.h"

#define SHA_A "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define SHA_B "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
#define SHA_C "cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc"
#define SHA_D "dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd"
#define SHA_E "eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee"

struct fx {
    char top[64];
    char path[128];
    struct ledger *l;
    const struct fmt_code *err_code;  /* an error code of the table ("XSD" if present) */
    const struct fmt_code *warn_code; /* a warning code ("CDC-MISSING" if present) */
};

static struct fx *
fx(void **state)
{
    return *state;
}

static int
rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

/* pick_code - the preferred code when the table has it, else its first code of severity sev */
static const struct fmt_code *
pick_code(const char *preferred, enum fmt_severity sev)
{
    const struct fmt_code *t, *c = fmt_code_lookup(preferred);
    size_t n = 0, i;

    if (c && c->severity == sev)
        return c;
    t = fmt_codes(&n);
    for (i = 0; i < n; i++)
        if (t[i].severity == sev)
            return &t[i];
    return NULL;
}

static int
group_setup(void **state)
{
    struct fx *f = calloc(1, sizeof(*f));
    char err[512];

    if (f == NULL)
        return -1;
    snprintf(f->top, sizeof(f->top), "/tmp/test_gw_ledger.XXXXXX");
    if (mkdtemp(f->top) == NULL)
        return -1;
    snprintf(f->path, sizeof(f->path), "%s/ledger.db", f->top);
    f->l = ledger_open(f->path, err, sizeof(err));
    if (f->l == NULL) {
        fprintf(stderr, "ledger_open: %s\n", err);
        return -1;
    }
    f->err_code = pick_code("XSD", FMT_SEV_ERROR);
    f->warn_code = pick_code("CDC-MISSING", FMT_SEV_WARNING);
    if (f->err_code == NULL || f->warn_code == NULL) {
        fprintf(stderr, "reason table lacks an error or a warning code\n");
        return -1;
    }
    *state = f;
    return 0;
}

static int
group_teardown(void **state)
{
    struct fx *f = *state;

    ledger_close(f->l);
    nftw(f->top, rm_one, 16, FTW_DEPTH | FTW_PHYS);
    free(f);
    return 0;
}

/* pragma_int - an integer PRAGMA of the database at path, through a separate connection */
static long
pragma_int(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    long v = -1;

    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    if (sqlite3_step(st) == SQLITE_ROW)
        v = (long)sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
}

static void
exec_sql(const char *path, const char *sql)
{
    sqlite3 *db = NULL;

    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
}

/* judged_file - a file of sender, received with sha and judged with status and identification */
static int64_t
judged_file(struct fx *f, const char *sender, const char *sha, const char *status, const char *mrid,
            long revision)
{
    struct fmt_report rep;
    int64_t id = 0;

    assert_int_equal(ledger_file_new(f->l, sender, "doc.xml", 10, 1000, &id), 0);
    assert_int_equal(ledger_file_received(f->l, id, sha, 10), 0);
    fmt_report_init(&rep, 0);
    snprintf(rep.flow, sizeof(rep.flow), "cdc");
    snprintf(rep.mrid, sizeof(rep.mrid), "%s", mrid);
    rep.revision = revision;
    if (strcmp(status, "rejected") == 0)
        fmt_report_add(&rep, f->err_code->code, 3, "bad");
    assert_int_equal(ledger_file_judged(f->l, id, &rep, status), 0);
    fmt_report_free(&rep);
    return id;
}

static void
test_ledger_open_creates_schema(void **state)
{
    struct fx *f = fx(state);

    assert_int_equal(pragma_int(f->path, "PRAGMA user_version"), 6);
    assert_int_equal(pragma_int(f->path,
                                "SELECT count(*) FROM sqlite_master WHERE type='table'"
                                " AND name IN ('files','reasons','deliveries','attempts')"),
                     4);
    assert_int_equal(pragma_int(f->path,
                                "SELECT count(*) FROM sqlite_master WHERE type='table'"
                                " AND name IN ('cdc_coverage','cles_edas')"),
                     2);
    assert_int_equal(pragma_int(f->path, "SELECT count(*) FROM files"), 0);
}

static void
test_ledger_open_reopen_is_fine(void **state)
{
    struct fx *f = fx(state);
    char err[512] = "";
    struct ledger *l2;
    struct ledger_file lf;
    int64_t id = 0;

    assert_int_equal(ledger_file_new(f->l, "grd9", "kept.xml", 1, 42, &id), 0);
    l2 = ledger_open(f->path, err, sizeof(err));
    assert_non_null(l2);
    assert_string_equal(err, "");
    /* the second handle sees the first one's row: same data, no re-creation */
    assert_int_equal(ledger_file_get(l2, id, &lf), 0);
    assert_string_equal(lf.name, "kept.xml");
    ledger_close(l2);
    ledger_close(NULL);
    assert_int_equal(pragma_int(f->path, "PRAGMA user_version"), 6);
}

static void
test_ledger_open_refuses_newer_version(void **state)
{
    struct fx *f = fx(state);
    char path[160], err[512] = "";
    struct ledger *l;

    snprintf(path, sizeof(path), "%s/newer.db", f->top);
    l = ledger_open(path, err, sizeof(err));
    assert_non_null(l);
    ledger_close(l);
    exec_sql(path, "PRAGMA user_version=99");
    assert_null(ledger_open(path, err, sizeof(err)));
    assert_non_null(strstr(err, path));
    assert_non_null(strstr(err, "newer"));
    assert_int_equal(pragma_int(path, "PRAGMA user_version"), 99); /* left alone */
}

static void
test_ledger_open_bad_path(void **state)
{
    struct fx *f = fx(state);
    char path[160], err[512] = "";

    snprintf(path, sizeof(path), "%s/no/such/dir/l.db", f->top);
    assert_null(ledger_open(path, err, sizeof(err)));
    assert_non_null(strstr(err, path));
}

struct reasons_seen {
    size_t n;
    char code[4][32];
    long line[4];
    char rule[4][64];
    enum fmt_severity sev[4];
    char text[4][128];
};

static int
collect_reason(const struct fmt_reason *r, void *arg)
{
    struct reasons_seen *s = arg;

    if (s->n < 4) {
        snprintf(s->code[s->n], sizeof(s->code[0]), "%s", r->code);
        s->line[s->n] = r->line;
        snprintf(s->rule[s->n], sizeof(s->rule[0]), "%s", r->rule ? r->rule : "(null)");
        s->sev[s->n] = r->severity;
        snprintf(s->text[s->n], sizeof(s->text[0]), "%s", r->text ? r->text : "(null)");
    }
    s->n++;
    return 0;
}

static int
stop_after_first(const struct fmt_reason *r, void *arg)
{
    (void)r;
    ++*(int *)arg;
    return 1;
}

static void
test_ledger_file_lifecycle(void **state)
{
    struct fx *f = fx(state);
    struct ledger_file lf;
    struct fmt_report rep;
    struct reasons_seen seen;
    int64_t id = 0;
    int calls = 0;

    assert_int_equal(ledger_file_new(f->l, "grd1", "a.xml", 0, 1700000000, &id), 0);
    assert_true(id > 0);
    assert_int_equal(ledger_file_get(f->l, id, &lf), 0);
    assert_string_equal(lf.state, LS_CLAIMING);
    assert_string_equal(lf.sender, "grd1");
    assert_string_equal(lf.name, "a.xml");
    assert_int_equal(lf.received_at, 1700000000);

    assert_int_equal(ledger_file_received(f->l, id, SHA_A, 1234), 0);
    assert_int_equal(ledger_file_get(f->l, id, &lf), 0);
    assert_string_equal(lf.state, LS_RECEIVED);
    assert_string_equal(lf.sha256, SHA_A);
    assert_int_equal(lf.size, 1234);

    fmt_report_init(&rep, 0);
    snprintf(rep.flow, sizeof(rep.flow), "cdc");
    snprintf(rep.mrid, sizeof(rep.mrid), "MRID-1");
    rep.revision = 3;
    snprintf(rep.sender, sizeof(rep.sender), "10X-SENDER");
    snprintf(rep.period, sizeof(rep.period), "2026-03-07");
    rep.deadline = 1700100000;
    fmt_report_add(&rep, f->err_code->code, 12, "first: %s", "schema says no");
    fmt_report_add(&rep, f->warn_code->code, 0, "second, no line");
    fmt_report_add(&rep, f->err_code->code, 40, "third");
    assert_int_equal(ledger_file_judged(f->l, id, &rep, "rejected"), 0);

    assert_int_equal(ledger_file_get(f->l, id, &lf), 0);
    assert_string_equal(lf.state, LS_JUDGED);
    assert_string_equal(lf.status, "rejected");
    assert_string_equal(lf.flow, "cdc");
    assert_string_equal(lf.mrid, "MRID-1");
    assert_int_equal(lf.revision, 3);
    assert_string_equal(lf.period, "2026-03-07");
    assert_int_equal(lf.deadline, 1700100000);
    assert_int_equal(lf.nerrors, 2);
    assert_int_equal(lf.nwarnings, 1);
    assert_string_equal(lf.doc_sender, "10X-SENDER");
    assert_string_equal(lf.sha256, SHA_A); /* kept from received */

    memset(&seen, 0, sizeof(seen));
    assert_int_equal(ledger_reasons(f->l, id, collect_reason, &seen), 0);
    assert_int_equal(seen.n, 3);
    assert_string_equal(seen.code[0], f->err_code->code);
    assert_int_equal(seen.line[0], 12);
    assert_string_equal(seen.rule[0], f->err_code->rule);
    assert_int_equal(seen.sev[0], FMT_SEV_ERROR);
    assert_string_equal(seen.text[0], "first: schema says no");
    assert_string_equal(seen.code[1], f->warn_code->code);
    assert_int_equal(seen.line[1], 0);
    assert_string_equal(seen.rule[1], f->warn_code->rule);
    assert_int_equal(seen.sev[1], FMT_SEV_WARNING);
    assert_string_equal(seen.text[1], "second, no line");
    assert_string_equal(seen.code[2], f->err_code->code);
    assert_int_equal(seen.line[2], 40);
    assert_string_equal(seen.text[2], "third");

    /* the callback can stop the walk */
    assert_int_equal(ledger_reasons(f->l, id, stop_after_first, &calls), 0);
    assert_int_equal(calls, 1);

    /* judging again replaces the reasons */
    fmt_report_free(&rep);
    fmt_report_init(&rep, 0);
    fmt_report_add(&rep, f->warn_code->code, 7, "only one now");
    assert_int_equal(ledger_file_judged(f->l, id, &rep, "accepted-with-warnings"), 0);
    memset(&seen, 0, sizeof(seen));
    assert_int_equal(ledger_reasons(f->l, id, collect_reason, &seen), 0);
    assert_int_equal(seen.n, 1);
    assert_int_equal(seen.line[0], 7);
    assert_int_equal(ledger_file_get(f->l, id, &lf), 0);
    assert_string_equal(lf.status, "accepted-with-warnings");
    assert_int_equal(lf.nerrors, 0);
    assert_int_equal(lf.nwarnings, 1);
    fmt_report_free(&rep);

    assert_int_equal(ledger_file_set_state(f->l, id, LS_ACKNOWLEDGED), 0);
    assert_int_equal(ledger_file_get(f->l, id, &lf), 0);
    assert_string_equal(lf.state, LS_ACKNOWLEDGED);
}

static void
test_ledger_file_get_absent(void **state)
{
    struct fx *f = fx(state);
    struct ledger_file lf;

    assert_int_equal(ledger_file_get(f->l, 999999, &lf), -1);
}

static void
test_ledger_file_delete(void **state)
{
    struct fx *f = fx(state);
    struct ledger_file lf;
    int64_t id = 0;

    assert_int_equal(ledger_file_new(f->l, "grd1", "gone.xml", 0, 1, &id), 0);
    assert_int_equal(ledger_file_delete(f->l, id), 0);
    assert_int_equal(ledger_file_get(f->l, id, &lf), -1);
}

struct ids_seen {
    size_t n;
    int64_t id[16];
};

static int
collect_file(const struct ledger_file *lf, void *arg)
{
    struct ids_seen *s = arg;

    if (s->n < 16)
        s->id[s->n] = lf->id;
    s->n++;
    return 0;
}

static void
test_ledger_files_in_states(void **state)
{
    struct fx *f = fx(state);
    static const char *const states[] = {LS_LATE, LS_DUPLICATE, NULL};
    struct ids_seen seen;
    int64_t a = 0, b = 0, c = 0;

    assert_int_equal(ledger_file_new(f->l, "grd7", "a", 0, 1, &a), 0);
    assert_int_equal(ledger_file_new(f->l, "grd7", "b", 0, 1, &b), 0);
    assert_int_equal(ledger_file_new(f->l, "grd7", "c", 0, 1, &c), 0);
    assert_int_equal(ledger_file_set_state(f->l, c, LS_LATE), 0);
    assert_int_equal(ledger_file_set_state(f->l, a, LS_DUPLICATE), 0);
    memset(&seen, 0, sizeof(seen));
    assert_int_equal(ledger_files_in_states(f->l, states, collect_file, &seen), 0);
    assert_int_equal(seen.n, 2);
    assert_int_equal(seen.id[0], a); /* id order */
    assert_int_equal(seen.id[1], c);
}

static void
test_ledger_find_duplicate_by_sha256(void **state)
{
    struct fx *f = fx(state);
    int64_t first, later, dup = -1;

    first = judged_file(f, "dupA", SHA_A, "accepted", "", 0);
    later = judged_file(f, "dupA", SHA_A, "accepted", "", 0);
    assert_int_equal(ledger_find_duplicate(f->l, later, "dupA", SHA_A, "", 0, &dup), 1);
    assert_int_equal(dup, first);
    /* only earlier files: the first one has no duplicate */
    dup = -1;
    assert_int_equal(ledger_find_duplicate(f->l, first, "dupA", SHA_A, "", 0, &dup), 0);
    assert_int_equal(dup, -1);
    /* another content is not a duplicate; files without mRID never match each other */
    assert_int_equal(ledger_find_duplicate(f->l, later + 1000, "dupA", SHA_E, "", 0, &dup), 0);
}

static void
test_ledger_find_duplicate_by_mrid_revision(void **state)
{
    struct fx *f = fx(state);
    int64_t first, dup = -1;

    first = judged_file(f, "dupB", SHA_B, "accepted-with-warnings", "M-42", 2);
    assert_int_equal(ledger_find_duplicate(f->l, first + 1000, "dupB", SHA_E, "M-42", 2, &dup), 1);
    assert_int_equal(dup, first);
    /* a new revision of the same document is not a duplicate */
    assert_int_equal(ledger_find_duplicate(f->l, first + 1000, "dupB", SHA_E, "M-42", 3, &dup), 0);
    assert_int_equal(ledger_find_duplicate(f->l, first + 1000, "dupB", SHA_E, "M-43", 2, &dup), 0);
}

static void
test_ledger_find_duplicate_ignores_rejected(void **state)
{
    struct fx *f = fx(state);
    int64_t rej, dup = -1;

    rej = judged_file(f, "dupC", SHA_C, "rejected", "M-7", 1);
    assert_int_equal(ledger_find_duplicate(f->l, rej + 1000, "dupC", SHA_C, "", 0, &dup), 0);
    assert_int_equal(ledger_find_duplicate(f->l, rej + 1000, "dupC", SHA_E, "M-7", 1, &dup), 0);
    assert_int_equal(dup, -1);
    /* a file never judged (received only) does not count either */
    {
        int64_t id = 0;

        assert_int_equal(ledger_file_new(f->l, "dupC", "r.xml", 1, 1, &id), 0);
        assert_int_equal(ledger_file_received(f->l, id, SHA_D, 1), 0);
        assert_int_equal(ledger_find_duplicate(f->l, id + 1000, "dupC", SHA_D, "", 0, &dup), 0);
    }
}

static void
test_ledger_find_duplicate_other_sender(void **state)
{
    struct fx *f = fx(state);
    int64_t other, dup = -1;

    other = judged_file(f, "dupD-other", SHA_D, "accepted", "M-9", 1);
    assert_int_equal(ledger_find_duplicate(f->l, other + 1000, "dupD", SHA_D, "", 0, &dup), 0);
    assert_int_equal(ledger_find_duplicate(f->l, other + 1000, "dupD", SHA_E, "M-9", 1, &dup), 0);
    assert_int_equal(dup, -1);
    /* the same sender would have matched */
    assert_int_equal(ledger_find_duplicate(f->l, other + 1000, "dupD-other", SHA_D, "", 0, &dup),
                     1);
    assert_int_equal(dup, other);
}

struct dels_seen {
    size_t n;
    struct ledger_delivery d[8];
};

static int
collect_delivery(const struct ledger_delivery *d, void *arg)
{
    struct dels_seen *s = arg;

    if (s->n < 8)
        s->d[s->n] = *d;
    s->n++;
    return 0;
}

static size_t
due(struct fx *f, const char *dest, time_t now, struct dels_seen *s)
{
    memset(s, 0, sizeof(*s));
    assert_int_equal(ledger_deliveries_due(f->l, dest, now, collect_delivery, s), 0);
    return s->n;
}

static void
test_ledger_delivery_add_idempotent(void **state)
{
    struct fx *f = fx(state);
    struct dels_seen s;
    int64_t id = judged_file(f, "delA", SHA_A, "accepted", "", 0);

    assert_int_equal(ledger_delivery_add(f->l, id, "d-idem", 100), 0);
    assert_int_equal(ledger_delivery_add(f->l, id, "d-idem", 500), 0); /* ignored */
    assert_int_equal(due(f, "d-idem", 1000, &s), 1);
    assert_int_equal(s.d[0].file_id, id);
    assert_int_equal(s.d[0].next_try, 100);
    assert_string_equal(s.d[0].destination, "d-idem");
    assert_string_equal(s.d[0].state, "queued");
    assert_int_equal(s.d[0].attempts, 0);
}

static void
test_ledger_deliveries_due_by_time(void **state)
{
    struct fx *f = fx(state);
    struct dels_seen s;
    int64_t a = judged_file(f, "delB", SHA_A, "accepted", "", 0);
    int64_t b = judged_file(f, "delB", SHA_B, "accepted", "", 0);
    int64_t c = judged_file(f, "delB", SHA_C, "accepted", "", 0);

    assert_int_equal(ledger_delivery_add(f->l, a, "d-time", 200), 0);
    assert_int_equal(ledger_delivery_add(f->l, b, "d-time", 300), 0);
    assert_int_equal(ledger_delivery_add(f->l, c, "d-time", 200), 0);
    assert_int_equal(ledger_delivery_add(f->l, c, "d-time-other", 0), 0);
    assert_int_equal(due(f, "d-time", 199, &s), 0);
    assert_int_equal(due(f, "d-time", 200, &s), 2); /* next_try <= now */
    assert_int_equal(s.d[0].file_id, a);
    assert_int_equal(s.d[1].file_id, c);
    assert_int_equal(due(f, "d-time", 300, &s), 3);
    assert_int_equal(due(f, "d-time-other", 300, &s), 1);
    assert_int_equal(due(f, "no-such-dest", 300, &s), 0);
}

static void
test_ledger_delivery_result_failure_defers(void **state)
{
    struct fx *f = fx(state);
    struct dels_seen s;
    struct ledger_file lf;
    int64_t id = judged_file(f, "delC", SHA_A, "accepted", "", 0), did;
    int all_done = -1;

    assert_int_equal(ledger_file_set_state(f->l, id, LS_QUEUED), 0);
    assert_int_equal(ledger_delivery_add(f->l, id, "d-fail", 1000), 0);
    assert_int_equal(due(f, "d-fail", 1000, &s), 1);
    did = s.d[0].id;
    assert_int_equal(ledger_delivery_result(f->l, did, 1000, 1005, 0, "connection refused", NULL,
                                            1600, &all_done),
                     0);
    assert_int_equal(all_done, 0);
    assert_int_equal(due(f, "d-fail", 1599, &s), 0);
    assert_int_equal(due(f, "d-fail", 1600, &s), 1);
    assert_int_equal(s.d[0].id, did);
    assert_string_equal(s.d[0].state, "deferred");
    assert_int_equal(s.d[0].attempts, 1);
    assert_int_equal(s.d[0].next_try, 1600);
    assert_string_equal(s.d[0].last_error, "connection refused");
    /* a second failure counts again */
    assert_int_equal(
        ledger_delivery_result(f->l, did, 1600, 1601, 0, "timeout", NULL, 2800, &all_done), 0);
    assert_int_equal(due(f, "d-fail", 2800, &s), 1);
    assert_int_equal(s.d[0].attempts, 2);
    assert_string_equal(s.d[0].last_error, "timeout");
    assert_int_equal(ledger_file_get(f->l, id, &lf), 0);
    assert_string_equal(lf.state, LS_QUEUED); /* not delivered */
    assert_int_equal(pragma_int(f->path, "SELECT count(*) FROM attempts WHERE delivery_id = (SELECT"
                                         " id FROM deliveries WHERE destination = 'd-fail')"),
                     2);
    /* then success */
    assert_int_equal(
        ledger_delivery_result(f->l, did, 2800, 2801, 1, NULL, "remote.xml", 0, &all_done), 0);
    assert_int_equal(all_done, 1);
    assert_int_equal(due(f, "d-fail", 999999, &s), 0);
}

static void
test_ledger_delivery_result_all_destinations(void **state)
{
    struct fx *f = fx(state);
    struct dels_seen s;
    struct ledger_file lf;
    int64_t id = judged_file(f, "delD", SHA_A, "accepted", "", 0), d1, d2;
    int all_done = -1;

    assert_int_equal(ledger_file_set_state(f->l, id, LS_QUEUED), 0);
    assert_int_equal(ledger_delivery_add(f->l, id, "d-all-1", 10), 0);
    assert_int_equal(ledger_delivery_add(f->l, id, "d-all-2", 10), 0);
    assert_int_equal(due(f, "d-all-1", 10, &s), 1);
    d1 = s.d[0].id;
    assert_int_equal(due(f, "d-all-2", 10, &s), 1);
    d2 = s.d[0].id;
    assert_int_not_equal(d1, d2);

    assert_int_equal(ledger_delivery_result(f->l, d1, 10, 11, 1, NULL, "r1", 0, &all_done), 0);
    assert_int_equal(all_done, 0); /* d-all-2 is still to go */
    assert_int_equal(ledger_file_get(f->l, id, &lf), 0);
    assert_string_equal(lf.state, LS_QUEUED);
    assert_int_equal(due(f, "d-all-1", 100, &s), 0);

    all_done = -1;
    assert_int_equal(ledger_delivery_result(f->l, d2, 12, 13, 1, NULL, "r2", 0, &all_done), 0);
    assert_int_equal(all_done, 1);
    assert_int_equal(ledger_file_get(f->l, id, &lf), 0);
    assert_string_equal(lf.state, LS_DELIVERED);
}

static void
test_ledger_next_try(void **state)
{
    struct fx *f = fx(state);
    char path[160], err[512];
    struct ledger *l;
    struct dels_seen s;
    time_t when = 0;
    int64_t a = 0, b = 0;
    int all_done;

    /* a ledger of its own: the shared one has deliveries from other cases */
    snprintf(path, sizeof(path), "%s/next.db", f->top);
    l = ledger_open(path, err, sizeof(err));
    assert_non_null(l);
    assert_int_equal(ledger_next_try(l, &when), 1); /* none */
    assert_int_equal(when, 0);
    assert_int_equal(ledger_file_new(l, "s", "a", 1, 1, &a), 0);
    assert_int_equal(ledger_file_new(l, "s", "b", 1, 1, &b), 0);
    assert_int_equal(ledger_delivery_add(l, a, "x", 500), 0);
    assert_int_equal(ledger_delivery_add(l, b, "y", 300), 0);
    assert_int_equal(ledger_next_try(l, &when), 0);
    assert_int_equal(when, 300);
    /* deliver y: x's time is next */
    memset(&s, 0, sizeof(s));
    assert_int_equal(ledger_deliveries_due(l, "y", 300, collect_delivery, &s), 0);
    assert_int_equal(s.n, 1);
    assert_int_equal(ledger_delivery_result(l, s.d[0].id, 300, 301, 1, NULL, "b", 0, &all_done), 0);
    assert_int_equal(ledger_next_try(l, &when), 0);
    assert_int_equal(when, 500);
    /* defer x to 900 */
    memset(&s, 0, sizeof(s));
    assert_int_equal(ledger_deliveries_due(l, "x", 500, collect_delivery, &s), 0);
    assert_int_equal(s.n, 1);
    assert_int_equal(
        ledger_delivery_result(l, s.d[0].id, 500, 501, 0, "down", NULL, 900, &all_done), 0);
    assert_int_equal(ledger_next_try(l, &when), 0);
    assert_int_equal(when, 900);
    /* deliver x: nothing left */
    assert_int_equal(ledger_delivery_result(l, s.d[0].id, 900, 901, 1, NULL, "a", 0, &all_done), 0);
    when = 0;
    assert_int_equal(ledger_next_try(l, &when), 1);
    assert_int_equal(when, 0);
    ledger_close(l);
}

static void
test_ledger_rollback_discards(void **state)
{
    struct fx *f = fx(state);
    struct ledger_file lf;
    int64_t id = 0;

    assert_int_equal(ledger_begin(f->l), 0);
    assert_int_equal(ledger_file_new(f->l, "rb", "x.xml", 1, 1, &id), 0);
    ledger_rollback(f->l);
    assert_int_equal(ledger_file_get(f->l, id, &lf), -1);
    ledger_rollback(f->l); /* outside a transaction: harmless */
    assert_int_equal(ledger_begin(f->l), 0);
    assert_int_equal(ledger_file_new(f->l, "rb", "y.xml", 1, 1, &id), 0);
    assert_int_equal(ledger_commit(f->l), 0);
    assert_int_equal(ledger_file_get(f->l, id, &lf), 0);
    assert_string_equal(lf.name, "y.xml");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ledger_open_creates_schema),
        cmocka_unit_test(test_ledger_open_reopen_is_fine),
        cmocka_unit_test(test_ledger_open_refuses_newer_version),
        cmocka_unit_test(test_ledger_open_bad_path),
        cmocka_unit_test(test_ledger_file_lifecycle),
        cmocka_unit_test(test_ledger_file_get_absent),
        cmocka_unit_test(test_ledger_file_delete),
        cmocka_unit_test(test_ledger_files_in_states),
        cmocka_unit_test(test_ledger_find_duplicate_by_sha256),
        cmocka_unit_test(test_ledger_find_duplicate_by_mrid_revision),
        cmocka_unit_test(test_ledger_find_duplicate_ignores_rejected),
        cmocka_unit_test(test_ledger_find_duplicate_other_sender),
        cmocka_unit_test(test_ledger_delivery_add_idempotent),
        cmocka_unit_test(test_ledger_deliveries_due_by_time),
        cmocka_unit_test(test_ledger_delivery_result_failure_defers),
        cmocka_unit_test(test_ledger_delivery_result_all_destinations),
        cmocka_unit_test(test_ledger_next_try),
        cmocka_unit_test(test_ledger_rollback_discards),
    };

    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
