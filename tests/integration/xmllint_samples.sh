#!/bin/sh
# xmllint_samples - xsd/cdc.xsd agrees with libxml2's own tool: every valid sample (and every
# sample whose only faults are rules beyond the schema) passes xmllint --stream --schema, and
# XSD.xml fails it. Run from the repository top.
. tests/lib/t.sh
if ! command -v xmllint >/dev/null 2>&1; then
    t_skip xmllint_samples "xmllint not installed"
    t_done
fi
for f in samples/cdc/valid*.xml samples/cdc/CDC-*.xml samples/cdc/EIC-CHECK.xml; do
    [ -f "$f" ] || continue
    if xmllint --stream --noout --schema xsd/cdc.xsd "$f" >/dev/null 2>&1; then
        t_pass "schema accepts $f"
    else
        t_fail "schema accepts $f" "$(xmllint --stream --noout --schema xsd/cdc.xsd "$f" 2>&1 | head -3)"
    fi
done
if xmllint --stream --noout --schema xsd/cdc.xsd samples/cdc/XSD.xml >/dev/null 2>&1; then
    t_fail "schema refuses samples/cdc/XSD.xml" "xmllint accepted it"
else
    t_pass "schema refuses samples/cdc/XSD.xml"
fi
# The line xmllint names for XSD.xml is the one its .expect gives.
want=$(sed -n 's/^XSD //p' samples/cdc/XSD.expect)
got=$(xmllint --noout --schema xsd/cdc.xsd samples/cdc/XSD.xml 2>&1 | sed -n 's/^samples\/cdc\/XSD.xml:\([0-9]*\):.*/\1/p' | head -1)
t_eq "XSD.xml error line" "$want" "$got"
t_done
