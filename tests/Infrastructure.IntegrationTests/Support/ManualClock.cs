namespace FlashPurchase.Infrastructure.IntegrationTests.Support;

/// <summary>A clock the test sets, so that token times are exact and expiry needs no waiting.</summary>
internal sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
