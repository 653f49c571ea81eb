#!/bin/sh
# sftp.sh - gw_sftp against a real, throwaway OpenSSH sshd (tests/lib/sshd.sh) through the
# $B/tools/sftp_put CLI, whose exit status is the enum sftp_result:
#   0 SFTP_OK  1 SFTP_ETEMP  2 SFTP_EHOSTKEY  3 SFTP_EAUTH  4 SFTP_ELOCAL
# Without /usr/sbin/sshd every case is reported as SKIP, never as a silent pass.
# Run from the top of the repository: B=build sh tests/integration/sftp.sh
. tests/lib/t.sh
. tests/lib/sshd.sh

B=${B:-build}
case $B in /*) PUT=$B/tools/sftp_put ;; *) PUT=$(pwd)/$B/tools/sftp_put ;; esac
OK=0 ETEMP=1 EHOSTKEY=2 EAUTH=3 ELOCAL=4

CASES="upload_identical no_part_left idempotent_second_put stale_part_replaced
target_differs_etemp big_50mb hashed_known_hosts unknown_hostkey portless_entry_refused
other_hostkey wrong_user_key stopped_etemp_quickly remote_dir_missing remote_dir_readonly
key_mode_0644"

skip_all() { # skip_all WHY
    for c in $CASES; do t_skip "sftp_$c" "$1"; done
    t_done
}

if [ ! -x "$PUT" ]; then
    t_fail sftp_tool "$PUT not built (make $B/tools/sftp_put)"
    t_done
fi

TMP=$(mktemp -d "${TMPDIR:-/tmp}/sftp-test.XXXXXX") || exit 1
RO_MOUNT=
cleanup() {
    sshd_stop
    [ -n "$RO_MOUNT" ] && umount "$RO_MOUNT" 2>/dev/null
    rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

sshd_start "$TMP/sshd"
rc=$?
if [ $rc -eq 77 ]; then
    skip_all "no OpenSSH sshd on this machine (install openssh-server)"
elif [ $rc -ne 0 ]; then
    for c in $CASES; do t_fail "sftp_$c" "sshd_start failed ($rc), see above"; done
    t_done
fi
export SFTP_TIMEOUT=10

# put DEST_DIR LOCAL FINAL [KEY [KNOWN_HOSTS]] - run the tool; $? is its enum, stderr in $TMP/err
put() {
    "$PUT" 127.0.0.1 "$SSHD_PORT" "$SSHD_USER" "${4:-$SSHD_KEY}" "${5:-$SSHD_KNOWN_HOSTS}" \
        "$1" "$2" "$3" 2>"$TMP/err"
}
# errline - the tool's one-line cause, for failure messages
errline() {
    head -c 400 "$TMP/err" | tr '\n' ' '
}

# --- a plain upload arrives byte-identical under its final name, no temp file remains
head -c 1234567 /dev/urandom >"$TMP/small.bin"
put "$SSHD_REMOTE" "$TMP/small.bin" a.bin
rc=$?
if [ $rc -eq $OK ] && cmp -s "$TMP/small.bin" "$SSHD_REMOTE/a.bin"; then
    t_pass sftp_upload_identical
else
    t_fail sftp_upload_identical "rc=$rc $(errline)"
fi
t_eq sftp_no_part_left "" "$(find "$SSHD_REMOTE" -name '*.part')"

# --- the same file to the same name again: delivered (idempotent), still one file
put "$SSHD_REMOTE" "$TMP/small.bin" a.bin
rc=$?
n=$(find "$SSHD_REMOTE" -name '*a.bin*' | wc -l)
if [ $rc -eq $OK ] && [ "$n" -eq 1 ] && cmp -s "$TMP/small.bin" "$SSHD_REMOTE/a.bin"; then
    t_pass sftp_idempotent_second_put
else
    t_fail sftp_idempotent_second_put "rc=$rc files=$(find "$SSHD_REMOTE" | tr '\n' ' ') $(errline)"
fi

# --- a .part left by a crashed attempt is replaced, not appended to or refused
printf 'garbage from a crashed attempt' >"$SSHD_REMOTE/.b.bin.part"
put "$SSHD_REMOTE" "$TMP/small.bin" b.bin
rc=$?
if [ $rc -eq $OK ] && cmp -s "$TMP/small.bin" "$SSHD_REMOTE/b.bin" &&
    [ ! -e "$SSHD_REMOTE/.b.bin.part" ]; then
    t_pass sftp_stale_part_replaced
else
    t_fail sftp_stale_part_replaced "rc=$rc $(errline)"
fi

# --- the final name exists with other content: never clobbered, ETEMP, temp removed
printf 'someone else' >"$SSHD_REMOTE/c.bin"
put "$SSHD_REMOTE" "$TMP/small.bin" c.bin
rc=$?
if [ $rc -eq $ETEMP ] && [ "$(cat "$SSHD_REMOTE/c.bin")" = "someone else" ] &&
    [ ! -e "$SSHD_REMOTE/.c.bin.part" ] && grep -q 'SFTP status' "$TMP/err"; then
    t_pass sftp_target_differs_etemp
else
    t_fail sftp_target_differs_etemp "rc=$rc $(errline)"
fi

# --- 50 MB arrive intact
head -c 52428800 /dev/urandom >"$TMP/big.bin"
put "$SSHD_REMOTE" "$TMP/big.bin" big.bin
rc=$?
if [ $rc -eq $OK ] && cmp -s "$TMP/big.bin" "$SSHD_REMOTE/big.bin"; then
    t_pass sftp_big_50mb
else
    t_fail sftp_big_50mb "rc=$rc $(errline)"
fi
rm -f "$TMP/big.bin" "$SSHD_REMOTE/big.bin"

# --- a hashed known_hosts (ssh-keygen -H) works too
cp "$SSHD_KNOWN_HOSTS" "$TMP/kh_hashed"
ssh-keygen -q -H -f "$TMP/kh_hashed" >/dev/null 2>&1
rm -f "$TMP/kh_hashed.old"
if grep -q '^|1|' "$TMP/kh_hashed"; then
    put "$SSHD_REMOTE" "$TMP/small.bin" d.bin "" "$TMP/kh_hashed"
    t_eq sftp_hashed_known_hosts $OK $?
else
    t_fail sftp_hashed_known_hosts "ssh-keygen -H did not hash $TMP/kh_hashed"
fi

# --- unknown host key (empty known_hosts): refused, fingerprint named
: >"$TMP/kh_empty"
put "$SSHD_REMOTE" "$TMP/small.bin" e.bin "" "$TMP/kh_empty"
rc=$?
if [ $rc -eq $EHOSTKEY ] && grep -q 'SHA256:' "$TMP/err" && [ ! -e "$SSHD_REMOTE/e.bin" ]; then
    t_pass sftp_unknown_hostkey
else
    t_fail sftp_unknown_hostkey "rc=$rc $(errline)"
fi

# --- a plain "127.0.0.1" entry does not vouch for another port (OpenSSH semantics)
sed 's/^\[127\.0\.0\.1\]:[0-9]* /127.0.0.1 /' "$SSHD_KNOWN_HOSTS" >"$TMP/kh_portless"
put "$SSHD_REMOTE" "$TMP/small.bin" e.bin "" "$TMP/kh_portless"
t_eq sftp_portless_entry_refused $EHOSTKEY $?

# --- another host key on the same address: refused
if sshd_start_other_hostkey; then
    put "$SSHD_REMOTE" "$TMP/small.bin" f.bin
    rc=$?
    if [ $rc -eq $EHOSTKEY ] && grep -q 'MISMATCH' "$TMP/err" && [ ! -e "$SSHD_REMOTE/f.bin" ]; then
        t_pass sftp_other_hostkey
    else
        t_fail sftp_other_hostkey "rc=$rc $(errline)"
    fi
else
    t_fail sftp_other_hostkey "sshd_start_other_hostkey failed"
fi
sshd_restart || t_fail sftp_restart "sshd_restart failed"

# --- a user key the server does not know: EAUTH
ssh-keygen -q -t ed25519 -N '' -f "$TMP/stranger_key" </dev/null >/dev/null
put "$SSHD_REMOTE" "$TMP/small.bin" g.bin "$TMP/stranger_key"
rc=$?
t_eq sftp_wrong_user_key "$EAUTH" "$rc"

# --- remote folder missing: ETEMP
put "$SSHD_REMOTE/no/such/dir" "$TMP/small.bin" h.bin
rc=$?
if [ $rc -eq $ETEMP ] && grep -q 'SFTP status' "$TMP/err"; then
    t_pass sftp_remote_dir_missing
else
    t_fail sftp_remote_dir_missing "rc=$rc $(errline)"
fi

# --- remote folder not writable: ETEMP. Root ignores mode bits, so root gets a read-only mount.
ro=$SSHD_REMOTE/ro
mkdir -p "$ro"
ro_ok=0
if [ "$(id -u)" = 0 ]; then
    if mount -t tmpfs -o ro,size=64k tmpfs "$ro" 2>/dev/null; then
        RO_MOUNT=$ro
        ro_ok=1
    fi
else
    chmod 555 "$ro" && ro_ok=1
fi
if [ $ro_ok -eq 1 ]; then
    put "$ro" "$TMP/small.bin" i.bin
    rc=$?
    if [ $rc -eq $ETEMP ] && grep -q 'SFTP status' "$TMP/err"; then
        t_pass sftp_remote_dir_readonly
    else
        t_fail sftp_remote_dir_readonly "rc=$rc $(errline)"
    fi
else
    t_skip sftp_remote_dir_readonly "running as root and cannot mount a read-only tmpfs"
fi

# --- private key readable by others: ELOCAL before any network traffic
cp "$SSHD_KEY" "$TMP/loose_key"
cp "$SSHD_KEY.pub" "$TMP/loose_key.pub"
chmod 644 "$TMP/loose_key"
put "$SSHD_REMOTE" "$TMP/small.bin" j.bin "$TMP/loose_key"
rc=$?
if [ $rc -eq $ELOCAL ] && grep -q '0644' "$TMP/err"; then
    t_pass sftp_key_mode_0644
else
    t_fail sftp_key_mode_0644 "rc=$rc $(errline)"
fi

# --- server gone: ETEMP, and quickly (connection refused, not a timeout)
sshd_stop
t0=$(date +%s)
put "$SSHD_REMOTE" "$TMP/small.bin" k.bin
rc=$?
dt=$(($(date +%s) - t0))
if [ $rc -eq $ETEMP ] && [ $dt -le 3 ]; then
    t_pass sftp_stopped_etemp_quickly
else
    t_fail sftp_stopped_etemp_quickly "rc=$rc after ${dt}s $(errline)"
fi

t_done
