#!/bin/sh
# calendar_oracle.sh - formats/cal.c against the system zone database, independently:
# every UTC hour of 1996-2099 converted to French legal time, and every local wall hour of
# 1996-2099 converted back (or refused as the March gap / the October repeated hour), compared
# with ONE call of TZ=Europe/Paris date -f (coreutils + tzdata). About 1.8 million lines.
. tests/lib/t.sh
B=${B:-build}
TOOL=$B/tools/cal_oracle
ZONE=/usr/share/zoneinfo/Europe/Paris
T=$(mktemp -d /tmp/passerelle-caloracle.XXXXXX)
trap 'rm -rf "$T"' EXIT

if [ ! -x "$TOOL" ]; then
    t_fail "cal_oracle built" "$TOOL missing (make $TOOL)"
    t_done
fi
if [ ! -f "$ZONE" ] || ! command -v date >/dev/null 2>&1; then
    t_skip "conversions against date(1)" "tzdata ($ZONE) or date missing: apt-get install tzdata"
    t_done
fi

"$TOOL" hours >"$T/c" || t_fail "cal_oracle hours" "exit status $?"
sed '/^--$/,$d' "$T/c" >"$T/c.u2l"
sed '1,/^--$/d' "$T/c" >"$T/c.l2u"
n_u2l=$(wc -l <"$T/c.u2l")
n_l2u=$(wc -l <"$T/c.l2u")
# 1995-12-31T23:00Z (1996-01-01T00:00+01:00) .. 2099-12-31T23:00Z, and every local hour of
# the 37986 days of 1996-2099.
t_eq "every UTC hour of 1996-2099 listed" 911665 "$n_u2l"
t_eq "every local hour of 1996-2099 listed" 911664 "$n_l2u"

# One input file: "@EPOCH" lines, then the local wall times. date prints nothing on stdout for
# a wall time that does not exist (and says so on stderr), so the UTC half stays aligned.
{ sed 's/^\([0-9-]*\) .*/@\1/' "$T/c.u2l"; cut -c1-19 "$T/c.l2u"; } >"$T/in"
LC_ALL=C TZ=Europe/Paris date -f "$T/in" '+%s %Y-%m-%dT%H:%M:%S%:z' >"$T/d" 2>"$T/d.err"
head -n "$n_u2l" "$T/d" >"$T/d.u2l"
tail -n +"$((n_u2l + 1))" "$T/d" >"$T/d.l2u"

if cmp -s "$T/c.u2l" "$T/d.u2l"; then
    t_pass "UTC -> local: every hour equals date(1)"
else
    t_fail "UTC -> local: every hour equals date(1)" "$(diff "$T/c.u2l" "$T/d.u2l" | head -5 | tr '\n' '|')"
fi

# Local -> UTC. date's answers are keyed by the wall time they print; the forward table
# (date's own) says how many instants show each wall time: 0 gap, 1 unique, 2 repeated.
awk -v fwd="$T/d.u2l" -v rev="$T/d.l2u" -v errs="$T/d.err" '
BEGIN {
    while ((getline l < fwd) > 0) { split(l, f, " "); w = substr(f[2], 1, 19); sub("T", " ", w); cnt[w]++ }
    while ((getline l < rev) > 0) { split(l, f, " "); w = substr(f[2], 1, 19); sub("T", " ", w); got[w] = f[1] }
    while ((getline l < errs) > 0) { if (match(l, /[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] [0-9][0-9]:[0-9][0-9]:[0-9][0-9]/)) bad[substr(l, RSTART, RLENGTH)] = 1; nerr++ }
}
{
    w = $1 " " $2; r = $3; n++
    if (r == "gap") { ngap++; if (cnt[w] != 0 || !(w in bad) || (w in got)) { print "gap " w " cnt=" cnt[w]; wrong++ } }
    else if (r == "ambiguous") { namb++; if (cnt[w] != 2 || !(w in got)) { print "ambiguous " w " cnt=" cnt[w]; wrong++ } }
    else { nuniq++; if (cnt[w] != 1 || got[w] != r) { print "unique " w " c=" r " date=" got[w] " cnt=" cnt[w]; wrong++ } }
}
END { printf "lines=%d unique=%d gap=%d ambiguous=%d date_errors=%d wrong=%d\n", n, nuniq, ngap, namb, nerr, wrong + 0 }
' "$T/c.l2u" >"$T/cmp"
tail -n 1 "$T/cmp" >"$T/summary"
t_grep "local -> UTC: every wall hour agrees with date(1) (unique, gap, repeated)" \
    '^lines=911664 unique=911456 gap=104 ambiguous=104 date_errors=104 wrong=0$' "$T/summary"
if ! grep -q 'wrong=0$' "$T/summary"; then head -5 "$T/cmp"; fi
t_done
