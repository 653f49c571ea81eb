#!/bin/sh
# calendar_cli.sh - passerelle deadline / effective-date / calendar as scripts use them: the
# issue's reference values, output formats, exit status 2 on bad input, the holidays override
# file (Alsace-Moselle) through -c, a bad override file, serve --now judging a late file, and
# make install shipping etc/holidays.
. tests/lib/t.sh
P=${PASSERELLE:-$(pwd)/${B:-build}/passerelle}
T=$(mktemp -d /tmp/passerelle-calcli.XXXXXX)
trap 'rm -rf "$T"' EXIT
: >"$T/empty.conf"
chmod 600 "$T/empty.conf"
C="-c $T/empty.conf"

# --- help ----------------------------------------------------------------------------------
"$P" --help >"$T/help" 2>&1
for c in deadline effective-date calendar; do
    t_grep "help lists $c" "^  $c " "$T/help"
done
t_grep "help lists serve --now" "^  serve .*--now" "$T/help"

# --- reference values (issue 3) ------------------------------------------------------------
t_eq "deadline cles 2030-07 (a holiday Thursday)" "2030-08-15T23:59:59+02:00" "$("$P" deadline $C cles 2030-07)"
t_eq "deadline perimetre 2026-05" "2026-05-21T23:59:59+02:00" "$("$P" deadline $C perimetre 2026-05)"
t_eq "deadline perimetre 2026-03 (DOMAIN.md)" "2026-03-24T23:59:59+01:00" "$("$P" deadline $C perimetre 2026-03)"
t_eq "deadline contestation sent on 1 January local" "2027-01-06T23:59:59+01:00" \
    "$("$P" deadline $C contestation 2026-12-31T23:30:00Z)"
t_eq "effective-date the Saturday after the deadline" "2026-03-01" \
    "$("$P" effective-date $C 2026-01-17T00:00:00+01:00)"
t_eq "effective-date the last on-time second" "2026-02-01" \
    "$("$P" effective-date $C 2026-01-16T23:59:59+01:00)"
t_eq "deadline cdc, any day of week S" "2026-04-03T12:00:00+02:00" "$("$P" deadline $C cdc 2026-03-27)"
for f in cdc-profilee flexloc eif-activations; do
    t_eq "deadline $f = cdc" "2026-04-10T12:00:00+02:00" "$("$P" deadline $C $f 2026-03-28)"
done
for f in facteur-impact eif-sites; do
    t_eq "deadline $f = perimetre" "2026-05-21T23:59:59+02:00" "$("$P" deadline $C $f 2026-05)"
done
t_eq "deadline demande-perimetre 2026-01" "2026-01-16T23:59:59+01:00" "$("$P" deadline $C demande-perimetre 2026-01)"
t_eq "deadline capacite 2026-05" "2026-05-13T23:59:59+02:00" "$("$P" deadline $C capacite 2026-05)"
t_eq "deadline --json" '{"flow":"cles","ref":"2030-07","deadline":"2030-08-15T23:59:59+02:00"}' \
    "$("$P" deadline --json $C cles 2030-07)"
t_eq "deadline --json after the arguments" '{"flow":"cdc","ref":"2026-03-27","deadline":"2026-04-03T12:00:00+02:00"}' \
    "$("$P" deadline $C cdc 2026-03-27 --json)"
printf 'week_start = monday\n' >"$T/monday.conf"
chmod 600 "$T/monday.conf"
t_eq "deadline cdc with Monday weeks" "2026-04-03T12:00:00+02:00" \
    "$("$P" deadline -c "$T/monday.conf" cdc 2026-03-29)"

