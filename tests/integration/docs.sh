#!/bin/sh
# The documentation and the packaging in step with the program:
#  - every option printed by `passerelle config` is in passerelle.conf(5), in the order of the
#    table (global options, then dest.<name>.*, then sender.<name>.*), and in
#    etc/passerelle.conf (keys of a destination or a sender compared with their prefix
#    normalised: dest.<name>. and sender.<name>.);
#  - every code printed by `passerelle codes` is in passerelle-flows(5), and the page's
#    REASON CODES section is what man/update-codes.sh generates now (severity and article
#    included);
#  - every subcommand listed by `passerelle --help` has its section in passerelle(8);
#  - every man page renders without warnings: `groff -ww -man -z` silent, and
#    `mandoc -T lint -W warning` silent (mandoc's STYLE notes, such as lines longer than 80
#    bytes, are not warnings);
#  - `make install DESTDIR=...` installs the man pages and the systemd unit, and
#    `systemd-analyze verify` passes on the installed unit (its binary path pointed at the
#    DESTDIR copy, MANPATH at the installed pages, since verify checks both exist).
. tests/lib/t.sh
P=${PASSERELLE:-$(pwd)/${B:-build}/passerelle}
T=$(mktemp -d /tmp/passerelle-docs.XXXXXX)
trap 'rm -rf "$T"' EXIT
unset PASSERELLE_CONF

# section PAGE TITLE - the lines of one .SH section of a man page (without its .SH line)
section() {
    awk -v t=".SH $2" '$0 == t { on = 1; next } /^\.SH / { on = 0 } on' "$1"
}
# tp_names - the first word of each .TP tag line of standard input, \- unescaped
tp_names() {
    awk 'prev == ".TP" && /^\.BR? / { print $2 } { prev = $0 }' | sed 's/\\-/-/g'
}

# --- options ------------------------------------------------------------------------------
printf 'senders = s1\n' >"$T/c.conf"
chmod 600 "$T/c.conf"
"$P" config -c "$T/c.conf" >"$T/config" 2>"$T/err"
t_eq "config exits 0" 0 $?
sed -n 's/^\([A-Za-z0-9_.-]*\) =.*/\1/p' "$T/config" >"$T/keys"
grep -v '\.' "$T/keys" >"$T/global"
sed -n 's/^dest\.rte\.//p' "$T/keys" >"$T/dest"
sed -n 's/^sender\.s1\.//p' "$T/keys" >"$T/sender"
t_check "config prints global options" test -s "$T/global"
t_check "config prints dest.rte options" test -s "$T/dest"
t_check "config prints sender options" test -s "$T/sender"
M5=man/passerelle.conf.5
for part in "global:GLOBAL OPTIONS" "dest:DESTINATION OPTIONS" "sender:SENDER OPTIONS"; do
    f=${part%%:*}
    section "$M5" "${part#*:}" | tp_names >"$T/man-$f"
    if cmp -s "$T/$f" "$T/man-$f"; then
        t_pass "passerelle.conf(5) ${part#*:}: every option of passerelle config, in order"
    else
        t_fail "passerelle.conf(5) ${part#*:}: every option of passerelle config, in order" \
            "$(diff "$T/$f" "$T/man-$f" | grep '^[<>]' | tr '\n' ' ')"
    fi
done
missing=""
while read -r k; do
    case $k in
    dest.rte.*) re="^#? *dest\.[a-z0-9_-]+\.${k#dest.rte.} =" ;;
    sender.s1.*) re="^#? *sender\.[a-z0-9_-]+\.${k#sender.s1.} =" ;;
    *) re="^#? *$k =" ;;
    esac
    grep -Eq "$re" etc/passerelle.conf || missing="$missing $k"
done <"$T/keys"
t_eq "etc/passerelle.conf: every option of passerelle config" "" "$missing"

# --- reason codes -------------------------------------------------------------------------
M7=man/passerelle-flows.5
"$P" codes >"$T/codes" 2>&1
t_eq "codes exits 0" 0 $?
missing=""
for c in $(awk '{ print $1 }' "$T/codes"); do
    e=$(printf '%s' "$c" | sed 's/-/\\\\-/g')
    grep -Eq "^\.BR $e \"" "$M7" || missing="$missing $c"
