#!/bin/sh
# gen_cdc.sh - the synthetic load-curve generator used by `make bench`: its documents are valid
# (xmllint with xsd/cdc.xsd, `passerelle check` exit 0, when those exist), its week bounds
# follow Europe/Paris summer time, it is deterministic, and its memory does not grow with the
# number of sites. Runs from the repository top; build dir $B.
. tests/lib/t.sh
B=${B:-build}
GEN=$B/tools/gen_cdc
XSD=xsd/cdc.xsd

if [ ! -x "$GEN" ]; then
    t_fail gen_cdc_built "$GEN not built (make $GEN)"
    t_done
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/gen_cdc.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT

# eic_ok CODE - the ENTSO-E check character (weights 16..2, 36 - ((sum - 1) mod 37)).
eic_ok() {
    printf '%s\n' "$1" | awk '{
        a = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-"
        if (length($0) != 16) exit 1
        s = 0
        for (i = 1; i <= 15; i++) {
            v = index(a, substr($0, i, 1)) - 1
            if (v < 0) exit 1
            s += v * (17 - i)
        }
        exit substr(a, 36 - (s - 1) % 37 + 1, 1) == substr($0, 16, 1) ? 0 : 1
    }'
}

# 1. A small mixed document: 2 PT5M sites (2016 steps) + 1 BTINF36 PT15M site (672 steps).
f=$tmp/small.xml
if "$GEN" -s 3 -r mixed -o "$f"; then t_pass gen_small; else t_fail gen_small "exit $?"; fi
t_eq small_series 3 "$(grep -c '<Series ' "$f")"
t_eq small_points 4704 "$(grep -c '<Point ' "$f")"
t_eq small_one_point_per_line 4704 "$(grep -c '^ *<Point [^<]*/>$' "$f")"
t_eq small_pt15m_is_btinf36 1 "$(grep -c 'segment="BTINF36"' "$f")"
t_grep small_period_utc 'resolution="PT5M" start="2026-03-06T23:00Z" end="2026-03-13T23:00Z"' "$f"
t_grep small_week '<week start="2026-03-07"/>' "$f"
t_eq small_unique_sites 3 "$(sed -n 's/.*site="\([0-9]\{14\}\)".*/\1/p' "$f" | sort -u | wc -l)"
for role in sender receiver; do
    code=$(sed -n "s:.*<$role>\(.*\)</$role>.*:\1:p" "$f")
    if eic_ok "$code"; then t_pass "eic_$role"; else t_fail "eic_$role" "bad check char: $code"; fi
done
t_grep receiver_rte '<receiver>10XFR-RTE------Q</receiver>' "$f"

# 2. Valid for the schema and for the checker, when they exist.
if [ ! -f "$XSD" ]; then
    t_skip xmllint_valid "$XSD not written yet"
elif ! command -v xmllint >/dev/null 2>&1; then
    t_skip xmllint_valid "xmllint not installed"
elif xmllint --stream --noout --schema "$XSD" "$f" >"$tmp/x.out" 2>&1; then
    t_pass xmllint_valid
else
    t_fail xmllint_valid "$(tail -n 5 "$tmp/x.out" | tr '\n' '|')"
fi
if [ ! -x "$B/passerelle" ]; then
    t_skip passerelle_check_valid "$B/passerelle not built"
elif "$B/passerelle" check "$f" >"$tmp/p.out" 2>&1; then
    t_pass passerelle_check_valid
else
    t_fail passerelle_check_valid "exit $?: $(head -c 600 "$tmp/p.out" | tr '\n' '|')"
fi

# 3. Week bounds across the summer-time changes (167 and 169 hours of five-minute steps).
"$GEN" -s 1 -w 2026-03-28 -o "$tmp/mar.xml"
t_grep dst_march_bounds 'start="2026-03-27T23:00Z" end="2026-04-03T22:00Z"' "$tmp/mar.xml"
t_eq dst_march_steps 2004 "$(grep -c '<Point ' "$tmp/mar.xml")"
"$GEN" -s 1 -w 2026-10-24 -o "$tmp/oct.xml"
t_grep dst_october_bounds 'start="2026-10-23T22:00Z" end="2026-10-30T23:00Z"' "$tmp/oct.xml"
t_eq dst_october_steps 2028 "$(grep -c '<Point ' "$tmp/oct.xml")"

# 4. Deterministic for a seed; missing steps drop points but keep position 1.
"$GEN" -s 2 --seed 7 -m 10 -o "$tmp/a.xml"
"$GEN" -s 2 --seed 7 -m 10 -o "$tmp/b.xml"
t_check same_seed_same_bytes cmp -s "$tmp/a.xml" "$tmp/b.xml"
n=$(grep -c '<Point ' "$tmp/a.xml")
if [ "$n" -gt 3200 ] && [ "$n" -lt 4000 ]; then t_pass missing_10pct; else
    t_fail missing_10pct "$n points of 4032"; fi
t_eq missing_keeps_first 2 "$(grep -c '<Point position="1" ' "$tmp/a.xml")"

# 5. --target-bytes lands within one series (~90 KB) above the target.
"$GEN" --target-bytes 1M -o "$tmp/t.xml"
sz=$(stat -c %s "$tmp/t.xml")
if [ "$sz" -ge 1048576 ] && [ "$sz" -lt 1160000 ]; then t_pass target_bytes; else
    t_fail target_bytes "1M asked, $sz bytes written"; fi

# 6. Bad options are usage errors (exit 2).
"$GEN" -w 2026-02-30 >/dev/null 2>&1
t_eq bad_date_exit 2 "$?"
"$GEN" -s 3 --target-bytes 1M >/dev/null 2>&1
t_eq exclusive_options_exit 2 "$?"

# 7. Output grows with -s, peak RSS does not (memory, not time: nothing is timed here).
s10=$("$GEN" -s 10 | wc -c)
s1000=$("$GEN" -s 1000 | wc -c)
if [ "$s1000" -gt $((s10 * 90)) ]; then t_pass size_grows; else
    t_fail size_grows "10 sites: $s10 bytes, 1000 sites: $s1000 bytes"; fi
if [ ! -x /usr/bin/time ]; then
    t_skip rss_constant "GNU time (/usr/bin/time) not installed"
else
    /usr/bin/time -f %M -o "$tmp/r10" "$GEN" -s 10 -o /dev/null
    /usr/bin/time -f %M -o "$tmp/r1000" "$GEN" -s 1000 -o /dev/null
    r10=$(tail -n 1 "$tmp/r10") r1000=$(tail -n 1 "$tmp/r1000")
    if [ $((r1000 - r10)) -lt 3072 ]; then t_pass rss_constant; else
        t_fail rss_constant "peak RSS ${r10} KiB at 10 sites, ${r1000} KiB at 1000 sites"; fi
fi
t_done
