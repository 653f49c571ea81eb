#!/bin/sh
# End to end: a declared inbox checks the sender EIC of what is dropped into it.
. tests/lib/t.sh
. tests/lib/sshd.sh
. tests/lib/e2e.sh

NAMES="matching sender accepted; other sender rejected SENDER-MISMATCH; undeclared inbox not checked; revision 2 replaces revision 1; stale revision rejected"
e2e_setup
rc=$?
if [ $rc -ne 0 ]; then
    for n in $(echo "$NAMES" | tr ' ;' '_ '); do t_skip "$n" "no usable sshd (rc $rc)"; done
    t_done
fi
trap e2e_cleanup EXIT
VALID=samples/cdc/valid.xml
EIC=$(sed -n 's|.*<sender>\([^<]*\)</sender>.*|\1|p' "$VALID" | head -n 1)
e2e_conf senders="grd1 other" sender.grd1.eic="$EIC" sender.other.eic=17X100A100A00020 \
    sender.other.role=grd
WEEK=$(e2e_week "$VALID")
e2e_drop grd1 "$VALID"
sed 's|<mRID>[^<]*</mRID>|<mRID>E2E-OTHER-1</mRID>|' "$VALID" >"$T/o.xml"
e2e_drop other "$T/o.xml"
sed 's|<mRID>[^<]*</mRID>|<mRID>E2E-FREE-1</mRID>|' "$VALID" >"$T/f.xml"
e2e_drop free "$T/f.xml"
e2e_once PASSERELLE_NOW="$(e2e_now_for "$WEEK" 8)"
t_grep "matching sender accepted" '<status>accepted</status>' "$SPOOL/ack/grd1/valid.xml.ack.xml"
t_grep "other sender rejected SENDER-MISMATCH" '<Reason code="SENDER-MISMATCH"' "$SPOOL/ack/other/o.xml.ack.xml"
t_grep "other sender: status rejected" '<status>rejected</status>' "$SPOOL/ack/other/o.xml.ack.xml"
t_grep "undeclared inbox not checked" '<status>accepted</status>' "$SPOOL/ack/free/f.xml.ack.xml"
"$PASSERELLE" config -c "$CONF" >"$T/conf.txt"
t_grep "config prints sender options" "^sender.grd1.eic = $EIC\$" "$T/conf.txt"
t_grep "config prints sender role" '^sender.other.role = grd$' "$T/conf.txt"
printf 'senders = a\nsender.a.role = boss\n' >"$T/bad.conf"
"$PASSERELLE" config -c "$T/bad.conf" >/dev/null 2>"$T/err"
t_grep "bad role names file and line" 'bad.conf:2: sender.a.role: expected grd, aa or rte' "$T/err"

# Revisions: 2 replaces 1; then a (different) revision 1 of the same mRID is stale.
MRID=$(sed -n 's|.*<mRID>\([^<]*\)</mRID>.*|\1|p' "$VALID" | head -n 1)
sed 's|<revision>1</revision>|<revision>2</revision>|' "$VALID" >"$T/r2.xml"
e2e_drop grd1 "$T/r2.xml"
e2e_once PASSERELLE_NOW="$(e2e_now_for "$WEEK" 8)"
t_grep "revision 2 accepted" '<status>accepted</status>' "$SPOOL/ack/grd1/r2.xml.ack.xml"
t_eq "revision 2 replaces revision 1" \
    "$(e2e_sql "select id from files where name='r2.xml'")" \
    "$(e2e_sql "select replaced_by from files where name='valid.xml'")"
sed -e 's|<revision>1</revision>|<revision>3</revision>|' -e 's|<mRID>[^<]*</mRID>|<mRID>E2E-REV</mRID>|' "$VALID" >"$T/r3.xml"
sed -e 's|<revision>1</revision>|<revision>2</revision>|' -e 's|<mRID>[^<]*</mRID>|<mRID>E2E-REV</mRID>|' "$VALID" >"$T/r1b.xml"
e2e_drop grd1 "$T/r3.xml"
e2e_once PASSERELLE_NOW="$(e2e_now_for "$WEEK" 8)"
e2e_drop grd1 "$T/r1b.xml"
e2e_once PASSERELLE_NOW="$(e2e_now_for "$WEEK" 8)"
t_grep "stale revision rejected" '<Reason code="REVISION-STALE"' "$SPOOL/ack/grd1/r1b.xml.ack.xml"
t_done
