#!/bin/sh
# torture.sh - the crash harness (issue 6): the real daemon (`passerelle serve -f`, not --once)
# against a real sshd, N files dropped into two inboxes while it runs, stopped dead once at every
# named crash point (PASSERELLE_CRASH_AT) and then K times by SIGKILL at random instants,
# restarted each time. At the end:
#   - every dropped file has exactly one ledger row, in a terminal state (delivered, rejected,
#     late, duplicate), and the counts per state are the ones the generated mix implies;
#   - the remote holds each delivered document exactly once, under the final name the ledger
#     recorded, with the SHA-256 the ledger recorded; no other file, no .part left over;
#   - inboxes, work/ and out/ are empty; `passerelle fsck -n` finds nothing; SIGTERM exits 0.
# Prints the counts. No wall-clock time is asserted (the drain has a generous safety limit).
#
#   sh tests/torture/torture.sh [N [K]]     (env: N, K, SEED; default N=150 K=20)
#   make torture                            (N=2000 K=200)
# Output: t.sh lines (PASS/FAIL/SKIP) and a summary line "torture: files=... kills=...".
. tests/lib/t.sh
. tests/lib/sshd.sh
. tests/lib/e2e.sh

N=${1:-${N:-150}}
K=${2:-${K:-20}}
SEED=${SEED:-$$}
GEN=${GEN:-$(pwd)/${B:-build}/tools/gen_cdc}
POINTS=${POINTS:-"after-claim after-received after-judged after-ack-write after-acknowledged
after-queue-links after-queued after-reject-move after-remote-write after-remote-rename
after-delivered-commit after-delivered-ack"}
WEEK=2026-01-10 # on time: the daemon's clock is WEEK + 8 days (deadline: WEEK + 13 days)
LATE_WEEK=2025-12-27

if [ ! -x "$GEN" ]; then
    t_fail setup "$GEN missing (make $GEN)"
    t_done
fi
e2e_setup
rc=$?
if [ $rc -ne 0 ]; then
    t_skip torture "no usable sshd (rc $rc)"
    t_done
fi
DPID=
cleanup() {
    [ -n "$DROPPER" ] && kill "$DROPPER" 2>/dev/null
    [ -n "$DPID" ] && kill -9 "-$DPID" 2>/dev/null
    e2e_cleanup
}
trap cleanup EXIT
e2e_conf rescan_interval=1

# --- a deterministic random stream (no $RANDOM in POSIX sh) ---------------------------------
RNG=$SEED
rnd() { # rnd MAX -> R in 0..MAX-1 (sets R: a $(...) subshell would not advance RNG)
    RNG=$(((RNG * 1103515245 + 12345) % 2147483648))
    R=$(((RNG / 65536) % $1))
}

sql() {
    sqlite3 -cmd '.timeout 10000' "$SPOOL/ledger.db" "$1"
}

# --- the files: a mix of on-time, invalid, late and duplicate documents --------------------
STAGE=$T/stage
mkdir -p "$STAGE"
"$GEN" -s 1 -r PT15M -w "$WEEK" -o "$T/base.xml" || t_fail setup "gen_cdc"
"$GEN" -s 1 -r PT15M -w "$LATE_WEEK" -o "$T/late.xml" || t_fail setup "gen_cdc late"
"$GEN" -s 3 -w "$WEEK" --seed 7 -o "$T/big.xml" || t_fail setup "gen_cdc big"
n_ok=0 n_bad=0 n_late=0 n_dup=0
: >"$T/list" # one line per file: sender name kind
i=1
while [ $i -le "$N" ]; do
    s=grd$((i % 2 + 1))
    rnd 100
    r=$R
    name=f$i.xml
    # every document its own mRID and sites (two documents may not cover the same site and step:
    # CDC-OVERLAP): the first five digits of each site become the file's number
    sites="s|site=\"25000|site=\"$(printf '%05d' $i)|"
    if [ $r -lt 10 ]; then
        # an invalid document: a revision that is not an integer (XSD)
        sed -e "s|<mRID>[^<]*</mRID>|<mRID>TORT-$i</mRID>|" -e "$sites" \
            -e "s|<revision>1</revision>|<revision>x$i</revision>|" "$T/base.xml" >"$STAGE/$name"
        kind=rejected n_bad=$((n_bad + 1))
    elif [ $r -lt 20 ]; then
        sed -e "s|<mRID>[^<]*</mRID>|<mRID>TORT-$i</mRID>|" -e "$sites" "$T/late.xml" >"$STAGE/$name"
        kind=late n_late=$((n_late + 1))
    elif [ $r -lt 30 ] && grep -q "^$s .* delivered\$" "$T/list"; then
        # the same bytes as an earlier on-time file of the same sender, under another name
        rnd 5
        orig=$(grep "^$s .* delivered\$" "$T/list" | sed -n "$((R + 1))p")
        [ -n "$orig" ] || orig=$(grep "^$s .* delivered\$" "$T/list" | head -n 1)
        cp "$STAGE/$(echo "$orig" | cut -d' ' -f2)" "$STAGE/$name"
        kind=duplicate n_dup=$((n_dup + 1))
    else
        src=$T/base.xml
        [ $r -ge 97 ] && src=$T/big.xml
        sed -e "s|<mRID>[^<]*</mRID>|<mRID>TORT-$i</mRID>|" -e "$sites" "$src" >"$STAGE/$name"
        kind=delivered n_ok=$((n_ok + 1))
    fi
    echo "$s $name $kind" >>"$T/list"
    i=$((i + 1))
done

# drop SENDER NAME - publish a staged file as senders do (temp name, then rename)
drop() {
    mkdir -p "$SPOOL/in/$1"
    cp "$STAGE/$2" "$SPOOL/in/$1/.$2.up"
    mv "$SPOOL/in/$1/.$2.up" "$SPOOL/in/$1/$2"
}

# --- the daemon ------------------------------------------------------------------------------
# start [ENV=VALUE...] - serve -f in a process group of its own (so a kill can take the delivery
# children too, as a service manager does); retried while an orphaned delivery child of the
# killed daemon still holds the spool lock.
starts=0
start() {
    while :; do
        _from=$(($(wc -l <"$T/serve.log") + 1))
        env PASSERELLE_NOW="$(e2e_now_for "$WEEK" 8)" "$@" setsid "$PASSERELLE" serve -f \
            -c "$CONF" >>"$T/serve.log" 2>&1 &
        DPID=$!
        starts=$((starts + 1))
        sleep 0.2
        if kill -0 "$DPID" 2>/dev/null ||
            ! tail -n "+$_from" "$T/serve.log" | grep -q 'locked by another'; then
            return 0
        fi
        wait "$DPID" 2>/dev/null
        sleep 0.2
    done
}

# kill9 - SIGKILL: the whole group (daemon and delivery children) or, one time in three, the
# daemon alone (its children finish their pass as orphans, holding the lock meanwhile)
kill9() {
    rnd 3
    if [ "$R" = 0 ]; then
        kill -9 "$DPID" 2>/dev/null
    else
        kill -9 "-$DPID" 2>/dev/null
    fi
    wait "$DPID" 2>/dev/null
    DPID=
}

# --- 1. every named crash point once ---------------------------------------------------------
: >"$T/serve.log"
: >"$T/dropped"
idx=1
reached=0
for p in $POINTS; do
    # two files for each point: the next valid one and the next invalid one in the list
    v=$(sed -n "$idx,\$p" "$T/list" | grep ' delivered$' | head -n 1)
    b=$(sed -n "$idx,\$p" "$T/list" | grep ' rejected$' | head -n 1)
    for e in "$v" "$b"; do
        [ -n "$e" ] || continue
        # shellcheck disable=SC2086
        drop $(echo "$e" | cut -d' ' -f1-2)
        echo "$e" >>"$T/dropped"
    done
    last=$(grep -n -F -x -e "$v" -e "$b" "$T/list" | tail -n 1 | cut -d: -f1)
    [ -n "$last" ] && idx=$((last + 1))
    mark=$(($(wc -l <"$T/serve.log") + 1))
    start PASSERELLE_CRASH_AT="$p"
    j=0
    hit=
    while [ $j -lt 300 ]; do
        if ! kill -0 "$DPID" 2>/dev/null; then
            wait "$DPID"
            st=$?
            DPID=
            [ $st -eq 99 ] && hit=daemon
            break
        fi
        if tail -n "+$mark" "$T/serve.log" | grep -q "deliver-child-failed.*status=$((99 * 256))"; then
            hit=child
            kill9
            break
        fi
        sleep 0.1
        j=$((j + 1))
    done
    if [ -n "$hit" ]; then
        reached=$((reached + 1))
    else
        t_fail "crash point $p" "not reached ($(tail -n 3 "$T/serve.log" | tr '\n' '|'))"
        [ -n "$DPID" ] && kill9
    fi
done
npoints=$(echo $POINTS | wc -w)
t_eq "every named crash point reached" "$npoints" "$reached"

# the rest of the list, not yet dropped, in order
grep -v -F -x -f "$T/dropped" "$T/list" >"$T/todo" || :

# --- 2. K random SIGKILLs while files keep arriving ------------------------------------------
# The dropper spreads the files over the kill phase (about 0.45 s between kills on average,
# plus the restart).
ntodo=$(wc -l <"$T/todo")
(
    per=$((ntodo / (K + 1) + 1))
    c=0
    while read -r s name kind; do
        drop "$s" "$name"
        c=$((c + 1))
        [ $((c % per)) -eq 0 ] && sleep 0.4
    done <"$T/todo"
) &
DROPPER=$!
kills=0
start
while [ $kills -lt "$K" ]; do
    rnd 90
    sleep "0.$((R + 10))"
    kill9
    kills=$((kills + 1))
    start
done
wait "$DROPPER"
DROPPER=

# --- 3. let it finish: everything in a terminal state, nothing in flight ----------------------
j=0
while [ $j -lt 1200 ]; do # a safety limit only (10 min), not an assertion on time
    left=$(sql "select count(*) from files where state not in ('delivered','rejected','late','duplicate')")
    inbox=$(find "$SPOOL/in" -type f | wc -l)
    [ "$left" = 0 ] && [ "$inbox" = 0 ] && break
    if ! kill -0 "$DPID" 2>/dev/null; then
        t_fail "daemon alive during the drain" "it exited ($(tail -n 3 "$T/serve.log" | tr '\n' '|'))"
        start
    fi
    sleep 0.5
    j=$((j + 1))
done
kill -TERM "$DPID"
wait "$DPID"
t_eq "SIGTERM at the end: exit 0" 0 "$?"
DPID=

# --- 4. the checks ---------------------------------------------------------------------------
total=$(sql "select count(*) from files")
t_eq "one ledger row per dropped file" "$N" "$total"
why=""
while read -r s name kind; do
    got=$(sql "select state from files where sender='$s' and name='$name'")
    case $got in
    delivered | rejected | late | duplicate) ;;
    *) why="$why $s/$name:[$(echo "$got" | tr '\n' ',')];" ;;
    esac
