/* test_gw_ack - acknowledgements built from a ledger row and its stored reasons, checked against
 * xsd/ack.xsd with libxml2 (run from the repository top), read back through the DOM: reasons in
 * order with their attributes, XML special characters escaped, no Reason in the `delivered`
 * variant; ack_name. The ledger lives in a fresh mkdtemp directory. */
#include <errno.h>
#include <ftw.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlschemas.h>

#include "fmt.h"
#include "gw_ack.h"
#include "gw_buf.h"
#include "gw_ledger.h"

#define ACK_XSD "xsd/ack.xsd"
#define ACK_NS  "urn:passerelle:ack:1"
#define SHA     "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
#define NOW     1774746000 /* 2026-03-29T01:00:00Z */
#define RECV    1774742400 /* 2026-03-29T00:00:00Z */

struct fx {
    char top[64];
    struct ledger *l;
    xmlSchemaPtr schema;
    const struct fmt_code *err_code, *warn_code;
};

static struct fx *
fx(void **state)
{
    return *state;
}

static int
rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

/* pick_code - the preferred code when the table has it, else its first code of severity sev */
static const struct fmt_code *
pick_code(const char *preferred, enum fmt_severity sev)
{
    const struct fmt_code *t, *c = fmt_code_lookup(preferred);
    size_t n = 0, i;

    if (c && c->severity == sev)
        return c;
    t = fmt_codes(&n);
    for (i = 0; i < n; i++)
        if (t[i].severity == sev)
            return &t[i];
    return NULL;
}

static int
group_setup(void **state)
{
    struct fx *f = calloc(1, sizeof(*f));
    xmlSchemaParserCtxtPtr pc;
    char path[128], err[512];

    if (f == NULL)
        return -1;
    snprintf(f->top, sizeof(f->top), "/tmp/test_gw_ack.XXXXXX");
    if (mkdtemp(f->top) == NULL)
        return -1;
    snprintf(path, sizeof(path), "%s/ledger.db", f->top);
    if ((f->l = ledger_open(path, err, sizeof(err))) == NULL) {
        fprintf(stderr, "ledger_open: %s\n", err);
        return -1;
    }
    pc = xmlSchemaNewParserCtxt(ACK_XSD);
    if (pc == NULL)
        return -1;
    f->schema = xmlSchemaParse(pc);
    xmlSchemaFreeParserCtxt(pc);
    if (f->schema == NULL) {
        fprintf(stderr, "%s: cannot load (run from the repository top)\n", ACK_XSD);
        return -1;
    }
    f->err_code = pick_code("XSD", FMT_SEV_ERROR);
    f->warn_code = pick_code("CDC-MISSING", FMT_SEV_WARNING);
    if (f->err_code == NULL || f->warn_code == NULL)
        return -1;
    *state = f;
    return 0;
}

static int
group_teardown(void **state)
{
    struct fx *f = *state;

    xmlSchemaFree(f->schema);
    ledger_close(f->l);
    nftw(f->top, rm_one, 16, FTW_DEPTH | FTW_PHYS);
    free(f);
    xmlCleanupParser();
    return 0;
}

/* parse - the ack as a DOM, asserting well-formedness (safe options) */
static xmlDocPtr
parse(const struct gw_buf *b)
{
    xmlDocPtr doc = xmlReadMemory(b->data, (int)b->len, "ack.xml", NULL, XML_PARSE_NONET);

    if (doc == NULL)
        fail_msg("not well-formed:\n%s", b->data);
    return doc;
}

/* valid - 1 when doc follows xsd/ack.xsd */
static int
valid(struct fx *f, xmlDocPtr doc)
{
    xmlSchemaValidCtxtPtr vc = xmlSchemaNewValidCtxt(f->schema);
    int rc;

    assert_non_null(vc);
    rc = xmlSchemaValidateDoc(vc, doc);
    xmlSchemaFreeValidCtxt(vc);
    return rc == 0;
}

