#!/bin/sh
# The deadline board and the reminders (issue 8), over a simulated week with the settable clock
# and a real sshd. Week S = 2026-01-10 (Saturday 10 to Friday 16 January), deadline Friday
# 2026-01-23 12:00+01:00. Perimeter (effective 2026-01): GRD A (inbox grd1) sites 1 and 2
# (BTSUP36, PT5M), 3 and 4 (BTINF36, PT15M); GRD B (inbox grd2) sites 21 (HTA) and 23 (BTINF36).
# A sends site 1 and 3 complete, site 2 partial (its first day and 10 steps of its third day
# missing), nothing for site 4, and one rejected file; B sends both its sites complete.
# The board's figures (data- attributes) are compared with the ledger (sqlite3), then with the
# DOM rendered by Debian's headless Chromium; reminders: A gets one at the 24 h lead (valid
# against xsd/reminder.xsd), B none, never twice across runs, then one at the 3 h lead.
. tests/lib/t.sh
. tests/lib/sshd.sh
. tests/lib/e2e.sh

NAMES="board written; board figures; heat map; reminder; reminder valid; no reminder complete; not twice; 3h reminder; passerelle board; chromium"
e2e_setup
rc=$?
if [ $rc -ne 0 ] || ! command -v python3 >/dev/null 2>&1; then
    for n in $(echo "$NAMES" | tr ' ;' '_ '); do t_skip "$n" "no usable sshd or python3 (rc $rc)"; done
    t_done
fi
trap e2e_cleanup EXIT
A=17X100A100A0001A
B=17X200B200B00027
WEEK=2026-01-10
e2e_conf senders="grd1 grd2" sender.grd1.eic=$A sender.grd2.eic=$B

# --- perimeter: notices effective 2026-01, sent in December ---------------------------------
sed -e 's|<effectiveMonth>[^<]*<|<effectiveMonth>2026-01<|' -e 's|<mRID>[^<]*<|<mRID>PERIM-A-2026-01<|' \
    samples/perimetre/valid.xml >"$T/pa.xml"
sed -e 's|<effectiveMonth>[^<]*<|<effectiveMonth>2026-01<|' -e 's|<mRID>[^<]*<|<mRID>PERIM-B-2026-01<|' \
    -e "s|<sender>[^<]*<|<sender>$B<|" -e '/ref="30001610000002"/d' -e '/ref="30001610000004"/d' \
    -e 's|ref="30001610000001"|ref="30002000000021"|' -e 's|ref="30001610000003"|ref="30002000000023"|' \
    -e 's|segment="BTSUP36"|segment="HTA"|' samples/perimetre/valid.xml >"$T/pb.xml"
e2e_drop grd1 "$T/pa.xml"
e2e_drop grd2 "$T/pb.xml"
e2e_once PASSERELLE_NOW=2025-12-01T09:00:00Z

# --- curves of week S -------------------------------------------------------------------------
python3 - "$T" "$A" "$B" <<'PY'
import sys
out, A, B = sys.argv[1:]
W0, W1 = "2026-01-09T23:00Z", "2026-01-16T23:00Z"
def series(site, eda, seg, missing=()):
    res = 15 if seg == "BTINF36" else 5
    prof = seg == "BTINF36"
    s = ['  <Series site="%s" eda="%s" segment="%s" nature="soutirage" measure="%s" unit="%s">\n'
         % (site, eda, seg, "profile" if prof else "telereleve", "W" if prof else "kW"),
         '    <Period resolution="PT%dM" start="%s" end="%s">\n' % (res, W0, W1)]
    for p in range(1, 7 * 24 * 60 // res + 1):
        if p not in missing:
            s.append('      <Point position="%d" quantity="%d"/>\n' % (p, 100 + p % 7))
    s.append("    </Period>\n  </Series>\n")
    return "".join(s)
def cdc(name, mrid, sender, body):
    with open(out + "/" + name, "w") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n<CourbesDeCharge xmlns="urn:passerelle:cdc:1">\n'
                '  <mRID>%s</mRID>\n  <revision>1</revision>\n  <sender>%s</sender>\n'
                '  <receiver>10XFR-RTE------Q</receiver>\n  <createdDateTime>2026-01-19T06:00:00Z</createdDateTime>\n'
                '  <week start="2026-01-10"/>\n%s</CourbesDeCharge>\n' % (mrid, sender, "".join(body)))
