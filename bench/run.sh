#!/usr/bin/env bash
# The flash-crowd benchmark: bash bench/run.sh [--embedded] [--quick] [--only SCENARIO] [--soak-minutes N] [--soak-rate N]
#
# Real stack (default): MariaDB + RabbitMQ on this machine (started by scripts/ensure-services.sh), the API and a
# separate Worker as Release builds, each scenario on a fresh database, vhost and sale. --embedded: the API alone
# on SQLite with the in-memory transport (no conversion scenario: its worker cannot be stopped). --quick: small
# numbers, a smoke run. --only wrk|enter|conversion|purchase|funnel: that scenario alone (enter includes the ceiling);
# --only token-cost: what ES256 costs per purchase token against HS256, without the stack. --only scaling (never part
# of a full run, real stack only): 1 Worker against 2 on the same backlog, 1 API against 2 on the same funnel. --only
# soak (never part of a full run): a steady mixed load for --soak-minutes (or SOAK_MINUTES; 10, or 1 with --quick) at
# --soak-rate new shoppers per second (or SOAK_RATE; 50) while memory, threads, handles and database connections are
# sampled. Results: bench/results/<time>/ (one JSON per scenario, memory, summary.md). API_ENV / WORKER_ENV: extra
# VAR=value settings for the API / Worker processes alone, not the load generator (e.g. API_ENV="DOTNET_gcServer=1").
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
        --only) only="${2:?--only needs a scenario: wrk, enter, conversion, purchase, funnel, token-cost, scaling or soak}"; shift ;;
        --soak-minutes) soak_minutes="${2:?--soak-minutes needs a number}"; shift ;;
        --soak-rate) soak_rate="${2:?--soak-rate needs a number of shoppers per second}"; shift ;;
        *) echo "usage: bash bench/run.sh [--embedded] [--quick] [--only wrk|enter|conversion|purchase|funnel|token-cost|scaling|soak] [--soak-minutes N] [--soak-rate N]" >&2; exit 2 ;;
    esac
    shift
done
# wanted NAME: whether this run includes the scenario (the soak and the scaling runs only when asked for: they take
# minutes of their own).
wanted() { [[ ( -z "$only" && "$1" != soak && "$1" != scaling ) || "$only" == "$1" ]]; }
if [[ "$only" == soak || "$only" == scaling ]] && $embedded; then
    echo "$only runs separate Workers (and the soak watches MariaDB's connections): run it on the real stack (without --embedded)" >&2
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
SECOND_API="http://127.0.0.1:$((PORT + 10))"   # the scaling scenario's second API process
BARE="http://127.0.0.1:$((PORT + 20))"         # the bare ceiling (bench/FlashPurchase.Bench.Bare)
suffix=""
$embedded && suffix="-embedded"
OUT="bench/results/$(date -u +%Y%m%dT%H%M%SZ)$suffix"
mkdir -p "$OUT"
say() { printf '[bench] %s\n' "$*" >&2; }

say "building Release"
dotnet build src/WebApi -c Release -nologo -v quiet >/dev/null
dotnet build src/Worker -c Release -nologo -v quiet >/dev/null
dotnet build bench/FlashPurchase.Bench -c Release -nologo -v quiet >/dev/null
dotnet build bench/FlashPurchase.Bench.Bare -c Release -nologo -v quiet >/dev/null
API_DLL=src/WebApi/bin/Release/net10.0/FlashPurchase.WebApi.dll
BARE_DLL=bench/FlashPurchase.Bench.Bare/bin/Release/net10.0/FlashPurchase.Bench.Bare.dll
WORKER_DLL=src/Worker/bin/Release/net10.0/FlashPurchase.Worker.dll
BENCH_DLL=bench/FlashPurchase.Bench/bin/Release/net10.0/FlashPurchase.Bench.dll

# The switches every process of a run shares (bench/switches.sh, also used by bench/probe-enter.sh).
source bench/switches.sh

if [[ "$only" == token-cost ]]; then
    # No stack: sign + verify through the token service, HS256 (queue tokens) against ES256 (purchase tokens).
    say "token-cost: HS256 queue tokens against ES256 purchase tokens, one thread"
    dotnet "$BENCH_DLL" --api "$API" --scenario token-cost --shoppers 20000 --out "$OUT" >/dev/null
    say "results: $OUT/token-cost.json"
    exit 0
fi

