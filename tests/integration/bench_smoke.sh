#!/bin/sh
# bench_smoke.sh - `make bench` (bench/run.sh) still runs end to end on tiny sizes: it exits 0,
# prints every row of the table and every ratio, and `passerelle check` keeps flat memory: on a
# file twice as large (XML, its CSV form, an R4x) its peak RSS grows by less than 3 MiB.
# Asserts nothing about time. Runs from the repository top; build dir $B.
. tests/lib/t.sh
B=${B:-build}
S1=2M
S2=4M
FILES=20
LIMIT_KIB=3072

for x in "$B/passerelle" "$B/tools/gen_cdc" "$B/tools/gen_r4x" "$B/tools/sftp_put"; do
    if [ ! -x "$x" ]; then
        t_fail "bench built" "$x not built (make $x)"
        t_done
    fi
done
if ! command -v xmllint >/dev/null 2>&1 || [ ! -x /usr/bin/time ]; then
    t_skip "bench runs" "xmllint or GNU time (/usr/bin/time) not installed"
    t_done
fi
out=$(mktemp "${TMPDIR:-/tmp}/bench_smoke.XXXXXX") || exit 1
trap 'rm -f "$out"' EXIT

# Under ASan freed memory waits in a quarantine (256 MiB by default): keep it small here.
ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=1
export ASAN_OPTIONS
BENCH_SIZES="$S1 $S2" BENCH_FILES=$FILES B=$B sh bench/run.sh >"$out" 2>&1
rc=$?
t_eq "bench/run.sh exits 0" 0 "$rc"
[ $rc -eq 0 ] || sed 's/^/    /' "$out" | tail -n 30

t_grep "machine line" '^machine: [0-9]+ CPU\(s\), .*kernel ' "$out"
sshd_ok=1
grep -q '^sshd: .*not usable' "$out" && sshd_ok=0

# row SIZE TOOL - the table has a line for TOOL at SIZE with numbers in every column
row() {
    awk -v sz="$1" -v t="$2" '
        $1 == sz && index($0, "  " t " ") && $NF ~ /^[0-9]+$/ { ok = 1 }
        END { exit !ok }' "$out"
}
for s in $S1 $S2; do
    for t in "gen_cdc" "passerelle check" "xmllint --stream --schema" "xmllint --stream (parse)" \
        "cat (xml)" "gen_cdc -m5" "passerelle check -m5" "xmllint --stream --schema -m5" \
        "passerelle convert ->csv" "passerelle check (csv)" "cat (csv)" "gen_r4x" \
        "passerelle check (r4x)" "xmllint --stream (r4x)" "cat (r4x)" "sftp_put (gateway)" \
        "sftp -b (OpenSSH)"; do
        case $t in sftp*)
            if [ $sshd_ok -eq 0 ]; then
                t_skip "row $s $t" "no usable sshd"
                continue
            fi ;;
        esac
        if row "$s" "$t"; then t_pass "row $s $t"; else t_fail "row $s $t" "missing from the table"; fi
    done
    for r in "cdc XML: check / xmllint --schema" "cdc XML: check / xmllint parse only" \
        "CSV check / XML check" "CSV check / cat" "R4x: check / xmllint parse only" \
        "SFTP: gateway / OpenSSH sftp"; do
        [ $sshd_ok -eq 0 ] && case $r in SFTP*) continue ;; esac
        if grep -q "^$s  *$r.*throughput  *x[0-9.]*  *peak RSS  *x[0-9.]*" "$out"; then
            t_pass "ratio $s $r"
        else
            t_fail "ratio $s $r" "missing or without figures"
        fi
    done
done
if [ $sshd_ok -eq 1 ]; then
    if row "${FILES}f" "serve --once (daemon)"; then t_pass "row daemon"; else
        t_fail "row daemon" "missing from the table"; fi
    t_grep "ratio daemon" "^${FILES}f .*daemon: .* [0-9]+ files/min" "$out"
else
    t_skip "row daemon" "no usable sshd"
fi

# rss SIZE TOOL - peak RSS in KiB of that row (the table prints MiB with one decimal)
rss() {
    awk -v sz="$1" -v t="$2" '$1 == sz && index($0, "  " t " ") { print int($(NF - 1) * 1024) }' \
        "$out" | head -n 1
}
for t in "passerelle check" "passerelle check (csv)" "passerelle check (r4x)"; do
    a=$(rss $S1 "$t")
    b=$(rss $S2 "$t")
    if [ -z "$a" ] || [ -z "$b" ]; then
        t_fail "flat memory: $t" "no RSS figure for $S1 or $S2"
    elif [ $((b - a)) -lt $LIMIT_KIB ]; then
        t_pass "flat memory: $t ($a KiB at $S1, $b KiB at $S2)"
    else
        t_fail "flat memory: $t" "$a KiB at $S1 but $b KiB at $S2 (limit: +$LIMIT_KIB KiB)"
    fi
done
t_done
