using Microsoft.Extensions.Time.Testing;

namespace FlashPurchase.WebApi.FunctionalTests.Hosting;

public static class ClockRewind
{
    /// <summary>
    /// Moves the clock forward until the returned scope is disposed, then back by as much. Fixtures shared by the tests
    /// of one class use this, so that the next test (which may log in again: JwtBearer checks access tokens against
    /// the wall clock) sees the time it started with.
    /// </summary>
    public static IDisposable AdvanceFor(this FakeTimeProvider clock, TimeSpan by)
    {
        clock.Advance(by);
        return new Rewind(clock, by);
    }

    private sealed class Rewind(FakeTimeProvider clock, TimeSpan by) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0)
            {
                clock.AdjustTime(clock.GetUtcNow() - by);
            }
        }
    }
}
