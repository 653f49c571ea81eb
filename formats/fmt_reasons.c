/* fmt_reasons - the table of reason codes, severities and articles.
 *
 * DESCRIPTION
 *	One static table lists every reason a check can give: its stable code (senders automate
 *	on it), its severity, the article of the rules (or the FORMATS.md section) it enforces,
 *	and a one-line summary. `passerelle codes` prints it; the man page documents it.
 *	Codes never change meaning once published: add new ones, do not rename.
 */
#include <string.h>

#include "fmt.h"

static const struct fmt_code fmt_code_table[] = {
    /* Any document. */
    {"EMPTY", FMT_SEV_ERROR, "FORMATS", "the file is empty"},
    {"TOO-LARGE", FMT_SEV_ERROR, "FORMATS", "the file is larger than max_file_size"},
    {"UNKNOWN-FLOW", FMT_SEV_ERROR, "FORMATS", "not a document of any flow the gateway knows"},
    {"UNSUPPORTED-FLOW", FMT_SEV_ERROR, "FORMATS",
     "a recognised flow or form that the gateway does not carry (yet)"},
    {"XML", FMT_SEV_ERROR, "FORMATS", "the document is not well-formed XML"},
    {"XML-DTD", FMT_SEV_ERROR, "FORMATS",
     "the document has a DTD or entity declarations (refused, never expanded)"},
    {"XSD", FMT_SEV_ERROR, "FORMATS", "the document does not follow its schema (xsd/)"},
    {"EIC-CHECK", FMT_SEV_ERROR, "FORMATS", "an EIC code has a wrong check character"},
    {"FMT-TRUNCATED", FMT_SEV_WARNING, "FORMATS",
     "too many reasons: the rest are counted but not listed"},
    /* The CSV forms (FORMATS.md "CSV forms"); a value that breaks its schema type is XSD. */
    {"CSV-LINE", FMT_SEV_ERROR, "FORMATS CSV",
     "a CSV line is longer than 64 KiB (the file is not read further)"},
    {"CSV-UTF8", FMT_SEV_ERROR, "FORMATS CSV", "a CSV line is not valid UTF-8 or holds a NUL byte"},
    {"CSV-HEADER", FMT_SEV_ERROR, "FORMATS CSV",
     "the first line is not #passerelle <flow> <version> with each header field once"},
    {"CSV-COLUMN", FMT_SEV_ERROR, "FORMATS CSV",
     "the header row names an unknown or repeated column, or lacks a required one"},
    {"CSV-FIELD", FMT_SEV_ERROR, "FORMATS CSV",
     "a CSV row has a broken quote or not as many fields as the header row"},
    /* Decided by the daemon (not by `check`): history, deadlines, inboxes. */
    {"BAD-NAME", FMT_SEV_ERROR, "passerelle(8) inboxes",
     "the file name is not 1-200 characters of [A-Za-z0-9._-] (shown escaped)"},
    {"NOT-REGULAR", FMT_SEV_ERROR, "passerelle(8) inboxes",
     "a symlink, FIFO, device or hard-linked file: never followed nor opened"},
    {"NOT-OWNER", FMT_SEV_ERROR, "2.L.2.2.1",
     "a site outside the sender's reference perimeter (GRD: its network; AA: its EDAs)"},
    {"CDC-UNIT", FMT_SEV_ERROR, "2.L.2.2.2", "a curve sent by an aggregator is not in W"},
    {"CDC-OVERLAP", FMT_SEV_ERROR, "2.L.2.2.1",
     "steps of a site already covered by another accepted document (mRID): send a new revision"},
    {"ENVELOPE", FMT_SEV_ERROR, "FORMATS envelopes",
     "a gzip or zip envelope that cannot be unpacked within the limits (corrupt, bomb, nested)"},
    {"UNPACKED", FMT_SEV_WARNING, "FORMATS envelopes",
     "an envelope unpacked into documents that are judged and acknowledged on their own"},
    {"REVISION-STALE", FMT_SEV_ERROR, "FORMATS header",
     "a revision older than one already accepted for the same mRID"},
    {"SENDER-MISMATCH", FMT_SEV_ERROR, "FORMATS header",
     "the document's sender is not the EIC configured for the inbox it was dropped into"},
    {"DUPLICATE", FMT_SEV_ERROR, "FORMATS header",
     "same content, or same mRID and revision, as a file already accepted from this sender"},
    {"LATE", FMT_SEV_ERROR, "2.L.2.2.1",
     "received after the flow's deadline (load curves: Friday 12:00 of week S+1)"},
    /* Load curves, urn:passerelle:cdc:1. */
    {"CDC-RESOLUTION", FMT_SEV_ERROR, "2.L.2.2.1",
     "HTA and BTSUP36 curves use PT5M, BTINF36 curves use PT15M"},
    {"CDC-PROFILE", FMT_SEV_ERROR, "2.L.2.2.2",
     "a profiled curve is for a BTINF36 withdrawal (soutirage) site"},
    {"CDC-NEGATIVE", FMT_SEV_ERROR, "2.L.2.2.1", "a negative quantity outside a stockage series"},
    {"CDC-QUALITY-S", FMT_SEV_ERROR, "FORMATS cdc",
     "quality S (substituted) is written by the gateway only"},
    {"CDC-WEEK", FMT_SEV_ERROR, "2.L.2.2.1",
     "week@start is not the first day of a week S, or a period lies outside week S"},
    {"CDC-INSTANT", FMT_SEV_ERROR, "FORMATS cdc",
     "a period bound is not a real (or supported) UTC instant"},
    {"CDC-GRID", FMT_SEV_ERROR, "FORMATS cdc", "a period bound is not on the resolution's grid"},
    {"CDC-STEP", FMT_SEV_ERROR, "FORMATS cdc",
     "(end - start) is not a positive whole number of steps"},
    {"CDC-POSITION", FMT_SEV_ERROR, "FORMATS cdc", "a position lies beyond its period"},
    {"CDC-POSITION-DUP", FMT_SEV_ERROR, "FORMATS cdc", "a position is repeated in a period"},
    {"CDC-PERIOD-OVERLAP", FMT_SEV_ERROR, "FORMATS cdc", "two periods of one series overlap"},
    {"CDC-SITE-DUP", FMT_SEV_ERROR, "FORMATS cdc", "a site appears in more than one series"},
    {"CDC-MISSING", FMT_SEV_WARNING, "2.L.2.2.1",
     "a site has missing steps (counted as zero if still missing at the deadline)"},
    /* Enedis R4x and R50 load curves, judged as cdc documents (fmt_enedis). */
    {"ENEDIS-STEP", FMT_SEV_ERROR, "2.L.2.2.1",
     "an Enedis curve's step (Granularite, Pas_Publication) is not 5 or 15 minutes"},
    {"ENEDIS-OFFSET", FMT_SEV_ERROR, "FORMATS enedis",
     "an Enedis timestamp has no UTC offset (ambiguous in the October repeated hour)"},
    {"ENEDIS-TIME", FMT_SEV_ERROR, "FORMATS enedis",
     "an Enedis point has no timestamp, or one that is not a real instant"},
    {"ENEDIS-VALUE", FMT_SEV_ERROR, "FORMATS enedis",
     "an Enedis point's value is not an integer (never rounded)"},
    {"ENEDIS-UNIT", FMT_SEV_ERROR, "2.L.2", "an Enedis active-energy curve is not in kW or W"},
    {"ENEDIS-PRM", FMT_SEV_ERROR, "FORMATS enedis", "an Enedis PRM is not 14 digits"},
    {"ENEDIS-NO-EA", FMT_SEV_ERROR, "FORMATS enedis",
     "an Enedis file without an active-energy (EA) curve or without any point"},
    {"ENEDIS-IGNORED", FMT_SEV_WARNING, "FORMATS enedis",
     "quantities other than active energy (EA) in an Enedis file are ignored (named)"},
    {"ENEDIS-NO-PERIMETER", FMT_SEV_WARNING, "FORMATS enedis",
     "an Enedis file's sender is its inbox's EIC; without the perimeter, rules that need its "
     "EDA and segment are skipped"},
    /* Répartition keys, urn:passerelle:cles:1. */
    {"CLES-SUM", FMT_SEV_ERROR, "2.L.6.1.1",
     "the keys of a point do not sum to exactly 1 (exact decimal arithmetic)"},
    {"CLES-SITES", FMT_SEV_ERROR, "2.L.6.1.1",
     "a point of an EDA does not give keys to the same set of sites as its first point"},
    {"CLES-MIN-SITES", FMT_SEV_ERROR, "2.L.6.1.2",
     "keys for fewer than two sites: keys are sent only for EDAs of more than one site"},
    {"CLES-RANGE", FMT_SEV_ERROR, "2.L.6.1.1",
     "a key outside [0, 1] in an EDA without @justification"},
    {"CLES-JUSTIFIED", FMT_SEV_WARNING, "2.L.6.1.1",
     "keys outside [0, 1], accepted under the EDA's @justification (counted per EDA)"},
    {"CLES-MONTH", FMT_SEV_ERROR, "2.L.6.1.2",
     "a period lies outside month M (local bounds), or month M is not a supported month"},
    {"CLES-INSTANT", FMT_SEV_ERROR, "FORMATS cles",
     "a period bound is not a real (or supported) UTC instant"},
    {"CLES-GRID", FMT_SEV_ERROR, "FORMATS cles", "a period bound is not on the PT5M grid"},
    {"CLES-STEP", FMT_SEV_ERROR, "FORMATS cles",
     "(end - start) is not a positive whole number of PT5M steps"},
    {"CLES-POSITION", FMT_SEV_ERROR, "FORMATS cles", "a position lies beyond its period"},
    {"CLES-POSITION-DUP", FMT_SEV_ERROR, "FORMATS cles", "a position is repeated in a period"},
    {"CLES-PERIOD-OVERLAP", FMT_SEV_ERROR, "FORMATS cles", "two periods of one EDA overlap"},
    {"CLES-SITE-DUP", FMT_SEV_ERROR, "2.L.6.1.1", "a site has two keys in one point"},
    {"CLES-EDA-DUP", FMT_SEV_ERROR, "FORMATS cles", "an EDA appears in more than one block"},
    {"CLES-DEFAULT", FMT_SEV_ERROR, "2.L.6.1.2",
     "a ClesParDefaut (the 1/n defaults) is stated by the gateway only, never sent to it"},
    /* Perimeter notices, urn:passerelle:perimetre:1. */
    {"PERIM-ATTR", FMT_SEV_ERROR, "2.F.3.3.3.2",
     "a Site lacks an attribute its notice's kind requires, or has one of the other kind"},
    {"PERIM-SITE-DUP", FMT_SEV_ERROR, "2.F.3.3.3.2", "a site appears twice in one notice"},
    {"PERIM-EDA-KIND", FMT_SEV_ERROR, "2.F.2.4-6",
     "the sites of one EDA differ on its kind (nature of an injection EDA, curve type of a "
     "soutirage EDA)"},
    {"PERIM-EDA-AA", FMT_SEV_ERROR, "2.F.3.3.3.2",
     "the sites of one EDA name different owning AAs"},
    /* Monthly GRD lists: facteur-impact, eif-sites, sites-j1. */
    {"IMPACT-DUP", FMT_SEV_ERROR, "2.F.3.3.3.2.3",
     "a second impact factor for the same EDA and source substation"},
    {"EIF-SITE-DUP", FMT_SEV_ERROR, "2.F.3.3.4.2", "a site appears twice in one EIF site list"},
    {"J1-SITE-DUP", FMT_SEV_ERROR, "2.F.3.3.3.2.2",
     "a site appears twice in one day-1 telemetered-withdrawal site list"},
    /* Weekly flows sent with the load curves: eif-activations, flexloc. */
    {"EIFACT-WEEK", FMT_SEV_ERROR, "2.F.3.3.4.2",
     "week@start is not the first day of a week S, or an activation lies outside week S"},
    {"EIFACT-INSTANT", FMT_SEV_ERROR, "FORMATS eif-activations",
     "an activation bound is not a real (or supported) UTC instant"},
    {"EIFACT-ORDER", FMT_SEV_ERROR, "2.F.3.3.4.2", "an activation does not end after it starts"},
    {"FLEX-WEEK", FMT_SEV_ERROR, "2.L.2.2.3",
     "week@start is not the first day of a week S, or a period lies outside week S"},
    {"FLEX-INSTANT", FMT_SEV_ERROR, "FORMATS flexloc",
     "a period bound is not a real (or supported) UTC instant"},
    {"FLEX-GRID", FMT_SEV_ERROR, "2.L.2.2.3", "a period bound is not on the PT5M grid"},
    {"FLEX-STEP", FMT_SEV_ERROR, "FORMATS flexloc",
     "(end - start) is not a positive whole number of PT5M steps"},
    {"FLEX-POSITION", FMT_SEV_ERROR, "FORMATS flexloc", "a position lies beyond its period"},
    {"FLEX-POSITION-DUP", FMT_SEV_ERROR, "FORMATS flexloc", "a position is repeated in a period"},
    {"FLEX-PERIOD-OVERLAP", FMT_SEV_ERROR, "FORMATS flexloc", "two periods of one series overlap"},
    {"FLEX-EDA-DUP", FMT_SEV_ERROR, "2.L.2.2.3", "an EDA appears in more than one series"},
    /* Contestation of curves (AA to GRD). */
    {"CONTEST-INSTANT", FMT_SEV_ERROR, "FORMATS contestation",
     "a Steps bound is not a real (or supported) UTC instant"},
    {"CONTEST-GRID", FMT_SEV_ERROR, "2.L.2.2.1", "a Steps bound is not on the 5-minute grid"},
    {"CONTEST-STEPS", FMT_SEV_ERROR, "2.L.2.2.1", "disputed steps do not end after they start"},
    {"CONTEST-OVERLAP", FMT_SEV_ERROR, "FORMATS contestation",
     "the disputed steps of a site are not in chronological order or overlap"},
    {"CONTEST-SITE-DUP", FMT_SEV_ERROR, "2.L.2.2.1",
     "a site is disputed twice in one contestation"},
    /* The aggregators' monthly lists: demande-perimetre, capacite, grd-list. */
    {"DEMANDE-SITE-DUP", FMT_SEV_ERROR, "2.F.3.3.2",
     "a site appears in two requests of one perimeter change request"},
    {"CAPA-EDA-DUP", FMT_SEV_ERROR, "2.F.3.4.2", "a second capacity for the same EDA"},
    {"GRDLIST-EDA-DUP", FMT_SEV_ERROR, "2.F.3.3.2", "an EDA appears twice in one GRD list"},
    {"GRDLIST-GRD-DUP", FMT_SEV_ERROR, "2.F.3.3.2", "a GRD is listed twice for one EDA"},
};

/* fmt_codes - the whole table */
const struct fmt_code *
fmt_codes(size_t *n)
{
    *n = sizeof(fmt_code_table) / sizeof(fmt_code_table[0]);
    return fmt_code_table;
}

/* fmt_code_lookup - one entry by code, NULL when unknown */
const struct fmt_code *
fmt_code_lookup(const char *code)
{
    size_t i;

    if (code == NULL)
        return NULL;
    for (i = 0; i < sizeof(fmt_code_table) / sizeof(fmt_code_table[0]); i++)
        if (strcmp(fmt_code_table[i].code, code) == 0)
            return &fmt_code_table[i];
    return NULL;
}
