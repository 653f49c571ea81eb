/* fmt_xml - recognise a document and judge it in one streaming, schema-validated pass.
 *
 * DESCRIPTION
 *	fmt_check_fd reads the file three ways, each bounded:
 *	1. the first bytes: empty (EMPTY), the CSV form ("#passerelle <flow> ..."), or not XML at
 *	   all (UNKNOWN-FLOW);
 *	2. a recognition pass, a push parser with no schema that stops at the root element (for an
 *	   Enedis "Courbe", at its Identifiant_Flux): the root's namespace picks the flow. A DTD
 *	   stops it at once (XML-DTD), before any entity declaration is even parsed;
 *	3. from offset 0 again, the judging pass: a push parser whose SAX events go through the
 *	   flow's schema (xmlSchemaSAXPlug) and then to the flow's checker. Enedis R4x and R50
 *	   files have no schema of ours: fmt_enedis checks them and feeds the cdc checker.
 *	No tree is built: the parser hands us names and attribute values in place, so memory
 *	stays flat whatever the file size (only the flow's own per-document sets grow).
 *
 *	Line numbers: libxml2 2.9's streaming validation reports wrong lines, and tree nodes cap
 *	theirs at 65535. We keep our own: at each start tag the parser's current line (exact, an
 *	int), on a small stack by depth; a schema error is given the line of the element it is
 *	about (the start tag of the element being opened or closed).
 *
 * DIAGNOSTICS
 *	Every problem with the document is a reason in the report; -1 only when the file
 *	cannot be read (errno) or memory runs out (ENOMEM).
 *
 * BUGS
 *	The line of an element is the line of the end of its start tag (the '>'), as in
 *	libxml2's own trees; the two differ only for a start tag written over several lines.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>

#include "fmt.h"
#include "fmt_xml.h"
#include "fmt_cdc.h"
#include "fmt_enedis.h"
#include "fmt_csv.h"
#include "fmt_perimetre.h"
#include "fmt_cles.h"
#include "fmt_grdlist.h"
#include "fmt_weekly.h"
#include "fmt_contestation.h"
#include "fmt_aalist.h"

#define CHUNK       (256 * 1024)
#define DEPTH_MAX   300                /* libxml2 stops at 256 without HUGE */
#define MAX_ATTRS   32                 /* more is a schema error anyway */
#define PENDING_MAX (32 * 1024 * 1024) /* unparsed bytes a legitimate document never holds */
#define NS_PREFIX   "urn:passerelle:"

/* The flows carried as XML, with their schemas. */
static const struct fmt_xml_flow *const xml_flows[] = {
    &fmt_cdc_flow,
    &fmt_perimetre_flow,
    &fmt_cles_flow,
    &fmt_facteur_impact_flow,
    &fmt_eif_sites_flow,
    &fmt_sites_j1_flow,
    &fmt_eif_activations_flow,
    &fmt_flexloc_flow,
    &fmt_contestation_flow,
    &fmt_demande_perimetre_flow,
    &fmt_capacite_flow,
    &fmt_grd_list_flow,
};
#define NFLOWS (sizeof(xml_flows) / sizeof(xml_flows[0]))

struct fmt_ctx {
    struct fmt_opts opts;
    xmlSchemaPtr schemas[NFLOWS];
    char *buf; /* CHUNK bytes, reused by every check */
};

/* One read of the file, counting bytes against the limit. */
struct feeder {
    int fd;
    uint64_t total, max;
    int too_large;
};

/* The judging pass. */
struct xpass {
    const struct fmt_xml_flow *flow;
    void *st;
    struct fmt_report *rep;
    xmlParserCtxtPtr pctxt;
    int depth;
    long lines[DEPTH_MAX + 1];
    long errline; /* the line schema errors are about */
    char text[FMT_XML_TEXT_MAX + 1];
    size_t textlen; /* true length, may exceed FMT_XML_TEXT_MAX */
    int stopped;    /* an XML error, a DTD, a limit: the document is incomplete */
};

/* The recognition pass. */
struct sniff {
    xmlParserCtxtPtr pctxt;
    int done, dtd, nelem, in_flux;
    char root[64], ns[128], flux[16];
    int err;
    long errline;
    char errmsg[256];
};

static xmlExternalEntityLoader saved_loader;
static int saved_loader_set;

/* deny_loader - no external entity, DTD or schema is ever fetched after start-up */
static xmlParserInputPtr
deny_loader(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
    (void)url;
    (void)id;
    (void)ctxt;
    return NULL;
}