/* child - the n-th (0-based) child element of parent named name, or NULL */
static xmlNodePtr
child(xmlNodePtr parent, const char *name, int n)
{
    xmlNodePtr c;

    for (c = parent->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE && !strcmp((const char *)c->name, name) && n-- == 0)
            return c;
    return NULL;
}

static int
count_children(xmlNodePtr parent, const char *name)
{
    int n = 0;

    while (child(parent, name, n))
        n++;
    return n;
}

/* assert_prop - attribute name of node equals want (NULL: absent) */
static void
assert_prop(xmlNodePtr node, const char *name, const char *want)
{
    xmlChar *v = xmlGetProp(node, (const xmlChar *)name);

    if (want == NULL) {
        if (v != NULL)
            fail_msg("attribute %s present: \"%s\"", name, (const char *)v);
        return;
    }
    if (v == NULL)
        fail_msg("attribute %s missing", name);
    assert_string_equal((const char *)v, want);
    xmlFree(v);
}

static void
assert_text(xmlNodePtr node, const char *want)
{
    xmlChar *v = xmlNodeGetContent(node);

    assert_non_null(v);
    assert_string_equal((const char *)v, want);
    xmlFree(v);
}

/* make_file - a ledger row received and judged with rep; *lf read back */
static void
make_file(struct fx *f, const char *name, struct fmt_report *rep, const char *status,
          struct ledger_file *lf)
{
    int64_t id = 0;

    assert_int_equal(ledger_file_new(f->l, "grd1", name, 0, RECV, &id), 0);
    assert_int_equal(ledger_file_received(f->l, id, SHA, 4242), 0);
    assert_int_equal(ledger_file_judged(f->l, id, rep, status), 0);
    assert_int_equal(ledger_file_get(f->l, id, lf), 0);
}

static void
test_ack_build_rejected_valid(void **state)
{
    struct fx *f = fx(state);
    struct fmt_report rep;
    struct ledger_file lf;
    struct gw_buf *b = gw_buf_new(0);
    xmlDocPtr doc;
    xmlNodePtr root, rcv, r;
    char want_mrid[64];

    fmt_report_init(&rep, 0);
    snprintf(rep.flow, sizeof(rep.flow), "cdc");
    snprintf(rep.mrid, sizeof(rep.mrid), "CDC-2026-W13");
    rep.revision = 2;
    snprintf(rep.sender, sizeof(rep.sender), "17X100A100A0001A");
    rep.deadline = NOW + 86400;
    fmt_report_add(&rep, f->err_code->code, 17, "element Quantity: not a decimal");
    fmt_report_add(&rep, f->warn_code->code, 0, "site 42 has no curve");
    make_file(f, "cdc_w13.xml", &rep, "rejected", &lf);
    fmt_report_free(&rep);

    assert_int_equal(ack_build(f->l, &lf, "rejected", NOW, b), 0);
    doc = parse(b);
    if (!valid(f, doc))
        fail_msg("ack does not follow %s:\n%s", ACK_XSD, b->data);
    root = xmlDocGetRootElement(doc);
    assert_string_equal((const char *)root->name, "Accuse");
    assert_non_null(root->ns);
    assert_string_equal((const char *)root->ns->href, ACK_NS);
    snprintf(want_mrid, sizeof(want_mrid), "ACK-%lld-r", (long long)lf.id);
    assert_text(child(root, "mRID", 0), want_mrid);
    assert_text(child(root, "createdDateTime", 0), "2026-03-29T01:00:00Z");
    assert_text(child(root, "status", 0), "rejected");
    assert_non_null(child(root, "deadline", 0));
    rcv = child(root, "received", 0);
    assert_non_null(rcv);
    assert_prop(rcv, "file", "cdc_w13.xml");
    assert_prop(rcv, "sha256", SHA);
    assert_prop(rcv, "size", "4242");
    assert_prop(rcv, "mRID", "CDC-2026-W13");
    assert_prop(rcv, "revision", "2");
    assert_prop(rcv, "flow", "cdc");
    assert_prop(rcv, "sender", "17X100A100A0001A");
    assert_prop(rcv, "receivedDateTime", "2026-03-29T00:00:00Z");

    assert_int_equal(count_children(root, "Reason"), 2);
    r = child(root, "Reason", 0);
    assert_prop(r, "code", f->err_code->code);
    assert_prop(r, "severity", "error");
    assert_prop(r, "line", "17");
    assert_prop(r, "rule", f->err_code->rule);
    assert_text(r, "element Quantity: not a decimal");
    r = child(root, "Reason", 1);
    assert_prop(r, "code", f->warn_code->code);
    assert_prop(r, "severity", "warning");
    assert_prop(r, "line", NULL); /* no line: no attribute (positiveInteger) */
    assert_text(r, "site 42 has no curve");
    xmlFreeDoc(doc);
    gw_buf_free(b);
}

