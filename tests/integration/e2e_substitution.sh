#!/bin/sh
# Deadlines with consequences (issue 5): CDC-OVERLAP, zero-substitution at Friday 12:00 of S+1
# and 1/n keys at the third Thursday of M+1, with the settable clock and a real sshd.
# Week S = 2026-01-31 (Saturday 31 January to Friday 6 February: it spans two months).
# Perimeter: GRD A (soutirage A1 HTA, profiled P1 BTINF36 of an AA that is not qualified;
# injection EDA_PV_SUD: I1 HTA, I2 BTSUP36, I3 BTINF36) and GRD B (B1 HTA, B2 BTINF36, B3 HTA;
# B4 BTSUP36 joins from February). GRD A sends complete curves, GRD B a partial one (B2's first
# hour missing; B3 and B4 absent), the AA sends P1 complete. Expected files:
# tests/expected/substitution/.
. tests/lib/t.sh
. tests/lib/sshd.sh
. tests/lib/e2e.sh

NAMES="overlap rejected; revision accepted; bundle; manifest; report; check; deterministic; verify; cles defaults"
e2e_setup
rc=$?
if [ $rc -ne 0 ] || ! command -v python3 >/dev/null 2>&1; then
    for n in $(echo "$NAMES" | tr ' ;' '_ '); do t_skip "$n" "no usable sshd or python3 (rc $rc)"; done
    t_done
fi
trap e2e_cleanup EXIT
EXP=tests/expected/substitution
A=17X100A100A0001A
B=17X200B200B00027
AA=17XAGREGAT-0001B
WEEK=2026-01-31
e2e_conf senders="grda grdb aa1" sender.grda.eic=$A sender.grdb.eic=$B sender.aa1.eic=$AA \
    sender.aa1.role=aa sender.aa1.qualified=no

# --- documents ------------------------------------------------------------------------------
python3 - "$T" "$A" "$B" "$AA" <<'PY'
import sys
out, A, B, AA = sys.argv[1:]
RE = "17XRESPEQUIL002L"
SUP = "17XFOURNISSEUR1A"
def sout(ref, eda, seg, curve="telereleve"):
    return ('  <Site ref="%s" eda="%s" aa="%s" segment="%s" re="%s" supplier="%s" capacityKW="100"'
            ' bareme="B1" subscribedPowerKVA="36" category="Report" measureOrigin="GRD"'
            ' measureObject="compteur" curveType="%s" contract="CARD"/>\n' % (ref, eda, AA, seg, RE, SUP, curve))
def inj(ref, eda, seg):
    return ('  <Site ref="%s" eda="%s" aa="%s" segment="%s" nature="injection" re="%s"'
            ' capacityKW="500"/>\n' % (ref, eda, AA, seg, RE))
def notice(name, mrid, grd, month, kind, sites):
    with open(out + "/" + name, "w") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n<NotificationPerimetre xmlns="urn:passerelle:perimetre:1">\n'
                '  <mRID>%s</mRID>\n  <revision>1</revision>\n  <sender>%s</sender>\n'
                '  <receiver>10XFR-RTE------Q</receiver>\n  <createdDateTime>2025-11-20T08:00:00Z</createdDateTime>\n'
                '  <effectiveMonth>%s</effectiveMonth>\n  <kind>%s</kind>\n%s</NotificationPerimetre>\n'
                % (mrid, grd, month, kind, "".join(sites)))
notice("pa-s.xml", "PA-SOU-2026-01", A, "2026-01", "soutirage",
       [sout("30001000000001", "EDA_A_SOUT", "HTA"), sout("30001000000002", "EDA_A_PROF", "BTINF36", "profile")])
notice("pa-i.xml", "PA-INJ-2026-01", A, "2026-01", "injection",
       [inj("30001000000011", "EDA_PV_SUD", "HTA"), inj("30001000000012", "EDA_PV_SUD", "BTSUP36"),
        inj("30001000000013", "EDA_PV_SUD", "BTINF36")])
b = [sout("30002000000001", "EDA_B", "HTA"), sout("30002000000002", "EDA_B", "BTINF36"),
     sout("30002000000003", "EDA_B", "HTA")]
notice("pb-1.xml", "PB-SOU-2026-01", B, "2026-01", "soutirage", b)
notice("pb-2.xml", "PB-SOU-2026-02", B, "2026-02", "soutirage", b + [sout("30002000000004", "EDA_B", "BTSUP36")])

W0 = "2026-01-30T23:00Z"; W1 = "2026-02-06T23:00Z"
def series(site, eda, seg, nature="soutirage", measure="telereleve", unit="kW", missing=(), only=None):
    res = 15 if seg == "BTINF36" else 5
    n = 7 * 24 * 60 // res
    s = ['  <Series site="%s" eda="%s" segment="%s" nature="%s" measure="%s" unit="%s">\n'
         % (site, eda, seg, nature, measure, unit),
         '    <Period resolution="PT%dM" start="%s" end="%s">\n' % (res, W0, W1)]
    for p in (only or range(1, n + 1)):
        if p not in missing:
            s.append('      <Point position="%d" quantity="%d"/>\n' % (p, 100 + p % 7))
    s.append("    </Period>\n  </Series>\n")
    return "".join(s)
