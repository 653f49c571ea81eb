/* gw_remind - see gw_remind.h
 *
 * DESCRIPTION
 *	The weeks looked at are the current one and those before it whose deadline is still to
 *	come. For a week with deadline D and leads L1 > L2 > ..., the reminder of lead Li is due
 *	from D - Li until D; when several are due (the daemon was stopped), only the shortest is
 *	sent, so that a sender never gets a stale "24 h left" beside a "3 h left". The figures are
 *	the board's (board_week): the same missing steps that zero-substitution would state.
 */
#include <stdio.h>
#include <string.h>

#include "cal.h"
#include "gw_log.h"
#include "gw_remind.h"

void
remind_lead_name(long lead, char *buf, size_t size)
{
    if (lead % 3600 == 0)
        snprintf(buf, size, "%ldh", lead / 3600);
    else if (lead > 3600)
        snprintf(buf, size, "%ldh%ldm", lead / 3600, lead % 3600 / 60);
    else
        snprintf(buf, size, "%ldm", lead / 60);
}

/* remind_utc_min - "YYYY-MM-DDTHH:MMZ", the documents' step instants */
static void
remind_utc_min(time_t t, char out[18])
{
    char full[CAL_UTC_LEN + 1] = "";

    cal_format_utc(t, full, sizeof(full));
    memcpy(out, full, 16);
    out[16] = 'Z';
    out[17] = '\0';
}

int
remind_build(const struct board_period *p, const struct board_row *r, long lead, time_t now,
             struct gw_buf *o)
{
    char created[CAL_UTC_LEN + 1] = "", dl[32] = "", lname[16];
    size_t i;
    int k;

    remind_lead_name(lead, lname, sizeof(lname));
    if (cal_format_utc(now, created, sizeof(created)) < 0 ||
        cal_format_local(p->deadline, dl, sizeof(dl)) < 0)
        return -1;
    gw_buf_printf(o,
                  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                  "<Rappel xmlns=\"urn:passerelle:reminder:1\">\n"
                  "  <mRID>RAPPEL-%s-%s-%s-%s</mRID>\n"
                  "  <createdDateTime>%s</createdDateTime>\n",
                  p->flow, p->period, r->sender, lname, created);
    gw_buf_printf(o, "  <recipient eic=\"%s\" inbox=\"", r->sender);
    gw_buf_xml_escape(o, r->inbox);
    gw_buf_printf(o, "\"/>\n  <flow>%s</flow>\n  <period>%s</period>\n  <deadline>%s</deadline>\n",
                  p->flow, p->period, dl);
    if (lead % 3600 == 0)
        gw_buf_printf(o, "  <lead>PT%ldH</lead>\n", lead / 3600);
    else
        gw_buf_printf(o, "  <lead>PT%ldH%ldM</lead>\n", lead / 3600, lead % 3600 / 60);
    gw_buf_printf(o,
                  "  <summary expectedSites=\"%ld\" missingSites=\"%ld\" incompleteSites=\"%ld\""
                  " expectedSteps=\"%ld\" missingSteps=\"%ld\"/>\n",
                  r->expected, r->missing, r->incomplete, r->steps_expected, r->steps_missing);
    for (i = 0; i < r->nsites; i++) {
        const struct board_site *s = &r->sites[i];
        char first[18];

        if (s->missing == 0)
            continue;
        remind_utc_min(p->wstart + (time_t)s->run_start[0] * s->step * 300, first);
        gw_buf_printf(o, "  <Site ref=\"%s\" eda=\"", s->ref);
        gw_buf_xml_escape(o, s->eda);
        gw_buf_printf(o,
                      "\" resolution=\"PT%dM\" status=\"%s\" expectedSteps=\"%ld\""
                      " missingSteps=\"%ld\" firstMissing=\"%s\" runs=\"%ld\">\n",
                      s->step * 5, s->missing >= s->expected ? "missing" : "incomplete",
                      s->expected, s->missing, first, s->runs);
        for (k = 0; k < s->nruns; k++) {
            char a[18], b[18];

            remind_utc_min(p->wstart + (time_t)s->run_start[k] * s->step * 300, a);
            remind_utc_min(p->wstart + (time_t)s->run_end[k] * s->step * 300, b);
            gw_buf_printf(o, "    <Missing start=\"%s\" end=\"%s\" steps=\"%ld\"/>\n", a, b,
                          s->run_end[k] - s->run_start[k]);
        }
        gw_buf_puts(o, "  </Site>\n");
    }
    return gw_buf_printf(o,
                         "  <consequence>Steps still missing at the deadline (%s) will be "
                         "substituted by zero at the deadline (quantity 0, quality S, "
                         "2.L.2.2.1).</consequence>\n</Rappel>\n",
                         dl) < 0
               ? -1
               : 0;
}

