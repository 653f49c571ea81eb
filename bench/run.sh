#!/bin/sh
# run.sh - throughput and peak memory of the gateway against reference tools, same file, same run.
#
#   make bench                               (B=build sh bench/run.sh, binaries built first)
#   BENCH_SIZES="10M 200M 1G" make bench     (add a 1 GiB file; needs ~4 GiB free in the temp dir)
#   BENCH_DIR=/var/tmp make bench            (where the temporary files go; default $TMPDIR or /tmp)
#   BENCH_MISSING=0 make bench               (skip the missing-steps variant; default 5 percent)
#   BENCH_FILES=2000 make bench              (small files for the daemon row; default 1000, 0: none)
#   BENCH_XSD=path/cdc.xsd                   (schema for xmllint; default xsd/cdc.xsd)
#
# For each size (K/M/G = KiB/MiB/GiB), one after the other on the same files (in the page cache):
#  cdc   $B/tools/gen_cdc writes a valid canonical load-curve document (PT5M, complete week);
#        `passerelle check`, `xmllint --stream --noout --schema xsd/cdc.xsd` (the reference),
#        `xmllint --stream --noout` (parse only) and `cat` (the read limit) on it. A second file
#        with BENCH_MISSING percent of missing steps shows what the warnings cost.
#  csv   `passerelle convert` turns that document into its CSV form; `passerelle check` and `cat`
#        on the CSV. Reference: the XML check of the same document (same sites, same points).
#  r4x   $B/tools/gen_r4x writes an Enedis R4x of about the same size (one Corps per PRM, a full
#        week of 5-minute points each); `passerelle check`, `xmllint --stream --noout`, `cat`.
#  sftp  the cdc document uploaded to a throwaway sshd on 127.0.0.1 (tests/lib/sshd.sh) by the
#        gateway ($B/tools/sftp_put: temp name, fsync, rename) and by OpenSSH `sftp -b` (put -f,
#        i.e. with fsync, then rename), both with aes256-ctr and hmac-sha2-256; the SHA-256 of
#        each remote copy is checked against the local file.
# Then, once: BENCH_FILES small valid documents (gen_cdc -s 1 -r PT15M, distinct mRIDs and sites) dropped
# into an inbox and `passerelle serve --once` against the same sshd: claim, judge, acknowledge,
# deliver; files per minute end to end, checked by counting acknowledgements and remote files.
#
# Every command runs under /usr/bin/time -f '%M' (peak RSS KiB), timed to the millisecond. The script
# prints a table, then the ratios. It asserts nothing about time. It fails (non-zero) only when a
# tool is missing or fails, when a reference rejects a generated file, when `passerelle check`
# does not accept one, when a remote copy differs, or when the daemon leaves a file unanswered
# or undelivered. Without a usable sshd the sftp and daemon rows say "skipped".
B=${B:-build}
SIZES=${BENCH_SIZES:-10M 200M}
MISSING=${BENCH_MISSING:-5}
FILES=${BENCH_FILES:-1000}
XSD=${BENCH_XSD:-xsd/cdc.xsd}
PSL=$B/passerelle
GEN=$B/tools/gen_cdc
GENR=$B/tools/gen_r4x
PUT=$B/tools/sftp_put
TIME=/usr/bin/time
CIPHER=aes256-ctr
MAC=hmac-sha2-256

die() { printf 'bench: %s\n' "$*" >&2; exit 1; }

for x in "$PSL" "$GEN" "$GENR" "$PUT"; do
    [ -x "$x" ] || die "$x: not built (make $x)"
done
[ -f "$XSD" ] || die "$XSD: missing"
command -v xmllint >/dev/null 2>&1 || die "xmllint: not installed (apt-get install libxml2-utils)"
[ -x "$TIME" ] || die "$TIME: GNU time not installed (apt-get install time)"

