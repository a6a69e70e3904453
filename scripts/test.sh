#!/usr/bin/env bash
# The one test command: `bash scripts/test.sh [extra dotnet test args, e.g. --filter Category=Unit]`
#
#  1. starts (installing if needed) the local MariaDB and RabbitMQ the integration and functional
#     tests use, and exports FLASHPURCHASE_TEST_* for them   (scripts/ensure-services.sh)
#  2. builds FlashPurchase.sln once
#  3. runs every test project with `dotnet test --no-build`; the fault tests last, on their own
#  4. runs the unit tests of the waiting room's core (scripts/web-unit-tests.sh), then its browser tests
#     (scripts/browser-tests.sh: headless Chromium, installed if missing)
#  5. ends with one plain line `N passed, N failed, N skipped`, summed over the TRX files and the web tests
#
# Exit code: non-zero when the build fails, any test fails, or a test host crashes/hangs; the closing line then
# counts at least one failure (a crashed or hung run, or a suite that printed no counts, counts as one).
#
# Knobs (environment):
#   FLASHPURCHASE_CONFIGURATION   build configuration, default Debug (used for build and test alike;
#                                 do not pass -c in the extra args, --no-build would miss the binaries)
#   FLASHPURCHASE_TEST_RESULTS_DIR  where TRX files go, default <repo>/TestResults
#   FLASHPURCHASE_TEST_MYSQL_ADMIN / _RABBITMQ_AMQP / _RABBITMQ_MANAGEMENT: use existing servers
#                                 instead (see scripts/ensure-services.sh)
#   FLASHPURCHASE_SKIP_BROWSER_TESTS=1  no browser tests (they are also skipped when a --filter is given)
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO_ROOT"

CONFIGURATION="${FLASHPURCHASE_CONFIGURATION:-Debug}"
RESULTS_DIR="${FLASHPURCHASE_TEST_RESULTS_DIR:-$REPO_ROOT/TestResults}"
SOLUTION=FlashPurchase.sln

# Quiet, non-interactive dotnet (no banner, telemetry notice or first-run experience in CI logs).
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

say() { printf '[test.sh] %s\n' "$*" >&2; }

# --- dotnet ------------------------------------------------------------------------------------
if ! command -v dotnet >/dev/null 2>&1; then
    # A user-level install (dotnet-install.sh) lands here without touching PATH.
    if [[ -x "$HOME/.dotnet/dotnet" ]]; then
        export DOTNET_ROOT="$HOME/.dotnet" PATH="$HOME/.dotnet:$PATH"
    else
        say "ERROR: 'dotnet' not found. Install the .NET 10 SDK (https://dot.net) and put it on PATH."
        exit 1
    fi
fi
say "dotnet SDK $(dotnet --version)"

# --- services ----------------------------------------------------------------------------------
# Sourced, so the FLASHPURCHASE_TEST_* variables it exports reach `dotnet test`.
# shellcheck source=scripts/ensure-services.sh
source "$REPO_ROOT/scripts/ensure-services.sh"

# --- build once ----------------------------------------------------------------------------------
# In CI, no MSBuild/Roslyn/Razor build servers: they outlive the build and can keep the CI step's
# output pipe open (a "finished" job that never ends). Locally they make rebuilds faster, so keep them.
build_server_args=()
if [[ -n "${CI:-}" && "${CI,,}" != "false" ]]; then
    build_server_args=(--disable-build-servers)
fi
say "dotnet build $SOLUTION -c $CONFIGURATION"
if ! dotnet build "$SOLUTION" -c "$CONFIGURATION" -nologo "${build_server_args[@]}"; then
    say "ERROR: build failed; no tests were run."
    exit 1
fi

# --- the house style (.editorconfig) --------------------------------------------------------------
# Whitespace, usings, naming and the style rules .editorconfig marks as warnings; fix with `dotnet format`.
say "dotnet format $SOLUTION --verify-no-changes"
if ! dotnet format "$SOLUTION" --verify-no-changes --no-restore; then
    say "ERROR: the code is not formatted as .editorconfig says (run 'dotnet format $SOLUTION'); no tests were run."
    exit 1
fi

# --- the generated TypeScript client must match the API ------------------------------------------
# No silent drift: regenerate it from the API just built and fail when the committed one differs.
say "bash scripts/generate-client.sh --check"
if ! FLASHPURCHASE_CONFIGURATION="$CONFIGURATION" bash scripts/generate-client.sh --check; then
    say "ERROR: the TypeScript client is out of date; no tests were run."
    exit 1
fi

# --- an integrator's tools accept the OpenAPI document ---------------------------------------------
# Redocly's and Spectral's linters quiet, and a second generator's client type-checks (clients/openapi-checks).
say "bash scripts/check-openapi.sh"
if ! bash scripts/check-openapi.sh; then
    say "ERROR: an integrator's linter or generator rejects the OpenAPI document; no tests were run."
    exit 1
