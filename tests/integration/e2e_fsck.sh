#!/bin/sh
# passerelle fsck: finds and repairs disagreements between spool and ledger, refuses to run
# beside a daemon, and finds none on a consistent spool.
. tests/lib/t.sh
. tests/lib/sshd.sh
. tests/lib/e2e.sh

NAMES="consistent; left in work; unlinked; orphan; orphan link; repaired; locked"
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

e2e_drop grd1 "$VALID"
e2e_once PASSERELLE_NOW="$(NOW)"
"$PASSERELLE" fsck -n -c "$CONF" >"$T/out" 2>&1
t_eq "consistent: exit 0" 0 $?
t_grep "consistent: says 0" '^fsck: 0 disagreements' "$T/out"

# Disagreements: a crash right after the queue commit (document left in work/), a queued
# delivery whose out/ link vanished, a stray file in work/, an out/ link with no delivery.
sshd_stop
sed 's|<mRID>[^<]*</mRID>|<mRID>FSCK-2</mRID>|' "$VALID" >"$T/b.xml"
e2e_drop grd1 "$T/b.xml"
e2e_once PASSERELLE_NOW="$(NOW)"
sed 's|<mRID>[^<]*</mRID>|<mRID>FSCK-1</mRID>|' "$VALID" >"$T/a.xml"
e2e_drop grd1 "$T/a.xml"
e2e_once PASSERELLE_NOW="$(NOW)" PASSERELLE_CRASH_AT=after-queued
idb=$(e2e_sql "select id from files where name='b.xml'")
rm "$SPOOL/out/rte/$idb"
echo junk >"$SPOOL/work/999"
cp "$VALID" "$SPOOL/out/rte/998"
"$PASSERELLE" fsck -n -c "$CONF" >"$T/out" 2>&1
t_eq "report only: exit 1" 1 $?
t_grep "left in work" '^fsck: left-in-work: ' "$T/out"
t_grep "unlinked" "^fsck: unlinked: id=$idb " "$T/out"
t_grep "orphan" '^fsck: orphan: id=999 ' "$T/out"
t_grep "orphan link" '^fsck: orphan-link: id=998 ' "$T/out"
t_check "report only: nothing changed" test -f "$SPOOL/work/999"
"$PASSERELLE" fsck -c "$CONF" >"$T/out" 2>&1
t_eq "repair: exit 1 (there was something to repair)" 1 $?
"$PASSERELLE" fsck -n -c "$CONF" >"$T/out" 2>&1
t_eq "repaired: a second fsck finds nothing" 0 $?
t_check "repaired: orphan kept in rejected/" test -f "$SPOOL/rejected/orphan-999"
sshd_restart
e2e_once PASSERELLE_NOW="$(e2e_now_for "$WEEK" 9)"
t_eq "repaired: both documents delivered afterwards" "delivered|delivered" \
    "$(e2e_sql "select group_concat(state, '|') from files where name in ('a.xml', 'b.xml')")"
"$PASSERELLE" serve -f -c "$CONF" >>"$T/serve.log" 2>&1 &
dpid=$!
sleep 1
"$PASSERELLE" fsck -n -c "$CONF" >"$T/out" 2>&1
t_eq "locked: refuses beside a daemon (exit 2)" 2 $?
kill -TERM $dpid
wait $dpid
t_done
