# e2e.sh - shared set-up for the end-to-end tests (sourced after t.sh and sshd.sh):
# a temporary spool and configuration pointing at a throwaway sshd.
#   e2e_setup      -> $T (temp dir), $CONF, $SPOOL, $PASSERELLE; sshd started (77 if absent)
#   e2e_conf KEY=VALUE...  -> rewrite $CONF with the base settings plus these
#   e2e_drop SENDER FILE [NAME] -> publish FILE into in/SENDER/ (temp name + rename)
#   e2e_once [ENV=VALUE...]     -> passerelle serve --once, log appended to $T/serve.log
#   e2e_sql SQL                  -> run SQL on the ledger
#   e2e_week FILE                -> the week@start of a load-curve document
PASSERELLE=${PASSERELLE:-$(pwd)/${B:-build}/passerelle}

e2e_setup() {
    T=$(mktemp -d /tmp/passerelle-e2e.XXXXXX)
    SPOOL=$T/spool
    CONF=$T/passerelle.conf
    sshd_start "$T/sshd"
    _rc=$?
    [ $_rc -eq 0 ] || return $_rc
    e2e_conf
}

e2e_conf() {
    {
        echo "spool_dir = $SPOOL"
        echo "quiet_period = 0"
        echo "retry_min = 1"
        echo "retry_max = 2"
        echo "dest.rte.host = 127.0.0.1"
        echo "dest.rte.port = $SSHD_PORT"
        echo "dest.rte.user = $SSHD_USER"
        echo "dest.rte.key = $SSHD_KEY"
        echo "dest.rte.known_hosts = $SSHD_KNOWN_HOSTS"
        echo "dest.rte.remote_dir = $SSHD_REMOTE"
        echo "dest.rte.timeout = 5"
        for kv in "$@"; do echo "$kv" | sed 's/=/ = /'; done
    } >"$CONF"
    chmod 600 "$CONF"
}

e2e_drop() {
    mkdir -p "$SPOOL/in/$1"
    _n=${3:-$(basename "$2")}
    cp "$2" "$SPOOL/in/$1/.$_n.upload"
    mv "$SPOOL/in/$1/.$_n.upload" "$SPOOL/in/$1/$_n"
}

e2e_once() {
    env "$@" "$PASSERELLE" serve -f --once -c "$CONF" >>"$T/serve.log" 2>&1
}

e2e_sql() {
    sqlite3 "$SPOOL/ledger.db" "$1"
}

e2e_week() {
    sed -n 's/.*<\([A-Za-z]*:\)\{0,1\}week start="\([0-9-]*\)".*/\2/p' "$1" | head -n 1
}

# e2e_now_for WEEK DAYS - epoch seconds of DAYS days after the week start at 09:00 UTC, plus
# the seconds elapsed since the test began: successive runs of the daemon see the settable
# clock move forward as the real one does (backoff timers depend on it).
E2E_T0=$(date +%s)
e2e_now_for() {
    echo $(($(date -u -d "$1 + $2 days 09:00" +%s) + $(date +%s) - E2E_T0))
}

e2e_cleanup() {
    sshd_stop 2>/dev/null
    [ -n "${KEEP:-}" ] || rm -rf "$T"
}
