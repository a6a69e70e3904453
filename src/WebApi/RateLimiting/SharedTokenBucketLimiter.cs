using System.Threading.RateLimiting;
using FlashPurchase.Infrastructure.SharedState;

namespace FlashPurchase.WebApi.RateLimiting;

/// <summary>
/// One client's bucket of one limit, kept in Redis so that every API instance counts against the same bucket
/// (<see cref="RedisTokenBucket"/>). While Redis is unreachable the request is decided by <paramref name="local"/>, this
/// instance's own bucket of the same shape, as without Redis (the outage policy of <see cref="SharedStateGate"/>).
/// </summary>
internal sealed class SharedTokenBucketLimiter(
    RedisTokenBucket shared, string limit, string client, TokenBucketShape shape, TokenBucketRateLimiter local)
    : ReplenishingRateLimiter
{
    /// <summary>The answer to the synchronous attempt: "not now", which sends the middleware to the asynchronous one.</summary>
    private static readonly RateLimitLease AskAsynchronously = new SharedLease(new TokenBucketAnswer(false, TimeSpan.Zero));

    private int _inFlight;

    // The partitioned limiter tops the local bucket up on its own tick, as it does the buckets of the in-memory limits.
    public override bool IsAutoReplenishing => false;

    public override TimeSpan ReplenishmentPeriod => local.ReplenishmentPeriod;

    public override bool TryReplenish() => local.TryReplenish();

    // Idle (and so evictable) only when no Redis call is under way; Redis keeps the shared count meanwhile.
    public override TimeSpan? IdleDuration => Volatile.Read(ref _inFlight) > 0 ? null : local.IdleDuration;

    public override RateLimiterStatistics? GetStatistics() => local.GetStatistics();

    // ASP.NET Core's middleware tries synchronously first and, refused, waits asynchronously: Redis is asked only in
    // the second, so that each request takes from a bucket (and counts as a fallback) once.
    protected override RateLimitLease AttemptAcquireCore(int permitCount) => AskAsynchronously;

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        // The middleware asks one permit per request; the Redis script takes one.
        Interlocked.Increment(ref _inFlight);
        try
        {
            return await shared.TryTakeAsync(limit, client, shape, cancellationToken) is { } answer
                ? new SharedLease(answer)
                : local.AttemptAcquire(permitCount);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            local.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>The shared bucket's answer; a refusal carries its Retry-After as the in-memory buckets do.</summary>
    private sealed class SharedLease(TokenBucketAnswer answer) : RateLimitLease
    {
        public override bool IsAcquired => answer.Granted;

        public override IEnumerable<string> MetadataNames => answer.Granted ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            var known = !answer.Granted && metadataName == MetadataName.RetryAfter.Name;
            metadata = known ? answer.RetryAfter : null;
            return known;
        }
    }
}
