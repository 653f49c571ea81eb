#!/bin/sh
# Metrics file (Prometheus text format) and retention (passerelle purge).
. tests/lib/t.sh
. tests/lib/sshd.sh
. tests/lib/e2e.sh

NAMES="metrics written; metrics counts; purge dry run; purge; queued kept; fsck after purge"
e2e_setup
rc=$?
if [ $rc -ne 0 ]; then
    for n in $(echo "$NAMES" | tr ' ;' '_ '); do t_skip "$n" "no usable sshd (rc $rc)"; done
    t_done
fi
trap e2e_cleanup EXIT
VALID=samples/cdc/valid.xml
WEEK=$(e2e_week "$VALID")
e2e_conf retention_archive=2 retention_rejected=2 retention_ack=2 retention_bundles=0
e2e_drop grd1 "$VALID"
e2e_drop grd1 samples/cdc/CDC-STEP.xml bad.xml
e2e_once PASSERELLE_NOW="$(e2e_now_for "$WEEK" 8)"
M=$SPOOL/metrics/passerelle.prom
t_check "metrics written" test -f "$M"
t_grep "metrics counts: files" '^passerelle_files\{flow="cdc",status="accepted"\} 1$' "$M"
t_grep "metrics counts: rejected" '^passerelle_files\{flow="cdc",status="rejected"\} 1$' "$M"
t_grep "metrics counts: deliveries" '^passerelle_deliveries\{destination="rte",state="delivered"\} 1$' "$M"
t_grep "metrics: TYPE lines" '^# TYPE passerelle_files counter$' "$M"

# A second document stays queued (sshd down) while everything ages by three days.
sshd_stop
sed -e 's|<mRID>[^<]*<|<mRID>HK-2<|' -e 's|site="300016100000|site="300016400000|' "$VALID" >"$T/q.xml"
e2e_drop grd1 "$T/q.xml"
e2e_once PASSERELLE_NOW="$(e2e_now_for "$WEEK" 8)"
find "$SPOOL/archive" "$SPOOL/rejected" "$SPOOL/ack" -type f -exec touch -d '3 days ago' {} +
"$PASSERELLE" purge --dry-run -c "$CONF" >"$T/dry.txt"
t_grep "purge dry run: says what" '^purge: would remove archive/' "$T/dry.txt"
t_check "purge dry run: nothing removed" test -n "$(ls -A "$SPOOL/rejected")"
"$PASSERELLE" purge -c "$CONF" >"$T/purge.txt"
t_grep "purge: says what it removed" '^purge: rejected/.*bad.xml' "$T/purge.txt"
t_check "purge: rejected/ emptied" test -z "$(ls -A "$SPOOL/rejected")"
t_check "purge: acks removed" test ! -e "$SPOOL/ack/grd1/valid.xml.ack.xml"
qid=$(e2e_sql "select id from files where name='q.xml'")
t_check "queued kept: a document waiting for a destination stays" test -f "$SPOOL/archive/$qid"
"$PASSERELLE" fsck -n -c "$CONF" >"$T/fsck.txt" 2>&1
t_eq "fsck after purge: purged files are not disagreements" 0 $?
t_done