done <"$T/list"
if [ -z "$why" ]; then t_pass "every file in exactly one terminal state"; else
    t_fail "every file in exactly one terminal state" "$(echo "$why" | cut -c1-600)"; fi
states=$(sql "select state||'='||count(*) from files group by state order by state" | tr '\n' ' ')
t_eq "terminal states as the mix implies" \
    "delivered=$n_ok duplicate=$n_dup late=$n_late rejected=$n_bad " \
    "$(sql "select state||'='||count(*) from files group by state order by state" |
        sed -e '/^delivered=0$/d' | tr '\n' ' ')"
t_eq "every delivery delivered, none pending" "" \
    "$(sql "select state||'='||count(*) from deliveries where state!='delivered' group by state")"

# the remote: one file per delivered document, under its final name, with its SHA-256
why=""
sql "select f.sha256||' '||d.remote_name from files f join deliveries d on d.file_id=f.id
     where f.state='delivered'" >"$T/delivered"
while read -r sha rname; do
    if [ ! -f "$SSHD_REMOTE/$rname" ]; then
        why="$why missing $rname;"
    elif [ "$(sha256sum <"$SSHD_REMOTE/$rname" | cut -d' ' -f1)" != "$sha" ]; then
        why="$why $rname differs from the ledger's sha256;"
    fi
