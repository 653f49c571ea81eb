#!/bin/sh
# End to end: one dead destination never delays another. Destination "dead" is a TCP listener
# that accepts connections and never speaks SSH (the worst case: every attempt waits for the
# timeout); destination "rte" is a real sshd. The live one must be served while the dead one is
# still waiting, and the dead one's deliveries stay deferred (never lost).
. tests/lib/t.sh
. tests/lib/sshd.sh
. tests/lib/e2e.sh

NAMES="live destination served first; dead destination deferred; file kept for the dead one"
e2e_setup
rc=$?
if [ $rc -ne 0 ] || ! command -v python3 >/dev/null 2>&1; then
    for n in $(echo "$NAMES" | tr ' ;' '_ '); do t_skip "$n" "no usable sshd or python3 (rc $rc)"; done
    t_done
fi
trap 'kill $lpid 2>/dev/null; e2e_cleanup' EXIT

# A listener that accepts and stays silent (bounded: exits by itself after 60 s).
python3 - "$T/dead.port" <<'PY' &
import socket, sys, time
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(16)
open(sys.argv[1], "w").write(str(s.getsockname()[1]))
conns, end = [], time.time() + 60
s.settimeout(1)
while time.time() < end:
    try:
        conns.append(s.accept()[0])
    except socket.timeout:
        pass
PY
lpid=$!
i=0
while [ ! -s "$T/dead.port" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
DEAD_PORT=$(cat "$T/dead.port")

# "dead" is listed first, so a sequential deliverer would try it first.
e2e_conf destinations="dead rte" dest.rte.port="$SSHD_PORT" dest.rte.user="$SSHD_USER" \
    dest.rte.key="$SSHD_KEY" dest.rte.known_hosts="$SSHD_KNOWN_HOSTS" \
    dest.rte.remote_dir="$SSHD_REMOTE" dest.rte.timeout=5 \
    dest.dead.port="$DEAD_PORT" dest.dead.user="$SSHD_USER" dest.dead.key="$SSHD_KEY" \
    dest.dead.known_hosts="$SSHD_KNOWN_HOSTS" dest.dead.timeout=4 retry_min=60 retry_max=60
WEEK=$(e2e_week samples/cdc/valid.xml)
e2e_drop grd1 samples/cdc/valid.xml
e2e_once PASSERELLE_NOW="$(e2e_now_for "$WEEK" 8)"

sq() { e2e_sql "select $1 from deliveries d join attempts a on a.delivery_id = d.id where d.destination = '$2'"; }
rte_end=$(sq "a.ended_at" rte)
dead_end=$(sq "a.ended_at" dead)
t_eq "dead destination deferred" deferred "$(e2e_sql "select state from deliveries where destination='dead'")"
t_eq "live destination delivered" delivered "$(e2e_sql "select state from deliveries where destination='rte'")"
if [ -n "$rte_end" ] && [ -n "$dead_end" ] && [ "$rte_end" -lt "$dead_end" ]; then
    t_pass "live destination served first"
else
    t_fail "live destination served first" "rte attempt ended at [$rte_end], dead at [$dead_end]"
fi
t_check "file kept for the dead one" test -n "$(ls -A "$SPOOL/out/dead")"
t_check "nothing left for the live one" test -z "$(ls -A "$SPOOL/out/rte")"
t_eq "file not yet delivered everywhere" queued "$(e2e_sql "select state from files where name='valid.xml'")"
t_grep "dead destination's error recorded" '.' "$(e2e_sql "select last_error from deliveries where destination='dead'" >"$T/err"; echo "$T/err")"
t_done