# The processes of the scenario's stack: api_pid and worker_pid are the first of each (the soak watches them).
api_pid="" worker_pid="" api_pids=() worker_pids=() bare_pid="" database="" vhost=""
stop_stack() {
    local pid
    for pid in "${worker_pids[@]}" "${api_pids[@]}" $bare_pid; do
        kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
    done
    worker_pid="" api_pid="" api_pids=() worker_pids=() bare_pid=""
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
    start_api "$name" "$API"
    # Embedded: the queue worker runs inside the API (the Worker process refuses the in-memory transport).
    [[ "$with_worker" == yes ]] && ! $embedded && start_worker "$name"
    return 0
}

# start_api NAME URL: one more API process on the scenario's database and vhost (the first is api_pid).
start_api() {
    local log="$OUT/$1.api${api_pids[*]:+-${#api_pids[@]}}.log"
    env ${API_ENV:-} dotnet "$API_DLL" --urls "$2" >"$log" 2>&1 &
    api_pids+=($!)
    api_pid="${api_pids[0]}"
    wait_ready "$2/health/ready" "$log" "the API"
}

# wait_ready URL LOG WHAT: up to a minute for a process to answer, else its log's tail and the run stops.
wait_ready() {
    for _ in $(seq 1 120); do
        curl -sf "$1" >/dev/null 2>&1 && return 0
        sleep 0.5
    done
    tail -n 30 "$2" >&2
    say "$3 did not become ready"
    exit 1
}

# The bare ceiling: the same keys and environment as the API, none of its pipeline (bench/FlashPurchase.Bench.Bare).
start_bare() {
    dotnet "$BARE_DLL" --urls "$BARE" >"$OUT/$1.bare.log" 2>&1 &
    bare_pid=$!
    # Any request answers: without a token, 401.
    for _ in $(seq 1 120); do
        [[ "$(curl -s -o /dev/null -w '%{http_code}' "$BARE/")" == 401 ]] && return 0
        sleep 0.5
    done
    tail -n 30 "$OUT/$1.bare.log" >&2
    say "the bare ceiling did not start"
    exit 1
}

# start_worker NAME [COUNT]: COUNT Worker processes (1) on the scenario's database and vhost, started together.
start_worker() {
    for _ in $(seq 1 "${2:-1}"); do
        # WORKER_MANAGEMENT_PORT: the Worker's own /metrics port when the API's Management__Port is set (the soak).
        env ${WORKER_MANAGEMENT_PORT:+Management__Port=$WORKER_MANAGEMENT_PORT} ${WORKER_ENV:-} dotnet "$WORKER_DLL" \
            >"$OUT/$1.worker${worker_pids[*]:+-${#worker_pids[@]}}.log" 2>&1 &
        worker_pids+=($!)
    done
    worker_pid="${worker_pids[0]}"
    sleep 3   # connects to the broker and the database
}

# CPU seconds (user + system) a process has used since it started: the counters behind "who was busy".
cpu_seconds() { awk -v hz="$(getconf CLK_TCK)" '{printf "%.1f", ($14 + $15) / hz}' "/proc/$1/stat"; }

# Peak resident memory (VmHWM) in MB since they started: the largest of the processes given.
peak_mb() {
    local pid
    for pid in "$@"; do awk '/VmHWM/ {print $2}' "/proc/$pid/status"; done | sort -n | tail -n 1 | awk '{printf "%.0f", $1/1024}'
}

# CPU seconds of the processes given, summed.
total_cpu_seconds() {
    local pid
    for pid in "$@"; do cpu_seconds "$pid"; echo; done | awk '{s += $1} END {printf "%.1f", s}'
}

