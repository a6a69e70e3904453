#!/usr/bin/env bash
# The flash-crowd benchmark: bash bench/run.sh [--embedded] [--quick] [--only SCENARIO] [--soak-minutes N] [--soak-rate N]
#
# Real stack (default): MariaDB + RabbitMQ on this machine (started by scripts/ensure-services.sh), the API and a
# separate Worker as Release builds, each scenario on a fresh database, vhost and sale. --embedded: the API alone
# on SQLite with the in-memory transport (no conversion scenario: its worker cannot be stopped). --quick: small
# numbers, a smoke run. --only enter|conversion|purchase|funnel: that scenario alone (enter includes the ceiling);
# --only token-cost: what ES256 costs per purchase token against HS256, without the stack. --only soak (never part of
# a full run): a steady mixed load for --soak-minutes (or SOAK_MINUTES; 10, or 1 with --quick) at --soak-rate new
# shoppers per second (or SOAK_RATE; 50) while memory, threads, handles and database connections are sampled.
# Results: bench/results/<time>/ (one JSON per scenario, memory, summary.md).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

embedded=false
quick=false
only=""
soak_minutes="${SOAK_MINUTES:-}"
soak_rate="${SOAK_RATE:-50}"
while (($#)); do
    case "$1" in
        --embedded) embedded=true ;;
        --quick) quick=true ;;
        --only) only="${2:?--only needs a scenario: wrk, enter, conversion, purchase, funnel, token-cost or soak}"; shift ;;
        --soak-minutes) soak_minutes="${2:?--soak-minutes needs a number}"; shift ;;
        --soak-rate) soak_rate="${2:?--soak-rate needs a number of shoppers per second}"; shift ;;
        *) echo "usage: bash bench/run.sh [--embedded] [--quick] [--only wrk|enter|conversion|purchase|funnel|token-cost|soak] [--soak-minutes N] [--soak-rate N]" >&2; exit 2 ;;
    esac
    shift
done
# wanted NAME: whether this run includes the scenario (the soak only when asked for: it takes ten minutes).
wanted() { [[ ( -z "$only" && "$1" != soak ) || "$only" == "$1" ]]; }
if [[ "$only" == soak ]] && $embedded; then
    echo "the soak watches a separate Worker and MariaDB's connections: run it on the real stack (without --embedded)" >&2
    exit 2
fi

if $quick; then
    ENTER_SHOPPERS=2000 BACKLOG=2000 PURCHASE_SHOPPERS=500 PURCHASE_STOCK=100 FUNNEL_SHOPPERS=2000 FUNNEL_STOCK=100
else
    ENTER_SHOPPERS=20000 BACKLOG=50000 PURCHASE_SHOPPERS=5000 PURCHASE_STOCK=1000 FUNNEL_SHOPPERS=20000 FUNNEL_STOCK=1000
fi
CONCURRENCY=256
PORT=5180
API="http://127.0.0.1:$PORT"
suffix=""
$embedded && suffix="-embedded"
OUT="bench/results/$(date -u +%Y%m%dT%H%M%SZ)$suffix"
mkdir -p "$OUT"
say() { printf '[bench] %s\n' "$*" >&2; }

say "building Release"
dotnet build src/WebApi -c Release -nologo -v quiet >/dev/null
dotnet build src/Worker -c Release -nologo -v quiet >/dev/null
dotnet build bench/FlashPurchase.Bench -c Release -nologo -v quiet >/dev/null
API_DLL=src/WebApi/bin/Release/net10.0/FlashPurchase.WebApi.dll
WORKER_DLL=src/Worker/bin/Release/net10.0/FlashPurchase.Worker.dll
BENCH_DLL=bench/FlashPurchase.Bench/bin/Release/net10.0/FlashPurchase.Bench.dll

# Shared by the API, the Worker and the load generator (which creates shoppers and mints their access tokens).
export ASPNETCORE_ENVIRONMENT=Production DOTNET_ENVIRONMENT=Production
export Tokens__SigningKey="bench-signing-key-$(head -c 24 /dev/urandom | base64)"
# Production refuses the development purchase key: the Worker signs purchase tokens with this one, the API checks them.
Tokens__PurchaseSigningKey="$(openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256)"
export Tokens__PurchaseSigningKey
export Logging__LogLevel__Default=Warning
export Benchmark__CeilingEndpoint=true   # GET /bench/ceiling: the CPU work enter cannot avoid, for the ratio
export FlashSale__Duration=01:00:00
# Every shopper of the benchmark comes from 127.0.0.1: the per-address limits would refuse the crowd as one client.
export RateLimiting__Enabled=false

