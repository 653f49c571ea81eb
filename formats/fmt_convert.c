/* fmt_convert - XML <-> CSV for the flows that have a CSV form.
 *
 * DESCRIPTION
 *	The table below names, per flow, the two streaming writers. XML is read with a plain
 *	libxml2 push parser (SAX2, no schema: the caller judged the document already, no tree,
 *	NONET, a DTD refused), fed CHUNK bytes at a time, so memory stays flat; the writers use
 *	the caller's buffered FILE.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/xmlerror.h>

#include "fmt_cdc_csv.h"
#include "fmt_cles_csv.h"
#include "fmt_flexloc_csv.h"
#include "fmt_perimetre_csv.h"
#include "fmt_convert.h"
#include "fmt_csv.h"
#include "fmt_list_csv.h"

#define CHUNK     (64 * 1024)
#define MAX_ATTRS 16

static const struct {
    const char *flow;
    int (*to_xml)(int fd, FILE *out);
    int (*to_csv)(int fd, FILE *out);
} converters[] = {
    {"cdc", fmt_cdc_csv_to_xml, fmt_cdc_xml_to_csv},
    {"cles", fmt_cles_csv_to_xml, fmt_cles_xml_to_csv},
    {"flexloc", fmt_flexloc_csv_to_xml, fmt_flexloc_xml_to_csv},
    {"perimetre", fmt_perimetre_csv_to_xml, fmt_perimetre_xml_to_csv},
};

/* fmt_form_fd - by the first bytes */
int
fmt_form_fd(int fd, enum fmt_form *form)
{
    char b[3 + sizeof(FMT_CSV_MAGIC)];
    size_t got = 0, k = 0;
    ssize_t n;

    if (lseek(fd, 0, SEEK_SET) < 0)
        return -1;
    while (got < sizeof(b)) {
        n = read(fd, b + got, sizeof(b) - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return -1;
        if (n == 0)
            break;
        got += (size_t)n;
    }
    if (got >= 3 && memcmp(b, "\xEF\xBB\xBF", 3) == 0)
        k = 3;
    *form =
        got - k >= strlen(FMT_CSV_MAGIC) && memcmp(b + k, FMT_CSV_MAGIC, strlen(FMT_CSV_MAGIC)) == 0
            ? FMT_FORM_CSV
            : FMT_FORM_XML;
    return 0;
}

/* fmt_convert_fd - by the table */
int
fmt_convert_fd(const char *flow, enum fmt_form from, int fd, FILE *out)
{
    size_t i;

    for (i = 0; i < sizeof(converters) / sizeof(converters[0]); i++)
        if (strcmp(converters[i].flow, flow) == 0)
            return from == FMT_FORM_CSV ? converters[i].to_xml(fd, out)
                                        : converters[i].to_csv(fd, out);
    /* the flat list flows: one table-driven pair (ENOTSUP for any other flow) */
    if (fmt_csv_form_find(flow) != NULL)
        return from == FMT_FORM_CSV ? fmt_list_csv_to_xml(flow, fd, out)
                                    : fmt_list_xml_to_csv(flow, fd, out);
    errno = ENOTSUP;
    return -1;
}

/* ---------------------------------------------------------------- the XML walk */

struct walk {
    const struct fmt_xml_walker *w;
    void *st;
    xmlParserCtxtPtr pctxt;
    char text[FMT_XML_TEXT_MAX + 1];
    size_t textlen;
    int failed, saved_errno, bad;
};

/* walk_fail - a callback failed: stop, keep its errno */
static void
walk_fail(struct walk *k)
{
    k->failed = 1;
    k->saved_errno = errno;
    xmlStopParser(k->pctxt);
}

static void
walk_start(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *URI,
           int nb_namespaces, const xmlChar **namespaces, int nb_attributes, int nb_defaulted,
           const xmlChar **attributes)
{
    struct walk *k = ctx;
    struct fmt_xml_attr at[MAX_ATTRS];
    size_t n = 0;
    int i;

    (void)prefix;
    (void)nb_namespaces;
    (void)namespaces;
    (void)nb_defaulted;
    k->textlen = 0;
    k->text[0] = '\0';
    if (k->failed || URI == NULL || strcmp((const char *)URI, k->w->ns) != 0)
        return;
    for (i = 0; i < nb_attributes && n < MAX_ATTRS; i++) {
        if (attributes[i * 5 + 2] != NULL)
            continue;
        at[n].name = (const char *)attributes[i * 5];
        at[n].value = (const char *)attributes[i * 5 + 3];
        at[n].len = (size_t)(attributes[i * 5 + 4] - attributes[i * 5 + 3]);
        n++;
    }
    if (k->w->start(k->st, (const char *)localname, at, n) < 0)
        walk_fail(k);
}

static void
walk_end(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *URI)
{
    struct walk *k = ctx;

    (void)prefix;
    if (!k->failed && URI != NULL && strcmp((const char *)URI, k->w->ns) == 0 &&
        k->w->end(k->st, (const char *)localname, k->text,
                  k->textlen > FMT_XML_TEXT_MAX ? FMT_XML_TEXT_MAX + 1 : k->textlen) < 0)
        walk_fail(k);
    k->textlen = 0;
    k->text[0] = '\0';
}

static void
walk_chars(void *ctx, const xmlChar *ch, int len)
{
    struct walk *k = ctx;
    size_t room, n = (size_t)len;

    if (k->textlen < FMT_XML_TEXT_MAX) {
        room = FMT_XML_TEXT_MAX - k->textlen;
        memcpy(k->text + k->textlen, ch, n < room ? n : room);
        k->text[k->textlen + (n < room ? n : room)] = '\0';
    }
    k->textlen += n;
}

static void
walk_dtd(void *ctx, const xmlChar *name, const xmlChar *ExternalID, const xmlChar *SystemID)
{
    struct walk *k = ctx;

    (void)name;
    (void)ExternalID;
    (void)SystemID;
    k->bad = 1;
    xmlStopParser(k->pctxt);
}

/* walk_error - parser errors are the caller's business (it judged the file): just note */
static void
walk_error(void *ctx, xmlErrorPtr e)
{
    struct walk *k = ctx;

    if (e != NULL && e->level >= XML_ERR_ERROR && e->code != XML_ERR_USER_STOP)
        k->bad = 1;
}

/* fmt_convert_xml_walk - see fmt_convert.h */
int
fmt_convert_xml_walk(int fd, const struct fmt_xml_walker *w, void *st)
{
    xmlSAXHandler sax;
    struct walk *k = NULL;
    char *buf = NULL;
    ssize_t n;
    int ret = -1, saved;
    xmlStructuredErrorFunc old_handler = xmlStructuredError;
    void *old_data = xmlStructuredErrorContext;

    if (lseek(fd, 0, SEEK_SET) < 0)
        return -1;
    if ((k = calloc(1, sizeof(*k))) == NULL || (buf = malloc(CHUNK)) == NULL)
        goto out;
    k->w = w;
    k->st = st;
    memset(&sax, 0, sizeof(sax));
    sax.initialized = XML_SAX2_MAGIC;
    sax.startElementNs = walk_start;
    sax.endElementNs = walk_end;
    sax.characters = walk_chars;
    sax.internalSubset = walk_dtd;
    xmlSetStructuredErrorFunc(k, walk_error);
    errno = ENOMEM;
    if ((k->pctxt = xmlCreatePushParserCtxt(&sax, k, NULL, 0, NULL)) == NULL)
        goto out;
    (void)xmlCtxtUseOptions(k->pctxt, XML_PARSE_NONET);
    for (;;) {
        do
            n = read(fd, buf, CHUNK);
        while (n < 0 && errno == EINTR);
        if (n < 0)
            goto out;
        (void)xmlParseChunk(k->pctxt, buf, (int)n, n == 0);
        if (n == 0 || k->failed || k->bad)
            break;
    }
    if (k->failed) {
        errno = k->saved_errno;
        goto out;
    }
    if (k->bad || !k->pctxt->wellFormed) {
        errno = EBADMSG;
        goto out;
    }
    ret = 0;
out:
    saved = errno;
    xmlSetStructuredErrorFunc(old_data, old_handler);
    if (k != NULL && k->pctxt != NULL)
        xmlFreeParserCtxt(k->pctxt);
    free(k);
    free(buf);
    errno = saved;
    return ret;
}