def cdc(name, mrid, rev, sender, body):
    with open(out + "/" + name, "w") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n<CourbesDeCharge xmlns="urn:passerelle:cdc:1">\n'
                '  <mRID>%s</mRID>\n  <revision>%d</revision>\n  <sender>%s</sender>\n'
                '  <receiver>10XFR-RTE------Q</receiver>\n  <createdDateTime>2026-02-09T06:00:00Z</createdDateTime>\n'
                '  <week start="2026-01-31"/>\n%s</CourbesDeCharge>\n' % (mrid, rev, sender, "".join(body)))
cdc("a.xml", "A-CDC-20260131", 1, A, [
    series("30001000000001", "EDA_A_SOUT", "HTA"),
    series("30001000000011", "EDA_PV_SUD", "HTA", nature="injection"),
    series("30001000000012", "EDA_PV_SUD", "BTSUP36", nature="injection"),
    series("30001000000013", "EDA_PV_SUD", "BTINF36", nature="injection")])
bbody = [series("30002000000001", "EDA_B", "HTA"),
         series("30002000000002", "EDA_B", "BTINF36", missing=(1, 2, 3, 4))]
cdc("b1.xml", "B-CDC-20260131", 1, B, bbody)
cdc("b2.xml", "B-CDC-20260131", 2, B, bbody)
cdc("b-extra.xml", "B-EXTRA-20260131", 1, B, [series("30002000000001", "EDA_B", "HTA", only=[1])])
cdc("aa.xml", "AA-PROF-20260131", 1, AA,
    [series("30001000000002", "EDA_A_PROF", "BTINF36", measure="profile", unit="W")])
PY

# --- the perimeter, sent in December ---------------------------------------------------------
e2e_drop grda "$T/pa-s.xml"
e2e_drop grda "$T/pa-i.xml"
e2e_drop grdb "$T/pb-1.xml"
e2e_drop grdb "$T/pb-2.xml"
e2e_once PASSERELLE_NOW=2025-12-01T09:00:00Z
t_eq "four notices accepted" 4 "$(cat "$SPOOL"/ack/grd*/p*.xml.ack.xml | grep -c '<status>accepted</status>')"

# --- the curves, Monday of S+1 ---------------------------------------------------------------
e2e_drop grda "$T/a.xml"
e2e_drop grdb "$T/b1.xml"
e2e_drop aa1 "$T/aa.xml"
e2e_once PASSERELLE_NOW=2026-02-09T09:00:00Z
for f in grda/a grdb/b1; do
    t_grep "curves accepted: $f" '<status>accepted' "$SPOOL/ack/$f.xml.ack.xml"
done
t_grep "an unqualified AA's curve is accepted (it counts as zero)" '<status>accepted' "$SPOOL/ack/aa1/aa.xml.ack.xml"
e2e_drop grdb "$T/b-extra.xml"
e2e_once PASSERELLE_NOW=2026-02-09T09:10:00Z
ACK=$SPOOL/ack/grdb/b-extra.xml.ack.xml
t_grep "overlap rejected" '<status>rejected</status>' "$ACK"
t_grep "overlap rejected: CDC-OVERLAP names the site and the steps" \
    '<Reason code="CDC-OVERLAP"[^>]*>site 30002000000001: 1 step from 2026-01-30T23:00Z already covered by document B-CDC-20260131 revision 1' "$ACK"
t_eq "overlap: one CDC-OVERLAP reason" 1 "$(grep -c '<Reason code="CDC-OVERLAP"' "$ACK")"
e2e_drop grdb "$T/b2.xml"
e2e_once PASSERELLE_NOW=2026-02-09T09:20:00Z
t_grep "revision accepted: revision 2 of the same mRID covers the same steps" '<status>accepted' "$SPOOL/ack/grdb/b2.xml.ack.xml"
t_eq "revision accepted: revision 1 replaced" "$(e2e_sql "select id from files where name='b2.xml'")" \
    "$(e2e_sql "select replaced_by from files where name='b1.xml'")"
t_check "bundle: not before the deadline" test ! -e "$SPOOL/bundles/cdc_$WEEK.tar.gz"