/* fmt_xml_attr_find - linear: elements have a handful of attributes */
const char *
fmt_xml_attr_str(const struct fmt_xml_attr *attrs, size_t nattrs, const char *name, char *buf,
                 size_t size)
{
    const struct fmt_xml_attr *a = fmt_xml_attr_find(attrs, nattrs, name);
    size_t len = a ? (a->len < size - 1 ? a->len : size - 1) : 0;

    if (len)
        memcpy(buf, a->value, len);
    buf[len] = '\0';
    return buf;
}

const struct fmt_xml_attr *
fmt_xml_attr_find(const struct fmt_xml_attr *attrs, size_t nattrs, const char *name)
{
    size_t i;

    for (i = 0; i < nattrs; i++)
        if (strcmp(attrs[i].name, name) == 0)
            return &attrs[i];
    return NULL;
}

/* clean_message - libxml2's message without its trailing newline nor "{namespace}" noise */
static void
clean_message(const char *msg, char *out, size_t size)
{
    size_t o = 0;
    const char *p;

    if (msg == NULL)
        msg = "(no message)";
    for (p = msg; *p != '\0' && o + 1 < size; p++) {
        if (*p == '{' && strncmp(p + 1, NS_PREFIX, strlen(NS_PREFIX)) == 0) {
            const char *q = strchr(p, '}');
            if (q != NULL) {
                p = q;
                continue;
            }
        }
        out[o++] = *p == '\n' ? ' ' : *p;
    }
    while (o > 0 && out[o - 1] == ' ')
        o--;
    out[o] = '\0';
}

/* cur_line - the parser's current line: exact, unlike node lines */
static long
cur_line(xmlParserCtxtPtr p)
{
    return (p != NULL && p->input != NULL) ? (long)p->input->line : 0;
}

/* ---------------------------------------------------------------- recognition pass */

static void
sniff_start(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *URI,
            int nb_namespaces, const xmlChar **namespaces, int nb_attributes, int nb_defaulted,
            const xmlChar **attributes)
{
    struct sniff *s = ctx;

    (void)prefix;
    (void)nb_namespaces;
    (void)namespaces;
    (void)nb_attributes;
    (void)nb_defaulted;
    (void)attributes;
    if (s->nelem++ == 0) {
        snprintf(s->root, sizeof(s->root), "%s", (const char *)localname);
        snprintf(s->ns, sizeof(s->ns), "%s", URI ? (const char *)URI : "");
        /* An Enedis R4x names itself in Entete/Identifiant_Flux: look a little further. */
        if (strcmp(s->root, "Courbe") != 0 || s->ns[0] != '\0')
            s->done = 1;
    } else if (strcmp((const char *)localname, "Identifiant_Flux") == 0) {
        s->in_flux = 1;
    } else if (s->nelem > 8) {
        s->done = 1;
    }
    if (s->done)
        xmlStopParser(s->pctxt);
}

static void
sniff_end(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *URI)
{
    struct sniff *s = ctx;

    (void)localname;
    (void)prefix;
    (void)URI;
    if (s->in_flux) {
        s->done = 1;
        xmlStopParser(s->pctxt);
    }
}

static void
sniff_chars(void *ctx, const xmlChar *ch, int len)
{
    struct sniff *s = ctx;
    size_t have = strlen(s->flux);

    if (!s->in_flux)
        return;
    if ((size_t)len > sizeof(s->flux) - 1 - have)
        len = (int)(sizeof(s->flux) - 1 - have);
    memcpy(s->flux + have, ch, (size_t)len);
    s->flux[have + (size_t)len] = '\0';
}

static void
sniff_dtd(void *ctx, const xmlChar *name, const xmlChar *ExternalID, const xmlChar *SystemID)
{
    struct sniff *s = ctx;

    (void)name;
    (void)ExternalID;
    (void)SystemID;
    s->dtd = 1;
    s->errline = cur_line(s->pctxt);
    xmlStopParser(s->pctxt);
}

static void
sniff_error(void *ctx, xmlErrorPtr e)
{
    struct sniff *s = ctx;

    if (e == NULL || e->level < XML_ERR_ERROR || s->err || s->done || s->dtd)
        return;
    s->err = 1;
    s->errline = e->line;
    clean_message(e->message, s->errmsg, sizeof(s->errmsg));
}

