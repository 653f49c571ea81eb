/* fmt_convert - convert a document between its XML and CSV forms (passerelle convert).
 * Streaming both ways; the caller judges the input first (fmt_check_fd) and converts only an
 * accepted document. A flow converts when it has a CSV form (fmt_csv.h). Errors: -1 with
 * errno, nothing exits; output goes to a caller's FILE, which the caller flushes and closes. */
#ifndef FMT_CONVERT_H
#define FMT_CONVERT_H

#include <stdio.h>

#include "fmt_xml.h"

enum fmt_form { FMT_FORM_XML, FMT_FORM_CSV };

/* fmt_form_fd - the form of the document open on fd, by its first bytes (after a BOM):
 * "#passerelle " is CSV, anything else XML. Reads from offset 0. 0, or -1 with errno. */
int fmt_form_fd(int fd, enum fmt_form *form);

/* fmt_convert_fd - write the document on fd (of `flow`, in form `from`) in its other form to
 * out. 0; -1 with errno: ENOTSUP when the flow has no other form, EBADMSG when the input does
 * not parse, else the read or write error. */
int fmt_convert_fd(const char *flow, enum fmt_form from, int fd, FILE *out);

/* Events of fmt_convert_xml_walk, for the elements of one namespace. Attribute values are
 * not NUL-terminated; text is the first FMT_XML_TEXT_MAX bytes of the element's content,
 * NUL-terminated, len its length (FMT_XML_TEXT_MAX + 1 when longer). A callback returns
 * 0, or -1 to stop the walk with that failure (errno set). */
struct fmt_xml_walker {
    const char *ns;
    int (*start)(void *st, const char *name, const struct fmt_xml_attr *attrs, size_t n);
    int (*end)(void *st, const char *name, const char *text, size_t len);
};

/* fmt_convert_xml_walk - one plain SAX pass (no schema, no tree, NONET, no DTD) over the XML
 * document on fd from offset 0. 0; -1 with errno (EBADMSG: not well-formed or has a DTD). */
int fmt_convert_xml_walk(int fd, const struct fmt_xml_walker *w, void *st);

#endif
