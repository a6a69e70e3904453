#!/usr/bin/env bash
# End-to-end tests of the waiting room (the page the API serves at `/`) in headless Chromium:
#
#   bash scripts/browser-tests.sh
#
#  1. installs Debian's chromium (apt-get, as root) when /usr/bin/chromium is missing
#  2. checks that the committed src/WebApi/wwwroot is a fresh build of web/ (scripts/build-web.sh --check, which runs
#     `npm ci` in web/ when needed: playwright-core drives the Chromium above, it downloads no browser)
#  3. builds the API when its dll is missing (scripts/test.sh has normally built it just before)
#  4. makes sure MariaDB and RabbitMQ run (scripts/ensure-services.sh), for the real-stack scenario
#  5. runs web/tests/*.test.mjs with `node --test`, one file after the other: each starts its own API process(es)
#     (`dotnet <dll> --urls http://127.0.0.1:<free port>`) with a SQLite file, or a throwaway fptest_browser_*
#     database and vhost of its own, and the sale settings of its scenario
#
# Screenshots of every step, the API and Worker logs and a TAP report go to <results>/browser (printed at the end).
# Exit code: non-zero when a test fails or the tests cannot run.
#
# Knobs (environment):
#   FLASHPURCHASE_CONFIGURATION        build configuration of the dlls to start, default Debug
#   FLASHPURCHASE_TEST_RESULTS_DIR     results root, default <repo>/TestResults (screenshots in its browser/)
#   FLASHPURCHASE_CHROMIUM             the browser, default /usr/bin/chromium
#   FLASHPURCHASE_BROWSER_COUNTS_FILE  if set, gets one line "passed failed skipped" (scripts/test.sh adds them up)
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO_ROOT"

CONFIGURATION="${FLASHPURCHASE_CONFIGURATION:-Debug}"
RESULTS_DIR="${FLASHPURCHASE_TEST_RESULTS_DIR:-$REPO_ROOT/TestResults}/browser"
CHROMIUM="${FLASHPURCHASE_CHROMIUM:-/usr/bin/chromium}"
COUNTS_FILE="${FLASHPURCHASE_BROWSER_COUNTS_FILE:-}"
WEBAPI_DLL="$REPO_ROOT/src/WebApi/bin/$CONFIGURATION/net10.0/FlashPurchase.WebApi.dll"
WORKER_DLL="$REPO_ROOT/src/Worker/bin/$CONFIGURATION/net10.0/FlashPurchase.Worker.dll"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

SECONDS=0
say() { printf '[browser-tests %3ss] %s\n' "$SECONDS" "$*" >&2; }
die() {
    say "ERROR: $*"
    exit 1
}

[[ -n "$COUNTS_FILE" ]] && rm -f "$COUNTS_FILE"

# --- 1. Chromium -----------------------------------------------------------------------------------------------
if [[ ! -x "$CHROMIUM" ]]; then
    if [[ "$CHROMIUM" != /usr/bin/chromium ]]; then
        die "FLASHPURCHASE_CHROMIUM=$CHROMIUM is not an executable file."
    fi
    if [[ "$(id -u)" != 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
        die "Chromium is not installed at /usr/bin/chromium. Install Debian's package (as root: apt-get install chromium), or point FLASHPURCHASE_CHROMIUM at a Chromium or Chrome binary."
    fi
    say "installing Debian's chromium (apt-get)"
    apt_install() {
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium fonts-liberation \
            </dev/null >/tmp/flashpurchase-apt-chromium.log 2>&1
    }
    if ! apt_install; then
        say "apt-get install failed; apt-get update, then once more"
        DEBIAN_FRONTEND=noninteractive apt-get update -q </dev/null >>/tmp/flashpurchase-apt-chromium.log 2>&1 || true
        apt_install || { tail -n 20 /tmp/flashpurchase-apt-chromium.log >&2; die "could not install chromium (log above)."; }
    fi
    [[ -x "$CHROMIUM" ]] || die "chromium was installed but $CHROMIUM is not there."
fi
say "$("$CHROMIUM" --version 2>/dev/null || echo "chromium at $CHROMIUM")"

# --- 2. the committed page is the build of web/ (and web/'s npm packages are installed) --------------------------
command -v node >/dev/null 2>&1 || die "node is not installed (Node.js 20 or later is needed)."
bash scripts/build-web.sh --check || die "src/WebApi/wwwroot is not the build of web/: run 'bash scripts/build-web.sh'."

# --- 3. the API and the Worker, built ------------------------------------------------------------------------
if [[ ! -f "$WEBAPI_DLL" || ! -f "$WORKER_DLL" ]]; then
    say "dotnet build src/WebApi -c $CONFIGURATION (the dlls are missing)"
    dotnet build src/WebApi -c "$CONFIGURATION" -nologo -v quiet >/dev/null || die "the API does not build."
fi

# --- 4. MariaDB and RabbitMQ for the real-stack scenario -------------------------------------------------------
# shellcheck source=scripts/ensure-services.sh
source scripts/ensure-services.sh || die "MariaDB and RabbitMQ are not available (see above)."

# --- 5. the tests -------------------------------------------------------------------------------------------------
rm -rf "$RESULTS_DIR"
mkdir -p "$RESULTS_DIR"
run_id="$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')"
export FLASHPURCHASE_BROWSER_RESULTS="$RESULTS_DIR" FLASHPURCHASE_BROWSER_RUN_ID="$run_id" \
    FLASHPURCHASE_WEBAPI_DLL="$WEBAPI_DLL" FLASHPURCHASE_WORKER_DLL="$WORKER_DLL" FLASHPURCHASE_CHROMIUM="$CHROMIUM"

# The tests run in a process group of their own, so that whatever they started (the API, the Worker, Chromium) is
# ended with them even if node is killed before its clean-up hooks run. The real-stack scenario's database and vhost
# are dropped here too (the test drops them itself; this is for a run that was cut short).
tests_pid=""
cleanup() {
    if [[ -n "$tests_pid" ]]; then
        kill -TERM -- "-$tests_pid" 2>/dev/null || true
        sleep 1
        kill -KILL -- "-$tests_pid" 2>/dev/null || true
        tests_pid=""
    fi
    (cd web && node tests/support/cleanup.mjs) || say "warning: could not drop this run's fptest_browser_${run_id}_* database/vhost"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

tap="$RESULTS_DIR/results.tap"
say "node --test web/tests (screenshots: $RESULTS_DIR)"
cd web
# 7 min for all of it: a hung browser or API fails the run rather than CI's whole time limit.
setsid timeout --kill-after=10s 420s node --test --test-concurrency=1 \
    --test-reporter=spec --test-reporter-destination=stdout \
    --test-reporter=tap --test-reporter-destination="$tap" \
    tests/*.test.mjs &
tests_pid=$!
rc=0
wait "$tests_pid" || rc=$?
tests_pid_done=$tests_pid
tests_pid=""
kill -TERM -- "-$tests_pid_done" 2>/dev/null || true # anything a test left behind
cd "$REPO_ROOT"
((rc != 124)) || say "the browser tests took longer than 7 minutes and were stopped."

# shellcheck source=scripts/node-test-counts.sh
source "$REPO_ROOT/scripts/node-test-counts.sh"
node_test_counts "$tap" "$rc"
[[ -z "$COUNTS_FILE" ]] || echo "$passed $failed $skipped" >"$COUNTS_FILE"

say "browser tests: $passed passed, $failed failed, $skipped skipped in ${SECONDS}s"
say "screenshots, API/Worker logs and the TAP report: $RESULTS_DIR"
exit "$rc"