done
t_eq "passerelle-flows(5): every code of passerelle codes" "" "$missing"
cp "$M7" "$T/flows.5"
if sh man/update-codes.sh "$P" "$T/flows.5" >/dev/null 2>"$T/err" && cmp -s "$M7" "$T/flows.5"; then
    t_pass "passerelle-flows(5): REASON CODES as generated (severity, article, summary)"
else
    t_fail "passerelle-flows(5): REASON CODES as generated (severity, article, summary)" \
        "run sh man/update-codes.sh and commit the page: $(diff "$M7" "$T/flows.5" | grep '^[<>]' | head -6 | tr '\n' ' ')$(cat "$T/err")"
fi

# --- subcommands --------------------------------------------------------------------------
"$P" --help >"$T/help" 2>&1
missing=""
n=0
for c in $(sed -n 's/^  \([a-z][a-z-]*\).*/\1/p' "$T/help"); do
    case $c in help | version) continue ;; esac
    n=$((n + 1))
    e=$(printf '%s' "$c" | sed 's/-/\\\\-/g')
    grep -Eq "^\.SS $e( |\$)" man/passerelle.8 || missing="$missing $c"
    grep -Eq "^\.B passerelle $e( |\$)" man/passerelle.8 || missing="$missing $c(synopsis)"
done
t_check "--help lists subcommands" test "$n" -gt 10
t_eq "passerelle(8): a SYNOPSIS line and a section per subcommand of --help" "" "$missing"
for s in "EXIT STATUS" ENVIRONMENT FILES SIGNALS; do
    t_grep "passerelle(8) has $s" "^\.SH $s\$" man/passerelle.8
done

# --- rendering ----------------------------------------------------------------------------
for m in man/*.[1-9]; do
    out=$(groff -ww -man -z "$m" 2>&1)
    t_eq "groff -ww -man -z $m: no warning" "" "$out"
    if command -v mandoc >/dev/null 2>&1; then
        out=$(mandoc -T lint -W warning "$m" 2>&1)
        t_eq "mandoc -T lint $m: no warning" "" "$out"
    else
        t_skip "mandoc -T lint $m" "mandoc not installed (tests/lib/deps.sh installs it)"
    fi
done

# --- install: man pages and the systemd unit -----------------------------------------------
if make --no-print-directory -s install DESTDIR="$T/root" PREFIX=/usr/local -o "$P" \
    BIN="$P" >"$T/install.log" 2>&1; then
    t_pass "make install DESTDIR"
else
    t_fail "make install DESTDIR" "$(tail -5 "$T/install.log" | tr '\n' ' ')"
fi
for m in man8/passerelle.8 man5/passerelle.conf.5 man5/passerelle-flows.5; do
    t_check "installed $m" test -f "$T/root/usr/local/share/man/$m"
done
U=$T/root/usr/local/lib/systemd/system/passerelle.service
t_check "installed the systemd unit" test -f "$U"
t_grep "unit: ExecStart" '^ExecStart=/usr/local/bin/passerelle serve -c /usr/local/etc/passerelle/passerelle.conf$' "$U"
for kv in Type=notify User=passerelle Group=passerelle ProtectSystem=strict \
    ReadWritePaths=/var/spool/passerelle NoNewPrivileges=yes PrivateTmp=yes ProtectHome=yes \
    'ExecReload=/bin/kill -HUP \$MAINPID'; do
    t_grep "unit: $kv" "^$kv\$" "$U"
done
if command -v systemd-analyze >/dev/null 2>&1; then
    sed "s#/usr/local/bin/passerelle#$T/root/usr/local/bin/passerelle#g" "$U" >"$T/passerelle.service"
    if MANPATH=$T/root/usr/local/share/man SYSTEMD_LOG_COLOR=0 \
        systemd-analyze verify "$T/passerelle.service" >"$T/verify" 2>&1; then
        t_pass "systemd-analyze verify"
    else
        t_fail "systemd-analyze verify" "$(tr '\n' ' ' <"$T/verify")"
    fi
    t_eq "systemd-analyze verify: nothing to say" "" "$(cat "$T/verify")"
else
    t_skip "systemd-analyze verify" "systemd-analyze not installed (tests/lib/deps.sh installs systemd)"
fi
t_done
