#!/bin/sh
# run.sh - throughput and peak memory of `passerelle check` against xmllint, same file, same run.
#
#   make bench                               (B=build sh bench/run.sh, binaries built first)
#   BENCH_SIZES="10M 200M 1G" make bench     (add a 1 GiB file; needs ~1 GiB free in the temp dir)
#   BENCH_DIR=/var/tmp make bench            (where the temporary files go; default $TMPDIR or /tmp)
#   BENCH_MISSING=0 make bench               (skip the missing-steps variant; default 5 percent)
#   BENCH_XSD=path/cdc.xsd                   (schema for xmllint; default xsd/cdc.xsd)
#
# For each size (K/M/G = KiB/MiB/GiB) it generates a valid canonical load-curve document with
# $B/tools/gen_cdc (PT5M, complete week), then runs, on that same file, one after the other
# (the file is in the page cache for both):
#   $B/passerelle check FILE
#   xmllint --stream --noout --schema xsd/cdc.xsd FILE
# under /usr/bin/time -f '%e %M' (wall seconds, peak RSS KiB), and prints a table with the
# ratios passerelle/xmllint for throughput and peak RSS. A second file with BENCH_MISSING
# percent of missing steps shows what the warnings cost.
#
# It asserts nothing about time. It fails (non-zero) only when a tool is missing or fails to
# run, when xmllint does not validate the generated file, or when `passerelle check` does not
# accept the complete file (exit code 0).
B=${B:-build}
SIZES=${BENCH_SIZES:-10M 200M}
MISSING=${BENCH_MISSING:-5}
XSD=${BENCH_XSD:-xsd/cdc.xsd}
PSL=$B/passerelle
GEN=$B/tools/gen_cdc
TIME=/usr/bin/time

die() { printf 'bench: %s\n' "$*" >&2; exit 1; }

[ -x "$PSL" ] || die "$PSL: not built (make)"
[ -x "$GEN" ] || die "$GEN: not built (make $GEN)"
[ -f "$XSD" ] || die "$XSD: missing"
command -v xmllint >/dev/null 2>&1 || die "xmllint: not installed (apt-get install libxml2-utils)"
[ -x "$TIME" ] || die "$TIME: GNU time not installed (apt-get install time)"

# Both tools read the same schemas: the checker's from the tree unless configured otherwise.
PASSERELLE_XSD_DIR=${PASSERELLE_XSD_DIR:-$(pwd)/xsd}
export PASSERELLE_XSD_DIR

base=${BENCH_DIR:-${TMPDIR:-/tmp}}
dir=$(mktemp -d "$base/passerelle-bench.XXXXXX") || die "mktemp -d in $base failed"
trap 'rm -rf "$dir"' EXIT
trap 'exit 130' INT TERM HUP
failed=0

echo "machine: $(nproc) CPU(s), $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)," \
    "kernel $(uname -r), $(sed -n 's/^MemTotal:[[:space:]]*//p' /proc/meminfo) RAM"
echo "tools:   $PSL ($(git log -1 --format=%h 2>/dev/null || echo '?')), $(xmllint --version 2>&1 | head -n 1)"
echo "temp:    $dir"
echo

# measure CMD... - run CMD under GNU time; sets m_rc, m_sec, m_kib.
measure() {
    "$TIME" -f '%e %M' -o "$dir/time" "$@" >"$dir/out" 2>"$dir/err"
    m_rc=$?
    # GNU time prepends "Command exited with non-zero status N" when the command fails.
    set -- $(tail -n 1 "$dir/time" 2>/dev/null)
    m_sec=${1:-} m_kib=${2:-}
    case $m_sec in [0-9]*) ;; *) m_sec= m_kib= ;; esac
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
        printf "%-6s %9.1f  %-22s %8.2f %s %10.1f %4s\n", sz, b / 1e6, t, s, mbs, k / 1024, rc
    }'
}

# ratio SIZE_LABEL P_SEC P_KIB X_SEC X_KIB - passerelle/xmllint throughput and peak RSS.
ratio() {
    awk -v sz="$1" -v ps="$2" -v pk="$3" -v xs="$4" -v xk="$5" 'BEGIN {
        tp = (ps > 0 && xs > 0) ? sprintf("%.2f", xs / ps) : "-";
        rss = (xk > 0) ? sprintf("%.2f", pk / xk) : "-";
        printf "%-9s passerelle/xmllint: throughput x%s, peak RSS x%s\n", sz, tp, rss
    }'
}

printf '%-6s %9s  %-22s %8s %10s %10s %4s\n' size MB tool seconds MB/s 'RSS MiB' exit
ratios=
for size in $SIZES; do
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

        measure "$PSL" check "$f"
        p_rc=$m_rc p_sec=$m_sec p_kib=$m_kib
        cp "$dir/out" "$dir/psl.out"
        if [ -z "$m_sec" ]; then
            show_fail "passerelle check (did not run)"
            break 2
        fi
        row "$size" "$bytes" "passerelle check$tag" "$m_sec" "$m_kib" "$m_rc"
        if [ "$variant" = complete ] && [ "$p_rc" -ne 0 ]; then
            show_fail "passerelle check did not accept the valid file $f:"
            break 2
        fi
        if [ "$variant" = missing ]; then
            # Accepted with warnings is the expected verdict: show the verdict, not the reasons.
            head -n 1 "$dir/psl.out" | sed "s|^$dir/|         |"
        fi

        measure xmllint --stream --noout --schema "$XSD" "$f"
        if [ "$m_rc" -ne 0 ] || [ -z "$m_sec" ]; then
            show_fail "xmllint --stream --schema $XSD on $f"
            break 2
        fi
        row "$size" "$bytes" "xmllint --stream$tag" "$m_sec" "$m_kib" "$m_rc"
        ratios="$ratios$(ratio "$size$tag" "$p_sec" "$p_kib" "$m_sec" "$m_kib")
"
        rm -f "$f"
    done
done
echo
printf '%s' "$ratios"
echo "(throughput ratio > 1: passerelle is faster; RSS ratio < 1: passerelle uses less memory)"
exit "$failed"