/* ---------------------------------------------------------------- judging pass */

/* ns_is - an element's namespace is the flow's ("" for the Enedis files, which have none) */
static int
ns_is(const xmlChar *uri, const char *ns)
{
    return uri == NULL ? ns[0] == '\0' : strcmp((const char *)uri, ns) == 0;
}

static void
pass_start(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *URI,
           int nb_namespaces, const xmlChar **namespaces, int nb_attributes, int nb_defaulted,
           const xmlChar **attributes)
{
    struct xpass *x = ctx;
    struct fmt_xml_attr at[MAX_ATTRS];
    size_t n = 0;
    int i;
    long line = cur_line(x->pctxt);

    (void)prefix;
    (void)nb_namespaces;
    (void)namespaces;
    (void)nb_defaulted;
    if (x->depth < DEPTH_MAX)
        x->depth++;
    x->lines[x->depth] = line;
    x->errline = line;
    x->textlen = 0;
    x->text[0] = '\0';
    if (x->stopped || !ns_is(URI, x->flow->ns))
        return;
    /* SAX2 gives 5 pointers per attribute: localname, prefix, URI, value, end. */
    for (i = 0; i < nb_attributes && n < MAX_ATTRS; i++) {
        if (attributes[i * 5 + 2] != NULL)
            continue; /* a namespaced attribute is not one of ours */
        at[n].name = (const char *)attributes[i * 5];
        at[n].value = (const char *)attributes[i * 5 + 3];
        at[n].len = (size_t)(attributes[i * 5 + 4] - attributes[i * 5 + 3]);
        n++;
    }
    x->flow->start(x->st, (const char *)localname, at, n, line);
}

static void
pass_end(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *URI)
{
    struct xpass *x = ctx;
    long line = x->lines[x->depth];

    (void)prefix;
    x->errline = line;
    /* The flows get at most FMT_XML_TEXT_MAX + 1 as the length: every byte below it is in
     * text (text[FMT_XML_TEXT_MAX] is the NUL), and a longer content still reads as too long.
     * The true length once made an Enedis value trimmed past the buffer (fuzz_fmt). */
    if (!x->stopped && ns_is(URI, x->flow->ns))
        x->flow->end(x->st, (const char *)localname, x->text,
                     x->textlen > FMT_XML_TEXT_MAX ? FMT_XML_TEXT_MAX + 1 : x->textlen, line);
    if (x->depth > 0)
        x->depth--;
    x->textlen = 0;
    x->text[0] = '\0';
}

static void
pass_chars(void *ctx, const xmlChar *ch, int len)
{
    struct xpass *x = ctx;
    size_t room, n = (size_t)len;

    if (x->textlen < FMT_XML_TEXT_MAX) {
        room = FMT_XML_TEXT_MAX - x->textlen;
        memcpy(x->text + x->textlen, ch, n < room ? n : room);
        x->text[x->textlen + (n < room ? n : room)] = '\0';
    }
    x->textlen += n;
}

/* pass_refuse - a DTD or an entity declaration: refused, never processed */
static void
pass_refuse(struct xpass *x)
{
    if (!x->stopped)
        fmt_report_add(x->rep, "XML-DTD", cur_line(x->pctxt),
                       "a DTD or entity declaration is refused (entities are not expanded)");
    x->stopped = 1;
    xmlStopParser(x->pctxt);
}

static void
pass_dtd(void *ctx, const xmlChar *name, const xmlChar *ExternalID, const xmlChar *SystemID)
{
    (void)name;
    (void)ExternalID;
    (void)SystemID;
    pass_refuse(ctx);
}

static void
pass_entity(void *ctx, const xmlChar *name, int type, const xmlChar *publicId,
            const xmlChar *systemId, xmlChar *content)
{
    (void)name;
    (void)type;
    (void)publicId;
    (void)systemId;
    (void)content;
    pass_refuse(ctx);
}

/* pass_parse_error - well-formedness: the first fatal error ends the document */
static void
pass_parse_error(void *ctx, xmlErrorPtr e)
{
    struct xpass *x = ctx;
    char msg[512];

    if (e == NULL || e->level < XML_ERR_ERROR || x->stopped || e->code == XML_ERR_USER_STOP)
        return;
    clean_message(e->message, msg, sizeof(msg));
    fmt_report_add(x->rep, "XML", e->line, "not well-formed: %s", msg);
    x->stopped = 1;
    xmlStopParser(x->pctxt);
}