static void
test_ack_build_escapes_specials(void **state)
{
    struct fx *f = fx(state);
    const char *name = "a&b<c>\"d'e.xml";
    const char *text = "value <x> & \"quoted\" 'single' ]]> end";
    struct fmt_report rep;
    struct ledger_file lf;
    struct gw_buf *b = gw_buf_new(0);
    xmlDocPtr doc;
    xmlNodePtr root, r;

    fmt_report_init(&rep, 0);
    snprintf(rep.mrid, sizeof(rep.mrid), "m&<\"id>");
    snprintf(rep.flow, sizeof(rep.flow), "f<l>ow");
    fmt_report_add(&rep, f->err_code->code, 1, "%s", text);
    fmt_report_add(&rep, f->err_code->code, 2, "ctl\x01-char\x1f kept\tand\nnewline");
    make_file(f, name, &rep, "rejected", &lf);
    fmt_report_free(&rep);

    assert_int_equal(ack_build(f->l, &lf, "rejected", NOW, b), 0);
    /* nothing raw in the text */
    assert_null(strstr(b->data, "<x>"));
    assert_null(strstr(b->data, "a&b"));
    doc = parse(b);
    if (!valid(f, doc))
        fail_msg("ack does not follow %s:\n%s", ACK_XSD, b->data);
    root = xmlDocGetRootElement(doc);
    assert_prop(child(root, "received", 0), "file", name);
    assert_prop(child(root, "received", 0), "mRID", "m&<\"id>");
    assert_prop(child(root, "received", 0), "flow", "f<l>ow");
    r = child(root, "Reason", 0);
    assert_text(r, text);
    r = child(root, "Reason", 1);
    assert_text(r, "ctl-char kept\tand\nnewline"); /* control characters dropped */
    xmlFreeDoc(doc);
    gw_buf_free(b);
}

static void
test_ack_build_delivered_has_no_reasons(void **state)
{
    struct fx *f = fx(state);
    struct fmt_report rep;
    struct ledger_file lf;
    struct gw_buf *b = gw_buf_new(0);
    xmlDocPtr doc;
    xmlNodePtr root;
    char want_mrid[64];

    fmt_report_init(&rep, 0);
    snprintf(rep.flow, sizeof(rep.flow), "cdc");
    fmt_report_add(&rep, f->warn_code->code, 5, "a warning that the first ack carried");
    make_file(f, "w.xml", &rep, "accepted-with-warnings", &lf);
    fmt_report_free(&rep);

    /* the first acknowledgement carries the warning */
    assert_int_equal(ack_build(f->l, &lf, lf.status, NOW, b), 0);
    doc = parse(b);
    assert_true(valid(f, doc));
    assert_int_equal(count_children(xmlDocGetRootElement(doc), "Reason"), 1);
    assert_text(child(xmlDocGetRootElement(doc), "status", 0), "accepted-with-warnings");
    xmlFreeDoc(doc);

    /* the delivered one does not */
    gw_buf_reset(b);
    assert_int_equal(ack_build(f->l, &lf, "delivered", NOW, b), 0);
    assert_null(strstr(b->data, "Reason"));
    doc = parse(b);
    if (!valid(f, doc))
        fail_msg("ack does not follow %s:\n%s", ACK_XSD, b->data);
    root = xmlDocGetRootElement(doc);
    assert_text(child(root, "status", 0), "delivered");
    snprintf(want_mrid, sizeof(want_mrid), "ACK-%lld-d", (long long)lf.id);
    assert_text(child(root, "mRID", 0), want_mrid);
    assert_int_equal(count_children(root, "Reason"), 0);
    assert_null(child(root, "deadline", 0)); /* none in the row */
    xmlFreeDoc(doc);
    gw_buf_free(b);
}

