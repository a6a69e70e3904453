namespace FlashPurchase.WebApi.FunctionalTests.Hosting;

/// <summary>
/// The wall clock plus an offset the test controls. It follows real time (so tokens the app signs stay valid for
/// JwtBearer, which checks access tokens against the wall clock) and jumps forward when a test needs an expiry or a
/// sale window to pass without sleeping.
/// </summary>
public sealed class TestClock : TimeProvider
{
    private long _offsetTicks;

    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);

    /// <summary>
    /// Moves the clock forward until the returned scope is disposed. Fixtures shared by the tests of one class use
    /// this, so that the next test (which may log in again) sees real time.
    /// </summary>
    public IDisposable AdvanceFor(TimeSpan by)
    {
        Advance(by);
        return new Rewind(this, by);
    }

    private sealed class Rewind(TestClock clock, TimeSpan by) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0)
            {
                clock.Advance(-by);
            }
        }
    }
}
