#!/usr/bin/env bash
# Unit tests of the waiting room's core (web/src/core: the phase machine and the polling schedule), no browser:
#
#   bash scripts/web-unit-tests.sh
#
# Installs web/'s pinned npm packages (npm ci) when node_modules is missing or older than package-lock.json, compiles
# the core to web/.test-build (web/tests/unit/build-core.mjs) and runs web/tests/unit/*.test.mjs with `node --test`.
# The spec report goes to stdout, a TAP report to <results>/web-unit/results.tap.
# Exit code: non-zero when a test fails or the tests cannot run.
#
# Knobs (environment):
#   FLASHPURCHASE_TEST_RESULTS_DIR      results root, default <repo>/TestResults
#   FLASHPURCHASE_WEB_UNIT_COUNTS_FILE  if set, gets one line "passed failed skipped" (scripts/test.sh adds them up)
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO_ROOT"

RESULTS_DIR="${FLASHPURCHASE_TEST_RESULTS_DIR:-$REPO_ROOT/TestResults}/web-unit"
COUNTS_FILE="${FLASHPURCHASE_WEB_UNIT_COUNTS_FILE:-}"

say() { printf '[web-unit-tests] %s\n' "$*" >&2; }
die() {
    say "ERROR: $*"
    exit 1
}

[[ -n "$COUNTS_FILE" ]] && rm -f "$COUNTS_FILE"

command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || die "node and npm are needed (Node.js 20 or later)."

# As scripts/build-web.sh: npm ci writes node_modules/.package-lock.json; missing or older than the lock file means
# "install again".
if [[ ! -f web/node_modules/.package-lock.json || web/package-lock.json -nt web/node_modules/.package-lock.json ]]; then
    say "npm ci (web/)"
    (cd web && npm ci --no-audit --no-fund --loglevel=error) || die "npm ci failed in web/."
fi

rm -rf "$RESULTS_DIR"
mkdir -p "$RESULTS_DIR"
tap="$RESULTS_DIR/results.tap"

rc=0
(cd web && node tests/unit/build-core.mjs) || rc=$?
if ((rc == 0)); then
    say "node --test web/tests/unit"
    (cd web && node --test --test-reporter=spec --test-reporter-destination=stdout \
        --test-reporter=tap --test-reporter-destination="$tap" tests/unit/*.test.mjs) || rc=$?
else
    say "the core does not compile (see above)."
fi

# shellcheck source=scripts/node-test-counts.sh
source "$REPO_ROOT/scripts/node-test-counts.sh"
node_test_counts "$tap" "$rc"
[[ -z "$COUNTS_FILE" ]] || echo "$passed $failed $skipped" >"$COUNTS_FILE"

say "web unit tests: $passed passed, $failed failed, $skipped skipped (TAP: $tap)"
exit "$rc"
