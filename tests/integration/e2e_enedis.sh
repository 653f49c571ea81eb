#!/bin/sh
# End to end: Enedis R4x/R50 files dropped into a GRD inbox are judged as load curves; the
# sender is the inbox's EIC (the files name none); a 10-minute R4x is refused ENEDIS-STEP.
. tests/lib/t.sh
. tests/lib/sshd.sh
. tests/lib/e2e.sh

NAMES="R50 accepted with warnings; R50 says the perimeter rules were skipped; R50 sender is the inbox EIC; R50 ack names the inbox EIC as sender; R50 mRID derived; R4x 10 minutes rejected ENEDIS-STEP; R4x 10 minutes: status rejected"
e2e_setup
rc=$?
if [ $rc -ne 0 ]; then
    for n in $(echo "$NAMES" | tr ' ;' '_ '); do t_skip "$n" "no usable sshd (rc $rc)"; done
    t_done
fi
trap e2e_cleanup EXIT
EIC=17X100A100A0001A
e2e_conf senders="grd1" sender.grd1.eic="$EIC" sender.grd1.role=grd
e2e_drop grd1 samples/enedis/valid-r50-15min.xml
e2e_drop grd1 samples/enedis/ENEDIS-STEP-r4x-10min.xml
# Week S of both: Saturday 2026-01-10 (deadline Friday 2026-01-23 12:00).
e2e_once PASSERELLE_NOW="$(e2e_now_for 2026-01-10 8)"
ACK=$SPOOL/ack/grd1/valid-r50-15min.xml.ack.xml
t_grep "R50 accepted with warnings" '<status>accepted-with-warnings</status>' "$ACK"
t_grep "R50 says the perimeter rules were skipped" 'code="ENEDIS-NO-PERIMETER"' "$ACK"
t_eq "R50 sender is the inbox EIC" "$EIC" \
    "$(e2e_sql "select doc_sender from files where name='valid-r50-15min.xml'")"
t_grep "R50 ack names the inbox EIC as sender" "sender=\"$EIC\"" "$ACK"
t_grep "R50 mRID derived" 'mRID="R50.09111000000001.3182891.20260110.20260119T020041Z"' "$ACK"
t_grep "R4x 10 minutes rejected ENEDIS-STEP" '<Reason code="ENEDIS-STEP"' \
    "$SPOOL/ack/grd1/ENEDIS-STEP-r4x-10min.xml.ack.xml"
t_grep "R4x 10 minutes: status rejected" '<status>rejected</status>' \
    "$SPOOL/ack/grd1/ENEDIS-STEP-r4x-10min.xml.ack.xml"
t_done
