#!/bin/sh
# Readiness notification (systemd's sd_notify protocol): with NOTIFY_SOCKET set, the daemon
# sends READY=1 once started, RELOADING=1 then READY=1 around a SIGHUP reload, and STOPPING=1
# on SIGTERM, to a path socket and to an abstract ('@') one; a tiny python3 listener records
# the datagrams. No sshd needed: nothing is delivered.
. tests/lib/t.sh
P=${PASSERELLE:-$(pwd)/${B:-build}/passerelle}
T=$(mktemp -d /tmp/passerelle-notify.XXXXXX)
LPID="" DPID=""
cleanup() {
    [ -n "$DPID" ] && kill "$DPID" 2>/dev/null
    [ -n "$LPID" ] && kill "$LPID" 2>/dev/null
    rm -rf "$T"
}
trap cleanup EXIT
if ! command -v python3 >/dev/null 2>&1; then
    t_skip "notify" "python3 not installed"
    t_done
fi
printf 'spool_dir = %s/spool\nrescan_interval = 1\n' "$T" >"$T/c.conf"
chmod 600 "$T/c.conf"

# listen NAME OUT - record each datagram on NAME ('@' = abstract) as one line of OUT
listen() {
    python3 - "$1" "$2" <<'PY' &
import os, socket, sys
name, out = sys.argv[1], sys.argv[2]
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind("\0" + name[1:] if name.startswith("@") else name)
open(out + ".bound", "w").close()
s.settimeout(60)
with open(out, "a") as f:
    while True:
        msg = s.recv(4096).decode()
        f.write(msg.replace("\n", " ") + "\n")
        f.flush()
        if msg.startswith("STOPPING=1"):
            break
PY
    LPID=$!
    i=0
    while [ ! -e "$2.bound" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
}
# wait_lines FILE N - until FILE has N lines (10 s at most)
wait_lines() {
    i=0
    while [ "$(wc -l <"$1" 2>/dev/null || echo 0)" -lt "$2" ] && [ $i -lt 100 ]; do
        sleep 0.1
        i=$((i + 1))
    done
}

for kind in path abstract; do
    if [ $kind = path ]; then name=$T/notify.sock; else name=@passerelle-notify-$$; fi
    out=$T/$kind.log
    : >"$out"
    listen "$name" "$out"
    NOTIFY_SOCKET=$name "$P" serve -f -c "$T/c.conf" >>"$T/serve-$kind.log" 2>&1 &
    DPID=$!
    wait_lines "$out" 1
    t_eq "$kind: READY=1 after start-up" "READY=1" "$(sed -n 1p "$out")"
    kill -HUP "$DPID"
    wait_lines "$out" 3
    t_eq "$kind: RELOADING=1 then READY=1 around a reload" "RELOADING=1,READY=1" \
        "$(sed -n '2p;3p' "$out" | paste -sd, -)"
    kill -TERM "$DPID"
    wait "$DPID"
    rc=$?
    DPID=""
    wait_lines "$out" 4
    t_eq "$kind: STOPPING=1 at stop" "STOPPING=1" "$(sed -n 4p "$out")"
    t_eq "$kind: clean stop exits 0" 0 "$rc"
    t_eq "$kind: nothing else sent" 4 "$(wc -l <"$out")"
    wait "$LPID" 2>/dev/null
    LPID=""
    t_grep "$kind: reload logged" 'event=reloaded' "$T/serve-$kind.log"
done

# A socket nobody listens on: logged, and the daemon carries on.
NOTIFY_SOCKET=$T/nobody.sock "$P" serve -f --once -c "$T/c.conf" >"$T/serve-none.log" 2>&1
t_eq "no listener: serve --once still exits 0" 0 $?
t_grep "no listener: notify-failed logged" 'event=notify-failed state=READY=1' "$T/serve-none.log"
t_done