if [[ "$only" == token-cost ]]; then
    # No stack: sign + verify through the token service, HS256 (queue tokens) against ES256 (purchase tokens).
    say "token-cost: HS256 queue tokens against ES256 purchase tokens, one thread"
    dotnet "$BENCH_DLL" --api "$API" --scenario token-cost --shoppers 20000 --out "$OUT" >/dev/null
    say "results: $OUT/token-cost.json"
    exit 0
fi

api_pid="" worker_pid="" database="" vhost=""
stop_stack() {
    [[ -n "$worker_pid" ]] && kill "$worker_pid" 2>/dev/null && wait "$worker_pid" 2>/dev/null || true
    [[ -n "$api_pid" ]] && kill "$api_pid" 2>/dev/null && wait "$api_pid" 2>/dev/null || true
    worker_pid="" api_pid=""
    if [[ -n "$database" ]]; then
        mariadb -h127.0.0.1 -uflashpurchase_test -pflashpurchase_test -e "DROP DATABASE IF EXISTS \`$database\`" || true
        database=""
    fi
    if [[ -n "$vhost" ]]; then
        curl -sf -u guest:guest -X DELETE "http://127.0.0.1:15672/api/vhosts/$vhost" >/dev/null || true
        vhost=""
    fi
}
trap stop_stack EXIT

# start_stack NAME STOCK WITH_WORKER: a fresh database (or SQLite file), vhost and sale for one scenario.
start_stack() {
    local name="$1" stock="$2" with_worker="$3"
    export FlashSale__Stock="$stock"
    if $embedded; then
        export Database__Provider=Sqlite Messaging__Transport=InMemory
        export ConnectionStrings__Database="Data Source=$OUT/$name.db"
    else
        database="fptest_bench_${name//-/_}_$RANDOM"
        vhost="fptest-bench-$name-$RANDOM"
        mariadb -h127.0.0.1 -uflashpurchase_test -pflashpurchase_test \
            -e "CREATE DATABASE \`$database\` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci"
        curl -sf -u guest:guest -X PUT "http://127.0.0.1:15672/api/vhosts/$vhost" >/dev/null
        export Database__Provider=MySql Database__ServerVersion="$FLASHPURCHASE_TEST_MYSQL_SERVER_VERSION"
        export ConnectionStrings__Database="Server=127.0.0.1;Database=$database;User ID=flashpurchase_test;Password=flashpurchase_test;Maximum Pool Size=200"
        export Messaging__Transport=RabbitMq ConnectionStrings__RabbitMq="amqp://guest:guest@127.0.0.1:5672/$vhost"
        # Production: the API and the Worker only check the schema; the migrate command builds it (and the sale) once.
        dotnet "$API_DLL" migrate >"$OUT/$name.migrate.log" 2>&1 || { tail -n 30 "$OUT/$name.migrate.log" >&2; say "migrate failed"; exit 1; }
    fi
    # The servers' CPU counters at the start: what the scenario cost them is the growth (see record_memory).
    mariadb_cpu_at_start=$(mariadb_cpu) rabbitmq_cpu_at_start=$(rabbitmq_cpu)
    dotnet "$API_DLL" --urls "$API" >"$OUT/$name.api.log" 2>&1 &
    api_pid=$!
    for _ in $(seq 1 120); do
        curl -sf "$API/health/ready" >/dev/null 2>&1 && break
        sleep 0.5
    done
    curl -sf "$API/health/ready" >/dev/null || { tail -n 30 "$OUT/$name.api.log" >&2; say "the API did not become ready"; exit 1; }
    # Embedded: the queue worker runs inside the API (the Worker process refuses the in-memory transport).
    [[ "$with_worker" == yes ]] && ! $embedded && start_worker "$name"
    return 0
}

start_worker() {
    # WORKER_MANAGEMENT_PORT: the Worker's own /metrics port when the API's Management__Port is set (the soak).
    env ${WORKER_MANAGEMENT_PORT:+Management__Port=$WORKER_MANAGEMENT_PORT} dotnet "$WORKER_DLL" >"$OUT/$1.worker.log" 2>&1 &
    worker_pid=$!
    sleep 3   # connects to the broker and the database
}

