/* fmt_xml - streaming XML with the XSD applied, for the flows of formats/ (internal).
 * One pass per document: a libxml2 push parser with our own SAX handlers, the flow's schema
 * plugged in front (xmlSchemaSAXPlug), no tree and no DOM, so memory stays flat. Parser errors
 * become reason XML, schema errors reason XSD, each with the true line of the element
 * concerned (libxml2 2.9's own streaming line numbers are wrong). Safe options only: NONET,
 * never NOENT/DTDLOAD/DTDVALID/XINCLUDE/HUGE; a DTD or entity declaration is refused (XML-DTD).
 * A flow sees elements of its namespace as start/end events; nothing here allocates per
 * element. fmt_ctx_new/fmt_ctx_free/fmt_check_fd (fmt.h) are implemented here. */
#ifndef FMT_XML_H
#define FMT_XML_H

#include <stddef.h>

#include "fmt.h"

/* Longest text content handed to a flow at an end event (header values are short). */
#define FMT_XML_TEXT_MAX 256

/* One attribute of a start event, in place in the parser's buffer: NOT NUL-terminated. */
struct fmt_xml_attr {
    const char *name; /* local name, NUL-terminated (unprefixed attributes only) */
    const char *value;
    size_t len;
};

/* A flow carried as XML. The checker state is the flow's own (opaque here). */
struct fmt_xml_flow {
    const char *name; /* "cdc": rep->flow */
    const char *ns;   /* "urn:passerelle:cdc:1" */
    const char *root; /* "CourbesDeCharge" */
    const char *xsd;  /* file name in the xsd directory */
    /* begin - a fresh checker writing into rep; NULL with ENOMEM. */
    void *(*begin)(const struct fmt_opts *opts, struct fmt_report *rep);
    /* start - an element of the flow's namespace opens on `line`. */
    void (*start)(void *st, const char *name, const struct fmt_xml_attr *attrs, size_t nattrs,
                  long line);
    /* end - it closes; text is its character content (first FMT_XML_TEXT_MAX bytes, NUL-
     * terminated), textlen its length, FMT_XML_TEXT_MAX + 1 when longer (so text[0..textlen)
     * is always readable). line is the line of its start tag. */
    void (*end)(void *st, const char *name, const char *text, size_t textlen, long line);
    /* finish - end of input; complete is 1 when the whole document was parsed (not when it
     * stopped on an XML error or a limit). Document-level checks (missing steps) go here.
     * 0, or -1 with ENOMEM when the checker ran short of memory on the way (its report is
     * then incomplete and must not be trusted). */
    int (*finish)(void *st, int complete);
    void (*free)(void *st);
};

/* fmt_xml_attr_find - the value of attribute `name` among attrs, NULL when absent. */
const struct fmt_xml_attr *fmt_xml_attr_find(const struct fmt_xml_attr *attrs, size_t nattrs,
                                             const char *name);
/* fmt_xml_attr_str - the value of attribute `name` copied NUL-terminated into buf (cut to
 * size - 1 bytes; "" when absent); returns buf. */
const char *fmt_xml_attr_str(const struct fmt_xml_attr *attrs, size_t nattrs, const char *name,
                             char *buf, size_t size);

#endif
