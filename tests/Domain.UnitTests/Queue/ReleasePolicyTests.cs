using FlashPurchase.Domain.Queue;

namespace FlashPurchase.Domain.UnitTests.Queue;

public sealed class ReleasePolicyTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// The release loop as it runs: a look every <paramref name="look"/> (plus jitter), each releasing what the policy
    /// allows to a queue that never runs dry, with the grid stored between looks. Returns the release instants.
    /// </summary>
    private static List<DateTimeOffset> Simulate(
        int releaseRate, TimeSpan span, TimeSpan look, int maxActive = 0, Func<TimeSpan>? jitter = null, TimeSpan? window = null)
    {
        var released = new List<DateTimeOffset>();
        DateTimeOffset? next = null;
        for (var now = T0; now < T0 + span; now += look + (jitter?.Invoke() ?? TimeSpan.Zero))
        {
            var active = window is { } w ? released.Count(r => r + w > now) : 0;
            var budget = ReleasePolicy.Decide(releaseRate, maxActive, active, next, now);
            var count = Math.Min(budget.Count, 1_000);
            released.AddRange(Enumerable.Repeat(now, count));
            next = budget.NextReleaseAt(count);
        }

        return released;
    }

    [Fact]
    public void SixtyAMinute_ReleasesSixtyInAMinute_OneASecond()
    {
        var released = Simulate(60, TimeSpan.FromMinutes(1), TimeSpan.FromMilliseconds(100));

        released.Should().HaveCount(60);
        released.Zip(released.Skip(1), (a, b) => b - a).Should().OnlyContain(gap => gap == TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void SixtyAMinute_WithLooksThatComeLate_StaysWithinTenPercentOverAMinute_AndNeverReleasesTwoAtOnce()
    {
        var random = new Random(7);
        var released = Simulate(60, TimeSpan.FromMinutes(1), TimeSpan.FromMilliseconds(100),
            jitter: () => TimeSpan.FromMilliseconds(random.Next(0, 150)));

        released.Count.Should().BeInRange(54, 66);
        released.Should().OnlyHaveUniqueItems("an even pace: no two releases in one look");
    }

    [Fact]
    public void APaceFasterThanTheLooks_KeepsItsRate_ByReleasingTheSlotsDueAtEachLook()
    {
        var released = Simulate(6_000, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(100));

        released.Count.Should().BeInRange(990, 1_010, "6000 a minute is 1000 in ten seconds");
    }

    [Fact]
    public void NoPace_AllowsWhatTheLimitLeaves()
    {
        ReleasePolicy.Decide(0, 0, 0, null, T0).Count.Should().Be(int.MaxValue);
        ReleasePolicy.Decide(0, 5, 3, null, T0).Count.Should().Be(2);
        ReleasePolicy.Decide(0, 5, 7, null, T0).Count.Should().Be(0, "more active than the limit (it was lowered) releases none");
        ReleasePolicy.Decide(0, 5, 3, null, T0).NextReleaseAt(2).Should().BeNull("no pace, no grid");
    }

    [Fact]
    public void MaxActive_WithPurchaseWindows_ReleasesAsTheWindowsLapse()
    {
        // Five slots, each held for a minute: five at once, then five more a minute later, never a sixth active.
        var released = Simulate(0, TimeSpan.FromSeconds(130), TimeSpan.FromSeconds(1), maxActive: 5, window: TimeSpan.FromMinutes(1));

        released.Should().HaveCount(15);
        released.GroupBy(r => r).Select(g => (g.Key - T0, g.Count())).Should().Equal(
            (TimeSpan.Zero, 5), (TimeSpan.FromMinutes(1), 5), (TimeSpan.FromMinutes(2), 5));
    }

    [Fact]
    public void AGridLeftBehindByAQuietSpell_RestartsAtNow_NotWithTheSlotsNobodyUsed()
    {
        var budget = ReleasePolicy.Decide(60, 0, 0, nextReleaseAt: T0, T0.AddMinutes(5));

        budget.Count.Should().Be(1);
        budget.NextReleaseAt(1).Should().Be(T0.AddMinutes(5).AddSeconds(1));
    }

    [Fact]
    public void AGridAhead_AllowsNothingUntilItsSlotComes()
    {
        var budget = ReleasePolicy.Decide(60, 0, 0, nextReleaseAt: T0.AddMilliseconds(1), T0);

        budget.Count.Should().Be(0);
        budget.NextReleaseAt(0).Should().Be(T0.AddMilliseconds(1), "the grid does not move when nothing is released");
    }

    [Fact]
    public void ALookALittleLate_CatchesUpTheSlotsOfTheLastSecond_NotMore()
    {
        // One a second; the loop missed 2.5 s: the slots of the last second count, older ones are dropped.
        ReleasePolicy.Decide(120, 0, 0, nextReleaseAt: T0, T0.AddMilliseconds(900)).Count.Should().Be(2);
        ReleasePolicy.Decide(120, 0, 0, nextReleaseAt: T0, T0.AddMilliseconds(2_500)).Count.Should().Be(1);
    }

    [Fact]
    public void TheIntervalIsAMinuteOverTheRate() =>
        ReleasePolicy.IntervalOf(120).Should().Be(TimeSpan.FromMilliseconds(500));
}
