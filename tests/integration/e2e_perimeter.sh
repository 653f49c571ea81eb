#!/bin/sh
# The reference perimeter: accepted perimeter notices are kept in the ledger, month by month
# (a notice replaces the previous one of the same GRD and kind; without a new one the last one
# carries forward); `passerelle perimeter` shows it; curves are checked against it (NOT-OWNER),
# and an aggregator's curves must be in W (CDC-UNIT).
. tests/lib/t.sh
. tests/lib/sshd.sh
. tests/lib/e2e.sh

NAMES="notice accepted; perimeter shown; carried forward; eda filter; json; replaced; owner accepted; not owner rejected; aa unit"
e2e_setup
rc=$?
if [ $rc -ne 0 ]; then
    for n in $(echo "$NAMES" | tr ' ;' '_ '); do t_skip "$n" "no usable sshd (rc $rc)"; done
    t_done
fi
trap e2e_cleanup EXIT
CDC=samples/cdc/valid.xml
GRD=$(sed -n 's|.*<sender>\([^<]*\)</sender>.*|\1|p' "$CDC" | head -n 1)
WEEK=$(e2e_week "$CDC")
e2e_conf senders="grd1 aa1" sender.grd1.eic="$GRD" sender.aa1.role=aa

# A soutirage notice of this GRD, effective 2026-01, with sites 1 and 2 of the curve sample
# (site 3 left out), sent in December 2025 before its deadline.
sed -e 's|<effectiveMonth>[^<]*<|<effectiveMonth>2026-01<|' -e 's|<mRID>[^<]*<|<mRID>PERIM-2026-01<|' \
    -e '/ref="30001610000003"/d' -e '/ref="30001610000004"/d' samples/perimetre/valid.xml >"$T/p1.xml"
e2e_drop grd1 "$T/p1.xml"
e2e_once PASSERELLE_NOW=2025-12-01T09:00:00Z
t_grep "notice accepted" '<status>accepted</status>' "$SPOOL/ack/grd1/p1.xml.ack.xml"
"$PASSERELLE" perimeter -c "$CONF" --month 2026-01 >"$T/p.txt"
t_eq "perimeter shown: two sites in January" 2 "$(grep -c '^2026-01 ' "$T/p.txt")"
t_grep "perimeter shown: site, EDA, GRD, kind" "^2026-01 +EDA_SOUT_TLR_01 +30001610000001 +$GRD +soutirage" "$T/p.txt"
t_eq "before its effective month: nothing" 0 "$("$PASSERELLE" perimeter -c "$CONF" --month 2025-12 | grep -c '^2025-12 ')"
t_eq "carried forward to later months" 2 "$("$PASSERELLE" perimeter -c "$CONF" --month 2026-06 | grep -c '^2026-06 ')"
t_eq "eda filter" 0 "$("$PASSERELLE" perimeter -c "$CONF" --month 2026-01 --eda NOPE | grep -c '^2026-01 ')"
"$PASSERELLE" perimeter -c "$CONF" --month 2026-01 --json >"$T/p.json"
t_grep "json" '^\{"month":"2026-01","site":"30001610000001","eda":"EDA_SOUT_TLR_01","grd":"'"$GRD"'","kind":"soutirage"' "$T/p.json"
"$PASSERELLE" perimeter -c "$CONF" --month 2026-13 >/dev/null 2>&1
t_eq "bad month: exit 2" 2 $?

# A notice effective 2026-03 with one site only replaces it from March on.
sed -e 's|<effectiveMonth>[^<]*<|<effectiveMonth>2026-03<|' -e 's|<mRID>[^<]*<|<mRID>PERIM-2026-03<|' \
    -e '/ref="30001610000002"/d' "$T/p1.xml" >"$T/p3.xml"
e2e_drop grd1 "$T/p3.xml"
e2e_once PASSERELLE_NOW=2026-02-02T09:00:00Z
t_eq "replaced: one site from March" 1 "$("$PASSERELLE" perimeter -c "$CONF" --month 2026-03 | grep -c '^2026-03 ')"
t_eq "replaced: February unchanged" 2 "$("$PASSERELLE" perimeter -c "$CONF" --month 2026-02 | grep -c '^2026-02 ')"

# Curves of week S (January): sites 1 and 2 are this GRD's, site 3 is not.
e2e_drop grd1 "$CDC"
e2e_once PASSERELLE_NOW="$(e2e_now_for "$WEEK" 8)"
t_grep "not owner rejected" '<Reason code="NOT-OWNER"[^>]*>site 30001610000003 ' "$SPOOL/ack/grd1/valid.xml.ack.xml"
t_eq "not owner: only the foreign site" 1 "$(grep -c 'code="NOT-OWNER"' "$SPOOL/ack/grd1/valid.xml.ack.xml")"
awk '
    /<Series site="30001610000003"/ {skip=1}
    skip && /<\/Series>/ {skip=0; next}
    !skip' "$CDC" | sed 's|<mRID>[^<]*<|<mRID>OWNED-1<|' >"$T/owned.xml"
e2e_drop grd1 "$T/owned.xml"
e2e_once PASSERELLE_NOW="$(e2e_now_for "$WEEK" 8)"
t_grep "owner accepted" '<status>accepted' "$SPOOL/ack/grd1/owned.xml.ack.xml"

# An aggregator's curves are in W.
sed -e "s|<sender>[^<]*<|<sender>17XAGREGAT-0001B<|" -e 's|<mRID>[^<]*<|<mRID>AA-1<|' "$T/owned.xml" >"$T/aa.xml"
e2e_drop aa1 "$T/aa.xml"
e2e_once PASSERELLE_NOW="$(e2e_now_for "$WEEK" 8)"
t_grep "aa unit" '<Reason code="CDC-UNIT"' "$SPOOL/ack/aa1/aa.xml.ack.xml"
t_done