# Peak resident memory (VmHWM) of the APIs and the Workers since they started, in MB (the largest of each kind), and
# their CPU seconds (summed over each kind).
record_memory() {
    local name="$1" api_mb worker_mb="null" api_cpu worker_cpu="null"
    api_mb=$(peak_mb "${api_pids[@]}")
    api_cpu=$(total_cpu_seconds "${api_pids[@]}")
    if ((${#worker_pids[@]})); then
        worker_mb=$(peak_mb "${worker_pids[@]}")
        worker_cpu=$(total_cpu_seconds "${worker_pids[@]}")
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
# The GET bursts measured with wrk, which costs the two cores far less than the C# generator: the bare ceiling (a
# minimal Kestrel host doing only what enter cannot avoid), the pipeline ceiling (GET /bench/ceiling: the same work
# through all of the API's middleware) and enter, each request with its own shopper's token, the Worker running; a
# warm-up of each, then two rounds of the three side by side.
if ! command -v wrk >/dev/null || [[ ! -x /usr/bin/time ]]; then
    say "installing wrk and GNU time (apt-get)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk time >/dev/null
fi
WRK_SECONDS=10
WRK_WARMUP_SECONDS=10   # the JIT is still busy after 5 s of a crowd on these cores (docs/performance.md)
$quick && WRK_SECONDS=3 WRK_WARMUP_SECONDS=2
# enter must see a new shopper in every request (a repeated join takes a cheaper path, and more than the Enter
# bucket's burst of 5 would be refused): fresh shoppers for each burst, more than enter can serve in it (wrk.md shows
# "uses per token" and says so if any was reused). The ceilings keep no state and have no limit: one set serves both.
WRK_ENTER_TOKENS_PER_SECOND="${WRK_ENTER_TOKENS_PER_SECOND:-4000}"
say "0/4 wrk: bare ceiling, pipeline ceiling and enter, wrk -t2 -c$CONCURRENCY, ${WRK_SECONDS}s per burst, two rounds after a warm-up"
start_stack wrk 1000000 yes
start_bare wrk
wrk_tokens() { # PART COUNT: shoppers in the database, their access tokens in wrk-tokens-PART.txt
    bench --scenario tokens --name "tokens-$1" --shoppers "$2"
    mv "$OUT/tokens.txt" "$OUT/wrk-tokens-$1.txt"
}
wrk_tokens ceiling "$ENTER_SHOPPERS"
wrk_tokens enter-warmup $((WRK_ENTER_TOKENS_PER_SECOND * WRK_WARMUP_SECONDS))
for round in 1 2; do wrk_tokens "enter-$round" $((WRK_ENTER_TOKENS_PER_SECOND * WRK_SECONDS)); done
# TARGET ROUND URL TOKENS SECONDS: wrk's output, the Lua script's token count and wrk's CPU in one file. A 30 s timeout
# (wrk's default is 2 s): a slow answer is measured in the percentiles rather than dropped as a socket error.
run_wrk() {
    TOKENS="$OUT/wrk-tokens-$4.txt" WRK_THREADS=2 /usr/bin/time -f 'wrk cpu: %U user + %S system seconds in %e s' \
        wrk -t2 -c"$CONCURRENCY" -d"$5"s --timeout 30s --latency -s bench/wrk/rotate-tokens.lua "$3" >"$OUT/wrk-$1-$2.txt" 2>&1
}
for round in warmup 1 2; do
    seconds=$([[ $round == warmup ]] && echo "$WRK_WARMUP_SECONDS" || echo "$WRK_SECONDS")
    run_wrk bare "$round" "$BARE/" ceiling "$seconds"
    run_wrk ceiling "$round" "$API/bench/ceiling" ceiling "$seconds"
    run_wrk enter "$round" "$API/api/queue/enter" "enter-$round" "$seconds"
done
record_memory wrk
stop_stack
rm -f "$OUT"/wrk-tokens-*.txt
dotnet "$BENCH_DLL" --api "$API" --scenario wrk-report --out "$OUT" >&2
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

if wanted scaling; then
    # The same work for one process and for two, each on a fresh stack: a backlog converted by 1 Worker, then by 2; the
    # funnel served by 1 API, then by 2 (two processes on two ports, one database and vhost; the generator gives each
    # shopper to one of them and shares its connections out). summary.md puts the pairs side by side.
    for workers in 1 2; do
        say "scaling: a backlog of $BACKLOG queue tokens drained by $workers Worker(s)"
        start_stack "scaling-conversion-$workers" 1000000 no
        bench --scenario conversion-backlog --name "scaling-backlog-$workers" --shoppers "$BACKLOG"
        start_worker "scaling-conversion-$workers" "$workers"   # started together: neither gets a head start
        bench --scenario conversion-drain --name "scaling-drain-$workers" --shoppers "$BACKLOG"
        record_memory "scaling-conversion-$workers"
        stop_stack
    done
    for apis in 1 2; do
        say "scaling: the funnel of $FUNNEL_SHOPPERS shoppers for $FUNNEL_STOCK units served by $apis API(s)"
        start_stack "scaling-funnel-$apis" "$FUNNEL_STOCK" yes
        urls="$API"
        if ((apis == 2)); then
            start_api "scaling-funnel-$apis" "$SECOND_API"
            urls="$API,$SECOND_API"
        fi
        dotnet "$BENCH_DLL" --api "$urls" --concurrency "$CONCURRENCY" --out "$OUT" --scenario funnel \
            --name "scaling-funnel-$apis" --shoppers "$FUNNEL_SHOPPERS" >/dev/null
        record_memory "scaling-funnel-$apis"
        stop_stack
    done
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
