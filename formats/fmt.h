/* fmt - the one interface every flow implements, and the verdict it produces.
 * formats/ knows documents only: nothing about spools, ledgers or networks, and it never
 * includes anything from gateway/. Functions return 0 or -1 with errno; none exits; allocation
 * failure is reported as -1/ENOMEM. A check reads its input as a stream: memory does not grow
 * with the file (only counts, and per-document sets of site identifiers, do).
 * A fmt_report owns its reasons; the reason table (codes, severities, articles) is static. */
#ifndef FMT_H
#define FMT_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

enum fmt_severity { FMT_SEV_ERROR, FMT_SEV_WARNING };

enum fmt_status { FMT_ACCEPTED, FMT_ACCEPTED_WARNINGS, FMT_REJECTED };

/* One entry of the reason table: `passerelle codes` prints them all. */
struct fmt_code {
    const char *code; /* stable identifier, e.g. "CDC-STEP" */
    enum fmt_severity severity;
    const char *rule;    /* article ("2.L.2.2.1") or document section; never NULL */
    const char *summary; /* one line, English */
};

struct fmt_reason {
    const char *code; /* static, from the table */
    enum fmt_severity severity;
    long line;        /* 1-based line in the file; 0 when it has none */
    const char *rule; /* static */
    char *text;       /* owned by the report */
};

struct fmt_report {
    char flow[32]; /* "cdc"...; "" when not recognised */
    char mrid[64];
    long revision; /* 0 when unknown */
    char sender[20], receiver[20];
    char period[16];           /* cdc: week@start (YYYY-MM-DD); monthly flows: YYYY-MM */
    time_t deadline;           /* last on-time instant (inclusive), 0 when the flow has none */
    size_t nerrors, nwarnings; /* true counts, even past max_reasons */
    struct fmt_reason *reasons;
    size_t nreasons, cap;
    size_t max_reasons; /* stored reasons are capped (default 1000); then FMT-TRUNCATED */
};

/* Limits and settings a check needs. */
/* A record sink: flows whose rows feed the daemon's reference data hand them over as they check
 * them (the daemon keeps them only when the document is accepted). Strings are borrowed for
 * the duration of the call, NUL-terminated, "" when absent. Every callback may be NULL. */
struct fmt_perim_site {
    const char *ref, *eda, *aa, *segment, *nature, *curve_type, *re;
};

struct fmt_cdc_series {
    const char *site, *eda, *segment, *nature, *measure, *unit;
    long line;
};

/* cdc: at each series' end, which 5-minute slots of week S carry a value (fmt_cover.h) */
struct fmt_cdc_cover {
    const char *site, *week; /* PRM; week@start YYYY-MM-DD */
    time_t wstart;           /* UTC start of week S */
    long nslots;             /* 5-minute slots of week S: 2004, 2016 or 2028 */
    int resolution;          /* minutes of the series' steps (5 or 15), 0 unknown */
    const uint8_t *bitmap;   /* fmt_cover_bytes(nslots) bytes, borrowed */
    long count;              /* slots set */
    long line;               /* the Series' line */
};

struct fmt_sink {
    void *arg;
    /* perimetre: the notice's kind (injection|soutirage) and effective month (YYYY-MM), once
     * both are known, before its first site */
    void (*perimetre_notice)(void *arg, const char *kind, const char *effective_month);
    void (*perimetre_site)(void *arg, const struct fmt_perim_site *s);
    /* cdc: each series as it opens (the header, sender included, is already in the report) */
    void (*cdc_series)(void *arg, const struct fmt_cdc_series *s, struct fmt_report *rep);
    /* cdc: each series as it closes, with its coverage of week S (only inside a valid week) */
    void (*cdc_cover)(void *arg, const struct fmt_cdc_cover *c, struct fmt_report *rep);
    /* cles: each EDA block of a ClesDeRepartition (its id, as soon as it is read) */
    void (*cles_eda)(void *arg, const char *eda);
};

struct fmt_opts {
    uint64_t max_file_size; /* bytes; larger input is rejected (TOO-LARGE) without reading it all */
    int week_start;         /* 0=Sunday .. 6=Saturday; default 6 (Saturday) */
    size_t max_reasons;
    const struct cal_holidays *holidays; /* NULL: the built-in French holidays (cal_holidays.h);
                                          * owned by the caller, outlives the ctx */
    const struct fmt_sink *sink;         /* set per check by fmt_check_fd_sink; NULL: none */
};

void fmt_opts_default(struct fmt_opts *o);

/* Reason table. fmt_codes returns the static array and its length. */
const struct fmt_code *fmt_codes(size_t *n);
const struct fmt_code *fmt_code_lookup(const char *code);

void fmt_report_init(struct fmt_report *r, size_t max_reasons);
void fmt_report_free(struct fmt_report *r);
/* fmt_report_add - record one reason; severity and rule come from the table (unknown code:
 * log_panic-worthy bug, recorded as an error with rule "?"). line 0 = none. */
void fmt_report_add(struct fmt_report *r, const char *code, long line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
enum fmt_status fmt_report_status(const struct fmt_report *r);
const char *fmt_status_name(enum fmt_status s); /* accepted|accepted-with-warnings|rejected */

/* A loaded set of schemas and settings; load once, use for many files (not thread-safe). */
struct fmt_ctx;

/* fmt_ctx_new - load every XSD the gateway carries from xsd_dir. NULL on failure with a
 * message in err. Installs a deny-all external entity loader afterwards. */
struct fmt_ctx *fmt_ctx_new(const char *xsd_dir, const struct fmt_opts *opts, char *err,
                            size_t errlen);
void fmt_ctx_free(struct fmt_ctx *ctx);

/* fmt_check_fd - recognise and judge the document open on fd (a regular file, read from
 * offset 0; the fd is not closed). 0: judged, verdict in rep (rejections included: unknown
 * or unsupported documents are rejected with a reason). -1: could not read (errno). */
int fmt_check_fd(struct fmt_ctx *ctx, int fd, struct fmt_report *rep);
/* fmt_check_fd_sink - the same, handing the document's rows to sink as they are checked. */
int fmt_check_fd_sink(struct fmt_ctx *ctx, int fd, struct fmt_report *rep,
                      const struct fmt_sink *sink);

#endif