fi

# --- the committed waiting-room page must be the build of web/ -------------------------------------------------
say "bash scripts/build-web.sh --check"
if ! bash scripts/build-web.sh --check; then
    say "ERROR: src/WebApi/wwwroot is not the build of web/ (run 'bash scripts/build-web.sh'); no tests were run."
    exit 1
fi

# --- TRX summary ---------------------------------------------------------------------------------
# Sums <Counters total=".." executed=".." passed=".." failed=".." error=".." timeout=".." aborted=".." .../>
# over the TRX files given as arguments and prints "passed failed skipped files aborted_runs".
# xunit's skipped tests are counted in total but not in executed (notExecuted stays 0), so
# "skipped" is whatever is neither passed nor failed; error/timeout/aborted count as failed.
# A test host that crashed or was killed by --blame-hang-timeout leaves a TRX whose
# <ResultSummary outcome="Failed"> has no failed test in it: that is an "aborted run"
# (the test that was running is not counted anywhere).
trx_counts() {
    local file line passed=0 failed=0 total=0 files=0 aborted_runs=0 v file_failed
    trx_attr() { # name line -> value (0 when absent); ' passed="' does not match passedButRunAborted
        v="$(sed -n "s/.*[[:space:]]$1=\"\([0-9][0-9]*\)\".*/\1/p" <<<"$2")"
        printf '%s' "${v:-0}"
    }
    for file in "$@"; do
        line="$(grep -o '<Counters[[:space:]][^>]*>' "$file" | head -n 1 || true)"
        [[ -n "$line" ]] || continue
        files=$((files + 1))
        total=$((total + $(trx_attr total "$line")))
        passed=$((passed + $(trx_attr passed "$line")))
        file_failed=$(($(trx_attr failed "$line") + $(trx_attr error "$line") \
            + $(trx_attr timeout "$line") + $(trx_attr aborted "$line")))
        failed=$((failed + file_failed))
        if ((file_failed == 0)) \
            && grep -Eq '<ResultSummary[[:space:]][^>]*outcome="(Failed|Aborted|Error|Timeout)"' "$file"; then
            aborted_runs=$((aborted_runs + 1))
        fi
    done
    local skipped=$((total - passed - failed))
    ((skipped >= 0)) || skipped=0
    printf '%s %s %s %s %s\n' "$passed" "$failed" "$skipped" "$files" "$aborted_runs"
}

# --- test ----------------------------------------------------------------------------------------
# Only this run's TRX files count: the default directory is ours and starts empty; a directory
# given through FLASHPURCHASE_TEST_RESULTS_DIR only loses its top-level *.trx and empty dirs.
# Either way TRX files older than the stamp below are ignored.
if [[ -z "${FLASHPURCHASE_TEST_RESULTS_DIR:-}" ]]; then
    rm -rf "$RESULTS_DIR"
else
    find "$RESULTS_DIR" -maxdepth 1 -type f -name '*.trx' -delete 2>/dev/null || true
    find "$RESULTS_DIR" -mindepth 1 -type d -empty -delete 2>/dev/null || true
fi
mkdir -p "$RESULTS_DIR"
stamp="$(mktemp)"
trap 'rm -f "$stamp"' EXIT

say "dotnet test $SOLUTION --no-build $*"
test_rc=0
# --blame-hang-timeout: a single test hanging for 10 min kills its test host and fails the run,
# well before CI's 90 min limit. Dump type none: a full dump of a test host is hundreds of MB.
# The default console logger (minimal) still prints failures and one summary line per project.
# The fault tests (tests/FaultTests) start a MariaDB, a RabbitMQ node and API/Worker processes of their
# own, and stop and kill them: they run alone, after every other project, so that neither side starves
# the other of CPU on a small machine. In the solution-wide run the property makes them no test project.
FAULT_TESTS=tests/FaultTests/FlashPurchase.FaultTests.csproj
dotnet test "$SOLUTION" --no-build -c "$CONFIGURATION" -p:FlashPurchaseFaultTestsSeparately=true \
    --blame-hang-timeout 10m --blame-hang-dump-type none \
    --logger trx --results-directory "$RESULTS_DIR" \
    "$@" || test_rc=$?

say "dotnet test $FAULT_TESTS --no-build $*"
fault_rc=0
dotnet test "$FAULT_TESTS" --no-build -c "$CONFIGURATION" \
    --blame-hang-timeout 10m --blame-hang-dump-type none \
    --logger trx --results-directory "$RESULTS_DIR" \
    "$@" || fault_rc=$?
((test_rc != 0)) || test_rc=$fault_rc

trx_files=()
while IFS= read -r -d '' f; do trx_files+=("$f"); done \
    < <(find "$RESULTS_DIR" -type f -name '*.trx' -newer "$stamp" -print0)