/* pass_schema_error - one schema violation, at the line of the element concerned */
static void
pass_schema_error(void *ctx, xmlErrorPtr e)
{
    struct xpass *x = ctx;
    char msg[512];

    if (e == NULL || e->level < XML_ERR_ERROR || x->stopped)
        return;
    clean_message(e->message, msg, sizeof(msg));
    fmt_report_add(x->rep, "XSD", x->errline, "%s", msg);
}

/* ---------------------------------------------------------------- reading */

/* feed_read - up to CHUNK bytes; 0 at EOF, -1 errno. Sets too_large past the limit. */
static ssize_t
feed_read(struct feeder *f, char *buf)
{
    ssize_t n;

    do
        n = read(f->fd, buf, CHUNK);
    while (n < 0 && errno == EINTR);
    if (n > 0) {
        f->total += (uint64_t)n;
        if (f->total > f->max)
            f->too_large = 1;
    }
    return n;
}

/* rewind_fd - both passes read from offset 0 */
static int
rewind_fd(struct feeder *f)
{
    if (lseek(f->fd, 0, SEEK_SET) < 0)
        return -1;
    f->total = 0;
    f->too_large = 0;
    return 0;
}

/* pending - bytes the parser holds unparsed (a giant comment or DTD would pile up here) */
static size_t
pending(xmlParserCtxtPtr p)
{
    if (p == NULL || p->input == NULL || p->input->cur == NULL || p->input->end == NULL)
        return 0;
    return (size_t)(p->input->end - p->input->cur);
}

static void
too_large(struct fmt_report *rep, uint64_t max)
{
    fmt_report_add(rep, "TOO-LARGE", 0, "the file is larger than %llu bytes",
                   (unsigned long long)max);
}

/* run_sniff - the recognition pass. 0 or -1 (errno). */
static int
run_sniff(struct fmt_ctx *ctx, struct feeder *f, struct sniff *s, struct fmt_report *rep)
{
    xmlSAXHandler sax;
    ssize_t n;
    int ret = -1, saved;
    xmlStructuredErrorFunc old_handler = xmlStructuredError;
    void *old_data = xmlStructuredErrorContext;

    memset(&sax, 0, sizeof(sax));
    sax.initialized = XML_SAX2_MAGIC;
    sax.startElementNs = sniff_start;
    sax.endElementNs = sniff_end;
    sax.characters = sniff_chars;
    sax.internalSubset = sniff_dtd;
    memset(s, 0, sizeof(*s));
    if (rewind_fd(f) < 0)
        return -1;
    xmlSetStructuredErrorFunc(s, sniff_error);
    s->pctxt = xmlCreatePushParserCtxt(&sax, s, NULL, 0, NULL);
    if (s->pctxt == NULL) {
        errno = ENOMEM;
        goto out;
    }
    (void)xmlCtxtUseOptions(s->pctxt, XML_PARSE_NONET | XML_PARSE_IGNORE_ENC);
    for (;;) {
        n = feed_read(f, ctx->buf);
        if (n < 0)
            goto out;
        if (f->too_large) {
            too_large(rep, f->max);
            break;
        }
        (void)xmlParseChunk(s->pctxt, ctx->buf, (int)n, n == 0);
        if (n == 0 || s->done || s->dtd || s->err)
            break;
        if (pending(s->pctxt) > PENDING_MAX) {
            s->err = 1;
            s->errline = cur_line(s->pctxt);
            snprintf(s->errmsg, sizeof(s->errmsg), "a construct before the root is too large");
            break;
        }
    }
    ret = 0;
out:
    saved = errno;
    xmlSetStructuredErrorFunc(old_data, old_handler);
    if (s->pctxt != NULL)
        xmlFreeParserCtxt(s->pctxt);
    s->pctxt = NULL;
    errno = saved;
    return ret;
}

/* run_flow - the judging pass of flow, with its schema plugged in front (none for the Enedis
 * files: their checker looks at their structure itself). 0 or -1 (errno). */
static int
run_flow(struct fmt_ctx *ctx, const struct fmt_xml_flow *flow, xmlSchemaPtr schema,
         struct feeder *f, struct fmt_report *rep)
{
    xmlSchemaValidCtxtPtr vctxt = NULL;
    xmlSchemaSAXPlugPtr plug = NULL;
    xmlSAXHandler sax, *saxp = &sax;
    struct xpass *x = NULL;
    void *udata;
    ssize_t n;
    int ret = -1, saved, complete = 0;
    xmlStructuredErrorFunc old_handler = xmlStructuredError;
    void *old_data = xmlStructuredErrorContext;

