#!/bin/sh
# Durability: the daemon is stopped dead (_exit, as by kill -9) right after each durable step
# (PASSERELLE_CRASH_AT, see gw_crash.h), then restarted. Whatever the point, in the end: the
# valid file is on the remote exactly once under its final name with the SHA-256 the ledger
# recorded, never a partial file under a final name; the invalid file is rejected; both are
# acknowledged; the spool holds nothing in flight and agrees with the ledger.
. tests/lib/t.sh
. tests/lib/sshd.sh
. tests/lib/e2e.sh

POINTS="after-claim after-received after-judged after-ack-write after-acknowledged
after-queue-links after-queued after-reject-move after-remote-write after-remote-rename
after-delivered-commit after-delivered-ack"
e2e_setup
rc=$?
if [ $rc -ne 0 ]; then
    for p in $POINTS; do t_skip "$p" "no usable sshd (rc $rc)"; done
    t_done
fi
trap e2e_cleanup EXIT
VALID=samples/cdc/valid.xml
INVALID=samples/cdc/CDC-STEP.xml
WEEK=$(e2e_week "$VALID")
SHA=$(sha256sum "$VALID" | cut -d' ' -f1)

for p in $POINTS; do
    rm -rf "$SPOOL" "$SSHD_REMOTE"/* "$SSHD_REMOTE"/.[!.]* 2>/dev/null
    e2e_drop grd1 "$VALID"
    e2e_drop grd1 "$INVALID" bad.xml
    : >"$T/serve.log"
    e2e_once PASSERELLE_NOW="$(e2e_now_for "$WEEK" 8)" PASSERELLE_CRASH_AT="$p"
    rc=$?
    # the point was reached: the daemon died there, or its delivery child did
    if [ $rc -ne 99 ] && ! grep -q "deliver-child-failed.*status=$((99 * 256))" "$T/serve.log"; then
        t_fail "$p" "crash point not reached (exit $rc)"
        continue
    fi
    # restart (twice: a crash in a delivery child leaves work for the next pass)
    e2e_once PASSERELLE_NOW="$(e2e_now_for "$WEEK" 8)"
    e2e_once PASSERELLE_NOW="$(e2e_now_for "$WEEK" 8)"
    : >"$T/serve.log"
    why=""
    n=0
    for f in "$SSHD_REMOTE"/*; do
        [ -f "$f" ] || continue
        n=$((n + 1))
        [ "$(sha256sum "$f" | cut -d' ' -f1)" = "$SHA" ] || why="$why remote file $f differs;"
    done
    [ $n -eq 1 ] || why="$why $n remote files;"
    [ -z "$(ls -A "$SSHD_REMOTE" | grep '\.part$')" ] || why="$why partial file left;"
    [ "$(e2e_sql "select sha256 from files where name='valid.xml'")" = "$SHA" ] || why="$why ledger sha;"
    [ "$(e2e_sql "select state from files where name='valid.xml'")" = delivered ] || why="$why valid not delivered;"
    [ "$(e2e_sql "select state from files where name='bad.xml'")" = rejected ] || why="$why bad not rejected;"
    [ "$(e2e_sql "select count(*) from files")" = 2 ] || why="$why ledger rows $(e2e_sql "select count(*) from files");"
    grep -q '<status>accepted</status>' "$SPOOL/ack/grd1/valid.xml.ack.xml" 2>/dev/null || why="$why no ack;"
    grep -q '<status>delivered</status>' "$SPOOL/ack/grd1/valid.xml.delivered.ack.xml" 2>/dev/null || why="$why no delivered ack;"
    grep -q '<status>rejected</status>' "$SPOOL/ack/grd1/bad.xml.ack.xml" 2>/dev/null || why="$why no reject ack;"
    [ -z "$(ls -A "$SPOOL/work")" ] || why="$why work/ not empty: $(ls -A "$SPOOL/work");"
    [ -z "$(ls -A "$SPOOL/out/rte" 2>/dev/null)" ] || why="$why out/rte not empty;"
    [ -z "$(ls -A "$SPOOL/in/grd1")" ] || why="$why inbox not empty;"
    [ "$(ls "$SPOOL/rejected" | grep -c 'bad.xml$')" = 1 ] || why="$why rejected/ content;"
    "$PASSERELLE" fsck -n -c "$CONF" >"$T/fsck.out" 2>&1 || why="$why fsck: $(tr '\n' '|' <"$T/fsck.out");"
    if [ -z "$why" ]; then t_pass "$p"; else t_fail "$p" "$why"; fi
done
t_done
