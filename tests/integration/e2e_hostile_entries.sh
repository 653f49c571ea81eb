#!/bin/sh
# End to end: what is dropped into an inbox that is not a plain, well-named file gets an answer
# (rejected with a clear code) and is never followed nor opened; the daemon stays alive.
. tests/lib/t.sh
. tests/lib/sshd.sh
. tests/lib/e2e.sh

NAMES="bad names; symlink; fifo; hard link; device; subfolder left alone; daemon alive"
e2e_setup
rc=$?
if [ $rc -ne 0 ]; then
    for n in $(echo "$NAMES" | tr ' ;' '_ '); do t_skip "$n" "no usable sshd (rc $rc)"; done
    t_done
fi
trap e2e_cleanup EXIT
VALID=samples/cdc/valid.xml
IN=$SPOOL/in/grd1
mkdir -p "$IN"
cp "$VALID" "$IN/$(printf 'new\nline.xml')"
cp "$VALID" "$IN/with space.xml"
cp "$VALID" "$IN/$(printf 'caf\351.xml')"
ln -s /etc/passwd "$IN/link.xml"
mkfifo "$IN/fifo.xml"
cp "$VALID" "$T/outside.xml"
ln "$T/outside.xml" "$IN/hard.xml"
mkdir "$IN/subfolder"
dev=0
if [ "$(id -u)" -eq 0 ] && mknod "$IN/dev.xml" c 1 3 2>/dev/null; then dev=1; fi
WEEK=$(e2e_week "$VALID")
timeout 60 env PASSERELLE_NOW="$(e2e_now_for "$WEEK" 8)" "$PASSERELLE" serve -f --once \
    -c "$CONF" >>"$T/serve.log" 2>&1
t_eq "daemon alive: --once finished by itself and exited 0" 0 $?

ack() { cat "$SPOOL/ack/grd1/$1.ack.xml" 2>/dev/null; }
code_of() { ack "$1" | sed -n 's/.*<Reason code="\([A-Z-]*\)".*/\1/p' | head -n 1; }
t_eq "bad names: newline" BAD-NAME "$(code_of new%0Aline.xml)"
t_eq "bad names: space" BAD-NAME "$(code_of with%20space.xml)"
t_eq "bad names: non-UTF-8 byte" BAD-NAME "$(code_of caf%E9.xml)"
t_eq "symlink: NOT-REGULAR" NOT-REGULAR "$(code_of link.xml)"
t_check "symlink: /etc/passwd untouched, never copied" test -z "$(grep -rl root: "$SPOOL/rejected" 2>/dev/null)"
t_eq "fifo: NOT-REGULAR" NOT-REGULAR "$(code_of fifo.xml)"
t_eq "hard link: NOT-REGULAR" NOT-REGULAR "$(code_of hard.xml)"
if [ $dev -eq 1 ]; then
    t_eq "device: NOT-REGULAR" NOT-REGULAR "$(code_of dev.xml)"
else
    t_skip "device: NOT-REGULAR" "mknod not permitted here"
fi
t_check "subfolder left alone" test -d "$IN/subfolder"
t_eq "inbox empty but the subfolder" subfolder "$(ls -A "$IN")"
t_eq "every entry in the ledger, all rejected" "$((6 + dev))|rejected" \
    "$(e2e_sql "select count(*)||'|'||group_concat(distinct status) from files")"
t_eq "nothing delivered" 0 "$(ls -A "$SSHD_REMOTE" | wc -l)"
for f in "$SPOOL"/ack/grd1/*.ack.xml; do
    xmllint --noout --schema xsd/ack.xsd "$f" 2>/dev/null || t_fail "acks validate" "$f"
done
t_pass "acks validate"
t_done
