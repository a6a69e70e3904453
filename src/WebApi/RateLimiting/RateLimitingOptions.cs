namespace FlashPurchase.WebApi.RateLimiting;

/// <summary>
/// The HTTP rate limits (section <c>RateLimiting</c>; login throttling is <c>RateLimiting:Login</c>). Every limit is a
/// token bucket: <see cref="TokenBucket.Burst"/> requests at once, then <see cref="TokenBucket.RefillCount"/> more
/// every <see cref="TokenBucket.RefillPeriod"/>. Tight per shopper, generous per address: in a flash sale many
/// shoppers may share one address (an office, a mobile carrier's NAT).
/// </summary>
public sealed class RateLimitingOptions
{
    public const string SectionName = "RateLimiting";

    /// <summary>How often ASP.NET Core's partitioned limiter tops its buckets up.</summary>
    private static readonly TimeSpan ReplenishmentTick = TimeSpan.FromMilliseconds(100);

    /// <summary>False turns every limit off, login throttling included (the test hosts, the benchmark).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>GET /api/queue/enter, per shopper: joining is done once; again only after a reload or a 503.</summary>
    public TokenBucket Enter { get; set; } = new() { Burst = 5, RefillCount = 1, RefillPeriod = TimeSpan.FromSeconds(2) };

    /// <summary>
    /// POST /api/queue/exchange-qt-for-pt, per shopper. A shopper polling at the server's Retry-After (1 s at the
    /// shortest) must never be refused, even from two tabs; start-up refuses settings that would refuse one.
    /// </summary>
    public TokenBucket Exchange { get; set; } = new() { Burst = 10, RefillCount = 3, RefillPeriod = TimeSpan.FromSeconds(1) };

    /// <summary>Enter and exchange together, per client address.</summary>
    public TokenBucket QueuePerAddress { get; set; } = new() { Burst = 1000, RefillCount = 200, RefillPeriod = TimeSpan.FromSeconds(1) };

    /// <summary>POST /api/auth/register and /api/auth/token together, per client address.</summary>
    public TokenBucket AccountsPerAddress { get; set; } = new() { Burst = 100, RefillCount = 10, RefillPeriod = TimeSpan.FromSeconds(1) };

    private IEnumerable<(string Name, TokenBucket Bucket)> Buckets() =>
    [
        (nameof(Enter), Enter), (nameof(Exchange), Exchange),
        (nameof(QueuePerAddress), QueuePerAddress), (nameof(AccountsPerAddress), AccountsPerAddress),
    ];

    /// <summary>What is wrong with these settings, or nothing (checked at start-up).</summary>
    public IEnumerable<string> Problems()
    {
        foreach (var (name, bucket) in Buckets())
        {
            if (bucket.Burst < 1 || bucket.RefillCount < 1 || bucket.RefillPeriod <= TimeSpan.Zero)
            {
                yield return $"{SectionName}:{name}: Burst and RefillCount must be at least 1 and RefillPeriod positive.";
            }
            else if (bucket.RefillCount > bucket.Burst)
            {
                yield return $"{SectionName}:{name}: RefillCount ({bucket.RefillCount}) cannot exceed Burst ({bucket.Burst}): the bucket holds no more.";
            }
        }

        // Polling once a second must last forever: a refill of a request a second or more, allowing for the limiter
        // topping buckets up on a 0.1 s tick (so a period may last 0.1 s longer). The bucket then holds more than a
        // period's worth (Burst >= RefillCount), so a poll that comes just before a refill still finds a request left.
        if (Exchange is { RefillCount: >= 1 } && Exchange.RefillPeriod > TimeSpan.Zero
            && Exchange.RefillCount < Exchange.RefillPeriod.TotalSeconds + ReplenishmentTick.TotalSeconds)
        {
            yield return $"{SectionName}:Exchange must let a shopper poll once a second forever (the shortest Retry-After): " +
                "RefillCount must be at least RefillPeriod in seconds + 0.1 (e.g. 2 per 00:00:01).";
        }
    }
}

/// <summary>A token bucket: <see cref="Burst"/> requests at once, then <see cref="RefillCount"/> every <see cref="RefillPeriod"/>.</summary>
public sealed class TokenBucket
{
    /// <summary>How many requests may come at once (the bucket's size).</summary>
    public int Burst { get; set; }

    /// <summary>How many requests the bucket gets back every <see cref="RefillPeriod"/>.</summary>
    public int RefillCount { get; set; }

    public TimeSpan RefillPeriod { get; set; }
}
