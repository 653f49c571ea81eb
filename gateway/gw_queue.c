/* gw_queue - see gw_queue.h */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cal.h"
#include "fmt_cdc_csv.h"
#include "gw_ack.h"
#include "gw_buf.h"
#include "gw_clock.h"
#include "fmt_cover.h"
#include "gw_crash.h"
#include "gw_envelope.h"
#include "gw_fs.h"
#include "gw_log.h"
#include "gw_mem.h"
#include "gw_queue.h"
#include "gw_sha256.h"

const char *
queue_status_of(const struct fmt_report *rep)
{
    return fmt_status_name(fmt_report_status(rep));
}

/* queue_not_regular - errno of spool_open_work for an entry that is not a plain file */
static int
queue_not_regular(int err)
{
    return err == ELOOP || err == EINVAL || err == EMLINK || err == ENXIO || err == EISDIR;
}

/* queue_safe_name - the ledger's name for an inbox entry: itself when it is a valid name,
 * else each byte outside [A-Za-z0-9._-] (and a leading dot) as %XX, cut to 200 bytes. */
static void
queue_safe_name(const char *name, char *out, size_t size)
{
    size_t o = 0;
    const char *p;

    if (spool_name_ok(name)) {
        snprintf(out, size, "%s", name);
        return;
    }
    for (p = name; *p && o + 4 < size && o < 200; p++) {
        unsigned char c = (unsigned char)*p;

        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
            c == '_' || c == '-' || (c == '.' && p != name))
            out[o++] = (char)c;
        else
            o += (size_t)snprintf(out + o, size - o, "%%%02X", c);
    }
    out[o] = '\0';
}

int
queue_take(struct gw *g, const char *sender, int senderfd, const char *name, const struct stat *st)
{
    time_t real = time(NULL), received = gw_clock_now();
    char safe[256];
    int64_t id;

    /* The received instant is when the file reached the inbox: its ctime (set by the rename or
     * the last write into it, which a sender cannot forge), read on the settable clock. */
    if (st->st_ctime > 0 && st->st_ctime < real)
        received -= real - st->st_ctime;
    queue_safe_name(name, safe, sizeof(safe));
    if (ledger_file_new(g->lg, sender, safe, (int64_t)st->st_size, received, &id) < 0)
        return -1;
    if (spool_claim(g->sp, senderfd, name, id) < 0) {
        int saved = errno;

        log_warn("event=claim-failed sender=%s file=%s", sender, safe);
        ledger_file_delete(g->lg, id);
        errno = saved;
        return -1;
    }
    gw_crashpoint("after-claim");
    log_info("event=claimed id=%lld sender=%s file=%s size=%lld", (long long)id, sender, safe,
             (long long)st->st_size);
    return queue_advance(g, id);
}

/* queue_receive - state claiming: hash work/<id>, state received */
static int
queue_receive(struct gw *g, const struct ledger_file *f)
{
    char hex[65];
    uint64_t size = 0;
    struct stat st;
    int fd;

    fd = spool_open_work(g->sp, f->id, &st);
    if (fd < 0 && queue_not_regular(errno)) {
        /* A symlink, FIFO, device or multiply linked file: never followed nor read. It is
         * recorded with the hash of no content and rejected when judged. */
        static const char empty[] =
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

        return ledger_file_received(g->lg, f->id, empty, 0);
    }
    if (fd < 0) {
        log_warn("event=open-failed id=%lld file=%s", (long long)f->id, f->name);
        return -1;
    }
    if (gw_sha256_fd(fd, hex, &size) < 0) {
        log_warn("event=read-failed id=%lld file=%s", (long long)f->id, f->name);
        close(fd);
        return -1;
    }
    close(fd);
    if (ledger_file_received(g->lg, f->id, hex, (int64_t)size) < 0)
        return -1;
    gw_crashpoint("after-received");
    return 0;
}

