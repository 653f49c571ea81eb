#!/bin/sh
# Faults (issue 6), the real daemon (serve -f) against a real sshd:
#   (a) local disk full: the spool on a small tmpfs filled up: new work is refused cleanly
#       (daemon alive, files left in the inbox or resumed from the ledger, no temp files left),
#       nothing lost, and everything goes through once space returns;
#   (b) the remote answering errors: a tiny tmpfs as the remote folder (ENOSPC on write), then
#       the remote folder read-only (open/rename refused): deferred, retried, never lost, never
#       a partial file under a final name;
#   (c) sshd killed in the middle of the upload of a ~200 MB file: deferred, then delivered
#       intact, no partial file under the final name;
#   (d) SIGHUP reloads the configuration: event=reloaded, a destination added is served;
#   (e) SIGTERM while a file is in hand: the file is finished or rolled back, exit 0, and it is
#       delivered once after a restart.
# The test runs itself in a private mount namespace (unshare -m, as root) for the tmpfs mounts;
# when that is impossible (a) and (b) are skipped with the reason.
if [ -z "${E2E_FAULTS_NS:-}" ] && [ "$(id -u)" = 0 ] && command -v unshare >/dev/null 2>&1 &&
    unshare -m true 2>/dev/null; then
    E2E_FAULTS_NS=1 exec unshare -m --propagation private sh "$0" "$@"
fi
. tests/lib/t.sh
. tests/lib/sshd.sh
. tests/lib/e2e.sh

NAMES="disk full; remote full; remote read-only; sshd killed mid-upload; sighup; sigterm; ack retry"
e2e_setup
rc=$?
if [ $rc -ne 0 ]; then
    for n in $(echo "$NAMES" | tr ' ;' '_ '); do t_skip "$n" "no usable sshd (rc $rc)"; done
    t_done
fi
DPID=
MOUNTS=
cleanup() {
    [ -n "$DPID" ] && kill -9 "$DPID" 2>/dev/null
    for m in $MOUNTS; do umount -l "$m" 2>/dev/null; done
    e2e_cleanup
}
trap cleanup EXIT
GEN=$(pwd)/${B:-build}/tools/gen_cdc
WEEK=2026-01-10
NS_OK=0
why_ns="not root or no unshare: cannot mount a small tmpfs"
if [ -n "${E2E_FAULTS_NS:-}" ]; then
    mkdir -p "$T/probe"
    if mount -t tmpfs -o size=64k tmpfs "$T/probe" 2>"$T/probe.err"; then
        umount "$T/probe"
        NS_OK=1
    else
        why_ns="mount -t tmpfs refused: $(cat "$T/probe.err")"
    fi
fi

