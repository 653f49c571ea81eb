#!/bin/sh
# demo.sh - run the gateway on samples/ with the embedded defaults: the local spool (./spool),
# the SQLite ledger (spool/ledger.db), and a throwaway OpenSSH sshd on 127.0.0.1 as the SFTP
# destination "rte" (its own host key, user key and known_hosts in a temporary folder). Then
# show what happened to each sample file, read from the ledger. Called by `make demo`.
set -u
cd "$(dirname "$0")/../.."
sh tests/lib/deps.sh || exit 1
B=${B:-build}
make --no-print-directory "$B/passerelle" >/dev/null || { echo "demo: build failed"; exit 1; }
PASSERELLE=$(pwd)/$B/passerelle
. tests/lib/sshd.sh

tmp=$(mktemp -d /tmp/passerelle-demo.XXXXXX)
trap 'sshd_stop 2>/dev/null; rm -rf "$tmp"' EXIT INT TERM
sshd_start "$tmp/sshd" || { echo "demo: could not start sshd (see above)"; exit 1; }

# Only the destination differs from the embedded defaults.
conf=$tmp/passerelle.conf
cat >"$conf" <<EOC
dest.rte.port = $SSHD_PORT
dest.rte.user = $SSHD_USER
dest.rte.key = $SSHD_KEY
dest.rte.known_hosts = $SSHD_KNOWN_HOSTS
dest.rte.remote_dir = $SSHD_REMOTE
dest.rte.timeout = 10
EOC
chmod 600 "$conf"

# A fresh local spool: the samples are dropped as sender "demo-grd".
rm -rf spool/in spool/work spool/ack spool/rejected spool/out spool/archive spool/ledger.db*
mkdir -p spool/in/demo-grd
for f in samples/cdc/*.xml; do
    cp "$f" "spool/in/demo-grd/.$(basename "$f").tmp"
    mv "spool/in/demo-grd/.$(basename "$f").tmp" "spool/in/demo-grd/$(basename "$f")"
done

# Deadlines are judged on the clock: the samples describe a past week, so the demo sets the
# gateway's settable clock to a moment before that week's deadline (Friday 12:00 of S+1).
week=$(sed -n 's/.*<\([A-Za-z]*:\)\{0,1\}week start="\([0-9-]*\)".*/\2/p' samples/cdc/valid.xml | head -n 1)
now=$(date -u -d "$week + 8 days" +%Y-%m-%dT09:00:00Z)
echo "== passerelle serve --once (clock set to $now; samples' week starts $week)"
PASSERELLE_NOW=$now "$PASSERELLE" serve -f --once -c "$conf" 2>&1 | sed 's/^/   /'
echo
echo "== the ledger (passerelle ledger)"
"$PASSERELLE" ledger -c "$conf"
echo
echo "== acknowledgements in spool/ack/demo-grd/"
ls spool/ack/demo-grd/
echo
echo "== delivered to the SFTP destination (${SSHD_REMOTE})"
ls -l "$SSHD_REMOTE"
