#!/usr/bin/env bash
# Summarises the wrk bursts of one bench run (bench/run.sh --only wrk): requests per second, latency percentiles,
# answers that were not 2xx, wrk's own CPU, and enter as a share of the ceiling measured in the same round.
set -euo pipefail
out="${1:?usage: summary.sh <bench results directory>}"

field() { # file pattern -> value
    awk -v pattern="$2" '$0 ~ pattern {print $2; exit}' "$1"
}
rps() { awk '/^Requests\/sec:/ {printf "%.0f", $2}' "$1"; }
non2xx() { awk '/Non-2xx or 3xx responses:/ {print $5; found=1} END {if (!found) print 0}' "$1"; }
cpu() { awk '/^wrk cpu:/ {printf "%.2f", ($3 + $6) / $10}' "$1"; }
requests() { awk '/requests in/ {print $1; exit}' "$1"; }

echo "| burst | requests | req/s | p50 | p90 | p99 | not 2xx | wrk cores |"
echo "|---|---|---|---|---|---|---|---|"
for f in "$out"/wrk-ceiling-*.txt "$out"/wrk-enter-*.txt; do
    name="$(basename "$f" .txt)"
    echo "| ${name#wrk-} | $(requests "$f") | $(rps "$f") | $(field "$f" '^ +50%') | $(field "$f" '^ +90%') | $(field "$f" '^ +99%') | $(non2xx "$f") | $(cpu "$f") |"
done
echo
for round in 1 2; do
    c="$(rps "$out/wrk-ceiling-$round.txt")" e="$(rps "$out/wrk-enter-$round.txt")"
    awk -v c="$c" -v e="$e" -v r="$round" 'BEGIN {printf "- round %d: enter %d req/s = %.1f %% of the pipeline ceiling (%d req/s)\n", r, e, 100 * e / c, c}'
done
