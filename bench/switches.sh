# The benchmark's switches, sourced by bench/run.sh and bench/probe-enter.sh (from the repository's root): what
# every process of a run shares, so that a probe measures what the benchmark measures.

# Shared by the API, the Worker and the load generator (which creates shoppers and mints their access tokens).
export ASPNETCORE_ENVIRONMENT=Production DOTNET_ENVIRONMENT=Production
export Tokens__SigningKey="bench-signing-key-$(head -c 24 /dev/urandom | base64)"
# Production refuses the development purchase key: the Worker signs purchase tokens with this one, the API checks them.
Tokens__PurchaseSigningKey="$(openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256)"
export Tokens__PurchaseSigningKey
export Logging__LogLevel__Default=Warning
export Benchmark__CeilingEndpoint=true   # GET /bench/ceiling: the CPU work enter cannot avoid, for the ratio
export FlashSale__Duration=01:00:00
# Rate limits on, as shipped, but for the per-address ones: every shopper of the benchmark comes from 127.0.0.1, and
# those limits would refuse the crowd as one client. The per-shopper buckets (Enter: burst 5, then 1 per 2 s;
# Exchange) stay: every shopper joins once, polls the exchange at the pace of Retry-After, and wrk sends each token at
# most once per round (WRK_ENTER_TOKENS_PER_SECOND in bench/run.sh); a 429 would show among the answers (wrk: "not 2xx").
for limit in QueuePerAddress AccountsPerAddress; do
    export "RateLimiting__${limit}__Burst=1000000" "RateLimiting__${limit}__RefillCount=1000000" "RateLimiting__${limit}__RefillPeriod=00:00:01"
done
unset RateLimiting__Enabled