cdc("a1.xml", "A-CDC-1", A, [series("30001610000001", "EDA_SOUT_TLR_01", "BTSUP36"),
                             series("30001610000003", "EDA_SOUT_PROF_01", "BTINF36")])
# Site 2: its first day (288 steps) and 10 steps of its third day (positions 601-610) missing.
cdc("a2.xml", "A-CDC-2", A, [series("30001610000002", "EDA_SOUT_TLR_01", "BTSUP36",
                                    missing=set(range(1, 289)) | set(range(601, 611)))])
cdc("b1.xml", "B-CDC-1", B, [series("30002000000021", "EDA_SOUT_TLR_01", "HTA"),
                             series("30002000000023", "EDA_SOUT_PROF_01", "BTINF36")])
PY
e2e_drop grd1 "$T/a1.xml"
e2e_drop grd1 "$T/a2.xml"
e2e_drop grd1 samples/cdc/CDC-STEP.xml
e2e_drop grd2 "$T/b1.xml"
e2e_once PASSERELLE_NOW=2026-01-19T09:00:00Z
t_eq "curves accepted" 3 "$(e2e_sql "SELECT count(*) FROM files WHERE flow = 'cdc' AND status LIKE 'accepted%'")"
t_eq "no reminder four days before the deadline" 0 "$(e2e_sql 'SELECT count(*) FROM reminders')"

# --- Thursday 2026-01-22 12:00Z: 23 h before the deadline ----------------------------------
e2e_once PASSERELLE_NOW=2026-01-22T12:00:00Z
BOARD=$SPOOL/board/index.html
t_check "board written by the daemon" test -s "$BOARD"
t_grep "board: self-contained (no script, no external resource)" '^<!DOCTYPE html>' "$BOARD"
t_eq "board: no script, no link, no src" 0 "$(grep -Eic '<script|<link|src=|@import|url\(' "$BOARD")"

# attr FILE ID NAME - the value of data-NAME on the element with id ID
attr() {
    grep -o "id=\"$2\"[^>]*" "$1" | head -n 1 | sed -n "s/.* data-$3=\"\([^\"]*\)\".*/\1/p"
}
# What the ledger says, per sender.
IN_A="SELECT s.ref FROM perimeter_sites s JOIN perimeter_notices n ON n.file_id = s.file_id WHERE n.grd = '$A'"
CUR="f.status IN ('accepted', 'accepted-with-warnings') AND f.replaced_by IS NULL"
L_EXP=$(e2e_sql "SELECT count(*) FROM ($IN_A)")
L_RECV=$(e2e_sql "SELECT count(DISTINCT c.site) FROM cdc_coverage c JOIN files f ON f.id = c.file_id WHERE $CUR AND c.week = '$WEEK' AND c.site IN ($IN_A)")
# Missing steps: each site's steps (PT15M for BTINF36) minus the 5-minute slots covered / step.
L_STEPS=$(e2e_sql "SELECT sum(CASE s.segment WHEN 'BTINF36' THEN 672 ELSE 2016 END - coalesce((SELECT sum(c.count) FROM cdc_coverage c JOIN files f ON f.id = c.file_id WHERE $CUR AND c.week = '$WEEK' AND c.site = s.ref), 0) / CASE s.segment WHEN 'BTINF36' THEN 3 ELSE 1 END) FROM perimeter_sites s JOIN perimeter_notices n ON n.file_id = s.file_id WHERE n.grd = '$A'")
L_DOCS=$(e2e_sql "SELECT count(*) FROM files f WHERE $CUR AND flow = 'cdc' AND period = '$WEEK' AND doc_sender = '$A'")
L_REJ=$(e2e_sql "SELECT count(*) FROM files WHERE flow = 'cdc' AND period = '$WEEK' AND doc_sender = '$A' AND status = 'rejected'")
L_LATE=$(e2e_sql "SELECT count(*) FROM files WHERE flow = 'cdc' AND period = '$WEEK' AND doc_sender = '$A' AND status = 'late'")
RA="r-cdc-$WEEK-$A"
RB="r-cdc-$WEEK-$B"
# check_figures LABEL FILE - the row of A and of B against the ledger
check_figures() {
    got="$(attr "$2" "$RA" expected) $(attr "$2" "$RA" received) $(attr "$2" "$RA" missing) $(attr "$2" "$RA" incomplete) $(attr "$2" "$RA" substituted-steps) $(attr "$2" "$RA" documents) $(attr "$2" "$RA" rejected) $(attr "$2" "$RA" late) $(attr "$2" "$RA" status)"
    t_eq "$1: A expected received missing incomplete steps documents rejected late status" \
        "$L_EXP $L_RECV $((L_EXP - L_RECV)) 1 $L_STEPS $L_DOCS $L_REJ $L_LATE red" "$got"
    got="$(attr "$2" "$RB" expected) $(attr "$2" "$RB" received) $(attr "$2" "$RB" missing) $(attr "$2" "$RB" substituted-steps) $(attr "$2" "$RB" status)"
    t_eq "$1: B complete, green" "2 2 0 0 green" "$got"
}
t_eq "ledger: A expects 4 sites, 3 with data, 970 steps missing" "4 3 970 2 1" "$L_EXP $L_RECV $L_STEPS $L_DOCS $L_REJ"
check_figures "board figures" "$BOARD"
t_eq "board: period deadline" "2026-01-23T12:00:00+01:00" "$(attr "$BOARD" "p-cdc-$WEEK" deadline)"
# The settable clock starts 23 h before the deadline and then runs: a slow (ASan) run may
# write the board a few seconds later.
left=$(attr "$BOARD" "p-cdc-$WEEK" seconds-left)
if [ -n "$left" ] && [ "$left" -le 82800 ] && [ "$left" -gt 82500 ]; then
    t_pass "board: 23 hours left"
