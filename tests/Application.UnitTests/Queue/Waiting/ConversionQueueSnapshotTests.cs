using FlashPurchase.Application.Queue.Waiting;

namespace FlashPurchase.Application.UnitTests.Queue.Waiting;

public sealed class ConversionQueueSnapshotTests
{
    private static readonly DateTimeOffset TakenAt = new(2026, 11, 24, 18, 10, 0, TimeSpan.Zero);

    private static ConversionQueueSnapshot Snapshot(long queueLength, params long[] waiting) =>
        new(TakenAt, queueLength, waiting, ConversionRate.None);

    [Theory]
    [InlineData(2, 0)]  // the first one waiting: next
    [InlineData(5, 1)]
    [InlineData(9, 2)]
    [InlineData(10, 3)] // the converted positions 1, 3, 4, 6, 7, 8 are not ahead of anyone
    public void AheadOf_CountsOnlyTheWaitingPositionsBelow(long position, long expected) =>
        Snapshot(queueLength: 10, 2, 5, 9, 10).AheadOf(position).Should().Be(expected);

    [Fact]
    public void AheadOf_WhenEverythingBelowIsConverted_IsZero() =>
        Snapshot(queueLength: 100, 100).AheadOf(100).Should().Be(0);

    // Shoppers who joined after the snapshot was read (within the last second) are counted as waiting.
    [Fact]
    public void AheadOf_APositionBeyondTheSnapshot_AlsoCountsThePlacesHandedOutSince() =>
        Snapshot(queueLength: 10, 8, 9).AheadOf(13).Should().Be(2 + 2); // 8, 9, and the unseen 11 and 12

    [Fact]
    public void AheadOf_DoesNotDependOnTheOrderTheReaderGaveThePositions() =>
        Snapshot(queueLength: 10, 9, 2, 5).AheadOf(9).Should().Be(2);

    [Fact]
    public void DoneBelow_IsTheFirstWaitingPosition() =>
        Snapshot(queueLength: 10, 4, 7).DoneBelow.Should().Be(4);

    [Fact]
    public void DoneBelow_WhenNothingWaits_IsPastTheQueuesEnd() =>
        Snapshot(queueLength: 10).DoneBelow.Should().Be(11);

    [Fact]
    public void IsFreshAt_UntilMaxAge()
    {
        var snapshot = Snapshot(queueLength: 0);

        snapshot.IsFreshAt(TakenAt).Should().BeTrue();
        snapshot.IsFreshAt(TakenAt + ConversionQueueSnapshot.MaxAge - TimeSpan.FromTicks(1)).Should().BeTrue();
        snapshot.IsFreshAt(TakenAt + ConversionQueueSnapshot.MaxAge).Should().BeFalse();
    }

    // Otherwise a clock set back by an hour would serve this snapshot for an hour.
    [Fact]
    public void IsFreshAt_BeforeItWasTaken_IsFalse() =>
        Snapshot(queueLength: 0).IsFreshAt(TakenAt.AddMilliseconds(-1)).Should().BeFalse();
}