# --- Friday 12:00 of S+1 has passed ----------------------------------------------------------
e2e_once PASSERELLE_NOW=2026-02-13T11:00:01Z
BUNDLE=$SPOOL/bundles/cdc_$WEEK.tar.gz
t_check "bundle sealed after the deadline" test -f "$BUNDLE"
tar -xzOf "$BUNDLE" MANIFEST >"$T/MANIFEST"
t_check "manifest: exact (tests/expected/substitution/cdc_$WEEK.MANIFEST)" diff -u "$EXP/cdc_$WEEK.MANIFEST" "$T/MANIFEST"
t_grep "manifest: sites" '^sites=9$' "$T/MANIFEST"
t_grep "manifest: substituted steps (4 + 2016 + 1728 + 672)" '^substituted_steps=4420$' "$T/MANIFEST"
tar -xzOf "$BUNDLE" "cdc-substitution_$WEEK.csv" >"$T/report.csv"
t_check "report: exact (tests/expected/substitution/cdc-substitution_$WEEK.csv)" diff -u "$EXP/cdc-substitution_$WEEK.csv" "$T/report.csv"
tar -xzOf "$BUNDLE" "cdc-substitution_${WEEK}_$B.xml" >"$T/subst-b.xml"
tar -xzOf "$BUNDLE" "cdc-substitution_${WEEK}_$A.xml" >"$T/subst-a.xml"
t_grep "substitution: B2's first hour at PT15M" '<Period resolution="PT15M" start="2026-01-30T23:00Z" end="2026-01-31T00:00Z">' "$T/subst-b.xml"
t_grep "substitution: B4 from 1 February only (day by day)" \
    '<Period resolution="PT5M" start="2026-01-31T23:00Z" end="2026-02-06T23:00Z">' "$T/subst-b.xml"
t_eq "substitution: quality S, quantity 0 on every point" \
    "$(grep -c '<Point ' "$T/subst-b.xml")" "$(grep -c '<Point position="[0-9]*" quantity="0" quality="S"/>' "$T/subst-b.xml")"
# The gateway's document passes check except for quality S (which a sender may not write).
"$PASSERELLE" check --json "$T/subst-b.xml" >"$T/check.json"
t_eq "check: only CDC-QUALITY-S errors" "CDC-QUALITY-S" \
    "$(grep -o '"code":"[A-Z-]*","severity":"error"' "$T/check.json" | sort -u | sed 's/"code":"\([A-Z-]*\)".*/\1/')"
sed 's/ quality="S"//' "$T/subst-b.xml" >"$T/subst-b-noS.xml"
"$PASSERELLE" check "$T/subst-b-noS.xml" >"$T/check2.txt"
t_grep "check: without quality S, accepted (its missing steps are the received ones)" ': accepted-with-warnings .0 errors' "$T/check2.txt"
"$PASSERELLE" check "$T/subst-a.xml" >"$T/check3.txt"
t_eq "check: P1 document refused for quality S only" "CDC-QUALITY-S" \
    "$(sed -n 's/.*: error: \([A-Z-]*\):.*/\1/p' "$T/check3.txt" | sort -u)"

"$PASSERELLE" bundle verify "$BUNDLE" >"$T/v" 2>&1
t_eq "verify passes" 0 $?
cp "$BUNDLE" "$T/first.tar.gz"
rm -f "$BUNDLE" "$BUNDLE.sha256" "$SPOOL/substitutions/"*
e2e_sql "delete from bundles where flow='cdc' and period='$WEEK'"
e2e_once PASSERELLE_NOW=2026-02-13T12:00:00Z
t_check "deterministic: the same bundle twice gives identical bytes" cmp "$BUNDLE" "$T/first.tar.gz"

# --- third Thursday of February 2026 (the 19th) has passed: 1/n for January ------------------
e2e_once PASSERELLE_NOW=2026-02-19T23:00:00Z
CLES=$SPOOL/bundles/cles_2026-01.tar.gz
t_check "cles: bundle sealed although no keys were received" test -f "$CLES"
tar -xzOf "$CLES" cles-defaut_2026-01.xml >"$T/defaut.xml"
t_check "cles defaults: exact (tests/expected/substitution/cles-defaut_2026-01.xml)" diff -u "$EXP/cles-defaut_2026-01.xml" "$T/defaut.xml"
t_eq "cles defaults: 3 sites at 1/3" 3 "$(grep -c 'fraction="1/3"' "$T/defaut.xml")"
if command -v xmllint >/dev/null 2>&1; then
    xmllint --noout --schema xsd/cles.xsd "$T/defaut.xml" >"$T/xl" 2>&1
    t_eq "cles defaults: valid against xsd/cles.xsd" 0 $?
fi
tar -xzOf "$CLES" MANIFEST >"$T/MANIFEST.cles"
t_check "cles manifest: exact (tests/expected/substitution/cles_2026-01.MANIFEST)" diff -u "$EXP/cles_2026-01.MANIFEST" "$T/MANIFEST.cles"
"$PASSERELLE" bundle verify "$CLES" >"$T/v" 2>&1
t_eq "cles: verify passes" 0 $?
t_done