else
    t_fail "board: 23 hours left" "seconds-left [$left], expected 82500 < s <= 82800"
fi
# Heat map: site 2 misses its whole first day and 10 steps of its third; site 4 every day.
cell() {
    grep -o "<rect class=\"cell [^\"]*\"[^>]*data-site=\"$2\" data-day=\"$3\"[^>]*" "$1" | head -n 1 |
        sed -n 's/.*class="cell \([^"]*\)".*data-expected="\([0-9]*\)" data-missing="\([0-9]*\)".*/\1 \2 \3/p'
}
t_eq "heat map: site 2, first day all missing" "h-3 288 288" "$(cell "$BOARD" 30001610000002 2026-01-10)"
t_eq "heat map: site 2, third day 10 missing" "h-1 288 10" "$(cell "$BOARD" 30001610000002 2026-01-12)"
t_eq "heat map: site 4, a day all missing (PT15M)" "h-3 96 96" "$(cell "$BOARD" 30001610000004 2026-01-14)"
t_eq "heat map: site 1 complete" "h-0 288 0" "$(cell "$BOARD" 30001610000001 2026-01-14)"
t_eq "heat map: 7 days x 4 sites for A" 28 "$(grep -o "<figure class=\"heatmap\" id=\"h-cdc-$WEEK-$A\".*" "$BOARD" | head -n 1 >/dev/null;
    awk "/id=\"h-cdc-$WEEK-$A\"/{on=1} on && /<rect class=\"cell/{n++} on && /<\/figure>/{print n; exit}" "$BOARD")"
t_grep "heat map: legend" 'id="legend"' "$BOARD"

# --- reminders ------------------------------------------------------------------------------
R24=$SPOOL/ack/grd1/reminder-cdc-$WEEK-24h.xml
t_check "reminder for A at the 24 h lead" test -s "$R24"
if xmllint --noout --schema xsd/reminder.xsd "$R24" >"$T/xl" 2>&1; then t_pass "reminder valid against xsd/reminder.xsd"; else
    t_fail "reminder valid against xsd/reminder.xsd" "$(tr '\n' ' ' <"$T/xl")"; fi