read -r passed failed skipped files aborted_runs < <(trx_counts ${trx_files[@]+"${trx_files[@]}"})

if ((test_rc == 0 && failed > 0)); then
    test_rc=1   # never report success with failed tests, whatever dotnet test said
fi
# A crashed or hung test host is a failure in the closing line too: each aborted run counts as one failed test
# (the test it was running), and so does a dotnet test that failed without recording any failed test.
if ((aborted_runs > 0)); then
    say "$aborted_runs test run(s) aborted: a test host crashed or hung (--blame-hang-timeout); each counts as one failure below (see above)."
    failed=$((failed + aborted_runs))
    ((test_rc != 0)) || test_rc=1
elif ((test_rc != 0 && failed == 0)); then
    say "dotnet test exited with code $test_rc although no failed test was recorded: a test host crashed, or a project wrote no TRX (see above); counted as one failure."
    failed=$((failed + 1))
fi
if ((files == 0)); then
    say "no TRX results found in $RESULTS_DIR (no test matched?)"
fi
say "TRX results: $files file(s) in $RESULTS_DIR"
# The blame collector leaves an empty GUID directory per test project and run.
find "$RESULTS_DIR" -mindepth 1 -type d -empty -delete 2>/dev/null || true

# --- web unit tests ------------------------------------------------------------------------------------------------
# The waiting room's core (phase machine, polling schedule) under `node --test`, no browser; counts join the totals.
web_unit_counts="$(mktemp)"
say "bash scripts/web-unit-tests.sh"
web_unit_rc=0
FLASHPURCHASE_TEST_RESULTS_DIR="$RESULTS_DIR" FLASHPURCHASE_WEB_UNIT_COUNTS_FILE="$web_unit_counts" \
    bash scripts/web-unit-tests.sh || web_unit_rc=$?
if read -r unit_passed unit_failed unit_skipped <"$web_unit_counts" 2>/dev/null && [[ -n "${unit_skipped:-}" ]]; then
    passed=$((passed + unit_passed))
    failed=$((failed + unit_failed))
    skipped=$((skipped + unit_skipped))
    if ((web_unit_rc != 0 && unit_failed == 0)); then
        say "the web unit tests exited with code $web_unit_rc without a failed test; counted as one failure."
        failed=$((failed + 1))
    fi
else
    say "the web unit tests printed no counts (see above); counted as one failure."
    failed=$((failed + 1))
    ((web_unit_rc != 0)) || web_unit_rc=1
fi
rm -f "$web_unit_counts"
((web_unit_rc == 0)) || ((test_rc != 0)) || test_rc=1

# --- browser tests -------------------------------------------------------------------------------------------------
# The waiting room in headless Chromium, against the API just built; their counts join the totals below.
browser_args_filter=false
for arg in "$@"; do
    [[ "$arg" == --filter* ]] && browser_args_filter=true
done
if [[ "${FLASHPURCHASE_SKIP_BROWSER_TESTS:-}" == 1 ]]; then
    say "browser tests skipped (FLASHPURCHASE_SKIP_BROWSER_TESTS=1)"
elif $browser_args_filter; then
    say "browser tests skipped: a --filter was given (run them with: bash scripts/browser-tests.sh)"
else
    browser_counts="$(mktemp)"
    say "bash scripts/browser-tests.sh"
    browser_rc=0
    FLASHPURCHASE_CONFIGURATION="$CONFIGURATION" FLASHPURCHASE_TEST_RESULTS_DIR="$RESULTS_DIR" \
        FLASHPURCHASE_BROWSER_COUNTS_FILE="$browser_counts" bash scripts/browser-tests.sh || browser_rc=$?
    if read -r browser_passed browser_failed browser_skipped <"$browser_counts" 2>/dev/null \
        && [[ -n "${browser_skipped:-}" ]]; then
        passed=$((passed + browser_passed))
        failed=$((failed + browser_failed))
        skipped=$((skipped + browser_skipped))
        if ((browser_rc != 0 && browser_failed == 0)); then
            say "the browser tests exited with code $browser_rc without a failed test; counted as one failure."
            failed=$((failed + 1))
        fi
    else
        say "the browser tests printed no counts (see above); counted as one failure."
        failed=$((failed + 1))
        ((browser_rc != 0)) || browser_rc=1
    fi
    rm -f "$browser_counts"
    if ((browser_rc != 0)); then
        ((test_rc != 0)) || test_rc=1
    fi
fi

# The closing line and the exit code agree: a failure anywhere shows in both.
if ((failed > 0 && test_rc == 0)); then
    test_rc=1
elif ((test_rc != 0 && failed == 0)); then
    say "exit code $test_rc without a counted failure (see above); counted as one failure."
    failed=1
fi

echo "$passed passed, $failed failed, $skipped skipped"
exit "$test_rc"
