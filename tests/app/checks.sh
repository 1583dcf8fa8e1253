# The counting every tests/app script shares; source it after setting $work (a temporary folder).
#   pass NAME            counts a passed check and says so
#   flunk NAME           counts a failed one and shows the first lines of $work/out and $work/err
#   finish               prints the totals; its status is the script's (0 when nothing failed)
passed=0
failed=0
pass() { passed=$((passed + 1)); echo "ok   $1"; }
flunk() {
    failed=$((failed + 1)); echo "FAIL $1"
    sed 's/^/     stdout: /' "$work/out" 2>/dev/null | head -8
    sed 's/^/     stderr: /' "$work/err" 2>/dev/null | head -8
}
finish() {
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ]
}
