#!/bin/sh
# xmllint_monthly - the monthly GRD flows' schemas agree with libxml2's own tool: every sample
# of samples/<flow>/ whose .expect names no XSD reason passes
# xmllint --stream --noout --schema xsd/<flow>.xsd, and every sample whose .expect does name
# one fails it. Run from the repository top.
. tests/lib/t.sh
if ! command -v xmllint >/dev/null 2>&1; then
    t_skip xmllint_monthly "xmllint not installed"
    t_done
fi
for flow in perimetre facteur-impact eif-sites sites-j1; do
    [ -d "samples/$flow" ] || continue
    xsd=xsd/$flow.xsd
    nvalid=0
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
done
t_done
