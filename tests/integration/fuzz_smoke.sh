#!/bin/sh
# The libFuzzer targets (tests/fuzz/, built by `make check` into build/fuzz/ with clang, ASan
# and UBSan) still build and survive their seed corpus (tests/fuzz/corpus/<target>/) plus a
# short seeded run of mutations. The long runs are `make fuzz FUZZ_SECONDS=N`.
. tests/lib/t.sh

RUNS=${FUZZ_RUNS:-2000}
found=0
for src in tests/fuzz/fuzz_*.c; do
    n=$(basename "$src" .c)
    bin=build/fuzz/$n
    found=1
    if [ ! -x "$bin" ]; then
        if command -v clang >/dev/null 2>&1; then
            t_fail "$n builds" "$bin missing (make fuzz-build)"
        else
            t_skip "$n builds" "clang not installed (tests/lib/deps.sh installs it)"
        fi
        continue
    fi
    t_pass "$n builds"
    out=$(mktemp)
    work=$(mktemp -d)
    # -seed fixed: the same mutations on every run; new inputs go to a scratch folder
    "$bin" -runs="$RUNS" -seed=1 -max_len=65536 -timeout=20 -rss_limit_mb=1024 \
        -artifact_prefix="$work/" "$work" "tests/fuzz/corpus/$n" >"$out" 2>&1
    rc=$?
    if [ $rc -eq 0 ] && grep -q 'Done [0-9]* runs' "$out"; then
        t_pass "$n: seed corpus and $RUNS runs, no finding"
    else
        t_fail "$n: seed corpus and $RUNS runs, no finding" \
            "exit $rc: $(grep -E 'ERROR|SUMMARY|Sanitizer|crash-' "$out" | head -n 5 | tr '\n' '|')"
    fi
    rm -rf "$out" "$work"
done
[ $found -eq 1 ] || t_fail "fuzz targets" "none in tests/fuzz/"
t_done
