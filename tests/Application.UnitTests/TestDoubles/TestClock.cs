namespace FlashPurchase.Application.UnitTests.TestDoubles;

/// <summary>A clock that stands still until told to move, so expiries and sale windows are tested without sleeping.</summary>
public sealed class TestClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
