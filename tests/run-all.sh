#!/bin/sh
# run-all.sh - every test: cmocka unit binaries in $B/tests, then the shell tests in
# tests/integration (golden files, end to end with the real daemon and a real sshd).
# Prints "N passed, N failed, N skipped"; under CI=true a skipped test is a failure.
B=${B:-build}
export B
PASSERELLE=$(cd "$B" && pwd)/passerelle
export PASSERELLE
TOP=$(pwd)
export TOP
pass=0 fail=0 skip=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

count() { # count PATTERN FILE -> sum of the first number on matching lines
    sed -n "s/^$1 *\([0-9][0-9]*\).*/\1/p" "$2" | awk '{s+=$1} END {print s+0}'
}

for t in "$B"/tests/test_*; do
    case $t in *.d) continue ;; esac
    [ -x "$t" ] || continue
    name=$(basename "$t")
    "$t" >"$log" 2>&1
    rc=$?
    p=$(count '\[  PASSED  \]' "$log")
    f=$(count '\[  FAILED  \]' "$log")
    s=$(count '\[  SKIPPED \]' "$log")
    if [ $rc -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
    pass=$((pass + p)); fail=$((fail + f)); skip=$((skip + s))
    printf '%-40s %3d passed, %d failed, %d skipped\n' "$name" "$p" "$f" "$s"
    if [ "$f" -ne 0 ] || [ "$s" -ne 0 ]; then grep -E 'FAILED|SKIPPED|ERROR|error|Assert|Sanitizer' "$log" | head -40; fi
done

for t in tests/integration/*.sh; do
    [ -f "$t" ] || continue
    name=$(basename "$t" .sh)
    sh "$t" >"$log" 2>&1
    rc=$?
    p=$(grep -c '^PASS: ' "$log")
    f=$(grep -c '^FAIL: ' "$log")
    s=$(grep -c '^SKIP: ' "$log")
    if [ $rc -ne 0 ] && [ "$f" -eq 0 ]; then
        f=1
        echo "FAIL: $name exited $rc" >>"$log"
    fi
    pass=$((pass + p)); fail=$((fail + f)); skip=$((skip + s))
    printf '%-40s %3d passed, %d failed, %d skipped\n' "$name" "$p" "$f" "$s"
    if [ "$f" -ne 0 ] || [ "$s" -ne 0 ]; then grep -E '^(FAIL|SKIP): ' "$log" | head -40; fi
    if [ $rc -ne 0 ] && ! grep -q '^FAIL: ' "$log"; then tail -30 "$log"; fi
done

echo
echo "$pass passed, $fail failed, $skip skipped"
if [ "$fail" -ne 0 ]; then exit 1; fi
if [ "$skip" -ne 0 ] && [ "${CI:-}" = true ]; then
    echo "CI=true: $skip skipped test(s) count as failures"
    exit 1
fi
if [ "$pass" -eq 0 ]; then echo "no test ran"; exit 1; fi
exit 0
