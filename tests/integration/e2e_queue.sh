#!/bin/sh
# Queue tools: queue, requeue, hold, release, resend, show.
. tests/lib/t.sh
. tests/lib/sshd.sh
. tests/lib/e2e.sh

NAMES="queue lists; hold; requeue; release; resend; show; bad id"
e2e_setup
rc=$?
if [ $rc -ne 0 ]; then
    for n in $(echo "$NAMES" | tr ' ;' '_ '); do t_skip "$n" "no usable sshd (rc $rc)"; done
    t_done
fi
trap e2e_cleanup EXIT
VALID=samples/cdc/valid.xml
WEEK=$(e2e_week "$VALID")
NOW() { e2e_now_for "$WEEK" 8; }
Q() { PASSERELLE_NOW="$(NOW)" "$PASSERELLE" "$@" -c "$CONF"; }
e2e_conf retry_min=3600 retry_max=3600
sshd_stop
e2e_drop grd1 "$VALID" a.xml
sed 's|<mRID>[^<]*<|<mRID>Q-2<|' "$VALID" >"$T/b.xml"
e2e_drop grd1 "$T/b.xml"
e2e_once PASSERELLE_NOW="$(NOW)"
A=$(e2e_sql "select id from files where name='a.xml'")
Bid=$(e2e_sql "select id from files where name='b.xml'")
Q queue >"$T/q.txt"
t_eq "queue lists both, deferred" 2 "$(grep -c ' deferred ' "$T/q.txt")"
t_grep "queue shows the last error" "^$A +rte +grd1/a.xml +deferred +1 .*SFTP|^$A +rte +grd1/a.xml +deferred +1 .*connect|^$A .*refused" "$T/q.txt"
Q queue --json >"$T/q.json"
t_eq "queue --json: one object per delivery" 2 "$(grep -c '"state":"deferred"' "$T/q.json")"
Q hold "$Bid" >/dev/null
t_eq "hold" held "$(e2e_sql "select state from deliveries where file_id=$Bid")"
sshd_restart
e2e_once PASSERELLE_NOW="$(NOW)"
t_eq "requeue: not retried before, backoff is an hour" deferred "$(e2e_sql "select state from deliveries where file_id=$A")"
Q requeue --all >/dev/null
e2e_once PASSERELLE_NOW="$(NOW)"
t_eq "requeue: delivered now" delivered "$(e2e_sql "select state from deliveries where file_id=$A")"
t_eq "hold: a held delivery is not attempted" held "$(e2e_sql "select state from deliveries where file_id=$Bid")"
Q release "$Bid" >/dev/null
e2e_once PASSERELLE_NOW="$(NOW)"
t_eq "release" delivered "$(e2e_sql "select state from deliveries where file_id=$Bid")"
rm -f "$SSHD_REMOTE"/*
Q resend "$A" >"$T/r.txt"
t_eq "resend: exit 0" 0 $?
t_check "resend: back in out/" test -f "$SPOOL/out/rte/$A"
e2e_once PASSERELLE_NOW="$(NOW)"
t_eq "resend: on the remote again" 1 "$(ls "$SSHD_REMOTE" | wc -l)"
t_eq "resend: delivered again" delivered "$(e2e_sql "select state from files where id=$A")"
Q show "$A" >"$T/show.txt"
t_grep "show: the file" "^file $A: grd1/a.xml" "$T/show.txt"
t_grep "show: the verdict" '^  verdict  accepted' "$T/show.txt"
t_eq "show: every attempt" 3 "$(grep -c '^  attempt ' "$T/show.txt")"
Q show 99999 >/dev/null 2>&1
t_eq "bad id: show exits 1" 1 $?
Q hold abc >/dev/null 2>&1
t_eq "bad id: usage exits 2" 2 $?
t_done
