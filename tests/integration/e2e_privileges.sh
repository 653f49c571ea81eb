#!/bin/sh
# Least privilege: started as root with `user` set, the daemon becomes that account once set up
# (the spool must be its own), delivers as that account, and what it writes is not
# world-readable; a spool owned by someone else is refused; without `user` it warns loudly.
. tests/lib/t.sh
. tests/lib/sshd.sh
. tests/lib/e2e.sh

NAMES="runs as the account; delivers as the account; files not world-readable; foreign spool refused; root warning"
if [ "$(id -u)" -ne 0 ] || ! id nobody >/dev/null 2>&1; then
    for n in $(echo "$NAMES" | tr ' ;' '_ '); do t_skip "$n" "needs root and the nobody account"; done
    t_done
fi
e2e_setup
rc=$?
if [ $rc -ne 0 ]; then
    for n in $(echo "$NAMES" | tr ' ;' '_ '); do t_skip "$n" "no usable sshd (rc $rc)"; done
    t_done
fi
trap e2e_cleanup EXIT
VALID=samples/cdc/valid.xml
WEEK=$(e2e_week "$VALID")
# The account must reach the key, known_hosts, config and schemas; the spool is its own.
chmod 755 "$T" "$T/sshd"
cp "$SSHD_KEY" "$T/key" && chown nobody "$T/key" && chmod 600 "$T/key"
chmod 644 "$SSHD_KNOWN_HOSTS"
e2e_conf user=nobody dest.rte.key="$T/key"
chmod 644 "$CONF"
mkdir -p "$SPOOL/in/grd1" && chown -R nobody "$SPOOL" && chmod 755 "$SPOOL"
cp "$VALID" "$SPOOL/in/grd1/.v" && mv "$SPOOL/in/grd1/.v" "$SPOOL/in/grd1/valid.xml"
case "$(pwd)" in /root*) chmod o+x /root 2>/dev/null ;; esac
PASSERELLE_NOW="$(e2e_now_for "$WEEK" 8)" "$PASSERELLE" serve -f -c "$CONF" >"$T/d.log" 2>&1 &
dpid=$!
i=0
while [ $i -lt 40 ] && [ ! -f "$SPOOL/ledger.db" ]; do sleep 0.25; i=$((i + 1)); done
i=0
while [ $i -lt 40 ] && [ "$(e2e_sql "select state from files where name='valid.xml'" 2>/dev/null)" != delivered ]; do
    sleep 0.25
    i=$((i + 1))
done
t_eq "runs as the account" "$(id -u nobody)" "$(awk '/^Uid:/ {print $2}' /proc/$dpid/status 2>/dev/null)"
t_grep "runs as the account: logged" 'event=privileges-dropped user=nobody' "$T/d.log"
kill -TERM $dpid 2>/dev/null
wait $dpid
t_eq "delivers as the account" delivered "$(e2e_sql "select state from files where name='valid.xml'")"
t_eq "files written belong to the account" "nobody" "$(stat -c %U "$SPOOL/ack/grd1/valid.xml.ack.xml")"
t_eq "files written not world-readable" "" "$(find "$SPOOL/ack" "$SPOOL/ledger.db" "$SPOOL/metrics" -perm -o=r -type f)"
rm -rf "$SPOOL" && mkdir -p "$SPOOL"
"$PASSERELLE" serve -f --once -c "$CONF" >"$T/e.log" 2>&1
t_eq "foreign spool refused (exit 2)" 2 $?
t_grep "foreign spool refused: says why" 'is not owned by nobody' "$T/e.log"
e2e_conf
"$PASSERELLE" serve -f --once -c "$CONF" >"$T/w.log" 2>&1
t_grep "root warning" 'event=running-as-root WARNING' "$T/w.log"
t_done