done <"$T/delivered"
if [ -z "$why" ]; then t_pass "remote: every delivered document with the ledger's SHA-256"; else
    t_fail "remote: every delivered document with the ledger's SHA-256" "$(echo "$why" | cut -c1-600)"; fi
t_eq "remote: exactly one file per delivered document" "$(wc -l <"$T/delivered")" \
    "$(find "$SSHD_REMOTE" -maxdepth 1 -type f ! -name '.*' | wc -l)"
t_eq "remote: distinct final names" "$(wc -l <"$T/delivered")" \
    "$(cut -d' ' -f2 "$T/delivered" | sort -u | wc -l)"
t_eq "remote: no partial (.part) file left" "" "$(ls -A "$SSHD_REMOTE" | grep '^\.' | head -n 5)"
t_eq "spool: inboxes, work/ and out/ empty" "" \
    "$(find "$SPOOL/in" "$SPOOL/work" "$SPOOL/out" ! -type d | head -n 5)"
t_eq "spool: every acknowledgement written" "$N" "$(find "$SPOOL/ack" -name '*.ack.xml' ! -name '*.delivered.ack.xml' | wc -l)"
t_eq "spool: every delivered acknowledgement written" "$n_ok" \
    "$(find "$SPOOL/ack" -name '*.delivered.ack.xml' | wc -l)"
"$PASSERELLE" fsck -n -c "$CONF" >"$T/fsck.out" 2>&1
t_eq "fsck -n finds nothing (exit 0)" 0 "$?"
t_grep "fsck -n says 0 disagreements" '^fsck: 0 disagreements' "$T/fsck.out"

attempts=$(sql "select count(*) from attempts")
echo "torture: files=$N kills=$kills crash-points=$reached/$npoints starts=$starts" \
    "states: ${states}deliveries-attempted=$attempts seed=$SEED"
t_done
