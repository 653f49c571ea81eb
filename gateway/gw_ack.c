/* gw_ack - see gw_ack.h */
#include <stdio.h>
#include <string.h>

#include "cal.h"
#include "gw_ack.h"
#include "gw_buf.h"

struct ack_walk {
    struct gw_buf *out;
    int rc;
};

/* ack_reason - one Reason element */
static int
ack_reason(const struct fmt_reason *r, void *arg)
{
    struct ack_walk *w = arg;
    struct gw_buf *b = w->out;

    if (gw_buf_puts(b, "  <Reason code=\"") < 0 || gw_buf_xml_escape(b, r->code) < 0 ||
        gw_buf_printf(b, "\" severity=\"%s\"", r->severity == FMT_SEV_ERROR ? "error" : "warning") <
            0)
        goto fail;
    if (r->line > 0 && gw_buf_printf(b, " line=\"%ld\"", r->line) < 0)
        goto fail;
    if (r->rule && *r->rule &&
        (gw_buf_puts(b, " rule=\"") < 0 || gw_buf_xml_escape(b, r->rule) < 0 ||
         gw_buf_puts(b, "\"") < 0))
        goto fail;
    if (gw_buf_puts(b, ">") < 0 || gw_buf_xml_escape(b, r->text ? r->text : "") < 0 ||
        gw_buf_puts(b, "</Reason>\n") < 0)
        goto fail;
    return 0;
fail:
    w->rc = -1;
    return 1;
}

/* ack_attr - name="escaped value" when value is not empty */
static int
ack_attr(struct gw_buf *b, const char *name, const char *value)
{
    if (value == NULL || *value == '\0')
        return 0;
    if (gw_buf_printf(b, " %s=\"", name) < 0 || gw_buf_xml_escape(b, value) < 0 ||
        gw_buf_puts(b, "\"") < 0)
        return -1;
    return 0;
}

int
ack_build(struct ledger *lg, const struct ledger_file *f, const char *status, time_t now,
          struct gw_buf *out)
{
    char created[32], recv[32], deadline[32], rev[24];
    struct ack_walk w = {out, 0};

    if (cal_format_utc(now, created, sizeof(created)) < 0 ||
        cal_format_utc(f->received_at, recv, sizeof(recv)) < 0)
        return -1;
    snprintf(rev, sizeof(rev), "%ld", f->revision);
    if (gw_buf_puts(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                         "<Accuse xmlns=\"urn:passerelle:ack:1\">\n") < 0 ||
        gw_buf_printf(out, "  <mRID>ACK-%lld-%s</mRID>\n", (long long)f->id,
                      strcmp(status, "delivered") ? "r" : "d") < 0 ||
        gw_buf_printf(out, "  <createdDateTime>%s</createdDateTime>\n", created) < 0 ||
        gw_buf_puts(out, "  <received") < 0 || ack_attr(out, "file", f->name) < 0 ||
        ack_attr(out, "sha256", f->sha256) < 0 ||
        gw_buf_printf(out, " size=\"%lld\"", (long long)f->size) < 0 ||
        ack_attr(out, "mRID", f->mrid) < 0 ||
        ack_attr(out, "revision", f->revision > 0 ? rev : "") < 0 ||
        ack_attr(out, "flow", f->flow) < 0 || ack_attr(out, "sender", f->doc_sender) < 0 ||
        gw_buf_printf(out, " receivedDateTime=\"%s\"/>\n", recv) < 0 ||
        gw_buf_printf(out, "  <status>%s</status>\n", status) < 0)
        return -1;
    if (f->deadline) {
        if (cal_format_local(f->deadline, deadline, sizeof(deadline)) < 0 ||
            gw_buf_printf(out, "  <deadline>%s</deadline>\n", deadline) < 0)
            return -1;
    }
    if (strcmp(status, "delivered") != 0) {
        if (ledger_reasons(lg, f->id, ack_reason, &w) < 0 || w.rc < 0)
            return -1;
    }
    return gw_buf_puts(out, "</Accuse>\n");
}

int
ack_name(const struct ledger_file *f, int delivered, char *buf, size_t size)
{
    return gw_path(buf, size, "%s%s", f->name, delivered ? ".delivered.ack.xml" : ".ack.xml");
}