/* queue_check_sender - the declared sender must be the EIC configured for the inbox */
static void
queue_check_sender(struct gw *g, const struct ledger_file *f, struct fmt_report *rep)
{
    const struct gw_sender *s = conf_sender(g->conf, f->sender);

    if (s == NULL || s->eic[0] == '\0')
        return;
    /* An Enedis file names no sender (formats/fmt_enedis.c): it is the inbox's. */
    if (rep->sender[0] == '\0' && strncmp(rep->flow, "enedis-", 7) == 0) {
        snprintf(rep->sender, sizeof(rep->sender), "%s", s->eic);
        return;
    }
    if (rep->sender[0] == '\0')
        return;
    if (strcmp(s->eic, rep->sender) != 0)
        fmt_report_add(rep, "SENDER-MISMATCH", 0,
                       "the document declares sender %s, but inbox %s belongs to %s", rep->sender,
                       f->sender, s->eic);
}

/* What the daemon learns from a document while it is checked: perimeter notices are staged in
 * the ledger, curves are checked against the reference perimeter (who may send for which site). */
struct judge_sink {
    struct gw *g;
    const struct ledger_file *f;
    struct fmt_report *rep;
    int as_aa;           /* the inbox is an AA's */
    int known;           /* -1: not looked up yet; 1: the perimeter knows the sender */
    char m1[16], m2[16]; /* the months week S touches */
    int failed;
};

static void
js_notice(void *arg, const char *kind, const char *month)
{
    struct judge_sink *js = arg;

    if (ledger_perim_notice(js->g->lg, js->f->id, js->rep->sender, kind, month) < 0)
        js->failed = 1;
}

static void
js_site(void *arg, const struct fmt_perim_site *s)
{
    struct judge_sink *js = arg;

    if (!js->failed && ledger_perim_site(js->g->lg, js->f->id, s) < 0)
        js->failed = 1;
}

/* js_months - the months of week S (from the report's period, YYYY-MM-DD) */
static int
js_months(struct judge_sink *js, const struct fmt_report *rep)
{
    int y, mo, d;

    if (cal_parse_date(rep->period, &y, &mo, &d) < 0)
        return -1;
    snprintf(js->m1, sizeof(js->m1), "%04d-%02d", y % 10000, mo % 100);
    cal_add_days(&y, &mo, &d, 6);
    snprintf(js->m2, sizeof(js->m2), "%04d-%02d", y % 10000, mo % 100);
    return 0;
}

static void
js_series(void *arg, const struct fmt_cdc_series *s, struct fmt_report *rep)
{
    struct judge_sink *js = arg;
    int owns;

    if (js->as_aa && s->unit[0] && strcmp(s->unit, "W") != 0)
        fmt_report_add(rep, "CDC-UNIT", s->line,
                       "site %s: a curve sent by an aggregator is in W, not %s", s->site, s->unit);
    if (js->known < 0) {
        js->known = 0;
        if (rep->sender[0] && js_months(js, rep) == 0) {
            int k1 = ledger_perim_knows(js->g->lg, rep->sender, js->as_aa, js->m1);
            int k2 = ledger_perim_knows(js->g->lg, rep->sender, js->as_aa, js->m2);

            js->known = k1 > 0 || k2 > 0;
        }
    }
    /* No perimeter of this sender yet: nothing to check against (the operator sees why in
     * `passerelle perimeter`). */
    if (!js->known || !s->site[0])
        return;
    owns = ledger_perim_owns(js->g->lg, rep->sender, js->as_aa, s->site, js->m1) > 0 ||
           (strcmp(js->m1, js->m2) != 0 &&
            ledger_perim_owns(js->g->lg, rep->sender, js->as_aa, s->site, js->m2) > 0);
    if (!owns)
        fmt_report_add(rep, "NOT-OWNER", s->line,
                       "site %s is not in the perimeter of %s %s in effect for week %s", s->site,
                       js->as_aa ? "aggregator" : "GRD", rep->sender, rep->period);
}

struct unpack {
    struct gw *g;
    const struct ledger_file *f;
    int dirfd, zip;
    size_t n;
    struct gw_buf *names;
};

