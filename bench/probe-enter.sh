#!/usr/bin/env bash
# A diagnostic, not the benchmark (bash bench/run.sh is): one API (and a Worker unless WITH_WORKER=no) on a fresh
# database and vhost, a wrk warm-up of enter, then two measured rounds, each printed with its joins per second, p99,
# and the CPU seconds the API, the Worker, MariaDB and RabbitMQ used in it, the API's CPU per join and how idle the
# machine was. Used to find what bounds enter (docs/performance.md, "Where enter's time goes").
#
#   bash bench/probe-enter.sh                          # 5 s warm-up, 2 rounds of 10 s, the Worker running
#   WARMUP=20 SECONDS_PER_ROUND=10 WITH_WORKER=no bash bench/probe-enter.sh
#   COUNTERS=yes bash bench/probe-enter.sh             # + dotnet-counters (System.Runtime) of both in round 2
#   API_ENV="DOTNET_TieredPGO=1" bash bench/probe-enter.sh   # settings for the API (API_ENV) or the Worker (WORKER_ENV)
#
# COUNTERS needs `dotnet tool install -g dotnet-counters`. Output: bench/results/probe-<time>/ (wrk's output, logs,
# counters as CSV).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
OUT="bench/results/probe-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$OUT"
WITH_WORKER="${WITH_WORKER:-yes}" WARMUP="${WARMUP:-5}" S="${SECONDS_PER_ROUND:-10}"
say() { printf '[probe] %s\n' "$*" >&2; }

dotnet build src/WebApi -c Release -nologo -v quiet >/dev/null
dotnet build src/Worker -c Release -nologo -v quiet >/dev/null
dotnet build bench/FlashPurchase.Bench -c Release -nologo -v quiet >/dev/null
API_DLL=src/WebApi/bin/Release/net10.0/FlashPurchase.WebApi.dll
WORKER_DLL=src/Worker/bin/Release/net10.0/FlashPurchase.Worker.dll
BENCH_DLL=bench/FlashPurchase.Bench/bin/Release/net10.0/FlashPurchase.Bench.dll
API=http://127.0.0.1:5180

# The benchmark's switches: Production, rate limits on with only the per-address ones lifted.
source bench/switches.sh
export FlashSale__Stock=1000000
eval "$(bash scripts/ensure-services.sh)"
command -v wrk >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk >/dev/null

database="fptest_probe_$RANDOM" vhost="fptest-probe-$RANDOM"
mariadb -h127.0.0.1 -uflashpurchase_test -pflashpurchase_test -e "CREATE DATABASE \`$database\` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci"
curl -sf -u guest:guest -X PUT "http://127.0.0.1:15672/api/vhosts/$vhost" >/dev/null
export Database__Provider=MySql Database__ServerVersion="$FLASHPURCHASE_TEST_MYSQL_SERVER_VERSION"
export ConnectionStrings__Database="Server=127.0.0.1;Database=$database;User ID=flashpurchase_test;Password=flashpurchase_test;Maximum Pool Size=200"
export Messaging__Transport=RabbitMq ConnectionStrings__RabbitMq="amqp://guest:guest@127.0.0.1:5672/$vhost"
dotnet "$API_DLL" migrate >"$OUT/migrate.log" 2>&1

pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true; done
    mariadb -h127.0.0.1 -uflashpurchase_test -pflashpurchase_test -e "DROP DATABASE IF EXISTS \`$database\`" || true
    curl -sf -u guest:guest -X DELETE "http://127.0.0.1:15672/api/vhosts/$vhost" >/dev/null || true
}
trap cleanup EXIT
env ${API_ENV:-} dotnet "$API_DLL" --urls "$API" >"$OUT/api.log" 2>&1 &
api=$!
pids+=("$api")
for _ in $(seq 1 120); do curl -sf "$API/health/ready" >/dev/null 2>&1 && break; sleep 0.5; done
worker=""
if [[ "$WITH_WORKER" == yes ]]; then
    env ${WORKER_ENV:-} dotnet "$WORKER_DLL" >"$OUT/worker.log" 2>&1 &
    worker=$!
    pids+=("$worker")
    sleep 3
fi

# Fresh shoppers for every burst, 6,000 per second of it: no join is a repeated one.
tokens() {
    dotnet "$BENCH_DLL" --api "$API" --concurrency 256 --out "$OUT" --scenario tokens --name "tokens-$1" --shoppers "$2" >/dev/null
    mv "$OUT/tokens.txt" "$OUT/tokens-$1.txt"
}
tokens warmup $((6000 * WARMUP))
tokens 1 $((6000 * S))
tokens 2 $((6000 * S))
cpu() { [[ -n "$1" ]] && awk -v hz="$(getconf CLK_TCK)" '{printf "%.2f", ($14 + $15) / hz}' "/proc/$1/stat" || echo 0; }
burst() {
    TOKENS="$OUT/tokens-$1.txt" WRK_THREADS=2 wrk -t2 -c256 -d"$2"s --timeout 30s --latency -s bench/wrk/rotate-tokens.lua \
        "$API/api/queue/enter" >"$OUT/wrk-$1.txt" 2>&1
}
growth() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.1f", b - a}'; }

burst warmup "$WARMUP"
for round in 1 2; do
    read -r _ user0 nice0 system0 idle0 iowait0 _ < <(head -1 /proc/stat)
    api0=$(cpu "$api") worker0=$(cpu "$worker") mariadb0=$(cpu "$(pgrep -x mariadbd)") rabbit0=$(cpu "$(pgrep -f beam.smp | head -1)")
    counters=()
    if [[ "${COUNTERS:-no}" == yes && $round == 2 ]]; then
        for who in api worker; do
            [[ -z "${!who}" ]] && continue
            ~/.dotnet/tools/dotnet-counters collect -p "${!who}" --counters System.Runtime --refresh-interval 1 \
                --duration "00:00:00:$((S - 1))" -f csv -o "$OUT/$who-counters.csv" >/dev/null 2>&1 &
            counters+=($!)
        done
    fi
    burst "$round" "$S"
    for pid in "${counters[@]}"; do wait "$pid" || true; done
    read -r _ user1 nice1 system1 idle1 iowait1 _ < <(head -1 /proc/stat)
    api1=$(cpu "$api") worker1=$(cpu "$worker") mariadb1=$(cpu "$(pgrep -x mariadbd)") rabbit1=$(cpu "$(pgrep -f beam.smp | head -1)")
    busy=$((user1 + nice1 + system1 - user0 - nice0 - system0)) idle=$((idle1 + iowait1 - idle0 - iowait0))
    requests=$(awk '/requests in/ {print $1}' "$OUT/wrk-$round.txt")
    say "round $round: $(awk '/Requests\/sec/ {print $2}' "$OUT/wrk-$round.txt") joins/s, p99 $(awk '$1 == "99%" {print $2}' "$OUT/wrk-$round.txt"), $requests joins;" \
        "CPU s: API $(growth "$api0" "$api1") ($(awk -v a="$api0" -v b="$api1" -v n="$requests" 'BEGIN {printf "%.0f", (b - a) * 1e6 / n}') µs per join)," \
        "Worker $(growth "$worker0" "$worker1"), MariaDB $(growth "$mariadb0" "$mariadb1"), RabbitMQ $(growth "$rabbit0" "$rabbit1");" \
        "machine idle $(awk -v b="$busy" -v i="$idle" 'BEGIN {printf "%.0f", 100 * i / (b + i)}') %"
done
say "output: $OUT"
