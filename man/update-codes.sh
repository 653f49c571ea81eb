#!/bin/sh
# update-codes.sh - regenerate the REASON CODES section of man/passerelle-flows.5 from
# `passerelle codes --json` (formats/fmt_reasons.c), between the lines ".\" BEGIN CODES" and
# ".\" END CODES". Run from the top of the tree after changing a code, then commit the page:
#     sh man/update-codes.sh [PASSERELLE [PAGE]]
# tests/integration/docs.sh runs it into a copy and fails while the page is out of step.
P=${1:-${PASSERELLE:-build/passerelle}}
PAGE=${2:-man/passerelle-flows.5}
set -e
tmp=$(mktemp)
trap 'rm -f "$tmp" "$tmp.json"' EXIT
"$P" codes --json >"$tmp.json"
python3 - "$tmp.json" "$PAGE" >"$tmp" <<'PY'
import json, sys

# Groups of codes by prefix, in the order of their first code in `passerelle codes`.
GROUPS = [
    ("CSV-", "CSV forms"), ("CDC-", "Load curves (cdc)"), ("ENEDIS-", "Enedis R4x and R50"),
    ("CLES-", "R\\('epartition keys (cles)"), ("PERIM-", "Perimeter notices (perimetre)"),
    ("IMPACT-", "Impact factors (facteur\\-impact)"), ("EIF-SITE-", "EIF sites (eif\\-sites)"),
    ("J1-", "Day\\-1 telemetered sites (sites\\-j1)"),
    ("EIFACT-", "EIF activations (eif\\-activations)"), ("FLEX-", "Local flexibility (flexloc)"),
    ("CONTEST-", "Contestations (contestation)"),
    ("DEMANDE-", "Perimeter change requests (demande\\-perimetre)"),
    ("CAPA-", "Adjustment capacities (capacite)"), ("GRDLIST-", "GRD lists (grd\\-list)"),
]
OTHER = "Any document, and the daemon's decisions"

def esc(s):
    s = s.replace("\\", "\\e").replace("-", "\\-")
    return "\\&" + s if s[:1] in (".", "'") else s

def group(code):
    for prefix, title in GROUPS:
        if code.startswith(prefix):
            return title
    return OTHER

codes = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
order, by = [], {}
for c in codes:
    g = group(c["code"])
    if g not in by:
        order.append(g)
        by[g] = []
    by[g].append(c)
out = [
    ".SH REASON CODES",
    "Every reason of an acknowledgement (and of",
    ".BR \"passerelle check\" )",
    "has a stable code, a severity (an error rejects the file, a warning does not) and the",
    "article of the rules it enforces, or",
    ".B FORMATS",
    "for a rule of the canonical formats.",
    "This section is generated from",
    ".BR \"passerelle codes\" ;",
    "%d codes." % len(codes),
]
for g in order:
    out.append(".SS " + g)
    for c in by[g]:
        out.append(".TP")
        out.append('.BR %s " (%s, %s)"' % (esc(c["code"]), c["severity"], esc(c["rule"])))
        out.append(esc(c["summary"]) + ".")
page = open(sys.argv[2]).read().split("\n")
begin, end = page.index('.\\" BEGIN CODES'), page.index('.\\" END CODES')
sys.stdout.write("\n".join(page[: begin + 1] + out + page[end:]))
PY
if cmp -s "$tmp" "$PAGE"; then
    echo "update-codes: $PAGE is up to date"
else
    cat "$tmp" >"$PAGE"
    echo "update-codes: $PAGE updated"
fi