# Both tools read the same schemas: the checker's from the tree unless configured otherwise.
PASSERELLE_XSD_DIR=${PASSERELLE_XSD_DIR:-$(pwd)/xsd}
export PASSERELLE_XSD_DIR
PSL=$(cd "$(dirname "$PSL")" && pwd)/passerelle

base=${BENCH_DIR:-${TMPDIR:-/tmp}}
dir=$(mktemp -d "$base/passerelle-bench.XXXXXX") || die "mktemp -d in $base failed"
SSHD_PID=
trap 'sshd_stop 2>/dev/null; rm -rf "$dir"' EXIT
trap 'exit 130' INT TERM HUP
failed=0

. tests/lib/sshd.sh
sshd_start "$dir/sshd" >"$dir/sshd.out" 2>&1
sshd_rc=$?
if [ $sshd_rc -ne 0 ]; then
    echo "sshd:    not usable (rc $sshd_rc): sftp and daemon rows skipped"
    sed 's/^/         /' "$dir/sshd.out"
fi

echo "machine: $(nproc) CPU(s), $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)," \
    "kernel $(uname -r), $(sed -n 's/^MemTotal:[[:space:]]*//p' /proc/meminfo) RAM"
echo "tools:   $PSL ($(git log -1 --format=%h 2>/dev/null || echo '?')), $(xmllint --version 2>&1 | head -n 1)," \
    "$(ssh -V 2>&1)"
echo "date:    $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "temp:    $dir"
echo

# measure CMD... - run CMD under GNU time; sets m_rc, m_sec, m_kib. The seconds are the wall
# time read with date +%s%N around it (GNU time's %e has a 10 ms resolution; the fork of
# /usr/bin/time adds about a millisecond); the raw '%e %M' line is kept in $dir/time.
measure() {
    _t0=$(date +%s%N)
    "$TIME" -f '%e %M' -o "$dir/time" "$@" >"$dir/out" 2>"$dir/err"
    m_rc=$?
    _t1=$(date +%s%N)
    # GNU time prepends "Command exited with non-zero status N" when the command fails.
    set -- $(tail -n 1 "$dir/time" 2>/dev/null)
    m_sec=${1:-} m_kib=${2:-}
    case $m_sec in [0-9]*) m_sec=$(awk -v a="$_t0" -v b="$_t1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }') ;;
    *) m_sec= m_kib= ;; esac
}

# show_fail WHAT - print the end of a failed command's output.
show_fail() {
    printf 'bench: %s failed (exit %s); last lines of its output:\n' "$1" "$m_rc" >&2
    tail -n 15 "$dir/out" "$dir/err" >&2
    failed=1
}

# row SIZE_LABEL BYTES TOOL SEC KIB RC - one line of the table.
row() {
    awk -v sz="$1" -v b="$2" -v t="$3" -v s="$4" -v k="$5" -v rc="$6" 'BEGIN {
        mbs = (s > 0) ? sprintf("%10.1f", b / 1e6 / s) : sprintf("%10s", "-");
        printf "%-6s %9.1f  %-30s %8.3f %s %10.1f %4s\n", sz, b / 1e6, t, s, mbs, k / 1024, rc
    }'
}

# skiprow SIZE_LABEL TOOL WHY
skiprow() {
    printf '%-6s %9s  %-30s %8s %10s %10s %4s  (%s)\n' "$1" - "$2" - - - skip "$3"
}

