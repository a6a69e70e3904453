# Sourced by the scripts that run `node --test` (web-unit-tests.sh, browser-tests.sh): reads the counts of a run from
# its TAP report, so that a run can never report a pass it did not have.
#
#   node_test_counts <tap file> <runner exit code>
#
# sets passed, failed and skipped, and rc (the exit code to use): no TAP summary (the runner died, or never ran) is one
# failure, and so is a non-zero exit with no failed test (a crash in a hook...); a failed test makes rc non-zero.
node_test_counts() {
    local tap="$1"
    rc="$2"
    count() { # name -> the "# name N" line of the TAP summary (0 when absent)
        local value
        value="$(sed -n "s/^# $1 \([0-9][0-9]*\)$/\1/p" "$tap" 2>/dev/null | tail -n 1)"
        printf '%s' "${value:-0}"
    }
    if [[ -s "$tap" ]] && grep -q '^# tests ' "$tap"; then
        passed="$(count pass)"
        failed=$(($(count fail) + $(count cancelled)))
        skipped=$(($(count skipped) + $(count todo)))
    else
        passed=0 failed=1 skipped=0
    fi
    if ((rc == 0 && failed > 0)); then
        rc=1
    elif ((rc != 0 && failed == 0)); then
        failed=1
    fi
}