    if (rewind_fd(f) < 0)
        return -1;
    if ((x = calloc(1, sizeof(*x))) == NULL)
        return -1;
    x->flow = flow;
    x->rep = rep;
    if ((x->st = flow->begin(&ctx->opts, rep)) == NULL)
        goto out;
    memset(&sax, 0, sizeof(sax));
    sax.initialized = XML_SAX2_MAGIC;
    sax.startElementNs = pass_start;
    sax.endElementNs = pass_end;
    sax.characters = pass_chars;
    sax.internalSubset = pass_dtd;
    sax.entityDecl = pass_entity;
    udata = x;
    errno = ENOMEM;
    if (schema != NULL) {
        if ((vctxt = xmlSchemaNewValidCtxt(schema)) == NULL)
            goto out;
        xmlSchemaSetValidStructuredErrors(vctxt, pass_schema_error, x);
        if ((plug = xmlSchemaSAXPlug(vctxt, &saxp, &udata)) == NULL)
            goto out;
    }
    /* Parser errors reach the global structured handler (the plugged SAX has no serror);
     * the caller's handler is put back afterwards. */
    xmlSetStructuredErrorFunc(x, pass_parse_error);
    if ((x->pctxt = xmlCreatePushParserCtxt(saxp, udata, NULL, 0, NULL)) == NULL)
        goto out;
    (void)xmlCtxtUseOptions(x->pctxt, XML_PARSE_NONET | XML_PARSE_IGNORE_ENC);
    for (;;) {
        n = feed_read(f, ctx->buf);
        if (n < 0)
            goto out;
        if (f->too_large) {
            too_large(rep, f->max);
            x->stopped = 1;
            break;
        }
        (void)xmlParseChunk(x->pctxt, ctx->buf, (int)n, n == 0);
        if (n == 0 || x->stopped)
            break;
        if (pending(x->pctxt) > PENDING_MAX) {
            fmt_report_add(rep, "XML", cur_line(x->pctxt),
                           "not well-formed: a construct larger than %d bytes", PENDING_MAX);
            x->stopped = 1;
            break;
        }
    }
    complete = !x->stopped && x->pctxt->wellFormed;
    if (!complete && !x->stopped && rep->nerrors == 0)
        fmt_report_add(rep, "XML", cur_line(x->pctxt), "not well-formed");
    if (flow->finish(x->st, complete) < 0)
        goto out;
    ret = 0;
out:
    saved = errno;
    xmlSetStructuredErrorFunc(old_data, old_handler);
    if (x != NULL && x->pctxt != NULL)
        xmlFreeParserCtxt(x->pctxt);
    if (plug != NULL)
        (void)xmlSchemaSAXUnplug(plug);
    if (vctxt != NULL)
        xmlSchemaFreeValidCtxt(vctxt);
    if (x != NULL && x->st != NULL)
        flow->free(x->st);
    free(x);
    errno = saved;
    return ret;
}

/* run_pass - the judging pass of the namespaced flow i */
static int
run_pass(struct fmt_ctx *ctx, size_t i, struct feeder *f, struct fmt_report *rep)
{
    return run_flow(ctx, xml_flows[i], ctx->schemas[i], f, rep);
}

/* ---------------------------------------------------------------- recognition */

/* csv_flow - "#passerelle <flow> ..." : the flow word, sanitised, into out */
static void
csv_flow(const char *p, size_t n, char *out, size_t size)
{
    size_t i = strlen("#passerelle "), o = 0;

    while (i < n && o + 1 < size &&
           ((p[i] >= 'a' && p[i] <= 'z') || (p[i] >= '0' && p[i] <= '9') || p[i] == '-'))
        out[o++] = p[i++];
    out[o] = '\0';
}

/* ns_flow - "urn:passerelle:<flow>:<n>": 1 and the flow word, else 0 */
static int
ns_flow(const char *ns, char *out, size_t size)
{
    const char *p = ns + strlen(NS_PREFIX), *q;
    size_t len;

    if (strncmp(ns, NS_PREFIX, strlen(NS_PREFIX)) != 0)
        return 0;
    for (q = p; (*q >= 'a' && *q <= 'z') || (*q >= '0' && *q <= '9') || *q == '-'; q++)
        ;
    len = (size_t)(q - p);
    if (len == 0 || len >= size || *q != ':' || q[1] < '0' || q[1] > '9')
        return 0;
    for (q++; *q >= '0' && *q <= '9'; q++)
        ;
    if (*q != '\0')
        return 0;
    memcpy(out, p, len);
    out[len] = '\0';
    return 1;
}