# --- bad input: message and exit 2 ---------------------------------------------------------
bad() { # bad NAME ARGS...
    _n=$1
    shift
    "$P" "$@" >"$T/out" 2>"$T/err"
    _rc=$?
    if [ $_rc -eq 2 ] && [ -s "$T/err" ] && [ ! -s "$T/out" ]; then t_pass "$_n"; else
        t_fail "$_n" "exit $_rc, stderr [$(head -c 200 "$T/err")], stdout [$(head -c 200 "$T/out")]"; fi
}
bad "unknown flow" deadline $C nope 2026-03
bad "impossible month" deadline $C cles 2026-13
bad "malformed month" deadline $C perimetre 2026-3
bad "a date where a month is expected" deadline $C perimetre 2026-03-01
bad "impossible day" deadline $C cdc 2026-02-30
bad "a month where a date is expected" deadline $C cdc 2026-03
bad "instant without offset" deadline $C contestation 2026-12-31T23:30:00
bad "year out of range" deadline $C perimetre 1995-12
bad "missing REF" deadline $C cles
bad "extra argument" deadline $C cles 2026-01 2026-02
bad "effective-date malformed" effective-date $C 2026-01-17
bad "effective-date no argument" effective-date $C
bad "calendar bad year" calendar $C 26
bad "calendar year out of range" calendar $C 2100
bad "calendar no year" calendar $C
"$P" deadline $C nope 2026-03 2>"$T/err"
t_grep "unknown flow: message names it and the known flows" 'unknown flow "nope"' "$T/err"
t_grep "unknown flow: known flows listed" 'known flows: .*demande-perimetre' "$T/err"
"$P" deadline $C cles 2026-13 2>"$T/err"
t_grep "bad REF: message says what is expected" 'cles: bad REF "2026-13".*expected a month YYYY-MM' "$T/err"

# --- calendar ------------------------------------------------------------------------------
"$P" calendar $C 2026 >"$T/cal"
t_eq "calendar exits 0" 0 $?
t_grep "calendar: cles of July 2030's year" '^cles +2029-12 +2030-01-17T23:59:59\+01:00 Thu$' "$("$P" calendar $C 2030 >"$T/cal30"; echo "$T/cal30")"
t_grep "calendar: perimetre May 2026" '^perimetre +2026-05 +2026-05-21T23:59:59\+02:00 Thu$' "$T/cal"
t_grep "calendar: cdc weeks by their first day" '^cdc +2026-03-21 +2026-04-03T12:00:00\+02:00 Fri$' "$T/cal"
t_grep "calendar: holidays listed" '^2026-05-14 Thu Ascension$' "$T/cal"
t_eq "calendar: 52 or 53 cdc weeks" 52 "$(grep -c '^cdc ' "$T/cal")"
"$P" calendar --json $C 2026 >"$T/json"
t_eq "calendar --json: only deadline objects" 0 "$(grep -vc '^{"flow":"[a-z0-9-]*","ref":"[0-9-]*","deadline":"2026-[0-9T:+-]*"}$' "$T/json")"
t_eq "calendar --json: same rows as the table" "$(grep -c '^[a-z].*T[0-9:]*+0[12]:00 ' "$T/cal")" "$(wc -l <"$T/json")"

# --- holidays override file ----------------------------------------------------------------
sed 's/^#add easter-2/add easter-2/; s/^#add 12-26/add 12-26/' etc/holidays >"$T/holidays"
chmod 644 "$T/holidays"
printf 'holidays = %s\n' "$T/holidays" >"$T/alsace.conf"
chmod 600 "$T/alsace.conf"
t_eq "shipped etc/holidays changes nothing" "2026-04-08T23:59:59+02:00" \
    "$("$P" deadline $C contestation 2026-04-02T10:00:00+02:00)"
t_eq "Alsace-Moselle: Good Friday is not a Jour Ouvré" "2026-04-09T23:59:59+02:00" \
    "$("$P" deadline -c "$T/alsace.conf" contestation 2026-04-02T10:00:00+02:00)"
t_eq "Alsace-Moselle: 26 December 2029 counts" "2029-12-20T23:59:59+01:00" \
    "$("$P" deadline -c "$T/alsace.conf" perimetre 2029-12)"
