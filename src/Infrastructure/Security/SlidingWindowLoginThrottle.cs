using System.Collections.Concurrent;
using FlashPurchase.Application.Abstractions;
using Microsoft.Extensions.Options;

namespace FlashPurchase.Infrastructure.Security;

/// <summary>
/// The failed logins of each username over a sliding window, in this process's memory: with several API processes,
/// each counts on its own. Attempts refused while locked are not counted, so a lock ends on time however hard it is
/// knocked on. Usernames without a failure in the window are forgotten.
/// </summary>
internal sealed class SlidingWindowLoginThrottle(IOptions<LoginThrottleOptions> options, TimeProvider clock) : ILoginThrottle
{
    private readonly int _maxFailures = options.Value.MaxFailures;
    private readonly TimeSpan _window = options.Value.Window;
    private readonly ConcurrentDictionary<string, Failures> _byUsername = new(StringComparer.Ordinal);
    private long _nextSweepTicks;

    /// <summary>How many usernames have failures on record (for the tests of forgetting).</summary>
    internal int TrackedUsernames => _byUsername.Count;

    public bool TryAdmit(string usernameKey, out TimeSpan retryAfter)
    {
        retryAfter = TimeSpan.Zero;
        if (_maxFailures == 0)
        {
            return true;
        }

        var now = clock.GetUtcNow();
        SweepIfDue(now);
        while (true)
        {
            var failures = _byUsername.GetOrAdd(usernameKey, static _ => new Failures());
            lock (failures)
            {
                if (failures.Forgotten)
                {
                    continue; // A sweep or a success removed it in between: take the fresh one.
                }

                failures.DropOlderThan(now - _window);
                if (failures.Times.Count >= _maxFailures)
                {
                    retryAfter = failures.Times.Peek() + _window - now;
                    return false;
                }

                failures.Times.Enqueue(now);
                return true;
            }
        }
    }

    public void Succeeded(string usernameKey)
    {
        if (_byUsername.TryRemove(usernameKey, out var failures))
        {
            lock (failures)
            {
                failures.Forgotten = true;
            }
        }
    }

    /// <summary>At most once per window (or minute), drops the usernames whose failures have all aged out.</summary>
    private void SweepIfDue(DateTimeOffset now)
    {
        var due = Interlocked.Read(ref _nextSweepTicks);
        var next = now + (_window < TimeSpan.FromMinutes(1) ? _window : TimeSpan.FromMinutes(1));
        if (now.UtcTicks < due || Interlocked.CompareExchange(ref _nextSweepTicks, next.UtcTicks, due) != due)
        {
            return;
        }

        foreach (var (username, failures) in _byUsername)
        {
            lock (failures)
            {
                failures.DropOlderThan(now - _window);
                if (failures.Times.Count == 0)
                {
                    failures.Forgotten = true;
                    _byUsername.TryRemove(new KeyValuePair<string, Failures>(username, failures));
                }
            }
        }
    }

    private sealed class Failures
    {
        /// <summary>When each counted failure happened, oldest first.</summary>
        public Queue<DateTimeOffset> Times { get; } = new();

        /// <summary>Removed from the map: whoever still holds it must look the username up again.</summary>
        public bool Forgotten { get; set; }

        public void DropOlderThan(DateTimeOffset cutoff)
        {
            while (Times.Count > 0 && Times.Peek() <= cutoff)
            {
                Times.Dequeue();
            }
        }
    }
}