/* unpack_name - the inbox name of a document from an envelope: a gzip's is the envelope's name
 * without ".gz"; a zip's is "<zip name without .zip>.z.<entry's base name>", every byte outside
 * [A-Za-z0-9._-] as '_', cut to 200 bytes. */
static void
unpack_name(const struct unpack *u, const char *entry, char *out, size_t size)
{
    const char *base = strrchr(entry, '/'), *p;
    size_t n = strlen(u->f->name), o;

    if (!u->zip) {
        snprintf(out, size, "%.*s", (int)(n > 3 && !strcmp(u->f->name + n - 3, ".gz") ? n - 3 : n),
                 u->f->name);
        if (n <= 3 || strcmp(u->f->name + n - 3, ".gz") != 0)
            snprintf(out + strlen(out), size - strlen(out), ".u");
        return;
    }
    base = base ? base + 1 : entry;
    while (*base == '.')
        base++;
    snprintf(out, size, "%.*s.z.", (int)(n > 4 && !strcmp(u->f->name + n - 4, ".zip") ? n - 4 : n),
             u->f->name);
    for (o = strlen(out), p = base; *p && o + 1 < size && o < 200; p++) {
        char c = *p;

        out[o++] = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                           c == '.' || c == '_' || c == '-'
                       ? c
                       : '_';
    }
    if (*base == '\0')
        o += (size_t)snprintf(out + o, size - o, "entry%zu", u->n + 1);
    out[o] = '\0';
}

/* unpack_doc - publish one document into the sender's inbox (temp name, fsync, rename) */
static int
unpack_doc(const char *entry, int docfd, void *arg)
{
    struct unpack *u = arg;
    char name[256];

    unpack_name(u, entry, name, sizeof(name));
    if (!spool_name_ok(name) || gw_fs_copy_atomic(docfd, u->dirfd, name) < 0) {
        log_warn("event=unpack-failed id=%lld entry=%s", (long long)u->f->id, name);
        return -1;
    }
    gw_buf_printf(u->names, "%s%s", u->n ? ", " : "", name);
    u->n++;
    return 0;
}

/* queue_unpack - a gzip or zip envelope: its documents go back into the inbox, each to be
 * judged and acknowledged on its own; a zip inside a zip is refused. Re-unpacking after a crash
 * is harmless: a document already taken comes back as a duplicate. */
