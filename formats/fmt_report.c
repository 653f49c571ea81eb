/* fmt_report - the verdict of one check: reasons, counts and identification of the document.
 *
 * DESCRIPTION
 *	A report stores at most max_reasons reasons; past that, one FMT-TRUNCATED warning is
 *	stored and the true counts (nerrors, nwarnings) keep going, so the verdict stays right
 *	however many reasons a bad gigabyte file produces. FMT-TRUNCATED itself is not counted.
 *
 * DIAGNOSTICS
 *	Allocation failure while storing a reason drops the stored reason but never its count:
 *	the verdict cannot turn into an acceptance through ENOMEM. A stored text is never NULL.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"

#define FMT_DEFAULT_MAX_REASONS 1000

/* fmt_opts_default - the settings of a stock installation */
void
fmt_opts_default(struct fmt_opts *o)
{
    memset(o, 0, sizeof(*o));
    o->max_file_size = (uint64_t)2 << 30; /* 2 GiB */
    o->week_start = 6;                    /* Saturday: RTE's settlement week */
    o->max_reasons = FMT_DEFAULT_MAX_REASONS;
}

/* fmt_report_init - an empty report; max_reasons 0 means the default (1000) */
void
fmt_report_init(struct fmt_report *r, size_t max_reasons)
{
    memset(r, 0, sizeof(*r));
    r->max_reasons = max_reasons ? max_reasons : FMT_DEFAULT_MAX_REASONS;
}

/* fmt_report_free - free the reasons; the report may be initialised again */
void
fmt_report_free(struct fmt_report *r)
{
    size_t i;

    if (r == NULL)
        return;
    for (i = 0; i < r->nreasons; i++)
        free(r->reasons[i].text);
    free(r->reasons);
    r->reasons = NULL;
    r->nreasons = r->cap = 0;
}

/* store - append one reason; 0 or -1 (ENOMEM) */
static int
store(struct fmt_report *r, const struct fmt_code *c, const char *code, long line, char *text)
{
    struct fmt_reason *nr;
    size_t ncap;

    if (text == NULL)
        return -1;
    if (r->nreasons == r->cap) {
        ncap = r->cap ? r->cap * 2 : 16;
        nr = realloc(r->reasons, ncap * sizeof(*nr));
        if (nr == NULL) {
            free(text);
            return -1;
        }
        r->reasons = nr;
        r->cap = ncap;
    }
    nr = &r->reasons[r->nreasons++];
    nr->code = c ? c->code : code;
    nr->severity = c ? c->severity : FMT_SEV_ERROR;
    nr->rule = c ? c->rule : "?";
    nr->line = line;
    nr->text = text;
    return 0;
}

/* fmt_report_add - count one reason and store it while under the cap */
void
fmt_report_add(struct fmt_report *r, const char *code, long line, const char *fmt, ...)
{
    const struct fmt_code *c = fmt_code_lookup(code);
    char *text = NULL;
    va_list ap;
    int saved = errno;

    /* XXX(fmt): an unknown code is our bug; it must still reject, so count it as an error.
     * The code string is kept as given: callers pass string literals. */
    if (c == NULL || c->severity == FMT_SEV_ERROR)
        r->nerrors++;
    else
        r->nwarnings++;
    if (r->nreasons >= r->max_reasons) {
        if (r->nreasons == r->max_reasons) {
            if (asprintf(&text, "more than %zu reasons: the rest are counted, not listed",
                         r->max_reasons) < 0)
                text = NULL;
            (void)store(r, fmt_code_lookup("FMT-TRUNCATED"), "FMT-TRUNCATED", 0, text);
        }
        errno = saved;
        return;
    }
    va_start(ap, fmt);
    if (vasprintf(&text, fmt, ap) < 0)
        text = NULL;
    va_end(ap);
    (void)store(r, c, code, line, text);
    errno = saved;
}

/* fmt_report_status - rejected when any error, with-warnings when any warning */
enum fmt_status
fmt_report_status(const struct fmt_report *r)
{
    if (r->nerrors > 0)
        return FMT_REJECTED;
    if (r->nwarnings > 0)
        return FMT_ACCEPTED_WARNINGS;
    return FMT_ACCEPTED;
}

/* fmt_status_name - the word used in acknowledgements */
const char *
fmt_status_name(enum fmt_status s)
{
    switch (s) {
    case FMT_ACCEPTED:
        return "accepted";
    case FMT_ACCEPTED_WARNINGS:
        return "accepted-with-warnings";
    case FMT_REJECTED:
        return "rejected";
    }
    return "rejected";
}