# ratio LABEL WHAT NUM_SEC NUM_KIB DEN_SEC DEN_KIB - throughput (DEN_SEC/NUM_SEC) and RSS.
ratio() {
    awk -v l="$1" -v w="$2" -v ps="$3" -v pk="$4" -v xs="$5" -v xk="$6" 'BEGIN {
        tp = (ps > 0 && xs > 0) ? sprintf("x%.2f", xs / ps) : "-";
        rss = (pk > 0 && xk > 0) ? sprintf("x%.2f", pk / xk) : "-";
        printf "%-12s %-40s throughput %7s  peak RSS %6s\n", l, w, tp, rss
    }'
}
ratios=
addratio() { ratios="$ratios$(ratio "$@")
"; }

# check_row LABEL BYTES TOOL FILE - `passerelle check FILE`, must accept (exit 0); sets p_*.
check_row() {
    measure "$PSL" check "$4"
    p_rc=$m_rc p_sec=$m_sec p_kib=$m_kib
    cp "$dir/out" "$dir/psl.out"
    if [ -z "$m_sec" ]; then
        show_fail "passerelle check (did not run)"
        return 1
    fi
    row "$1" "$2" "$3" "$m_sec" "$m_kib" "$m_rc"
    return 0
}

# ref_row LABEL BYTES TOOL CMD... - a reference command that must succeed; sets m_*.
ref_row() {
    _l=$1 _b=$2 _t=$3
    shift 3
    measure "$@"
    if [ "$m_rc" -ne 0 ] || [ -z "$m_sec" ]; then
        show_fail "$*"
        return 1
    fi
    row "$_l" "$_b" "$_t" "$m_sec" "$m_kib" "$m_rc"
}

# remote_ok FILE NAME - the remote copy NAME has FILE's SHA-256 (then removed)
remote_ok() {
    _a=$(sha256sum <"$1" | cut -d' ' -f1)
    _b=$(sha256sum <"$SSHD_REMOTE/$2" 2>/dev/null | cut -d' ' -f1)
    rm -f "$SSHD_REMOTE/$2"
    [ -n "$_b" ] && [ "$_a" = "$_b" ]
}

printf '%-6s %9s  %-30s %8s %10s %10s %4s\n' size MB tool seconds MB/s 'RSS MiB' exit
for size in $SIZES; do
    # ---- cdc XML (complete, then with missing steps) ----
    for variant in complete missing; do
        if [ "$variant" = missing ]; then
            case $MISSING in 0 | '') continue ;; esac
            f=$dir/cdc-$size-missing.xml
            gen_args="-m $MISSING --seed 2"
            tag=" -m$MISSING"
        else
            f=$dir/cdc-$size.xml
            gen_args="--seed 1"
            tag=
        fi
        # shellcheck disable=SC2086 # gen_args is a word list
        measure "$GEN" --target-bytes "$size" -r PT5M $gen_args -o "$f"
        if [ "$m_rc" -ne 0 ] || [ -z "$m_sec" ]; then
            show_fail "gen_cdc --target-bytes $size"
            break 2
        fi
        bytes=$(stat -c %s "$f")
        row "$size" "$bytes" "gen_cdc$tag" "$m_sec" "$m_kib" "$m_rc"

        check_row "$size" "$bytes" "passerelle check$tag" "$f" || break 2
        if [ "$variant" = complete ] && [ "$p_rc" -ne 0 ]; then
            show_fail "passerelle check did not accept the valid file $f:"
            break 2
        fi
        if [ "$variant" = missing ]; then
            # Accepted with warnings is the expected verdict: show the verdict, not the reasons.
            head -n 1 "$dir/psl.out" | sed "s|^$dir/|         |"
        fi
        x_p_sec=$p_sec x_p_kib=$p_kib

        ref_row "$size" "$bytes" "xmllint --stream --schema$tag" \
            xmllint --stream --noout --schema "$XSD" "$f" || break 2
        addratio "$size$tag" "cdc XML: check / xmllint --schema" "$p_sec" "$p_kib" "$m_sec" "$m_kib"
        if [ "$variant" = missing ]; then
            rm -f "$f"
            continue
        fi
        ref_row "$size" "$bytes" "xmllint --stream (parse)" xmllint --stream --noout "$f" || break 2
        addratio "$size" "cdc XML: check / xmllint parse only" "$p_sec" "$p_kib" "$m_sec" "$m_kib"
        ref_row "$size" "$bytes" "cat (xml)" cat "$f" || break 2
        addratio "$size" "cdc XML: check / cat" "$p_sec" "$p_kib" "$m_sec" "$m_kib"
    done

    # ---- the same document in its CSV form ----
    f=$dir/cdc-$size.xml
    c=$dir/cdc-$size.csv
    measure "$PSL" convert "$f" "$c"
    if [ "$m_rc" -ne 0 ] || [ -z "$m_sec" ]; then
        show_fail "passerelle convert $f"
        break
    fi
    cbytes=$(stat -c %s "$c")
    row "$size" "$cbytes" "passerelle convert ->csv" "$m_sec" "$m_kib" "$m_rc"
    check_row "$size" "$cbytes" "passerelle check (csv)" "$c" || break
    if [ "$p_rc" -ne 0 ]; then
        show_fail "passerelle check did not accept the converted CSV $c:"
        break
    fi
    addratio "$size" "CSV check / XML check (same document)" "$p_sec" "$p_kib" "$x_p_sec" "$x_p_kib"
    ref_row "$size" "$cbytes" "cat (csv)" cat "$c" || break
    addratio "$size" "CSV check / cat (csv)" "$p_sec" "$p_kib" "$m_sec" "$m_kib"
    rm -f "$c"

    # ---- an Enedis R4x of about the same size ----
    r=$dir/r4x-$size.xml
    measure "$GENR" --target-bytes "$size" -o "$r"
    if [ "$m_rc" -ne 0 ] || [ -z "$m_sec" ]; then
        show_fail "gen_r4x --target-bytes $size"
        break
    fi
    rbytes=$(stat -c %s "$r")
    row "$size" "$rbytes" "gen_r4x" "$m_sec" "$m_kib" "$m_rc"
    check_row "$size" "$rbytes" "passerelle check (r4x)" "$r" || break
    if [ "$p_rc" -ne 0 ]; then
        show_fail "passerelle check did not accept the generated R4x $r:"
        break
    fi
    ref_row "$size" "$rbytes" "xmllint --stream (r4x)" xmllint --stream --noout "$r" || break
    addratio "$size" "R4x: check / xmllint parse only" "$p_sec" "$p_kib" "$m_sec" "$m_kib"
    ref_row "$size" "$rbytes" "cat (r4x)" cat "$r" || break
    addratio "$size" "R4x: check / cat" "$p_sec" "$p_kib" "$m_sec" "$m_kib"
    rm -f "$r"

    # ---- SFTP upload of the cdc document ----
    if [ $sshd_rc -ne 0 ]; then
        skiprow "$size" "sftp_put (gateway)" "no sshd"
        skiprow "$size" "sftp -b (OpenSSH)" "no sshd"
    else
        name=bench-$size.xml
        measure env SFTP_TIMEOUT=60 "$PUT" 127.0.0.1 "$SSHD_PORT" "$SSHD_USER" "$SSHD_KEY" \
            "$SSHD_KNOWN_HOSTS" "$SSHD_REMOTE" "$f" "$name"
        if [ "$m_rc" -ne 0 ] || [ -z "$m_sec" ] || ! remote_ok "$f" "$name"; then
            show_fail "sftp_put $f (or its remote copy differs)"
            break
        fi
        row "$size" "$bytes" "sftp_put (gateway)" "$m_sec" "$m_kib" "$m_rc"
        g_sec=$m_sec g_kib=$m_kib
        printf 'put -f %s %s/.%s.part\nrename %s/.%s.part %s/%s\n' "$f" "$SSHD_REMOTE" "$name" \
            "$SSHD_REMOTE" "$name" "$SSHD_REMOTE" "$name" >"$dir/batch"
        measure sftp -q -b "$dir/batch" -P "$SSHD_PORT" -i "$SSHD_KEY" -c "$CIPHER" \
            -o "MACs=$MAC" -o Compression=no -o BatchMode=yes -o IdentitiesOnly=yes \
            -o "UserKnownHostsFile=$SSHD_KNOWN_HOSTS" -o StrictHostKeyChecking=yes \
            "$SSHD_USER@127.0.0.1"
        if [ "$m_rc" -ne 0 ] || [ -z "$m_sec" ] || ! remote_ok "$f" "$name"; then
            show_fail "sftp -b put $f (or its remote copy differs)"
            break
        fi
        row "$size" "$bytes" "sftp -b (OpenSSH)" "$m_sec" "$m_kib" "$m_rc"
        addratio "$size" "SFTP: gateway / OpenSSH sftp" "$g_sec" "$g_kib" "$m_sec" "$m_kib"
    fi
    rm -f "$f"