sql() {
    sqlite3 -cmd '.timeout 10000' "$SPOOL/ledger.db" "$1"
}
start() {
    PASSERELLE_NOW="$(e2e_now_for "$WEEK" 8)" "$PASSERELLE" serve -f -c "$CONF" >>"$T/serve.log" 2>&1 &
    DPID=$!
}
stop() {
    kill -TERM "$DPID" 2>/dev/null
    wait "$DPID"
    _rc=$?
    DPID=
    return $_rc
}
# wait_until SECONDS COMMAND... - poll (0.2 s) until COMMAND succeeds; a safety limit only
wait_until() {
    _n=$(($1 * 5))
    shift
    while [ $_n -gt 0 ]; do
        "$@" >/dev/null 2>&1 && return 0
        sleep 0.2
        _n=$((_n - 1))
    done
    return 1
}
state_is() { # state_is NAME STATE
    [ "$(sql "select state from files where name='$1'")" = "$2" ]
}
# doc N OUT - a small valid document of its own (mRID and sites)
doc() {
    "$GEN" -s 1 -r PT15M -w "$WEEK" -o "$2" &&
        sed -i -e "s|<mRID>[^<]*</mRID>|<mRID>FAULT-$1</mRID>|" \
            -e "s|site=\"25000|site=\"$(printf '%05d' "$1")|" "$2"
}
# on_remote FILE - how many remote files are byte-identical to FILE
on_remote() {
    _c=0
    for _f in "$SSHD_REMOTE"/*; do
        [ -f "$_f" ] && cmp -s "$_f" "$1" && _c=$((_c + 1))
    done
    echo $_c
}
no_part() {
    [ -z "$(ls -A "$SSHD_REMOTE" | grep '^\.')" ]
}
e2e_conf rescan_interval=1

# --- (a) local disk full ----------------------------------------------------------------------
if [ $NS_OK = 1 ]; then
    mkdir -p "$SPOOL"
    mount -t tmpfs -o size=8m,mode=0750 tmpfs "$SPOOL" && MOUNTS="$SPOOL"
    # The daemon runs first (its ledger open), the files arrive, and the disk fills up during
    # their quiet period: the daemon meets a full disk when it takes them.
    e2e_conf rescan_interval=1 quiet_period=2
    start
    wait_until 10 grep -q 'event=start' "$T/serve.log"
    for k in 1 2 3; do
        doc $k "$T/full$k.xml"
        e2e_drop grd1 "$T/full$k.xml"
    done
    dd if=/dev/zero of="$SPOOL/filler" bs=64k >/dev/null 2>&1
    e2e_conf rescan_interval=1
    sleep 5 # the quiet period, then a few rescans against a full disk
    t_check "disk full: daemon alive" kill -0 "$DPID"
    left=$(ls "$SPOOL/in/grd1" | wc -l)
    inflight=$(sql "select count(*) from files where name like 'full%'")
    t_eq "disk full: every file kept (inbox or ledger)" 3 $((left + inflight))
    t_eq "disk full: nothing acknowledged as delivered on a full disk" 0 \
        "$(sql "select count(*) from files where state='delivered'")"
    t_eq "disk full: no temp file left in ack/" "" "$(find "$SPOOL/ack" -name '.*' 2>/dev/null)"
    t_grep "disk full: the failure is logged" 'No space left|disk is full|database or disk is full|SQLITE_FULL|claim-failed|ack-failed' "$T/serve.log"
    rm -f "$SPOOL/filler"
    if wait_until 60 sh -c "[ \"\$(sqlite3 -cmd '.timeout 5000' '$SPOOL/ledger.db' \"select count(*) from files where name like 'full%' and state='delivered'\")\" = 3 ]"; then
        t_pass "disk full: all delivered once space returns"
    else
        t_fail "disk full: all delivered once space returns" \
            "$(sql "select name||':'||state from files" | tr '\n' ' ') log: $(tail -n 5 "$T/serve.log" | tr '\n' '|')"
    fi
    ok=0
    for k in 1 2 3; do [ "$(on_remote "$T/full$k.xml")" = 1 ] && ok=$((ok + 1)); done
    t_eq "disk full: each on the remote exactly once" 3 "$ok"
    t_check "disk full: daemon still alive" kill -0 "$DPID"
    stop
    t_eq "disk full: SIGTERM exit 0" 0 "$?"
    "$PASSERELLE" fsck -n -c "$CONF" >"$T/fsck.out" 2>&1
    t_eq "disk full: fsck -n finds nothing" 0 "$?"
    umount "$SPOOL" && MOUNTS=
    rm -rf "$SPOOL"
else
    t_skip "disk full" "$why_ns"
fi

# --- (b) the remote answers errors: full, then read-only ----------------------------------------
if [ $NS_OK = 1 ]; then
    rm -rf "${SSHD_REMOTE:?}"/* "$SSHD_REMOTE"/.[!.]* 2>/dev/null
    mount -t tmpfs -o size=16k tmpfs "$SSHD_REMOTE" && MOUNTS="$SSHD_REMOTE"
    doc 11 "$T/rfull.xml"
    start
    e2e_drop grd1 "$T/rfull.xml"
    wait_until 30 sh -c "[ \"\$(sqlite3 -cmd '.timeout 5000' '$SPOOL/ledger.db' \"select attempts from deliveries d join files f on f.id=d.file_id where f.name='rfull.xml'\")\" -ge 2 ]"
    t_eq "remote full: deferred" deferred \
        "$(sql "select d.state from deliveries d join files f on f.id=d.file_id where f.name='rfull.xml'")"
    t_check "remote full: retried (2 attempts or more)" test \
        "$(sql "select count(*) from attempts a join deliveries d on a.delivery_id=d.id join files f on d.file_id=f.id where f.name='rfull.xml'")" -ge 2
    t_grep "remote full: the error is recorded" 'FAILURE|full|space|status' \
        "$(sql "select last_error from deliveries d join files f on f.id=d.file_id where f.name='rfull.xml'" >"$T/err"; echo "$T/err")"
    t_eq "remote full: nothing under a final name" "" "$(ls "$SSHD_REMOTE")"
    mount -o remount,size=8m "$SSHD_REMOTE"
    wait_until 30 state_is rfull.xml delivered
    t_eq "remote full: delivered once there is room" delivered "$(sql "select state from files where name='rfull.xml'")"
    t_eq "remote full: on the remote once, intact" 1 "$(on_remote "$T/rfull.xml")"
    t_check "remote full: no partial file left" no_part

    mount -o remount,ro "$SSHD_REMOTE"
    doc 12 "$T/rro.xml"
    e2e_drop grd1 "$T/rro.xml"
    wait_until 30 sh -c "[ \"\$(sqlite3 -cmd '.timeout 5000' '$SPOOL/ledger.db' \"select attempts from deliveries d join files f on f.id=d.file_id where f.name='rro.xml'\")\" -ge 2 ]"
    t_eq "remote read-only: deferred, retried" "deferred" \
        "$(sql "select d.state from deliveries d join files f on f.id=d.file_id where f.name='rro.xml' and d.attempts >= 2")"
    mount -o remount,rw "$SSHD_REMOTE"
    wait_until 30 state_is rro.xml delivered
    t_eq "remote read-only: delivered once writable" 1 "$(on_remote "$T/rro.xml")"
    t_check "remote read-only: no partial file left" no_part
    stop
    t_eq "remote errors: SIGTERM exit 0" 0 "$?"
    # back to the plain folder, keeping what was delivered
    mkdir -p "$T/keep" && cp -p "$SSHD_REMOTE"/* "$T/keep/" 2>/dev/null
    umount "$SSHD_REMOTE" && MOUNTS=
    cp -p "$T/keep"/* "$SSHD_REMOTE/" 2>/dev/null
else
    t_skip "remote full" "$why_ns"
    t_skip "remote read-only" "$why_ns"
fi

# --- (e) SIGTERM while a large file is in hand, (c) sshd killed mid-upload ------------------------
"$GEN" --target-bytes 200M -w "$WEEK" --seed 3 -o "$T/big.xml"
sed -i -e 's|<mRID>[^<]*</mRID>|<mRID>FAULT-BIG</mRID>|' "$T/big.xml"
start
e2e_drop grd1 "$T/big.xml"
wait_until 60 grep -q 'event=claimed.*file=big.xml' "$T/serve.log"
sleep 1 # judging 200 MB takes several seconds: the file is in hand now
st=$(sql "select state from files where name='big.xml'")
case $st in claiming | received) t_pass "sigterm: the file is in hand ($st)" ;; *) t_fail "sigterm: the file is in hand" "state [$st]" ;; esac
stop
t_eq "sigterm: exit 0 with a file in hand" 0 "$?"
st=$(sql "select state from files where name='big.xml'")
case $st in
received | judged | acknowledged | queued | delivered) t_pass "sigterm: the file finished or rolled back ($st)" ;;
*) t_fail "sigterm: the file finished or rolled back" "state [$st]" ;;
esac
# restart: it is judged (if need be) and uploaded; kill sshd once the upload is under way
start
part=$SSHD_REMOTE/.$(printf '%s' "grd1_FAULT-BIG_r1_$(sha256sum "$T/big.xml" | cut -c1-16).xml").part
if wait_until 120 sh -c "[ -f '$part' ] && [ \$(stat -c %s '$part') -gt 1000000 ]"; then
    # the listener and every session it forked (the running SFTP upload)
    kids=$(ps -o pid= --ppid "$SSHD_PID" 2>/dev/null)
    grandkids=$(for k in $kids; do ps -o pid= --ppid "$k" 2>/dev/null; done)
    kill -9 $kids $grandkids 2>/dev/null
    sshd_stop
    # Partial in the usual case; on a loaded machine all the bytes may be written before the
    # kill lands, but never renamed: the checks below hold either way.
    got=$(stat -c %s "$part" 2>/dev/null || echo 0)
    t_pass "sshd killed mid-upload: killed with $got of $(stat -c %s "$T/big.xml") bytes sent"
    wait_until 30 sh -c "[ -n \"\$(sqlite3 -cmd '.timeout 5000' '$SPOOL/ledger.db' \"select 1 from deliveries d join files f on f.id=d.file_id where f.name='big.xml' and d.state='deferred'\")\" ]"
    t_eq "sshd killed mid-upload: deferred" deferred \
        "$(sql "select d.state from deliveries d join files f on f.id=d.file_id where f.name='big.xml'")"
    t_eq "sshd killed mid-upload: nothing under the final name" 0 "$(ls "$SSHD_REMOTE" | grep -c FAULT-BIG)"
    sshd_restart
    wait_until 120 state_is big.xml delivered
    t_eq "sshd killed mid-upload: delivered after restart" delivered "$(sql "select state from files where name='big.xml'")"
    t_eq "sshd killed mid-upload: intact on the remote, once" 1 "$(on_remote "$T/big.xml")"
    t_check "sshd killed mid-upload: no partial file left" no_part
else
    t_fail "sshd killed mid-upload" "the upload was never seen in progress ($(tail -n 3 "$T/serve.log" | tr '\n' '|'))"
fi
t_check "sigterm/sshd: daemon alive" kill -0 "$DPID"

# --- (f) a failure after the claim (the acknowledgement cannot be written) is retried by the
# running daemon, not only at its next start
doc 31 "$T/stuck.xml"
rm -rf "$SPOOL/ack/grd9"
mkdir -p "$SPOOL/ack" && : >"$SPOOL/ack/grd9" # a file where the sender's ack folder goes
e2e_drop grd9 "$T/stuck.xml"
wait_until 20 grep -q 'event=ack-failed.*file=stuck.xml' "$T/serve.log"
t_grep "ack folder unusable: the failure is logged" 'event=ack-failed.*file=stuck.xml' "$T/serve.log"
t_eq "ack folder unusable: the file waits in the ledger (judged)" judged \
    "$(sql "select state from files where name='stuck.xml'")"
rm -f "$SPOOL/ack/grd9"
wait_until 30 state_is stuck.xml delivered
t_eq "ack folder back: acknowledged and delivered without a restart" delivered \
    "$(sql "select state from files where name='stuck.xml'")"
t_check "ack folder back: acknowledgement written" test -f "$SPOOL/ack/grd9/stuck.xml.ack.xml"

# --- (d) SIGHUP: reload, a destination added is served ------------------------------------------
mkdir -p "$T/remote2"
e2e_conf rescan_interval=1 retry_min=2 "destinations=rte second" "dest.second.host=127.0.0.1" \
    "dest.second.port=$SSHD_PORT" "dest.second.user=$SSHD_USER" "dest.second.key=$SSHD_KEY" \
    "dest.second.known_hosts=$SSHD_KNOWN_HOSTS" "dest.second.remote_dir=$T/remote2" \
    "dest.second.timeout=5"
"$PASSERELLE" config -c "$CONF" >"$T/config.out" 2>&1
t_grep "sighup: passerelle config sees the new destination" '^dest\.second\.host = 127\.0\.0\.1' "$T/config.out"
kill -HUP "$DPID"
wait_until 10 grep -q 'event=reloaded.*destinations=2' "$T/serve.log"
t_grep "sighup: event=reloaded with 2 destinations" 'event=reloaded .*destinations=2' "$T/serve.log"
doc 21 "$T/hup.xml"
e2e_drop grd1 "$T/hup.xml"
wait_until 30 state_is hup.xml delivered
t_eq "sighup: the new file reaches both destinations" "1 1" \
    "$(on_remote "$T/hup.xml") $(for f in "$T/remote2"/*; do [ -f "$f" ] && cmp -s "$f" "$T/hup.xml" && echo x; done | wc -l)"
t_check "sighup: daemon alive" kill -0 "$DPID"
stop
t_eq "sighup: SIGTERM exit 0" 0 "$?"
"$PASSERELLE" fsck -n -c "$CONF" >"$T/fsck.out" 2>&1
t_eq "fsck -n finds nothing at the end" 0 "$?"
t_done
