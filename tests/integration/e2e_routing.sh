#!/bin/sh
# Routing: RTE receives every document but those addressed to a GRD; an aggregator receives the
# part of each load-curve document made of its own sites' series (a valid canonical document);
# a contestation goes to the GRD it is addressed to, not to RTE; delivered ack once all have it.
. tests/lib/t.sh
. tests/lib/sshd.sh
. tests/lib/e2e.sh

NAMES="rte gets the whole curve; aa gets its part; part is valid; other aa gets nothing; contestation to grd; delivered ack"
e2e_setup
rc=$?
if [ $rc -ne 0 ]; then
    for n in $(echo "$NAMES" | tr ' ;' '_ '); do t_skip "$n" "no usable sshd (rc $rc)"; done
    t_done
fi
trap e2e_cleanup EXIT
CDC=samples/cdc/valid.xml
GRD=$(sed -n 's|.*<sender>\([^<]*\)</sender>.*|\1|p' "$CDC" | head -n 1)
AA=17XAGREGAT-0001B
WEEK=$(e2e_week "$CDC")
R=$SSHD_REMOTE
mkdir -p "$R/rte" "$R/aa1" "$R/aa2" "$R/grd1"
dest() { # name role eic
    echo "dest.$1.port=$SSHD_PORT dest.$1.user=$SSHD_USER dest.$1.key=$SSHD_KEY dest.$1.known_hosts=$SSHD_KNOWN_HOSTS dest.$1.remote_dir=$R/$1 dest.$1.timeout=5 dest.$1.role=$2 dest.$1.eic=$3"
}
# shellcheck disable=SC2046
e2e_conf destinations="rte aa1 aa2 grd1" $(dest rte rte 10XFR-RTE------Q) \
    $(dest aa1 aa "$AA") $(dest aa2 aa 17XFLEXIBLE-0024) $(dest grd1 grd "$GRD")
# Perimeter: sites 1 and 2 in an EDA of $AA, site 3 in one of 17XFLEXIBLE-0024.
sed -e 's|<effectiveMonth>[^<]*<|<effectiveMonth>2026-01<|' -e '/ref="30001610000004"/d' \
    samples/perimetre/valid.xml >"$T/p.xml"
e2e_drop grd1 "$T/p.xml"
e2e_once PASSERELLE_NOW=2025-12-01T09:00:00Z
rm -f "$R"/rte/*
e2e_drop grd1 "$CDC"
e2e_drop aa1 samples/contestation/valid.xml c.xml
e2e_once PASSERELLE_NOW="$(e2e_now_for "$WEEK" 8)"

t_eq "rte gets the whole curve" 1 "$(for f in "$R"/rte/*; do cmp -s "$f" "$CDC" && echo x; done | wc -l)"
part=$(ls "$R"/aa1/* 2>/dev/null | head -n 1)
t_eq "aa gets its part: sites 1 and 2 only" "30001610000001 30001610000002" \
    "$(grep -o 'site="[0-9]*"' "$part" 2>/dev/null | tr -dc '0-9\n ' | sort | tr '\n' ' ' | sed 's/ $//')"
"$PASSERELLE" check "$part" >"$T/pc.txt" 2>&1
t_eq "part is valid" 0 $?
t_eq "other aa gets its own: site 3 only" 1 "$(cat "$R"/aa2/* 2>/dev/null | grep -c '<Series')"
t_eq "contestation to grd" 1 "$(ls "$R"/grd1 | wc -l)"
t_eq "contestation not to rte" 1 "$(ls "$R"/rte | wc -l)"
t_grep "delivered ack once all have it" '<status>delivered</status>' "$SPOOL/ack/grd1/valid.xml.delivered.ack.xml"
t_eq "curve: three deliveries (rte, aa1, aa2), none to grd1" "aa1 aa2 rte" \
    "$(e2e_sql "select group_concat(destination, ' ') from (select destination from deliveries d join files f on f.id=d.file_id where f.name='valid.xml' order by 1)")"
t_done
