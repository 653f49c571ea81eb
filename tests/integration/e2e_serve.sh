#!/bin/sh
# End to end: the real daemon, real directories, a real sshd on 127.0.0.1.
. tests/lib/t.sh
. tests/lib/sshd.sh
. tests/lib/e2e.sh

VALID=samples/cdc/valid.xml
INVALID=samples/cdc/CDC-STEP.xml
NAMES="accepted valid file delivered; invalid file rejected; deferred while sshd down; wrong host key refused; part file untouched; in-place quiet period; late; duplicate; lock"
e2e_setup
rc=$?
if [ $rc -ne 0 ]; then
    for n in $(echo "$NAMES" | tr ' ;' '_ '); do t_skip "$n" "no usable sshd (rc $rc)"; done
    t_done
fi
trap e2e_cleanup EXIT
if [ ! -f "$VALID" ] || [ ! -f "$INVALID" ]; then
    t_fail samples "missing $VALID or $INVALID"
    t_done
fi
WEEK=$(e2e_week "$VALID")

# mk_variant SRC MRID OUT - the same document under another mRID (so not a duplicate)
mk_variant() {
    sed "s|<mRID>[^<]*</mRID>|<mRID>$2</mRID>|" "$1" >"$3"
}

# remote_with CONTENT_FILE - names of remote files byte-identical to CONTENT_FILE
remote_with() {
    for f in "$SSHD_REMOTE"/*; do
        [ -f "$f" ] && cmp -s "$f" "$1" && basename "$f"
    done
}

# --- 1. a valid file arrives byte-identical under its final name ---------------------------
e2e_drop grd1 "$VALID"
e2e_once PASSERELLE_NOW="$(e2e_now_for "$WEEK" 8)"
ACK=$SPOOL/ack/grd1/valid.xml.ack.xml
got=$(remote_with "$VALID" | wc -l)
t_eq "valid file on the remote exactly once" 1 "$got"
t_check "no partial file on the remote" test -z "$(ls -A "$SSHD_REMOTE" | grep '\.part$')"
t_grep "ack says accepted" '<status>accepted(-with-warnings)?</status>' "$ACK"
t_check "ack validates against xsd/ack.xsd" xmllint --noout --schema xsd/ack.xsd "$ACK"
t_eq "ledger says delivered" delivered "$(e2e_sql "select state from files where name='valid.xml'")"
t_eq "ledger has one delivery attempt" 1 \
    "$(e2e_sql "select count(*) from attempts a join deliveries d on a.delivery_id=d.id join files f on d.file_id=f.id where f.name='valid.xml'")"
t_check "delivered acknowledgement written" grep -q '<status>delivered</status>' \
    "$SPOOL/ack/grd1/valid.xml.delivered.ack.xml"
remote=$(remote_with "$VALID")
sha=$(sha256sum "$VALID" | cut -c1-16)
case $remote in *"$sha"*) t_pass "final name carries the sha256" ;;
*) t_fail "final name carries the sha256" "remote name [$remote], sha prefix $sha" ;; esac
t_check "inbox emptied" test -z "$(ls -A "$SPOOL/in/grd1")"

# --- 2. an invalid file is rejected with code and line, never pushed ------------------------
before=$(ls "$SSHD_REMOTE" | wc -l)
e2e_drop grd1 "$INVALID" bad.xml
e2e_once PASSERELLE_NOW="$(e2e_now_for "$WEEK" 8)"
ACK=$SPOOL/ack/grd1/bad.xml.ack.xml
t_grep "invalid: ack says rejected" '<status>rejected</status>' "$ACK"
expect=$(grep -v '^#' "${INVALID%.xml}.expect" | head -n 1)
code=${expect% *}
line=${expect#* }
t_grep "invalid: ack names code $code at line $line" "<Reason code=\"$code\"[^>]* line=\"$line\"" "$ACK"
t_eq "invalid: nothing pushed" "$before" "$(ls "$SSHD_REMOTE" | wc -l)"
t_check "invalid: kept in rejected/ beside its ack" test -f "$(ls "$SPOOL"/rejected/*.bad.xml)"
t_check "invalid: rejected ack copy" test -f "$(ls "$SPOOL"/rejected/*.bad.xml.ack.xml)"
t_eq "invalid: ledger state rejected" rejected "$(e2e_sql "select state from files where name='bad.xml'")"
e2e_sql "select reasons from files where name='bad.xml'" >"$T/reasons.json"
t_grep "invalid: ledger row carries the reasons" "\"code\":\"$code\",\"severity\":\"error\",\"line\":$line" "$T/reasons.json"
t_eq "invalid: ledger row has sha256, size, flow" "$(sha256sum "$INVALID" | cut -d' ' -f1)|$(wc -c <"$INVALID")|cdc" \
    "$(e2e_sql "select sha256||'|'||size||'|'||flow from files where name='bad.xml'")"

# --- 3. sshd down: deferred, then delivered once it is back --------------------------------
mk_variant "$VALID" E2E-DOWN-1 "$T/down.xml"
sshd_stop
e2e_drop grd1 "$T/down.xml"
e2e_once PASSERELLE_NOW="$(e2e_now_for "$WEEK" 8)"
t_eq "down: delivery deferred" deferred \
    "$(e2e_sql "select d.state from deliveries d join files f on f.id=d.file_id where f.name='down.xml'")"
t_eq "down: file still queued" queued "$(e2e_sql "select state from files where name='down.xml'")"
t_check "down: kept in out/rte/" test -n "$(ls -A "$SPOOL/out/rte")"
sshd_restart
sleep 2
e2e_once PASSERELLE_NOW="$(e2e_now_for "$WEEK" 8)"
t_eq "down: delivered after sshd is back" delivered "$(e2e_sql "select state from files where name='down.xml'")"
t_eq "down: on the remote once" 1 "$(remote_with "$T/down.xml" | wc -l)"
t_check "down: out/rte/ emptied" test -z "$(ls -A "$SPOOL/out/rte")"

# --- 4. a wrong host key is refused ---------------------------------------------------------
mk_variant "$VALID" E2E-HOSTKEY-1 "$T/hostkey.xml"
sshd_start_other_hostkey
e2e_drop grd1 "$T/hostkey.xml"
e2e_once PASSERELLE_NOW="$(e2e_now_for "$WEEK" 8)"
t_eq "hostkey: deferred, not delivered" deferred \
    "$(e2e_sql "select d.state from deliveries d join files f on f.id=d.file_id where f.name='hostkey.xml'")"
t_eq "hostkey: nothing on the remote" 0 "$(remote_with "$T/hostkey.xml" | wc -l)"
t_grep "hostkey: refusal logged" 'host ?key|HOSTKEY' "$T/serve.log"
t_grep "hostkey: ledger records the error" 'HOSTKEY|host key' \
    "$(e2e_sql "select last_error from deliveries d join files f on f.id=d.file_id where f.name='hostkey.xml'" >"$T/err.txt"; echo "$T/err.txt")"
sshd_restart
sleep 2
e2e_once PASSERELLE_NOW="$(e2e_now_for "$WEEK" 8)"
t_eq "hostkey: delivered once the right key is back" 1 "$(remote_with "$T/hostkey.xml" | wc -l)"

# --- 5. a .part file is not touched until renamed ------------------------------------------
cp "$VALID" "$SPOOL/in/grd1/upload.xml.part"
mk_variant "$VALID" E2E-PART-1 "$SPOOL/in/grd1/upload.xml.part"
ino=$(stat -c %i "$SPOOL/in/grd1/upload.xml.part")
e2e_once PASSERELLE_NOW="$(e2e_now_for "$WEEK" 8)"
t_eq "part: still in the inbox, same inode" "$ino" "$(stat -c %i "$SPOOL/in/grd1/upload.xml.part" 2>/dev/null)"
t_eq "part: not in the ledger" 0 "$(e2e_sql "select count(*) from files where name like 'upload.xml%'")"
mv "$SPOOL/in/grd1/upload.xml.part" "$SPOOL/in/grd1/upload.xml"
e2e_once PASSERELLE_NOW="$(e2e_now_for "$WEEK" 8)"
t_eq "part: taken once renamed" delivered "$(e2e_sql "select state from files where name='upload.xml'")"

# --- 6. an in-place upload is taken only after the quiet period ----------------------------
e2e_conf quiet_period=2 rescan_interval=1
mk_variant "$VALID" E2E-QUIET-1 "$T/quiet.xml"
PASSERELLE_NOW="$(e2e_now_for "$WEEK" 8)" "$PASSERELLE" serve -f -c "$CONF" >>"$T/serve.log" 2>&1 &
dpid=$!
sleep 1
# A writer that keeps the file open and appends slowly (4 s), as an SFTP upload in place does.
(
    total=$(wc -c <"$T/quiet.xml")
    chunk=$((total / 8 + 1))
    i=0
    while [ $i -lt 8 ]; do
        dd if="$T/quiet.xml" bs="$chunk" skip=$i count=1 2>/dev/null
        sleep 0.5
        i=$((i + 1))
    done
) >"$SPOOL/in/grd1/quiet.xml" &
wpid=$!
sleep 2.5
t_check "quiet: not taken while being written" test -f "$SPOOL/in/grd1/quiet.xml"
t_eq "quiet: no ledger row while being written" 0 "$(e2e_sql "select count(*) from files where name='quiet.xml'")"
wait "$wpid"
t_check "quiet: not taken right after the last write" test -f "$SPOOL/in/grd1/quiet.xml"
i=0
while [ $i -lt 40 ] && [ -f "$SPOOL/in/grd1/quiet.xml" ]; do sleep 0.25; i=$((i + 1)); done
t_check "quiet: taken after the quiet period" test ! -f "$SPOOL/in/grd1/quiet.xml"
i=0
while [ $i -lt 40 ] && [ "$(e2e_sql "select state from files where name='quiet.xml'")" != delivered ]; do
    sleep 0.25
    i=$((i + 1))
done
t_eq "quiet: delivered by the running daemon" delivered "$(e2e_sql "select state from files where name='quiet.xml'")"
t_eq "quiet: complete content on the remote" 1 "$(remote_with "$T/quiet.xml" | wc -l)"

# --- 9. a second daemon on the same spool refuses to start --------------------------------
"$PASSERELLE" serve -f --once -c "$CONF" >"$T/second.log" 2>&1
rc=$?
t_eq "lock: second daemon exits 2" 2 "$rc"
t_grep "lock: says why" 'locked' "$T/second.log"
kill -TERM "$dpid"
wait "$dpid"
t_eq "sigterm: daemon exits 0" 0 "$?"
e2e_conf

# --- 7. late -------------------------------------------------------------------------------
mk_variant "$VALID" E2E-LATE-1 "$T/late.xml"
e2e_drop grd1 "$T/late.xml"
e2e_once PASSERELLE_NOW="$(e2e_now_for "$WEEK" 30)"
t_grep "late: ack says late" '<status>late</status>' "$SPOOL/ack/grd1/late.xml.ack.xml"
t_grep "late: ack names LATE" '<Reason code="LATE"' "$SPOOL/ack/grd1/late.xml.ack.xml"
t_grep "late: ack gives the deadline" '<deadline>[0-9-]+T12:00:00\+0[12]:00</deadline>' "$SPOOL/ack/grd1/late.xml.ack.xml"
t_eq "late: not pushed" 0 "$(remote_with "$T/late.xml" | wc -l)"

# --- 8. duplicate --------------------------------------------------------------------------
e2e_drop grd1 "$VALID" again.xml
e2e_once PASSERELLE_NOW="$(e2e_now_for "$WEEK" 8)"
t_grep "duplicate: ack says duplicate" '<status>duplicate</status>' "$SPOOL/ack/grd1/again.xml.ack.xml"
t_eq "duplicate: not pushed twice" 1 "$(remote_with "$VALID" | wc -l)"

t_done