t_grep "reminder: deadline" '<deadline>2026-01-23T12:00:00\+01:00</deadline>' "$R24"
t_grep "reminder: lead" '<lead>PT24H</lead>' "$R24"
t_grep "reminder: absent site with EDA and steps" '<Site ref="30001610000004" eda="EDA_SOUT_PROF_01" resolution="PT15M" status="missing" expectedSteps="672" missingSteps="672" firstMissing="2026-01-09T23:00Z"' "$R24"
t_grep "reminder: partial site, first missing steps" '<Site ref="30001610000002" eda="EDA_SOUT_TLR_01" resolution="PT5M" status="incomplete" expectedSteps="2016" missingSteps="298" firstMissing="2026-01-09T23:00Z" runs="2"' "$R24"
t_grep "reminder: the runs" '<Missing start="2026-01-12T01:00Z" end="2026-01-12T01:50Z" steps="10"/>' "$R24"
t_eq "reminder: complete sites not listed" 0 "$(grep -c -e 'ref="30001610000001"' -e 'ref="30001610000003"' "$R24")"
t_grep "reminder: substitution by zero" 'substituted by zero at the deadline' "$R24"
t_eq "no reminder for the complete sender B" 0 "$(ls "$SPOOL/ack/grd2" | grep -c '^reminder-')"
t_eq "reminder recorded in the ledger" "1|970" "$(e2e_sql "SELECT count(*), sum(steps) FROM reminders WHERE sender = '$A' AND period = '$WEEK' AND lead = 86400")"
t_eq "board counts the reminder" 1 "$(attr "$BOARD" "$RA" reminders)"
SUM=$(sha256sum "$R24")
e2e_once PASSERELLE_NOW=2026-01-22T13:00:00Z
t_eq "not written twice across runs" "1 1" "$(e2e_sql 'SELECT count(*) FROM reminders') $(grep -c "event=reminder .*lead=24h" "$T/serve.log")"
t_eq "the reminder file unchanged" "$SUM" "$(sha256sum "$R24")"

# --- passerelle board ------------------------------------------------------------------------
PASSERELLE_NOW=2026-01-22T12:00:00Z "$PASSERELLE" board -c "$CONF" --out "$T/board.html"
t_eq "passerelle board --out: exit 0" 0 $?
check_figures "passerelle board --out" "$T/board.html"
PASSERELLE_NOW=2026-01-22T12:00:00Z "$PASSERELLE" board -c "$CONF" >"$T/board-stdout.html"
t_eq "passerelle board: stdout is the same page" "$(sha256sum <"$T/board.html")" "$(sha256sum <"$T/board-stdout.html")"
"$PASSERELLE" board -c "$CONF" --bogus >/dev/null 2>&1
t_eq "passerelle board: usage error exit 2" 2 $?

# --- headless Chromium: render, screenshot, DOM figures against the ledger ---------------------
CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROMIUM" ]; then
    t_skip "chromium" "chromium not installed (tests/lib/deps.sh installs it)"
else
    cr() {
        timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
            --disable-background-networking --disable-component-update --disable-sync \
            --user-data-dir="$(mktemp -d "$T/chromium.XXXXXX")" "$@" 2>>"$T/chromium.log"
    }
    cr --dump-dom "file://$T/board.html" >"$T/dom.html"
    t_grep "chromium: DOM rendered" "id=\"$RA\"" "$T/dom.html"
    check_figures "chromium DOM" "$T/dom.html"
    t_eq "chromium DOM: heat map cell" "h-1 288 10" "$(cell "$T/dom.html" 30001610000002 2026-01-12)"
    (cd "$T" && cr --screenshot="$T/board.png" --window-size=1400,1000 "file://$T/board.html" >/dev/null)
    t_check "chromium: screenshot" test -s "$T/board.png"
    if [ -n "${BOARD_SCREENSHOT:-}" ]; then cp "$T/board.png" "$BOARD_SCREENSHOT"; fi
fi

# --- Friday 09:00Z: 2 h before, the 3 h reminder; still once -----------------------------------
e2e_once PASSERELLE_NOW=2026-01-23T09:00:00Z
t_check "3h reminder for A" test -s "$SPOOL/ack/grd1/reminder-cdc-$WEEK-3h.xml"
t_check "3h reminder valid" xmllint --noout --schema xsd/reminder.xsd "$SPOOL/ack/grd1/reminder-cdc-$WEEK-3h.xml"
e2e_once PASSERELLE_NOW=2026-01-23T09:30:00Z
t_eq "3h reminder once, nothing for B" "2 0" "$(e2e_sql 'SELECT count(*) FROM reminders') $(ls "$SPOOL/ack/grd2" | grep -c '^reminder-')"
t_done
