#!/bin/sh
# convert.sh - passerelle convert: lossless round trips (samples/cdc/valid*.xml, the CSV samples,
# a generated 50-site week), exit codes, refusal of rejected input (nothing written), atomic
# output, and flat memory (10 vs 500 sites, both directions). Runs from the repository top.
. tests/lib/t.sh
B=${B:-build}
P=${PASSERELLE:-$(pwd)/$B/passerelle}
GEN=$B/tools/gen_cdc
T=$(mktemp -d /tmp/passerelle-convert.XXXXXX)
trap 'rm -rf "$T"' EXIT

# --- round trips ------------------------------------------------------------------------------
for f in samples/cdc/valid*.xml; do
    b=$(basename "$f" .xml)
    "$P" convert "$f" "$T/$b.csv" 2>"$T/err"
    t_eq "$b: XML -> CSV exits 0" 0 $?
    t_grep "$b: CSV first line" '^#passerelle cdc 1;mRID=' "$T/$b.csv"
    "$P" convert "$T/$b.csv" "$T/$b.xml" 2>"$T/err"
    t_eq "$b: CSV -> XML exits 0" 0 $?
    t_check "$b: XML -> CSV -> XML gives the same bytes" cmp -s "$f" "$T/$b.xml"
    "$P" convert "$T/$b.xml" "$T/$b.2.csv" 2>"$T/err"
    t_check "$b: CSV -> XML -> CSV gives the same bytes" cmp -s "$T/$b.csv" "$T/$b.2.csv"
    "$P" check "$T/$b.csv" >"$T/out" 2>&1
    t_eq "$b: its CSV form is accepted by check" 0 $?
done
for f in samples/cdc-csv/valid*.csv; do
    b=csv-$(basename "$f" .csv)
    "$P" convert "$f" "$T/$b.xml" 2>"$T/err"
    t_eq "$b: CSV -> XML exits 0" 0 $?
    if command -v xmllint >/dev/null 2>&1; then
        t_check "$b: the XML follows xsd/cdc.xsd" xmllint --stream --noout --schema xsd/cdc.xsd "$T/$b.xml"
    else
        t_skip "$b: the XML follows xsd/cdc.xsd" "xmllint absent"
    fi
    "$P" convert "$T/$b.xml" "$T/$b.csv" 2>"$T/err"
    "$P" convert "$T/$b.csv" "$T/$b.2.xml" 2>"$T/err"
    t_check "$b: canonical after one pass (XML -> CSV -> XML same bytes)" cmp -s "$T/$b.xml" "$T/$b.2.xml"
done
t_check "canonical CSV sample is the writer's layout" sh -c \
    "'$P' convert samples/cdc-csv/valid.csv '$T/v.xml' && '$P' convert '$T/v.xml' - | cmp -s - samples/cdc-csv/valid.csv"

if [ -x "$GEN" ]; then
    "$GEN" -s 50 -r mixed -m 3 -o "$T/g50.xml"
    "$P" convert "$T/g50.xml" "$T/g50.csv" 2>"$T/err"
    t_eq "gen_cdc -s 50: XML -> CSV exits 0" 0 $?
    t_eq "gen_cdc -s 50: one CSV row per point" "$(grep -c '<Point ' "$T/g50.xml")" \
        "$(($(wc -l <"$T/g50.csv") - 2))"
    "$P" convert "$T/g50.csv" "$T/g50.rt.xml" 2>"$T/err"
    t_check "gen_cdc -s 50: round trip gives the same bytes" cmp -s "$T/g50.xml" "$T/g50.rt.xml"
    "$P" check "$T/g50.xml" >"$T/x.out" 2>&1
    "$P" check "$T/g50.csv" >"$T/c.out" 2>&1
    codes_of() { sed -n 's/.*: \(error\|warning\): \([A-Z0-9-]*\): .*/\2/p' "$1" | sort | uniq -c; }
    t_eq "gen_cdc -s 50: the same verdict in both forms" "$(sed -n '1s/^[^:]*: //p' "$T/x.out")" \
        "$(sed -n '1s/^[^:]*: //p' "$T/c.out")"
    t_eq "gen_cdc -s 50: the same reasons in both forms" "$(codes_of "$T/x.out")" "$(codes_of "$T/c.out")"