"$P" calendar -c "$T/alsace.conf" 2026 >"$T/cal"
t_grep "calendar lists Vendredi saint" '^2026-04-03 Fri Vendredi saint$' "$T/cal"
t_grep "calendar lists Saint-Étienne" '^2026-12-26 Sat Saint-Étienne$' "$T/cal"
t_grep "config prints holidays" "^holidays = $T/holidays\$" "$("$P" config -c "$T/alsace.conf" >"$T/cfg"; echo "$T/cfg")"
printf 'add easter-2\nadd 2026-02-30 nope\n' >"$T/holidays"
bad "bad holidays file: deadline" deadline -c "$T/alsace.conf" cles 2026-01
t_grep "bad holidays file: FILE:LINE: why" "$T/holidays:2: not a calendar date" "$T/err"
bad "bad holidays file: calendar" calendar -c "$T/alsace.conf" 2026
bad "bad holidays file: check" check -c "$T/alsace.conf" samples/cdc/valid.xml
printf 'holidays = %s/missing\n' "$T" >"$T/missing.conf"
chmod 600 "$T/missing.conf"
bad "missing holidays file" deadline -c "$T/missing.conf" cles 2026-01
mkdir -p "$T/spool"
printf 'spool_dir = %s/spool\nholidays = %s\n' "$T" "$T/holidays" >"$T/serve.conf"
chmod 600 "$T/serve.conf"
bad "bad holidays file: serve does not start" serve -f --once -c "$T/serve.conf"

# --- serve --now: the receipt instant and LATE ----------------------------------------------
# valid.xml is week 2026-01-10: due Friday 2026-01-23T12:00:00+01:00.
run_serve() { # run_serve NAME NOW [ENV...] -> status of the file in a fresh spool
    _d=$T/s-$1
    mkdir -p "$_d/spool/in/grd"
    printf 'spool_dir = %s/spool\nquiet_period = 0\n' "$_d" >"$_d/conf"
    chmod 600 "$_d/conf"
    cp samples/cdc/valid.xml "$_d/spool/in/grd/valid.xml"
    shift
    _now=$1
    shift
    env "$@" "$P" serve -f --once --now "$_now" -c "$_d/conf" >"$_d/log" 2>&1
    sqlite3 "$_d/spool/ledger.db" "SELECT status FROM files" 2>/dev/null
}
if command -v sqlite3 >/dev/null 2>&1; then
    t_eq "serve --now after the deadline: late" late "$(run_serve late 2026-01-23T12:00:30+01:00)"
    t_grep "late ack states the deadline" '<deadline>2026-01-23T12:00:00\+01:00</deadline>' \
        "$(ls "$T"/s-late/spool/ack/grd/*.ack.xml 2>/dev/null | head -n 1)"
    t_grep "late ack has code LATE" 'LATE' "$(ls "$T"/s-late/spool/ack/grd/*.ack.xml 2>/dev/null | head -n 1)"
    t_eq "ledger keeps the deadline used" "$(date -d 2026-01-23T11:00:00Z +%s)" \
        "$(sqlite3 "$T/s-late/spool/ledger.db" 'SELECT deadline FROM files')"
    t_eq "serve --now before the deadline: on time" accepted \
        "$(run_serve ontime 2026-01-23T11:59:00+01:00 | sed 's/-with-warnings//')"
    t_eq "serve --now wins over PASSERELLE_NOW" late \
        "$(run_serve wins 2026-01-23T12:00:30+01:00 PASSERELLE_NOW=2026-01-20T00:00:00Z)"
else
    t_fail "serve --now" "sqlite3 missing"
fi
bad "serve --now malformed" serve -f --once --now 2026-01-23T12:00:30 -c "$T/empty.conf"

# --- install ships etc/holidays -------------------------------------------------------------
if make -s install DESTDIR="$T/root" PREFIX=/usr/local SPOOLDIR=/var/spool/passerelle >"$T/inst" 2>&1; then
    t_check "make install: etc/holidays installed" cmp etc/holidays "$T/root/usr/local/etc/passerelle/holidays"
else
    t_fail "make install" "$(tail -3 "$T/inst" | tr '\n' '|')"
fi
t_done