static void
test_ack_build_accepted_minimal(void **state)
{
    struct fx *f = fx(state);
    struct fmt_report rep;
    struct ledger_file lf;
    struct gw_buf *b = gw_buf_new(0);
    xmlDocPtr doc;
    xmlNodePtr rcv;

    fmt_report_init(&rep, 0); /* no identification at all, no reasons */
    make_file(f, "plain.xml", &rep, "accepted", &lf);
    fmt_report_free(&rep);
    assert_int_equal(ack_build(f->l, &lf, "accepted", NOW, b), 0);
    doc = parse(b);
    if (!valid(f, doc))
        fail_msg("ack does not follow %s:\n%s", ACK_XSD, b->data);
    rcv = child(xmlDocGetRootElement(doc), "received", 0);
    assert_prop(rcv, "mRID", NULL);
    assert_prop(rcv, "revision", NULL);
    assert_prop(rcv, "flow", NULL);
    assert_int_equal(count_children(xmlDocGetRootElement(doc), "Reason"), 0);
    xmlFreeDoc(doc);
    gw_buf_free(b);
}

/* The validator really checks: an ack with a status outside the list is refused. */
static void
test_ack_build_schema_catches_bad_status(void **state)
{
    struct fx *f = fx(state);
    struct fmt_report rep;
    struct ledger_file lf;
    struct gw_buf *b = gw_buf_new(0);
    xmlDocPtr doc;

    fmt_report_init(&rep, 0);
    make_file(f, "s.xml", &rep, "accepted", &lf);
    fmt_report_free(&rep);
    assert_int_equal(ack_build(f->l, &lf, "bogus", NOW, b), 0);
    doc = parse(b);
    assert_false(valid(f, doc));
    xmlFreeDoc(doc);
    gw_buf_free(b);
}

static void
test_ack_build_buffer_limit(void **state)
{
    struct fx *f = fx(state);
    struct fmt_report rep;
    struct ledger_file lf;
    struct gw_buf *b = gw_buf_new(100);

    fmt_report_init(&rep, 0);
    fmt_report_add(&rep, f->err_code->code, 1, "some text");
    make_file(f, "big.xml", &rep, "rejected", &lf);
    fmt_report_free(&rep);
    errno = 0;
    assert_int_equal(ack_build(f->l, &lf, "rejected", NOW, b), -1);
    assert_int_equal(errno, E2BIG);
    gw_buf_free(b);
}

static void
test_ack_name_variants(void **state)
{
    struct ledger_file lf;
    char buf[64];

    (void)state;
    memset(&lf, 0, sizeof(lf));
    snprintf(lf.name, sizeof(lf.name), "cdc_w13.xml");
    assert_int_equal(ack_name(&lf, 0, buf, sizeof(buf)), 0);
    assert_string_equal(buf, "cdc_w13.xml.ack.xml");
    assert_int_equal(ack_name(&lf, 1, buf, sizeof(buf)), 0);
    assert_string_equal(buf, "cdc_w13.xml.delivered.ack.xml");
    /* truncation is an error, not a shorter name */
    errno = 0;
    assert_int_equal(ack_name(&lf, 1, buf, 20), -1);
    assert_int_equal(errno, ENAMETOOLONG);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ack_build_rejected_valid),
        cmocka_unit_test(test_ack_build_escapes_specials),
        cmocka_unit_test(test_ack_build_delivered_has_no_reasons),
        cmocka_unit_test(test_ack_build_accepted_minimal),
        cmocka_unit_test(test_ack_build_schema_catches_bad_status),
        cmocka_unit_test(test_ack_build_buffer_limit),
        cmocka_unit_test(test_ack_name_variants),
    };

    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