else
    t_fail "gen_cdc built" "$GEN missing"
fi

# --- exit codes -------------------------------------------------------------------------------
"$P" convert >/dev/null 2>&1
t_eq "no arguments: exit 2" 2 $?
"$P" convert samples/cdc/valid.xml >/dev/null 2>&1
t_eq "one argument: exit 2" 2 $?
"$P" convert "$T/nope.xml" "$T/nope.csv" >/dev/null 2>&1
t_eq "missing input: exit 2" 2 $?
"$P" convert samples/cdc/valid.xml "$T/no/such/dir/out.csv" >/dev/null 2>"$T/err"
t_eq "unwritable output: exit 2" 2 $?
"$P" convert samples/cdc/CDC-STEP.xml "$T/rej.csv" >/dev/null 2>"$T/err"
t_eq "rejected XML input: exit 1" 1 $?
t_grep "rejected input: reasons on stderr" 'CDC-STEP' "$T/err"
t_check "rejected input: nothing written" test ! -e "$T/rej.csv"
for f in samples/cdc-csv/XSD-decimal-comma.csv samples/cdc-csv/CSV-LINE.csv; do
    "$P" convert "$f" "$T/rej.xml" >/dev/null 2>"$T/err"
    t_eq "rejected CSV $(basename "$f"): exit 1" 1 $?
done
t_check "rejected CSV: nothing written" test ! -e "$T/rej.xml"
printf 'hello;world\n1;2\n' >"$T/x.csv"
"$P" convert "$T/x.csv" "$T/x.xml" >/dev/null 2>&1
t_eq "unrecognised input: exit 1" 1 $?
"$P" convert samples/cdc/valid.xml "$T/keep.csv" 2>/dev/null
echo previous >"$T/keep.xml"
"$P" convert samples/cdc/CDC-STEP.xml "$T/keep.xml" >/dev/null 2>&1
t_eq "a rejected input leaves an existing OUT untouched" previous "$(cat "$T/keep.xml")"
t_eq "no temporary file left behind" "" "$(ls -A "$T" | grep '\.tmp$')"
"$P" convert samples/cdc/valid.xml - >"$T/stdout.csv" 2>/dev/null
t_eq "OUT - writes to standard output" 0 $?
t_check "OUT - gives the same CSV" cmp -s "$T/stdout.csv" "$T/valid.csv"
"$P" check "$T/x.csv" >/dev/null 2>&1
t_eq "check of an unrecognised CSV still exits 1" 1 $?
"$P" --help >"$T/help" 2>&1
t_grep "help lists convert" '^  convert ' "$T/help"

# --- memory does not grow with the file ---------------------------------------------------------
if [ ! -x /usr/bin/time ]; then
    t_skip "convert memory is flat" "GNU time (/usr/bin/time) not installed"
elif [ -x "$GEN" ]; then
    "$GEN" -s 10 -o "$T/m10.xml"
    "$GEN" -s 500 -o "$T/m500.xml"
    # Under ASan freed memory waits in a quarantine (256 MiB by default): keep it small here.
    ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=1
    export ASAN_OPTIONS
    for n in 10 500; do
        /usr/bin/time -f %M -o "$T/r$n.x" "$P" convert "$T/m$n.xml" "$T/m$n.csv" 2>/dev/null
        /usr/bin/time -f %M -o "$T/r$n.c" "$P" convert "$T/m$n.csv" "$T/m$n.rt.xml" 2>/dev/null
    done
    t_check "500 sites: round trip gives the same bytes" cmp -s "$T/m500.xml" "$T/m500.rt.xml"
    for d in x c; do
        a=$(tail -n 1 "$T/r10.$d") b=$(tail -n 1 "$T/r500.$d")
        if [ $((b - a)) -lt 4096 ]; then t_pass "convert ($d in) memory flat: $a KiB vs $b KiB"; else
            t_fail "convert ($d in) memory flat" "$a KiB at 10 sites, $b KiB at 500 sites"; fi
    done
    rm -f "$T"/m*.xml "$T"/m*.csv
fi
t_done
