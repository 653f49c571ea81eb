/* fmt_csv - the CSV form of the flows (FORMATS.md "CSV forms"), read as a stream.
 * A reader of lines in constant memory (FMT_CSV_LINE_MAX per line, a longer line is CSV-LINE),
 * true line numbers, a UTF-8 BOM, LF or CRLF (mixed), invalid UTF-8 refused (CSV-UTF8); the
 * `#passerelle <flow> <version>;key=value;...` first line (CSV-HEADER), the header row of
 * column names in any order (CSV-COLUMN) and one row per record (CSV-FIELD). Each flow with a
 * CSV form describes its header keys and columns in a small table (struct fmt_csv_form) and
 * gets its header and rows as callbacks. Problems are reasons in the caller's report; -1 is
 * only for I/O errors and ENOMEM. Nothing here allocates per line. */
#ifndef FMT_CSV_H
#define FMT_CSV_H

#include <stddef.h>
#include <stdint.h>

#include "fmt.h"

#define FMT_CSV_LINE_MAX   (64 * 1024) /* bytes of one line, without its terminator */
#define FMT_CSV_FIELDS_MAX 64          /* fields of one line */
#define FMT_CSV_MAGIC      "#passerelle "

/* One column of a flow's CSV form. */
struct fmt_csv_column {
    const char *name; /* as written in the header row */
    int required;     /* 1: the header row must name it (its cells may still be empty) */
};

/* The layout of one flow's CSV form: what the first line and the header row may hold. */
struct fmt_csv_form {
    const char *flow;        /* "cdc" */
    const char *version;     /* "1" */
    const char *const *keys; /* header fields of the first line, all required */
    size_t nkeys;
    const struct fmt_csv_column *columns; /* in canonical order */
    size_t ncolumns;
};

/* Callbacks of one pass over a CSV document. Values point into the reader's line buffer
 * (NUL-terminated, valid during the call only). */
struct fmt_csv_sink {
    /* header - the first line: value[i] for form->keys[i], NULL when absent. */
    void (*header)(void *st, const char *const *value, const size_t *len, long line);
    /* row - one record: field[j] for form->columns[j], NULL when the column is absent. */
    void (*row)(void *st, const char *const *field, const size_t *len, long line);
};

/* A flow checked in its CSV form: a checker fed by the sink, as fmt_xml_flow for XML. */
struct fmt_csv_flow {
    const struct fmt_csv_form *form;
    /* begin - a fresh checker writing into rep; NULL with ENOMEM. */
    void *(*begin)(const struct fmt_opts *opts, struct fmt_report *rep);
    struct fmt_csv_sink sink;
    /* finish - end of input (complete as from fmt_csv_parse_fd, lastline the last line read).
     * 0, or -1 with ENOMEM (the report is then incomplete). */
    int (*finish)(void *st, int complete, long lastline);
    void (*free)(void *st);
};

/* fmt_csv_parse_fd - one pass over the CSV document open on fd (read from offset 0, not
 * closed). Structural problems are reported in rep (CSV-*, TOO-LARGE); the sink sees the
 * header once (even when some keys are missing) and then every well-formed row. *complete is
 * set to 1 when the whole file was read and its header row was usable (the flow may then
 * state document-level findings), else 0. *lastline: the number of the last line read.
 * 0, or -1 with errno (read error, ENOMEM). */
int fmt_csv_parse_fd(const struct fmt_csv_form *form, const struct fmt_csv_sink *sink, void *st,
                     int fd, uint64_t max_bytes, struct fmt_report *rep, int *complete,
                     long *lastline);

/* fmt_csv_check_fd - judge a CSV document whose first line names `flow` (fmt_check_fd calls
 * it). 1 when the flow has a CSV form and the document was judged (rep filled; rep->flow
 * set), 0 when the flow has no CSV form (nothing reported), -1 with errno. */
int fmt_csv_check_fd(const struct fmt_opts *opts, const char *flow, int fd, struct fmt_report *rep);

/* fmt_csv_form_find - the CSV form of a flow, NULL when it has none (yet). */
const struct fmt_csv_form *fmt_csv_form_find(const char *flow);

/* fmt_csv_utf8_valid - 1 when s[0..len) is well-formed UTF-8 without NUL bytes; else 0 and
 * *bad is the offset of the first offending byte. */
int fmt_csv_utf8_valid(const char *s, size_t len, size_t *bad);

/* fmt_csv_decimal - a decimal written with ',' or '.' (at most one, digits on both sides,
 * optional '-'), copied to out with '.' as separator. 0, or -1 when malformed or too long. */
int fmt_csv_decimal(const char *s, size_t len, char *out, size_t size);

#endif
