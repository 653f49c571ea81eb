# t.sh - tiny test vocabulary for the shell tests (sourced).
# Each check prints one line: "PASS: name", "FAIL: name: why" or "SKIP: name: why";
# tests/run-all.sh counts them. t_done exits 1 when anything failed.
T_FAILED=0
t_pass() { printf 'PASS: %s\n' "$1"; }
t_fail() { printf 'FAIL: %s: %s\n' "$1" "$2"; T_FAILED=1; }
t_skip() { printf 'SKIP: %s: %s\n' "$1" "$2"; }
# t_check NAME COMMAND... - pass when the command succeeds
t_check() {
    _n=$1; shift
    if "$@" >/dev/null 2>&1; then t_pass "$_n"; else t_fail "$_n" "command failed: $*"; fi
}
# t_eq NAME EXPECTED ACTUAL
t_eq() {
    if [ "$2" = "$3" ]; then t_pass "$1"; else t_fail "$1" "expected [$2], got [$3]"; fi
}
# t_grep NAME PATTERN FILE - pass when FILE has a line matching the extended regex
t_grep() {
    if grep -Eq -- "$2" "$3" 2>/dev/null; then t_pass "$1"; else
        t_fail "$1" "no line matching [$2] in $3: $(head -c 600 "$3" 2>/dev/null | tr '\n' '|')"; fi
}
t_done() { exit "$T_FAILED"; }
