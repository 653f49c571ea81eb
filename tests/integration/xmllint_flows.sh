#!/bin/sh
# xmllint_flows - the schemas of eif-activations, flexloc, contestation, demande-perimetre,
# capacite and grd-list agree with libxml2's own tool: every sample of samples/<flow>/ whose
# .expect names no XSD reason passes xmllint --stream --noout --schema xsd/<flow>.xsd, every
# sample whose .expect does name one fails it, and the line xmllint names for XSD.xml is the
# one its .expect gives. Run from the repository top.
. tests/lib/t.sh
if ! command -v xmllint >/dev/null 2>&1; then
    t_skip xmllint_flows "xmllint not installed"
    t_done
fi
for flow in eif-activations flexloc contestation demande-perimetre capacite grd-list; do
    xsd=xsd/$flow.xsd
    nvalid=0
    if [ ! -d "samples/$flow" ]; then
        t_fail "$flow: samples" "no samples/$flow"
        continue
    fi
    for f in samples/"$flow"/*.xml; do
        [ -f "$f" ] || continue
        exp=${f%.xml}.expect
        out=$(xmllint --stream --noout --schema "$xsd" "$f" 2>&1)
        rc=$?
        if grep -q '^XSD ' "$exp"; then
            if [ $rc -ne 0 ]; then t_pass "schema refuses $f"; else
                t_fail "schema refuses $f" "xmllint accepted it"; fi
        else
            if [ $rc -eq 0 ]; then t_pass "schema accepts $f"; else
                t_fail "schema accepts $f" "$(printf '%s' "$out" | head -3)"; fi
            case $f in */valid*) nvalid=$((nvalid + 1)) ;; esac
        fi
    done
    if [ "$nvalid" -ge 1 ]; then t_pass "$flow: valid samples checked"; else
        t_fail "$flow: valid samples checked" "no valid sample in samples/$flow"; fi
    want=$(sed -n 's/^XSD //p' "samples/$flow/XSD.expect" | head -1)
    got=$(xmllint --noout --schema "$xsd" "samples/$flow/XSD.xml" 2>&1 |
        sed -n "s|^samples/$flow/XSD.xml:\([0-9]*\):.*|\1|p" | head -1)
    t_eq "$flow: XSD.xml error line" "$want" "$got"
done
t_done