/* fmt_check_fd - see fmt.h */
int
fmt_check_fd_sink(struct fmt_ctx *ctx, int fd, struct fmt_report *rep, const struct fmt_sink *sink)
{
    const struct fmt_sink *saved = ctx->opts.sink;
    int rc;

    ctx->opts.sink = sink;
    rc = fmt_check_fd(ctx, fd, rep);
    ctx->opts.sink = saved;
    return rc;
}

int
fmt_check_fd(struct fmt_ctx *ctx, int fd, struct fmt_report *rep)
{
    struct feeder f = {.fd = fd, .max = ctx->opts.max_file_size};
    struct sniff s;
    struct stat st;
    char word[32];
    const char *p;
    ssize_t n;
    size_t i, k;
    int rc;

    if (fstat(fd, &st) < 0)
        return -1;
    if (S_ISREG(st.st_mode) && (uint64_t)st.st_size > f.max) {
        too_large(rep, f.max);
        return 0;
    }
    if (rewind_fd(&f) < 0)
        return -1;
    if ((n = feed_read(&f, ctx->buf)) < 0)
        return -1;
    if (n == 0) {
        fmt_report_add(rep, "EMPTY", 0, "the file is empty");
        return 0;
    }
    if (f.too_large) {
        too_large(rep, f.max);
        return 0;
    }
    /* First bytes: a UTF-8 BOM and blanks may precede '<' or the CSV magic line. */
    p = ctx->buf;
    k = 0;
    if (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
        k = 3;
    if ((size_t)n - k >= strlen("#passerelle ") &&
        memcmp(p + k, "#passerelle ", strlen("#passerelle ")) == 0) {
        csv_flow(p + k, (size_t)n - k, word, sizeof(word));
        /* A flow with a CSV form is judged by fmt_csv (same rules as its XML form). */
        if ((rc = fmt_csv_check_fd(&ctx->opts, word, fd, rep)) != 0)
            return rc < 0 ? -1 : 0;
        snprintf(rep->flow, sizeof(rep->flow), "%s", word);
        fmt_report_add(rep, "UNSUPPORTED-FLOW", 1,
                       "the CSV form (of flow \"%s\") is recognised but not carried (yet)", word);
        return 0;
    }
    while (k < (size_t)n && (p[k] == ' ' || p[k] == '\t' || p[k] == '\r' || p[k] == '\n'))
        k++;
    if (k == (size_t)n || p[k] != '<') {
        fmt_report_add(rep, "UNKNOWN-FLOW", 0, "not an XML document nor a Passerelle CSV file");
        return 0;
    }

    if (run_sniff(ctx, &f, &s, rep) < 0)
        return -1;
    if (f.too_large)
        return 0;
    if (s.dtd) {
        fmt_report_add(rep, "XML-DTD", s.errline,
                       "a DTD or entity declaration is refused (entities are not expanded)");
        return 0;
    }
    if (s.nelem == 0) {
        if (s.err)
            fmt_report_add(rep, "XML", s.errline, "not well-formed: %s", s.errmsg);
        else
            fmt_report_add(rep, "XML", 0, "not well-formed: no root element");
        return 0;
    }
    for (i = 0; i < NFLOWS; i++)
        if (strcmp(s.ns, xml_flows[i]->ns) == 0)
            break;
    if (i < NFLOWS) {
        snprintf(rep->flow, sizeof(rep->flow), "%s", xml_flows[i]->name);
        return run_pass(ctx, i, &f, rep);
    }
    if (ns_flow(s.ns, word, sizeof(word))) {
        snprintf(rep->flow, sizeof(rep->flow), "%s", word);
        fmt_report_add(rep, "UNSUPPORTED-FLOW", 0,
                       "%s (root %s) is recognised but not carried (yet)", s.ns, s.root);
        return 0;
    }
    /* Enedis load curves (no namespace) are judged as the cdc document they stand for. */
    if (s.ns[0] == '\0' && strcmp(s.root, "Courbe") == 0 && strncmp(s.flux, "R4", 2) == 0) {
        snprintf(rep->flow, sizeof(rep->flow), "%s", fmt_enedis_r4x_flow.name);
        return run_flow(ctx, &fmt_enedis_r4x_flow, NULL, &f, rep);
    }
    if (s.ns[0] == '\0' && strcmp(s.root, "R50") == 0) {
        snprintf(rep->flow, sizeof(rep->flow), "%s", fmt_enedis_r50_flow.name);
        return run_flow(ctx, &fmt_enedis_r50_flow, NULL, &f, rep);
    }
    if (strncmp(s.ns, "http://www.enedis.fr/", 21) == 0 ||
        (s.ns[0] == '\0' && s.root[0] == 'R' && s.root[1] >= '0' && s.root[1] <= '9')) {
        fmt_report_add(rep, "UNKNOWN-FLOW", 0,
                       "an Enedis %s document is not a flow this gateway carries (of Enedis "
                       "files it takes the R4x and R50 load curves only)",
                       s.root);
        return 0;
    }
    fmt_report_add(rep, "UNKNOWN-FLOW", 0, "root element %s%s%s%s is not a flow the gateway knows",
                   s.root, s.ns[0] ? " (namespace " : "", s.ns, s.ns[0] ? ")" : "");
    return 0;
}

/* ---------------------------------------------------------------- context */

/* schema_error - XSD loading problems go to the caller's err buffer (first one kept) */
static void
schema_error(void *ctx, xmlErrorPtr e)
{
    char *err = ctx;

    if (e == NULL || e->level < XML_ERR_ERROR || err[0] != '\0')
        return;
    clean_message(e->message, err, 256);
}

/* fmt_ctx_new - load every flow's schema, then deny external entities for good */
struct fmt_ctx *
fmt_ctx_new(const char *xsd_dir, const struct fmt_opts *opts, char *err, size_t errlen)
{
    struct fmt_ctx *ctx = NULL;
    xmlSchemaParserCtxtPtr pc = NULL;
    xmlStructuredErrorFunc old_handler;
    void *old_data;
    char path[4096], why[256];
    size_t i;

    xmlInitParser();
    old_handler = xmlStructuredError;
    old_data = xmlStructuredErrorContext;
    if (errlen > 0)
        err[0] = '\0';
    if ((ctx = calloc(1, sizeof(*ctx))) == NULL || (ctx->buf = malloc(CHUNK)) == NULL) {
        snprintf(err, errlen, "out of memory");
        goto fail;
    }
    if (opts != NULL)
        ctx->opts = *opts;
    else
        fmt_opts_default(&ctx->opts);
    /* Our own local XSDs are the only thing ever loaded through the default loader. */
    if (!saved_loader_set) {
        saved_loader = xmlGetExternalEntityLoader();
        saved_loader_set = 1;
    }
    xmlSetExternalEntityLoader(saved_loader);
    for (i = 0; i < NFLOWS; i++) {
        if (snprintf(path, sizeof(path), "%s/%s", xsd_dir, xml_flows[i]->xsd) >=
            (int)sizeof(path)) {
            snprintf(err, errlen, "%s: path too long", xsd_dir);
            goto fail;
        }
        why[0] = '\0';
        if ((pc = xmlSchemaNewParserCtxt(path)) == NULL) {
            snprintf(err, errlen, "%s: out of memory", path);
            goto fail;
        }
        xmlSchemaSetParserStructuredErrors(pc, schema_error, why);
        xmlSetStructuredErrorFunc(why, schema_error);
        ctx->schemas[i] = xmlSchemaParse(pc);
        xmlSetStructuredErrorFunc(old_data, old_handler);
        xmlSchemaFreeParserCtxt(pc);
        pc = NULL;
        if (ctx->schemas[i] == NULL) {
            snprintf(err, errlen, "%s: %s", path, why[0] ? why : "cannot load the schema");
            goto fail;
        }
    }
    xmlSetExternalEntityLoader(deny_loader);
    return ctx;
fail:
    xmlSetExternalEntityLoader(deny_loader);
    fmt_ctx_free(ctx);
    return NULL;
}

/* fmt_ctx_free - NULL is fine */
void
fmt_ctx_free(struct fmt_ctx *ctx)
{
    size_t i;

    if (ctx == NULL)
        return;
    for (i = 0; i < NFLOWS; i++)
        if (ctx->schemas[i] != NULL)
            xmlSchemaFree(ctx->schemas[i]);
    free(ctx->buf);
    free(ctx);
}