static void
queue_unpack(struct gw *g, const struct ledger_file *f, int fd, struct fmt_report *rep)
{
    struct envelope_limits lim = {g->conf->max_file_size, (uint64_t)g->conf->max_ratio,
                                  (size_t)g->conf->max_entries, g->sp->root};
    enum envelope_kind kind = envelope_kind(fd);
    struct unpack u = {g, f, -1, kind == ENV_ZIP, 0, gw_buf_new(1 << 20)};
    char err[1024], tmpdir[4096];

    snprintf(rep->flow, sizeof(rep->flow), "envelope");
    if (u.zip && strstr(f->name, ".z.") != NULL) {
        fmt_report_add(rep, "ENVELOPE", 0, "a zip inside a zip is refused");
        goto out;
    }
    /* Documents are unpacked into anonymous files in work/, on the spool's file system. */
    snprintf(tmpdir, sizeof(tmpdir), "%s/work", g->sp->root);
    lim.tmpdir = tmpdir;
    if ((u.dirfd =
             openat(g->sp->infd, f->sender, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) < 0) {
        fmt_report_add(rep, "ENVELOPE", 0, "inbox %s: %s", f->sender, strerror(errno));
        goto out;
    }
    if (envelope_each(fd, kind, &lim, unpack_doc, &u, err, sizeof(err)) != 0) {
        fmt_report_add(rep, "ENVELOPE", 0, "%s%s", err[0] ? err : "could not unpack",
                       u.n ? " (the documents already unpacked are judged on their own)" : "");
        goto out;
    }
    fmt_report_add(rep, "UNPACKED", 0,
                   "%s unpacked into %zu document%s, each judged and "
                   "acknowledged on its own: %s",
                   kind == ENV_ZIP ? "zip" : "gzip", u.n, u.n == 1 ? "" : "s", u.names->data);
    log_info("event=unpacked id=%lld sender=%s file=%s documents=%zu", (long long)f->id, f->sender,
             f->name, u.n);
out:
    if (u.dirfd >= 0)
        close(u.dirfd);
    gw_buf_free(u.names);
}

/* js_cover - stage the coverage of one series (it counts once the file is accepted) */
static void
js_cover(void *arg, const struct fmt_cdc_cover *c, struct fmt_report *rep)
{
    struct judge_sink *js = arg;

    (void)rep;
    if (!js->failed && ledger_cover_add(js->g->lg, js->f->id, c->site, c->week, c->bitmap,
                                        fmt_cover_bytes(c->nslots), c->count, c->resolution) < 0)
        js->failed = 1;
}

/* js_cles_eda - stage an EDA a keys document gives keys for (the 1/n defaults skip it) */
static void
js_cles_eda(void *arg, const char *eda)
{
    struct judge_sink *js = arg;

    if (!js->failed && ledger_cles_eda_add(js->g->lg, js->f->id, eda) < 0)
        js->failed = 1;
}

struct overlap_ctx {
    struct gw *g;
    const struct ledger_file *f;
    struct fmt_report *rep;
    const struct ledger_cover *mine;
    int failed;
};

/* overlap_other - one accepted, current document of another mRID covering the same site */
static int
overlap_other(const struct ledger_cover *o, void *arg)
{
    struct overlap_ctx *oc = arg;
    const struct ledger_cover *m = oc->mine;
    uint8_t a[FMT_COVER_BYTES], b[FMT_COVER_BYTES];
    long first, n, slots = FMT_COVER_SLOTS_MAX, per;
    int y, mo, d;
    time_t ws, we;
    char when[CAL_UTC_LEN + 1] = "?";

    memset(a, 0, sizeof(a));
    memset(b, 0, sizeof(b));
    memcpy(a, m->bitmap, m->nbytes < sizeof(a) ? m->nbytes : sizeof(a));
    memcpy(b, o->bitmap, o->nbytes < sizeof(b) ? o->nbytes : sizeof(b));
    if ((n = fmt_cover_common(a, b, slots, &first)) == 0)
        return 0;
    if (cal_parse_date(m->week, &y, &mo, &d) == 0 && cal_week_bounds(y, mo, d, &ws, &we) == 0 &&
        cal_format_utc(ws + (time_t)first * 300, when, sizeof(when)) == 0)
        memmove(when + 16, when + 19, 2); /* YYYY-MM-DDTHH:MMZ, as in the documents */
    per = m->resolution >= 5 ? m->resolution / 5 : 1;
    fmt_report_add(oc->rep, "CDC-OVERLAP", 0,
                   "site %s: %ld step%s from %s already covered by document %s revision %ld (file "
                   "%lld, inbox %s): a (site, step) value belongs to one document; send a new "
                   "revision of that document instead",
                   m->site, (n + per - 1) / per, (n + per - 1) / per == 1 ? "" : "s", when,
                   o->mrid[0] ? o->mrid : "?", o->revision, (long long)o->file_id, o->sender);
    return 0;
}

/* overlap_mine - for each site of the document just checked, look for another document */
static int
overlap_mine(const struct ledger_cover *m, void *arg)
{
    struct overlap_ctx *oc = arg;

    if (m->count == 0)
        return 0;
    oc->mine = m;
    if (ledger_cover_others(oc->g->lg, oc->f->id, oc->f->sender, oc->rep->mrid, m->site, m->week,
                            overlap_other, oc) < 0)
        oc->failed = 1;
    return oc->failed;
}

/* queue_check_overlap - CDC-OVERLAP: a (site, step) value belongs to one document (mRID of an
 * inbox); a later revision of it replaces it, any other document claiming it is rejected.
 * Checked after the document (an Enedis file's mRID is known only at its end), only when it
 * is otherwise acceptable and on time, and, like NOT-OWNER, once the reference perimeter of
 * week S knows the sender (known: before that, nothing says whose steps they are).
 * 0 or -1 (ledger error). */
static int
queue_check_overlap(struct gw *g, const struct ledger_file *f, struct fmt_report *rep, int known)
{
    struct overlap_ctx oc = {g, f, rep, NULL, 0};

    /* A late document never counts (and is acknowledged late, not rejected). */
    if (known != 1 || rep->nerrors > 0 ||
        (g->conf->enforce_deadlines && rep->deadline && f->received_at > rep->deadline))
        return 0;
    if (ledger_cover_file(g->lg, f->id, overlap_mine, &oc) < 0 || oc.failed)
        return -1;
    return 0;
}

/* queue_judge - state received: check the document, decide duplicate and late, store */
static int
queue_judge(struct gw *g, const struct ledger_file *f)
{
    struct fmt_report rep;
    const char *status;
    struct stat st;
    int64_t dup = 0;
    long latest = 0;
    int fd, rc = -1;

    fmt_report_init(&rep, (size_t)g->conf->max_reasons);
    fd = spool_open_work(g->sp, f->id, &st);
    if (fd < 0 && queue_not_regular(errno)) {
        fmt_report_add(&rep, "NOT-REGULAR", 0,
                       "not a plain file with a single link (a symlink, FIFO, device or hard "
                       "link): never opened");
    } else if (fd < 0) {
        log_warn("event=open-failed id=%lld file=%s", (long long)f->id, f->name);
        goto out;
    } else if (!spool_name_ok(f->name)) {
        fmt_report_add(&rep, "BAD-NAME", 0,
                       "file names are 1-200 characters of [A-Za-z0-9._-], not starting with a "
                       "dot; this one is shown escaped as %s",
                       f->name);
        close(fd);
    } else if ((uint64_t)st.st_size > g->conf->max_file_size) {
        fmt_report_add(&rep, "TOO-LARGE", 0, "file is %lld bytes, the limit is %llu",
                       (long long)st.st_size, (unsigned long long)g->conf->max_file_size);
        close(fd);
    } else if (envelope_kind(fd) != ENV_NONE) {
        queue_unpack(g, f, fd, &rep);
        close(fd);
    } else {
        const struct gw_sender *snd = conf_sender(g->conf, f->sender);
        struct judge_sink js = {g, f, &rep, snd && snd->role == ROLE_AA, -1, "", "", 0};
        struct fmt_sink sink = {&js, js_notice, js_site, js_series, js_cover, js_cles_eda};
        int r;

        /* The rows a notice stages are committed with the check, and count once accepted. */
        if (ledger_begin(g->lg) < 0 || ledger_perim_clear(g->lg, f->id) < 0 ||
            ledger_cover_clear(g->lg, f->id) < 0) {
            ledger_rollback(g->lg);
            close(fd);
            goto out;
        }
        r = fmt_check_fd_sink(g->fmt, fd, &rep, &sink);
        close(fd);
        if (r < 0 || js.failed || queue_check_overlap(g, f, &rep, js.known) < 0 ||
            ledger_commit(g->lg) < 0) {
            log_warn("event=read-failed id=%lld file=%s", (long long)f->id, f->name);
            ledger_rollback(g->lg);
            goto out;
        }
    }
    queue_check_sender(g, f, &rep);
    status = queue_status_of(&rep);
    if (strcmp(status, "rejected") != 0) {
        int r =
            ledger_find_duplicate(g->lg, f->id, f->sender, f->sha256, rep.mrid, rep.revision, &dup);

        if (r < 0)
            goto out;
        if (r == 1) {
            fmt_report_add(&rep, "DUPLICATE", 0,
                           "already received as file %lld (same content, or same mRID %s "
                           "and revision %ld)",
                           (long long)dup, rep.mrid, rep.revision);
            status = "duplicate";
        } else if (rep.mrid[0] &&
                   (r = ledger_latest_revision(g->lg, f->id, f->sender, rep.mrid, &latest, &dup)) !=
                       0 &&
                   (r < 0 || latest > rep.revision)) {
            if (r < 0)
                goto out;
            fmt_report_add(&rep, "REVISION-STALE", 0,
                           "revision %ld of mRID %s is older than revision %ld already accepted "
                           "(file %lld)",
                           rep.revision, rep.mrid, latest, (long long)dup);
            status = "rejected";
        } else if (g->conf->enforce_deadlines && rep.deadline && f->received_at > rep.deadline) {
            char dl[32] = "";

            cal_format_local(rep.deadline, dl, sizeof(dl));
            fmt_report_add(&rep, "LATE", 0, "received after the deadline %s", dl);
            status = "late";
        }
    }
    if (ledger_file_judged(g->lg, f->id, &rep, status) < 0)
        goto out;
    gw_crashpoint("after-judged");
    log_info("event=judged id=%lld sender=%s file=%s flow=%s mrid=%s status=%s errors=%zu "
             "warnings=%zu code=%s",
             (long long)f->id, f->sender, f->name, rep.flow[0] ? rep.flow : "-",
             rep.mrid[0] ? rep.mrid : "-", status, rep.nerrors, rep.nwarnings,
             rep.nreasons ? rep.reasons[0].code : "-");
    rc = 0;
out:
    fmt_report_free(&rep);
    return rc;
}

/* queue_ack - state judged: write the acknowledgement, state acknowledged */
static int
queue_ack(struct gw *g, const struct ledger_file *f)
{
    struct gw_buf *b = gw_buf_new(0);
    char name[NAME_MAX + 1];
    int rc = -1;

    if (ack_build(g->lg, f, f->status, gw_clock_now(), b) < 0 ||
        ack_name(f, 0, name, sizeof(name)) < 0)
        goto out;
    if (spool_write_ack(g->sp, f->sender, name, b->data, b->len) < 0) {
        log_warn("event=ack-failed id=%lld sender=%s file=%s", (long long)f->id, f->sender,
                 f->name);
        goto out;
    }
    gw_crashpoint("after-ack-write");
    rc = ledger_file_set_state(g->lg, f->id, LS_ACKNOWLEDGED);
    gw_crashpoint("after-acknowledged");
out:
    gw_buf_free(b);
    return rc;
}

/* Who receives what (issue 5's routing): RTE every document but those addressed to a GRD
 * (contestations, perimeter change requests); a GRD destination the documents addressed to it
 * (receiver = its EIC) and the capacity updates; an AA destination the part of each load-curve
 * document made of its own sites' series (the EDAs it owns in the reference perimeter). */
enum route { ROUTE_NONE, ROUTE_WHOLE, ROUTE_PART };

static enum route
route_kind(const struct ledger_file *f, const struct gw_dest *d)
{
    int to_grd = !strcmp(f->flow, "contestation") || !strcmp(f->flow, "demande-perimetre");

    switch (d->role) {
    case ROLE_RTE:
        return to_grd ? ROUTE_NONE : ROUTE_WHOLE;
    case ROLE_GRD:
        if (!strcmp(f->flow, "capacite"))
            return ROUTE_WHOLE;
        return to_grd && f->receiver[0] && !strcmp(f->receiver, d->eic) ? ROUTE_WHOLE
                                                                          : ROUTE_NONE;
    case ROLE_AA:
        return !strcmp(f->flow, "cdc") ? ROUTE_PART : ROUTE_NONE;
    }
    return ROUTE_NONE;
}

struct aa_part {
    struct gw *g;
    const char *aa;
    char m1[16], m2[16];
    long kept;
};

/* aa_keep - a site of an EDA this AA owns in the perimeter of week S's months */
static int
aa_keep(const char *site, void *arg)
{
    struct aa_part *p = arg;

    return ledger_perim_owns(p->g->lg, p->aa, 1, site, p->m1) > 0 ||
           (strcmp(p->m1, p->m2) != 0 && ledger_perim_owns(p->g->lg, p->aa, 1, site, p->m2) > 0);
}

static int
aa_write(int in, FILE *out, void *arg)
{
    struct aa_part *p = arg;

    if (fmt_cdc_split_fd(in, aa_keep, p, out, &p->kept) < 0)
        return -1;
    return p->kept > 0;
}

/* route_part - queue for an AA the series of its sites (1), nothing when it has none (0) */
static int
route_part(struct gw *g, const struct ledger_file *f, const struct gw_dest *d)
{
    struct aa_part p = {g, d->eic, "", "", 0};
    int y, mo, day, r;

    if (cal_parse_date(f->period, &y, &mo, &day) < 0)
        return 0;
    snprintf(p.m1, sizeof(p.m1), "%04d-%02d", y % 10000, mo % 100);
    cal_add_days(&y, &mo, &day, 6);
    snprintf(p.m2, sizeof(p.m2), "%04d-%02d", y % 10000, mo % 100);
    r = spool_queue_filtered(g->sp, f->id, d->name, aa_write, &p);
    if (r > 0)
        log_info("event=split id=%lld dest=%s aa=%s series=%ld", (long long)f->id, d->name, d->eic,
                 p.kept);
    return r;
}

/* queue_route - state acknowledged: queue for every destination, or put aside */
static int
queue_route(struct gw *g, const struct ledger_file *f)
{
    const char *final;
    size_t i;

    if (!strcmp(f->flow, "envelope") && strcmp(f->status, "rejected") != 0) {
        /* Its documents were unpacked into the inbox: the envelope itself goes nowhere. */
        if (spool_archive(g->sp, f->id) < 0 && errno != ENOENT) {
            log_warn("event=archive-failed id=%lld", (long long)f->id);
            return -1;
        }
        return ledger_file_set_state(g->lg, f->id,
                                     !strcmp(f->status, "duplicate") ? LS_DUPLICATE : LS_UNPACKED);
    }
    if (!strcmp(f->status, "accepted") || !strcmp(f->status, "accepted-with-warnings")) {
        int queued[CONF_MAX_DESTS] = {0};
        size_t n = 0;

        for (i = 0; i < g->conf->ndests; i++) {
            const struct gw_dest *d = &g->conf->dests[i];
            enum route r = route_kind(f, d);

            if (r == ROUTE_NONE)
                continue;
            if (spool_work_exists(g->sp, f->id)) {
                int q = r == ROUTE_WHOLE ? (spool_queue(g->sp, f->id, d->name) < 0 ? -1 : 1)
                                         : route_part(g, f, d);

                if (q < 0) {
                    log_warn("event=queue-failed id=%lld dest=%s", (long long)f->id, d->name);
                    return -1;
                }
                queued[i] = q > 0;
            } else {
                /* Resumed after the document left work/: what out/ holds was queued. */
                int fd = spool_open_out(g->sp, f->id, d->name);

                queued[i] = fd >= 0;
                if (fd >= 0)
                    close(fd);
            }
        }
        gw_crashpoint("after-queue-links");
        if (ledger_begin(g->lg) < 0)
            return -1;
        for (i = 0; i < g->conf->ndests; i++)
            if (queued[i]) {
                if (ledger_delivery_add(g->lg, f->id, g->conf->dests[i].name, gw_clock_now()) < 0)
                    goto fail;
                n++;
            }
        if (ledger_file_set_state(g->lg, f->id, LS_QUEUED) < 0 || ledger_commit(g->lg) < 0)
            goto fail;
        gw_crashpoint("after-queued");
        if (spool_archive(g->sp, f->id) < 0 && errno != ENOENT)
            log_warn("event=archive-failed id=%lld", (long long)f->id);
        if (n == 0)
            log_warnx("event=no-destination id=%lld sender=%s file=%s flow=%s receiver=%s: no "
                      "destination takes this document (see dest.<name>.role)",
                      (long long)f->id, f->sender, f->name, f->flow,
                      f->receiver[0] ? f->receiver : "-");
        else
            log_info("event=queued id=%lld sender=%s file=%s destinations=%zu", (long long)f->id,
                     f->sender, f->name, n);
        return 0;
    }
    if (!strcmp(f->status, "rejected")) {
        struct gw_buf *b = gw_buf_new(0);
        int rc = 0;

        if (spool_work_exists(g->sp, f->id)) {
            rc = ack_build(g->lg, f, f->status, gw_clock_now(), b);
            if (rc == 0)
                rc = spool_reject(g->sp, f->id, f->name, b->data, b->len);
        }
        gw_buf_free(b);
        if (rc < 0) {
            log_warn("event=reject-failed id=%lld", (long long)f->id);
            return -1;
        }
        gw_crashpoint("after-reject-move");
        final = LS_REJECTED;
    } else {
        if (spool_archive(g->sp, f->id) < 0 && errno != ENOENT) {
            log_warn("event=archive-failed id=%lld", (long long)f->id);
            return -1;
        }
        final = !strcmp(f->status, "late") ? LS_LATE : LS_DUPLICATE;
    }
    return ledger_file_set_state(g->lg, f->id, final);
fail:
    ledger_rollback(g->lg);
    return -1;
}

int
queue_advance(struct gw *g, int64_t id)
{
    struct ledger_file f;
    int guard;

    for (guard = 0; guard < 8; guard++) {
        int rc;

        if (ledger_file_get(g->lg, id, &f) < 0)
            return -1;
        if (!strcmp(f.state, LS_CLAIMING) || (!strcmp(f.state, LS_RECEIVED) && !f.sha256[0]))
            rc = queue_receive(g, &f);
        else if (!strcmp(f.state, LS_RECEIVED))
            rc = queue_judge(g, &f);
        else if (!strcmp(f.state, LS_JUDGED))
            rc = queue_ack(g, &f);
        else if (!strcmp(f.state, LS_ACKNOWLEDGED))
            rc = queue_route(g, &f);
        else
            return 0; /* queued or terminal: nothing left to do here */
        if (rc < 0)
            return -1;
    }
    log_panic("queue: file %lld does not advance from state %s", (long long)id, f.state);
}

struct queue_ids {
    int64_t *v;
    size_t n, cap;
};

/* queue_collect - gather ids first: the ledger walk must not run under our own updates */
static int
queue_collect(const struct ledger_file *f, void *arg)
{
    struct queue_ids *ids = arg;

    if (ids->n == ids->cap) {
        ids->cap = ids->cap ? 2 * ids->cap : 64;
        ids->v = xreallocarray(ids->v, ids->cap, sizeof(*ids->v));
    }
    ids->v[ids->n++] = f->id;
    return 0;
}

/* queue_recover_one - bring one in-flight file back in line with the spool */
static int
queue_recover_one(struct gw *g, const struct ledger_file *f)
{

    if (!strcmp(f->state, LS_CLAIMING) && !spool_work_exists(g->sp, f->id)) {
        /* Crashed before the rename into work/: the file is still in its inbox. */
        log_info("event=recover id=%lld action=forget-claim file=%s", (long long)f->id, f->name);
        ledger_file_delete(g->lg, f->id);
        return 0;
    }
    if (!strcmp(f->state, LS_QUEUED)) {
        if (spool_work_exists(g->sp, f->id) && spool_archive(g->sp, f->id) < 0)
            log_warn("event=recover id=%lld action=archive", (long long)f->id);
        return 0;
    }
    log_info("event=recover id=%lld state=%s file=%s", (long long)f->id, f->state, f->name);
    if (queue_advance(g, f->id) < 0)
        log_warnx("event=recover-failed id=%lld file=%s", (long long)f->id, f->name);
    return 0;
}

int
queue_recover(struct gw *g)
{
    static const char *const inflight[] = {LS_CLAIMING,     LS_RECEIVED, LS_JUDGED,
                                           LS_ACKNOWLEDGED, LS_QUEUED,   NULL};

    struct queue_ids ids = {NULL, 0, 0};
    struct ledger_file f;
    size_t i;
    int rc;

    rc = ledger_files_in_states(g->lg, inflight, queue_collect, &ids);
    for (i = 0; rc == 0 && i < ids.n; i++)
        if (ledger_file_get(g->lg, ids.v[i], &f) == 0)
            queue_recover_one(g, &f);
    free(ids.v);
    return rc;
}
