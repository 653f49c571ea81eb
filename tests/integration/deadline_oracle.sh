#!/bin/sh
# deadline_oracle.sh - every deadline of 2020-2040 (each week flow for each day, Saturday and
# Monday weeks; each monthly flow for each month; contestation and effective-date for four
# instants of every day) from formats/cal.c, against tests/oracle/deadlines.py, a separate
# python3 implementation on zoneinfo; then `passerelle calendar YEAR --json` for each year and
# a sample of `passerelle deadline` / `effective-date` calls against the same oracle.
. tests/lib/t.sh
B=${B:-build}
P=${PASSERELLE:-$(pwd)/$B/passerelle}
TOOL=$B/tools/cal_oracle
T=$(mktemp -d /tmp/passerelle-dloracle.XXXXXX)
trap 'rm -rf "$T"' EXIT

if ! command -v python3 >/dev/null 2>&1 ||
    ! python3 -c 'import zoneinfo; zoneinfo.ZoneInfo("Europe/Paris")' >/dev/null 2>&1; then
    t_skip "deadlines against python3 zoneinfo" "python3 or tzdata missing: apt-get install python3 tzdata"
    t_done
fi
: >"$T/empty.conf" # the built-in defaults (Saturday weeks, no holidays file), whatever is installed
chmod 600 "$T/empty.conf"

"$TOOL" deadlines 2020 2040 >"$T/c"
t_eq "cal_oracle deadlines exits 0" 0 $?
python3 tests/oracle/deadlines.py list 2020 2040 >"$T/py"
t_eq "deadlines.py exits 0" 0 $?
sort "$T/c" >"$T/c.s"
sort "$T/py" >"$T/py.s"
t_eq "same number of deadlines (2020-2040)" "$(wc -l <"$T/py.s")" "$(wc -l <"$T/c.s")"
if cmp -s "$T/c.s" "$T/py.s"; then
    t_pass "every deadline of 2020-2040 equals the python3 oracle ($(wc -l <"$T/c.s") values)"
else
    t_fail "every deadline of 2020-2040 equals the python3 oracle" "$(diff "$T/c.s" "$T/py.s" | head -6 | tr '\n' '|')"
fi

bad=""
for y in $(seq 2020 2040); do
    "$P" calendar -c "$T/empty.conf" --json "$y" | sort >"$T/cal"
    python3 tests/oracle/deadlines.py calendar "$y" | sort >"$T/calpy"
    if ! cmp -s "$T/cal" "$T/calpy" || [ ! -s "$T/cal" ]; then
        bad="$bad $y"
    fi
done
t_eq "passerelle calendar YEAR --json equals the oracle for 2020-2040" "" "$bad"

# A sample through the command line itself (one process per value, so a sample).
awk 'NR % 1499 == 7' "$T/py" >"$T/sample"
n=0 wrong=0
while read -r flow ref want; do
    case $flow in
    cdc/monday) continue ;;
    effective-date) got=$("$P" effective-date -c "$T/empty.conf" "$ref") ;;
    *) got=$("$P" deadline -c "$T/empty.conf" "$flow" "$ref") ;;
    esac
    n=$((n + 1))
    if [ "$got" != "$want" ]; then
        wrong=$((wrong + 1))
        echo "mismatch: $flow $ref: got $got, want $want"
    fi
done <"$T/sample"
t_eq "passerelle deadline / effective-date agree with the oracle on a sample of $n" 0 "$wrong"
t_done