done

# ---- the daemon: many small files, end to end ----
case $FILES in 0 | '') FILES=0 ;; esac
if [ "$FILES" -gt 0 ] && [ $sshd_rc -ne 0 ]; then
    skiprow "${FILES}f" "serve --once (daemon)" "no sshd"
elif [ "$FILES" -gt 0 ] && [ $failed -eq 0 ]; then
    spool=$dir/spool
    conf=$dir/passerelle.conf
    mkdir -p "$spool/in/grd1" "$dir/small"
    {
        echo "spool_dir = $spool"
        echo "quiet_period = 0"
        echo "dest.rte.host = 127.0.0.1"
        echo "dest.rte.port = $SSHD_PORT"
        echo "dest.rte.user = $SSHD_USER"
        echo "dest.rte.key = $SSHD_KEY"
        echo "dest.rte.known_hosts = $SSHD_KNOWN_HOSTS"
        echo "dest.rte.remote_dir = $SSHD_REMOTE"
        echo "dest.rte.timeout = 30"
    } >"$conf"
    chmod 600 "$conf"
    # one site each, distinct mRIDs and sites (the same site twice in a week is CDC-OVERLAP)
    "$GEN" -s 1 -r PT15M -o "$dir/one.xml" || die "gen_cdc -s 1 failed"
    i=1
    while [ $i -le "$FILES" ]; do
        sed -e "s|<mRID>[^<]*</mRID>|<mRID>BENCH-$i</mRID>|" \
            -e "s|site=\"[0-9]*\"|site=\"$((26000000000000 + i))\"|" \
            "$dir/one.xml" >"$dir/small/cdc-$i.xml" || die "cannot write small files"
        i=$((i + 1))
    done
    fbytes=$(du -cb "$dir"/small/*.xml | tail -n 1 | cut -f1)
    # the drop: a rename each, as an uploader publishing a finished file
    mv "$dir"/small/*.xml "$spool/in/grd1/"
    # now: the Sunday after the generated week (2026-03-07), well before its deadline
    measure env PASSERELLE_NOW=2026-03-15T09:00:00Z "$PSL" serve -f --once -c "$conf"
    acks=$(find "$spool/ack/grd1" -name '*.delivered.ack.xml' 2>/dev/null | wc -l)
    remote=$(find "$SSHD_REMOTE" -type f ! -name '.*' | wc -l)
    if [ "$m_rc" -ne 0 ] || [ -z "$m_sec" ] || [ "$acks" -ne "$FILES" ] || [ "$remote" -ne "$FILES" ]; then
        show_fail "serve --once on $FILES files ($acks delivered acks, $remote remote files)"
    else
        row "${FILES}f" "$fbytes" "serve --once (daemon)" "$m_sec" "$m_kib" "$m_rc"
        d_sec=$m_sec
        ratios="$ratios$(awk -v n="$FILES" -v s="$d_sec" 'BEGIN {
            printf "%-12s %-40s %.0f files/min (%.1f ms per file)\n", n "f",
                "daemon: drop -> judged -> ack -> delivered", (s > 0 ? n * 60 / s : 0),
                s * 1000 / n }')
"
    fi
fi

echo
printf '%s' "$ratios"
echo "(throughput ratio > 1: the first is faster; peak RSS ratio < 1: the first uses less memory)"
exit "$failed"