# CPU seconds (user + system) a process has used since it started: the counters behind "who was busy".
cpu_seconds() { awk -v hz="$(getconf CLK_TCK)" '{printf "%.1f", ($14 + $15) / hz}' "/proc/$1/stat"; }

# Peak resident memory (VmHWM) of the API and the Worker since they started, in MB, and their CPU seconds.
record_memory() {
    local name="$1" api_mb worker_mb="null" api_cpu worker_cpu="null"
    api_mb=$(awk '/VmHWM/ {printf "%.0f", $2/1024}' "/proc/$api_pid/status")
    api_cpu=$(cpu_seconds "$api_pid")
    if [[ -n "$worker_pid" ]]; then
        worker_mb=$(awk '/VmHWM/ {printf "%.0f", $2/1024}' "/proc/$worker_pid/status")
        worker_cpu=$(cpu_seconds "$worker_pid")
    fi
    printf '{"apiPeakMb": %s, "workerPeakMb": %s, "apiCpuSeconds": %s, "workerCpuSeconds": %s, "mariadbCpuSeconds": %s, "rabbitmqCpuSeconds": %s}\n' \
        "$api_mb" "$worker_mb" "$api_cpu" "$worker_cpu" "$(since "$mariadb_cpu_at_start" "$(mariadb_cpu)")" \
        "$(since "$rabbitmq_cpu_at_start" "$(rabbitmq_cpu)")" >"$OUT/$name.memory.json"
}

# since START NOW: a counter's growth over the scenario (null if either reading is missing).
since() { [[ "$1" == null || "$2" == null ]] && echo null || awk -v a="$1" -v b="$2" 'BEGIN {printf "%.1f", b - a}'; }

# RabbitMQ's (its Erlang VM's) CPU seconds since its start, like MariaDB's below.
rabbitmq_cpu() {
    local pid
    pid=$(pgrep -o -f 'beam.smp.*rabbit' || true)
    [[ -n "$pid" ]] && cpu_seconds "$pid" || echo null
}

# MariaDB's CPU seconds since its start (the difference between two scenarios is what a scenario cost it).
mariadb_cpu() {
    local pid
    pid=$(pgrep -o mariadbd || true)
    [[ -n "$pid" ]] && cpu_seconds "$pid" || echo null
}

bench() { dotnet "$BENCH_DLL" --api "$API" --concurrency "$CONCURRENCY" --out "$OUT" "$@" >/dev/null; }

if ! $embedded; then
    eval "$(bash scripts/ensure-services.sh)"
fi

if wanted wrk; then
# The GET bursts measured with wrk, which costs the two cores far less than the C# generator: the pipeline ceiling
# (GET /bench/ceiling) and enter, each request with its own shopper's token, warmed up, then two rounds.
if ! command -v wrk >/dev/null || [[ ! -x /usr/bin/time ]]; then
    say "installing wrk and GNU time (apt-get)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk time >/dev/null
fi
WRK_SECONDS=10
$quick && WRK_SECONDS=3
say "0/4 wrk: ceiling and enter, wrk -t2 -c$CONCURRENCY, ${WRK_SECONDS}s per burst, two rounds after a warm-up"
start_stack wrk 1000000 yes
for part in warmup round1 round2; do
    bench --scenario tokens --shoppers "$([[ $part == warmup ]] && echo $((ENTER_SHOPPERS / 2)) || echo $((ENTER_SHOPPERS * 3 / 2)))"
    mv "$OUT/tokens.txt" "$OUT/wrk-tokens-$part.txt"
done
run_wrk() { # label path tokens seconds
    TOKENS="$OUT/wrk-tokens-$3.txt" WRK_THREADS=2 /usr/bin/time -f 'wrk cpu: %U user + %S system seconds in %e s' \
        wrk -t2 -c"$CONCURRENCY" -d"$4"s --latency -s bench/wrk/rotate-tokens.lua "$API$2" >"$OUT/wrk-$1.txt" 2>&1
}
run_wrk warmup-ceiling /bench/ceiling warmup 5
run_wrk warmup-enter /api/queue/enter warmup 5
for round in 1 2; do
    run_wrk "ceiling-$round" /bench/ceiling "round$round" "$WRK_SECONDS"
    run_wrk "enter-$round" /api/queue/enter "round$round" "$WRK_SECONDS"
