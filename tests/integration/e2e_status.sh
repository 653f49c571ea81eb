#!/bin/sh
# passerelle status: files per state, deliveries waiting with their next retry and last error,
# open periods with the deadline and the time left, spool use; text and JSON.
. tests/lib/t.sh
. tests/lib/sshd.sh
. tests/lib/e2e.sh

NAMES="files per state; deliveries waiting; open period; json"
e2e_setup
rc=$?
if [ $rc -ne 0 ] || ! command -v python3 >/dev/null 2>&1; then
    for n in $(echo "$NAMES" | tr ' ;' '_ '); do t_skip "$n" "no usable sshd or python3 (rc $rc)"; done
    t_done
fi
trap e2e_cleanup EXIT
VALID=samples/cdc/valid.xml
WEEK=$(e2e_week "$VALID")
sshd_stop
e2e_drop grd1 "$VALID"
e2e_drop grd1 samples/cdc/CDC-STEP.xml
e2e_once PASSERELLE_NOW="$(e2e_now_for "$WEEK" 8)"
PASSERELLE_NOW="$(e2e_now_for "$WEEK" 8)" "$PASSERELLE" status -c "$CONF" >"$T/s.txt" 2>"$T/s.err"
t_eq "exit 0" 0 $?
t_grep "files per state" '^files: .*queued=1.*rejected=1|^files: .*rejected=1.*queued=1' "$T/s.txt"
t_grep "deliveries waiting" '^  [0-9]+ +rte +grd1/valid.xml +deferred +attempts=1 +next=[0-9-]+T.* error=' "$T/s.txt"
t_grep "open period with deadline and time left" "^  cdc +$WEEK +[0-9A-Z-]+ +[0-9-]+T12:00:00\+0[12]:00 +[0-9]+d [0-9:]+ +1 +1 +0 no" "$T/s.txt"
t_grep "spool use" '^spool .*archive=[1-9]' "$T/s.txt"
PASSERELLE_NOW="$(e2e_now_for "$WEEK" 8)" "$PASSERELLE" status --json -c "$CONF" >"$T/s.json" 2>/dev/null
python3 - "$T/s.json" >"$T/py" 2>&1 <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
assert s["files"]["queued"] == 1 and s["files"]["rejected"] == 1, s["files"]
d = s["deliveries"][0]
assert d["destination"] == "rte" and d["state"] == "deferred" and d["attempts"] == 1, d
assert d["last_error"], d
p = s["periods"][0]
assert p["flow"] == "cdc" and p["accepted"] == 1 and p["seconds_left"] > 0, p
assert s["spool"]["archive"] > 0
print("ok")
PY
t_grep "json" '^ok$' "$T/py"
t_done