/* remind_week - the reminders of one week for lead */
static int
remind_week(struct gw *g, const char *week, long lead, time_t now)
{
    struct board_period p;
    char lname[16], name[128];
    size_t i;
    int n = 0;

    if (board_week(g->conf, g->lg, week, &p) < 0)
        return -1;
    remind_lead_name(lead, lname, sizeof(lname));
    snprintf(name, sizeof(name), "reminder-%s-%s-%s.xml", p.flow, p.period, lname);
    for (i = 0; i < p.nrows; i++) {
        struct board_row *r = &p.rows[i];
        struct gw_buf *o;
        int sent;

        if (!r->perimeter || r->steps_missing == 0)
            continue;
        if ((sent = ledger_reminder_sent(g->lg, r->sender, p.flow, p.period, lead)) != 0)
            continue;
        board_row_inbox(g->conf, g->lg, r);
        if (r->inbox[0] == '\0') {
            /* Said loudly in the first minutes of the lead, then quietly at every pass. */
            void (*say)(const char *, ...) =
                now - (p.deadline - lead) < 600 ? log_warnx : log_debug;

            say("event=reminder-skipped sender=%s flow=%s period=%s lead=%s reason=\"no inbox "
                "is configured with this EIC\"",
                r->sender, p.flow, p.period, lname);
            continue;
        }
        o = gw_buf_new(0);
        if (remind_build(&p, r, lead, now, o) < 0 ||
            spool_write_ack(g->sp, r->inbox, name, o->data, o->len) < 0) {
            log_warn("event=reminder-failed sender=%s inbox=%s file=%s", r->sender, r->inbox, name);
            gw_buf_free(o);
            continue;
        }
        gw_buf_free(o);
        /* Written first, recorded after: a crash between the two rewrites the same file. */
        if (ledger_reminder_add(g->lg, r->sender, p.flow, p.period, lead, r->inbox, name, now,
                                r->missing + r->incomplete, r->steps_missing) < 0)
            continue;
        log_info("event=reminder sender=%s inbox=%s flow=%s period=%s lead=%s sites=%ld "
                 "steps=%ld file=ack/%s/%s",
                 r->sender, r->inbox, p.flow, p.period, lname, r->missing + r->incomplete,
                 r->steps_missing, r->inbox, name);
        n++;
    }
    board_period_clear(&p);
    return n;
}

int
remind_run(struct gw *g, time_t now, time_t *next)
{
    long leads[CONF_MAX_LEADS], maxlead = 0;
    int nleads, y, mo, d, hh, mi, ss, k, i, total = 0, failed = 0, weeks;

    if (next)
        *next = 0;
    nleads = conf_leads(g->conf->reminders, leads, CONF_MAX_LEADS);
    if (nleads <= 0)
        return 0;
    for (i = 0; i < nleads; i++)
        if (leads[i] > maxlead)
            maxlead = leads[i];
    if (cal_local_fields(now, &y, &mo, &d, &hh, &mi, &ss, NULL) < 0 ||
        cal_week_first(y, mo, d, (int)g->conf->week_start, &y, &mo, &d) < 0)
        return -1;
    /* A week's deadline is at most 14 days after its start; leads reach 30 days back. */
    weeks = 3 + (int)(maxlead / (7 * 86400));
    for (k = 0; k < weeks; k++) {
        char week[16];
        time_t dl, due_at = 0;
        long cur = 0;

        snprintf(week, sizeof(week), "%04d-%02d-%02d", y % 10000, mo % 100, d % 100);
        if (cal_deadline_week(y, mo, d, (int)g->conf->week_start, &dl) < 0)
            return -1;
        cal_add_days(&y, &mo, &d, -7);
        if (now >= dl)
            continue;
        /* The shortest lead already reached; the next instant among the others. */
        for (i = 0; i < nleads; i++) {
            if (dl - leads[i] <= now) {
                if (cur == 0 || leads[i] < cur)
                    cur = leads[i];
            } else if (due_at == 0 || dl - leads[i] < due_at) {
                due_at = dl - leads[i];
            }
        }
        if (next && due_at && (*next == 0 || due_at < *next))
            *next = due_at;
        if (cur) {
            int n = remind_week(g, week, cur, now);

            if (n < 0)
                failed = 1;
            else
                total += n;
        }
    }
    return failed ? -1 : total;
}