done
record_memory wrk
stop_stack
rm -f "$OUT"/wrk-tokens-*.txt
bash bench/wrk/summary.sh "$OUT" >"$OUT/wrk.md"
cat "$OUT/wrk.md" >&2
fi

if wanted enter; then
say "1/4 enter: $ENTER_SHOPPERS shoppers at $CONCURRENCY connections, after the ceiling on the same API"
start_stack enter 1000000 yes
bench --scenario ceiling --shoppers "$ENTER_SHOPPERS"
bench --scenario enter --shoppers "$ENTER_SHOPPERS"
record_memory enter
stop_stack
fi

if ! $embedded && wanted conversion; then
    say "2/4 conversion: a backlog of $BACKLOG queue tokens, then a Worker drains it"
    start_stack conversion 1000000 no
    bench --scenario conversion-backlog --shoppers "$BACKLOG"
    start_worker conversion
    bench --scenario conversion-drain --shoppers "$BACKLOG"
    record_memory conversion
    stop_stack
fi

if wanted purchase; then
say "3/4 purchase: $PURCHASE_SHOPPERS buyers holding purchase tokens for $PURCHASE_STOCK units"
start_stack purchase "$PURCHASE_STOCK" yes
bench --scenario purchase --shoppers "$PURCHASE_SHOPPERS"
record_memory purchase
stop_stack
fi

if wanted funnel; then
say "4/4 funnel: $FUNNEL_SHOPPERS shoppers arriving within 1 s for $FUNNEL_STOCK units"
start_stack funnel "$FUNNEL_STOCK" yes
bench --scenario funnel --shoppers "$FUNNEL_SHOPPERS"
record_memory funnel
stop_stack

# The same crowd where the shop caps the queue at twice the stock: the shoppers beyond it hear queue_full at once
# instead of walking the whole funnel to a sold_out.
say "4/4 funnel-capped: the same, with FlashSale__QueueCapacity=$((2 * FUNNEL_STOCK))"
export FlashSale__QueueCapacity=$((2 * FUNNEL_STOCK))
start_stack funnel-capped "$FUNNEL_STOCK" yes
bench --scenario funnel-capped --shoppers "$FUNNEL_SHOPPERS"
record_memory funnel-capped
stop_stack
unset FlashSale__QueueCapacity
fi

if wanted soak; then
    soak_minutes="${soak_minutes:-$($quick && echo 1 || echo 10)}"
    # A QT and a PT live a minute: the shoppers who let their PT lapse see it expire (a 1-minute run ends first), and
    # a QT outlives a loaded machine's conversion delay.
    SOAK_TOKEN_SECONDS=60
    say "soak: $soak_rate new shoppers per second for $soak_minutes minutes, sampled every 5 s"
    # The sale, its stock and the shoppers' access tokens (minted before the load) outlast any soak.
    Tokens__Lifetime=$(printf '%02d:%02d:%02d' $((SOAK_TOKEN_SECONDS / 3600)) $((SOAK_TOKEN_SECONDS % 3600 / 60)) $((SOAK_TOKEN_SECONDS % 60)))
    export Tokens__Lifetime Tokens__AccessTokenLifetime="1.00:00:00" FlashSale__Duration="1.00:00:00"
    # The management ports: the runtime meter's managed heap and timer count of the API and the Worker.
    export Management__Port=$((PORT + 1)) WORKER_MANAGEMENT_PORT=$((PORT + 2))
    start_stack soak 10000000 yes
    bench --scenario soak --rate "$soak_rate" --minutes "$soak_minutes" --token-lifetime-seconds "$SOAK_TOKEN_SECONDS" \
        --api-pid "$api_pid" --worker-pid "$worker_pid" --api-metrics-port "$Management__Port" --worker-metrics-port "$WORKER_MANAGEMENT_PORT"
    record_memory soak
    stop_stack
    unset Management__Port WORKER_MANAGEMENT_PORT
    cat "$OUT/soak.md" >&2
fi

dotnet "$BENCH_DLL" --api "$API" --scenario report --out "$OUT" >/dev/null
say "results: $OUT/summary.md"
cat "$OUT/summary.md"
