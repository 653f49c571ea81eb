#!/bin/sh
# convert_flows.sh - passerelle convert and check on the CSV forms of the flows other than cdc
# (convert.sh): XML -> CSV -> XML byte-identical on every samples/<flow>/valid*.xml, CSV -> XML
# -> CSV on the canonical CSV sample, the other CSV samples canonical after one pass, the same
# verdict and codes for each valid XML sample and its CSV form, rejected CSV samples refused by
# convert (exit 1, nothing written). Runs from the repository top.
. tests/lib/t.sh
B=${B:-build}
P=${PASSERELLE:-$(pwd)/$B/passerelle}
T=$(mktemp -d /tmp/passerelle-convert-flows.XXXXXX)
trap 'rm -rf "$T"' EXIT

codes_of() { sed -n 's/.*: \(error\|warning\): \([A-Z0-9-]*\): .*/\2/p' "$1" | sort | uniq -c; }

for flow in cles perimetre facteur-impact eif-sites sites-j1 demande-perimetre capacite eif-activations grd-list flexloc; do
    for f in samples/$flow/valid*.xml; do
        b=$flow-$(basename "$f" .xml)
        "$P" convert "$f" "$T/$b.csv" 2>"$T/err"
        t_eq "$b: XML -> CSV exits 0" 0 $?
        t_grep "$b: CSV first line" "^#passerelle $flow 1;mRID=" "$T/$b.csv"
        "$P" convert "$T/$b.csv" "$T/$b.xml" 2>"$T/err"
        t_eq "$b: CSV -> XML exits 0" 0 $?
        t_check "$b: XML -> CSV -> XML gives the same bytes" cmp -s "$f" "$T/$b.xml"
        "$P" convert "$T/$b.xml" "$T/$b.2.csv" 2>"$T/err"
        t_check "$b: CSV -> XML -> CSV gives the same bytes" cmp -s "$T/$b.csv" "$T/$b.2.csv"
        "$P" check "$f" >"$T/x.out" 2>&1
        xr=$?
        "$P" check "$T/$b.csv" >"$T/c.out" 2>&1
        t_eq "$b: the same exit status in both forms" "$xr" $?
        t_eq "$b: the same verdict in both forms" "$(sed -n '1s/^[^:]*: //p' "$T/x.out")" \
            "$(sed -n '1s/^[^:]*: //p' "$T/c.out")"
        t_eq "$b: the same reasons in both forms" "$(codes_of "$T/x.out")" "$(codes_of "$T/c.out")"
    done
    for f in samples/$flow-csv/valid*.csv; do
        b=$flow-csv-$(basename "$f" .csv)
        "$P" convert "$f" "$T/$b.xml" 2>"$T/err"
        t_eq "$b: CSV -> XML exits 0" 0 $?
        if command -v xmllint >/dev/null 2>&1; then
            t_check "$b: the XML follows xsd/$flow.xsd" \
                xmllint --stream --noout --schema "xsd/$flow.xsd" "$T/$b.xml"
        else
            t_skip "$b: the XML follows xsd/$flow.xsd" "xmllint absent"
        fi
        "$P" check "$T/$b.xml" >/dev/null 2>&1
        t_eq "$b: its XML form is accepted" 0 $?
        "$P" convert "$T/$b.xml" "$T/$b.csv" 2>"$T/err"
        "$P" convert "$T/$b.csv" "$T/$b.2.xml" 2>"$T/err"
        t_check "$b: canonical after one pass (XML -> CSV -> XML same bytes)" \
            cmp -s "$T/$b.xml" "$T/$b.2.xml"
    done
    t_check "$flow: canonical CSV sample is the writer's layout" sh -c \
        "'$P' convert samples/$flow-csv/valid.csv '$T/v.xml' && '$P' convert '$T/v.xml' - | cmp -s - samples/$flow-csv/valid.csv"
    for f in samples/$flow-csv/*.csv; do
        case $(basename "$f") in valid*) continue ;; esac
        rm -f "$T/rej.xml"
        "$P" convert "$f" "$T/rej.xml" >/dev/null 2>"$T/err"
        t_eq "$flow-csv $(basename "$f"): rejected, exit 1" 1 $?
        t_check "$flow-csv $(basename "$f"): nothing written" test ! -e "$T/rej.xml"
        want=$(grep -v '^#' "${f%.csv}.expect" | head -n 1 | cut -d' ' -f1)
        t_grep "$flow-csv $(basename "$f"): reason $want on stderr" "$want" "$T/err"
    done
done
# A spreadsheet's keys (decimal commas) convert to the same XML as the canonical sample.
"$P" convert samples/cles-csv/valid-spreadsheet.csv "$T/sheet.xml" 2>"$T/err"
"$P" convert samples/cles-csv/valid.csv "$T/canon.xml" 2>"$T/err"
t_check "cles: decimal commas written back as points (spreadsheet = canonical)" \
    cmp -s "$T/sheet.xml" "$T/canon.xml"
# A spreadsheet's injection notice (only its columns, decimal commas): the canonical XML.
"$P" convert samples/perimetre-csv/valid-spreadsheet.csv "$T/psheet.xml" 2>"$T/err"
t_check "perimetre: spreadsheet columns and decimal commas give the canonical XML" \
    cmp -s "$T/psheet.xml" samples/perimetre/valid-injection.xml
t_done
