#!/bin/sh
# cles - the répartition keys flow end to end from the command line: xsd/cles.xsd agrees with
# libxml2's own tool on the samples (valid ones and those whose faults lie beyond the schema
# pass xmllint --stream --schema; XSD*.xml fail it, at the line their .expect gives),
# `passerelle check` verdicts and exit codes, and no floating point on the keys' path.
# Run from the repository top.
. tests/lib/t.sh
P=${PASSERELLE:-$(pwd)/${B:-build}/passerelle}
OUT=$(mktemp /tmp/passerelle-cles.XXXXXX)
trap 'rm -f "$OUT"' EXIT

if command -v xmllint >/dev/null 2>&1; then
    for f in samples/cles/valid*.xml samples/cles/CLES-*.xml samples/cles/EIC-CHECK.xml; do
        [ -f "$f" ] || continue
        if xmllint --stream --noout --schema xsd/cles.xsd "$f" >/dev/null 2>&1; then
            t_pass "cles schema accepts $f"
        else
            t_fail "cles schema accepts $f" \
                "$(xmllint --stream --noout --schema xsd/cles.xsd "$f" 2>&1 | head -3)"
        fi
    done
    for f in samples/cles/XSD*.xml; do
        if xmllint --stream --noout --schema xsd/cles.xsd "$f" >/dev/null 2>&1; then
            t_fail "cles schema refuses $f" "xmllint accepted it"
        else
            t_pass "cles schema refuses $f"
        fi
        want=$(sed -n 's/^XSD //p' "${f%.xml}.expect" | head -1)
        got=$(xmllint --noout --schema xsd/cles.xsd "$f" 2>&1 |
            sed -n "s|^$f:\([0-9]*\):.*|\1|p" | head -1)
        t_eq "$f: xmllint's error line" "$want" "$got"
    done
else
    t_skip "cles xmllint agreement" "xmllint not installed"
fi

"$P" check samples/cles/valid.xml >"$OUT" 2>&1
t_eq "check cles valid exits 0" 0 $?
t_grep "check cles valid: accepted" '^samples/cles/valid.xml: accepted \(0 errors, 0 warnings\)$' "$OUT"
"$P" check samples/cles/CLES-JUSTIFIED.xml >"$OUT" 2>&1
t_eq "check cles justified exits 0" 0 $?
t_grep "check cles justified: accepted with a warning" \
    '^samples/cles/CLES-JUSTIFIED.xml:[0-9]+: warning: CLES-JUSTIFIED: .+ \[2\.L\.6\.1\.1\]$' "$OUT"
"$P" check samples/cles/CLES-SUM-thirds.xml >"$OUT" 2>&1
t_eq "check cles wrong sum exits 1" 1 $?
t_grep "check cles wrong sum: the exact sum is named" \
    '^samples/cles/CLES-SUM-thirds.xml:11: error: CLES-SUM: .*0\.999999999999.* \[2\.L\.6\.1\.1\]$' "$OUT"
"$P" check --json samples/cles/valid.xml >"$OUT" 2>&1
t_grep "check --json cles: flow cles" '"flow": ?"cles"' "$OUT"

# No binary floating point on the keys' path (comments aside).
if sed 's|/\*.*\*/||; s|^ *\*.*||' formats/fmt_decimal.c formats/fmt_decimal.h formats/fmt_cles.c \
    formats/fmt_cles.h | grep -nE '\b(float|double|strtod|atof|strtof|strtold|long double)\b'; then
    t_fail "no floating point in fmt_decimal/fmt_cles" "found above"
else
    t_pass "no floating point in fmt_decimal/fmt_cles"
fi
t_done
