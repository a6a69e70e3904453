namespace FlashPurchase.Domain.Queue;

/// <summary>
/// How many purchase tokens a sale may release now, and from when its pace counts: the one home of the release
/// pace and of the limit of active shoppers. A pure function of what the release loop read under the sale row's lock.
/// </summary>
/// <remarks>
/// The pace is an even grid: slots <see cref="ReleaseBudget.PaceStart"/>, + interval, + 2 intervals…, with
/// interval = 60 s / releaseRate, and a release takes the next free slot once its instant has come. A sale with
/// nobody to release saves no slots: a grid more than <see cref="MaxCatchUp"/> (or one interval, if longer) behind
/// restarts at now, so a crowd arriving after a quiet spell is released at the pace, not in a burst of the slots
/// nobody used. How closely the grid is kept depends on how often the release loop looks (every 100 ms): a pace faster
/// than that releases the few slots that came due since the last look.
/// </remarks>
public static class ReleasePolicy
{
    /// <summary>How far behind the pace may catch up (a late look, a slow batch) before its missed slots are dropped.</summary>
    public static readonly TimeSpan MaxCatchUp = TimeSpan.FromSeconds(1);

    /// <param name="releaseRate">Releases per minute at most; 0: no pace.</param>
    /// <param name="maxActiveShoppers">Active purchase tokens at once at most; 0: no limit.</param>
    /// <param name="activeShoppers">Released purchase tokens unexpired, unrevoked and unused now.</param>
    /// <param name="nextReleaseAt">The grid's next slot as stored; null when the sale never released at a pace.</param>
    /// <param name="now">The instant of the decision.</param>
    public static ReleaseBudget Decide(
        int releaseRate, int maxActiveShoppers, int activeShoppers, DateTimeOffset? nextReleaseAt, DateTimeOffset now)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(releaseRate);
        ArgumentOutOfRangeException.ThrowIfNegative(maxActiveShoppers);
        ArgumentOutOfRangeException.ThrowIfNegative(activeShoppers);

        var count = maxActiveShoppers == 0 ? int.MaxValue : Math.Max(0, maxActiveShoppers - activeShoppers);
        if (releaseRate == 0)
        {
            return new ReleaseBudget(count, PaceStart: null, TimeSpan.Zero);
        }

        var interval = IntervalOf(releaseRate);
        var catchUp = interval > MaxCatchUp ? interval : MaxCatchUp;
        var start = nextReleaseAt is not { } next || next < now - catchUp ? now : next;
        var slots = start > now ? 0 : (now - start).Ticks / interval.Ticks + 1;
        return new ReleaseBudget((int)Math.Min(count, slots), start, interval);
    }

    /// <summary>The time between two releases at <paramref name="releaseRate"/> per minute.</summary>
    public static TimeSpan IntervalOf(int releaseRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(releaseRate);
        return TimeSpan.FromTicks(TimeSpan.TicksPerMinute / releaseRate);
    }
}

/// <summary>What <see cref="ReleasePolicy.Decide"/> allows.</summary>
/// <param name="Count">How many may be released now (<see cref="int.MaxValue"/>: no limit).</param>
/// <param name="PaceStart">The first free slot of the pace's grid; null when the sale has no pace.</param>
/// <param name="Interval">The grid's step; zero when the sale has no pace.</param>
public readonly record struct ReleaseBudget(int Count, DateTimeOffset? PaceStart, TimeSpan Interval)
{
    /// <summary>The grid's next free slot once <paramref name="released"/> releases took theirs; null when no pace.</summary>
    public DateTimeOffset? NextReleaseAt(int released)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(released);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(released, Count);
        return PaceStart + (Interval * released);
    }
}
