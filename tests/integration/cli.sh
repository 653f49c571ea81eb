#!/bin/sh
# The command-line interface: exit codes, output formats, config errors, install.
. tests/lib/t.sh
P=${PASSERELLE:-$(pwd)/${B:-build}/passerelle}
T=$(mktemp -d /tmp/passerelle-cli.XXXXXX)
trap 'rm -rf "$T"' EXIT
VALID=samples/cdc/valid.xml
INVALID=samples/cdc/CDC-STEP.xml

# --- help and usage -------------------------------------------------------------------------
"$P" --help >"$T/help" 2>&1
t_eq "help exits 0" 0 $?
for c in serve check config codes ledger; do
    t_grep "help lists $c" "^  $c" "$T/help"
done
"$P" frobnicate >/dev/null 2>&1
t_eq "unknown command exits 2" 2 $?
"$P" check >/dev/null 2>&1
t_eq "check without files exits 2" 2 $?

# --- check: exit status ---------------------------------------------------------------------
"$P" check "$VALID" >"$T/out" 2>&1
t_eq "check valid exits 0" 0 $?
t_grep "check valid: first line" "^$VALID: accepted(-with-warnings)? \([0-9]+ errors?, [0-9]+ warnings?\)$" "$T/out"
"$P" check "$INVALID" >"$T/out" 2>&1
t_eq "check invalid exits 1" 1 $?
exp=$(grep -v '^#' "${INVALID%.xml}.expect" | head -n 1)
code=${exp% *}
line=${exp#* }
t_grep "check invalid: verdict line" "^$INVALID: rejected \([1-9][0-9]* errors?, [0-9]+ warnings?\)$" "$T/out"
t_grep "check invalid: reason line with file, line, code, article" \
    "^$INVALID:$line: error: $code: .+ \[[^]]+\]$" "$T/out"
"$P" check "$VALID" "$INVALID" >/dev/null 2>&1
t_eq "check valid+invalid exits 1" 1 $?
"$P" check "$VALID" "$INVALID" "$T/does-not-exist.xml" >"$T/out" 2>"$T/err"
t_eq "check with a missing file exits 2 (I/O error wins)" 2 $?
t_grep "check: missing file named on stderr" "does-not-exist.xml" "$T/err"
t_grep "check: other files still judged" "^$INVALID: rejected" "$T/out"
mkfifo "$T/fifo"
"$P" check "$T/fifo" >/dev/null 2>&1
t_eq "check on a FIFO exits 2 without blocking" 2 $?
: >"$T/empty.xml"
"$P" check "$T/empty.xml" >"$T/out" 2>&1
t_eq "check empty file exits 1" 1 $?
printf 'hello;world\n1;2\n' >"$T/x.csv"
"$P" check "$T/x.csv" >/dev/null 2>&1
t_eq "check unrecognised document exits 1" 1 $?

# --- check --json ---------------------------------------------------------------------------
"$P" check --json "$VALID" "$INVALID" >"$T/json" 2>&1
t_eq "check --json exits 1" 1 $?
t_eq "check --json: one line per file" 2 "$(wc -l <"$T/json")"
if command -v python3 >/dev/null 2>&1; then
    python3 - "$T/json" "$code" "$line" >"$T/py" 2>&1 <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
assert set(rows[0]) >= {"file", "flow", "status", "reasons"}, rows[0].keys()
assert rows[0]["flow"] == "cdc" and rows[0]["status"].startswith("accepted"), rows[0]
bad = rows[1]
assert bad["status"] == "rejected", bad
r = [x for x in bad["reasons"] if x["code"] == sys.argv[2]]
assert r, bad["reasons"]
assert set(r[0]) == {"code", "severity", "line", "rule", "text"}, r[0].keys()
assert r[0]["line"] == int(sys.argv[3]) and r[0]["severity"] == "error", r[0]
print("ok")
PY
    t_grep "check --json: objects have the documented keys and values" '^ok$' "$T/py"
else
    t_skip "check --json: objects have the documented keys and values" "python3 absent"
fi

# --- codes ----------------------------------------------------------------------------------
"$P" codes >"$T/codes"
t_eq "codes exits 0" 0 $?
for c in XML XSD EIC-CHECK CDC-STEP CDC-MISSING LATE DUPLICATE UNKNOWN-FLOW; do
    t_grep "codes lists $c" "^$c " "$T/codes"
done
t_grep "codes: CDC-MISSING is a warning" '^CDC-MISSING +warning' "$T/codes"
n_codes=$(wc -l <"$T/codes")
t_eq "codes --json: same codes" "$n_codes" "$("$P" codes --json | grep -c '"code"')"
for c in $(awk '{print $1}' "$T/codes"); do
    grep -q -- "| \`$c\`" README.md || { t_fail "README documents every code" "$c missing"; c=x; break; }
done
[ "$c" = x ] || t_pass "README documents every code"

# --- config ---------------------------------------------------------------------------------
"$P" config -c etc/passerelle.conf >"$T/conf" 2>&1
t_eq "config of the shipped file exits 0" 0 $?
"$P" config >"$T/conf-default" 2>&1
t_eq "shipped config equals the defaults" "$(grep -v '^#' "$T/conf-default")" "$(grep -v '^#' "$T/conf")"
for k in spool_dir quiet_period rescan_interval max_file_size retry_min retry_max week_start \
    dest.rte.host dest.rte.known_hosts; do
    t_grep "config prints $k" "^$k = " "$T/conf"
    grep -q "^#$k = \|^# *$k = " etc/passerelle.conf || t_fail "etc/passerelle.conf documents $k" "absent"
done
printf 'quiet_period = 7\n\n# comment\nbogus_key = 1\n' >"$T/bad.conf"
"$P" config -c "$T/bad.conf" >/dev/null 2>"$T/err"
t_eq "config with an unknown key exits 2" 2 $?
t_grep "config error names file and line" "bad.conf:4: bogus_key: unknown key" "$T/err"
printf 'retry_min = abc\n' >"$T/bad2.conf"
"$P" config -c "$T/bad2.conf" >/dev/null 2>"$T/err"
t_grep "config bad value names file and line" "bad2.conf:1: retry_min: not a number" "$T/err"
printf 'quiet_period = 7\nmax_file_size = 2M\ndestinations = rte aa1\ndest.aa1.port = 2222\n' >"$T/ok.conf"
"$P" config -c "$T/ok.conf" >"$T/conf" 2>&1
t_grep "config applies a value" '^quiet_period = 7$' "$T/conf"
t_grep "config applies a size" '^max_file_size = 2097152$' "$T/conf"
t_grep "config declares a destination" '^dest.aa1.port = 2222$' "$T/conf"
chmod 666 "$T/ok.conf"
"$P" config -c "$T/ok.conf" >/dev/null 2>&1
t_eq "config writable by others is refused" 2 $?
PASSERELLE_CONF="$T/bad.conf" "$P" config >/dev/null 2>&1
t_eq "PASSERELLE_CONF is read" 2 $?

# --- man page renders without warnings -------------------------------------------------------
if command -v groff >/dev/null 2>&1; then
    t_eq "man page renders cleanly" "" "$(groff -ww -man -z man/passerelle.8 2>&1)"
else
    t_skip "man page renders cleanly" "groff absent"
fi

# --- make install honours PREFIX and DESTDIR ------------------------------------------------
if make -s install DESTDIR="$T/root" PREFIX=/opt/psl SPOOLDIR=/var/spool/psl B="${B:-build}" \
    >"$T/install.log" 2>&1; then
    for f in /opt/psl/bin/passerelle /opt/psl/share/passerelle/xsd/cdc.xsd \
        /opt/psl/etc/passerelle/passerelle.conf /opt/psl/share/man/man8/passerelle.8 \
        /var/spool/psl/in; do
        t_check "install: $f" test -e "$T/root$f"
    done
else
    t_fail "make install" "$(tail -5 "$T/install.log")"
fi
t_done
