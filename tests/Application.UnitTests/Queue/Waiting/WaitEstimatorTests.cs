using FlashPurchase.Application.Abstractions;
using FlashPurchase.Application.Queue.Waiting;
using FlashPurchase.Domain.Queue;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;

namespace FlashPurchase.Application.UnitTests.Queue.Waiting;

public sealed class WaitEstimatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 18, 10, 0, TimeSpan.Zero);

    private readonly IConversionQueueReader _reader = Substitute.For<IConversionQueueReader>();
    private readonly ConversionQueueSnapshots _snapshots = new();
    private readonly FakeTimeProvider _clock = new(Now);
    private readonly Guid _saleId = Guid.NewGuid();

    public WaitEstimatorTests() => GivenTheSaleReads(new ConversionQueueReading(0, [], 0, null));

    private void GivenTheSaleReads(ConversionQueueReading reading, Guid? saleId = null) =>
        _reader.ReadAsync(saleId ?? _saleId, Arg.Any<long>(), Arg.Any<DateTimeOffset>(), Arg.Any<DateTimeOffset>(), Arg.Any<CancellationToken>())
            .Returns(reading);

    private QueuePlace PlaceAt(long position, Guid? saleId = null) =>
        QueuePlace.Create(Guid.NewGuid(), saleId ?? _saleId, Guid.NewGuid(), position, "qt", Now, Now.AddHours(1));

    // A new estimator per call, as per request (it is scoped); the snapshots are the process's (a singleton).
    private Task<WaitEstimate> Estimate(QueuePlace place, int releaseRate = 0) =>
        new WaitEstimator(_reader, _snapshots, _clock).EstimateAsync(place, releaseRate, CancellationToken.None);

    [Fact]
    public async Task Estimate_CountsTheWaitingPlacesAheadAndDividesThemByTheMeasuredRate()
    {
        // 30 places, 1..10 converted; 10 conversions over the last 10 s: one a second.
        GivenTheSaleReads(new ConversionQueueReading(
            30, Enumerable.Range(11, 20).Select(p => (long)p).ToList(), 10, Now.AddSeconds(-10)));

        var estimate = await Estimate(PlaceAt(25));

        estimate.Should().Be(new WaitEstimate(Ahead: 14, RetryAfterSeconds: 14));
    }

    [Fact]
    public async Task Estimate_OfAPacedSale_IsNeverFasterThanItsReleasePace()
    {
        // The worker could do one a second, but the sale releases 12 a minute: 14 ahead take 70 s, capped at 30.
        GivenTheSaleReads(new ConversionQueueReading(
            30, Enumerable.Range(11, 20).Select(p => (long)p).ToList(), 10, Now.AddSeconds(-10)));

        (await Estimate(PlaceAt(25), releaseRate: 12)).Should().Be(new WaitEstimate(14, RetryAfterRule.MaximumSeconds));
        (await Estimate(PlaceAt(13), releaseRate: 12)).Should().Be(new WaitEstimate(2, 10));
    }

    [Fact]
    public async Task Estimate_OfAPacedSaleWithNothingReleasedYet_UsesThePace_NotTheFallback()
    {
        GivenTheSaleReads(new ConversionQueueReading(5, [1, 2, 3, 4, 5], 0, null));

        (await Estimate(PlaceAt(4), releaseRate: 60)).Should().Be(new WaitEstimate(3, 3));
    }

    [Fact]
    public async Task Estimate_WhenTheMeasuredPaceIsSlowerThanTheReleasePace_UsesTheMeasuredOne()
    {
        // A limit of active shoppers lets one through every 5 s, though the pace would allow one a second.
        GivenTheSaleReads(new ConversionQueueReading(30, [21, 22, 23, 24], 2, Now.AddSeconds(-10)));

        (await Estimate(PlaceAt(24), releaseRate: 60)).Should().Be(new WaitEstimate(3, 15));
    }

    [Fact]
    public async Task Estimate_WithNoConversionLately_AnswersTheFallback()
    {
        GivenTheSaleReads(new ConversionQueueReading(3, [1, 2, 3], 0, null));

        (await Estimate(PlaceAt(3))).Should().Be(new WaitEstimate(2, RetryAfterRule.FallbackSeconds));
        (await Estimate(PlaceAt(1))).Should().Be(new WaitEstimate(0, RetryAfterRule.MinimumSeconds));
    }

    [Fact]
    public async Task Estimate_FirstReadOfASale_StartsAtPositionOneAndCountsConversionsOfTheLastTenSeconds()
    {
        await Estimate(PlaceAt(1));

        await _reader.Received(1).ReadAsync(_saleId, 1, Now, Now - TimeSpan.FromSeconds(10), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Estimate_WithinASecond_SharesOneReadOfTheSale()
    {
        GivenTheSaleReads(new ConversionQueueReading(3, [1, 2, 3], 0, null));

        await Estimate(PlaceAt(1));
        _clock.Advance(ConversionQueueSnapshot.MaxAge - TimeSpan.FromMilliseconds(1));
        var later = await Estimate(PlaceAt(3));

        later.Ahead.Should().Be(2);
        await _reader.ReceivedWithAnyArgs(1).ReadAsync(default, default, default, default, default);
    }

    [Fact]
    public async Task Estimate_AfterASecond_ReadsAgainFromTheFirstPositionThatWasStillWaiting()
    {
        GivenTheSaleReads(new ConversionQueueReading(10, [4, 7], 0, null));
        await Estimate(PlaceAt(7));
        GivenTheSaleReads(new ConversionQueueReading(12, [7, 12], 0, null));
        _clock.Advance(ConversionQueueSnapshot.MaxAge);

        var estimate = await Estimate(PlaceAt(12));

        estimate.Ahead.Should().Be(1, "4 was converted meanwhile");
        await _reader.Received(1).ReadAsync(_saleId, 4, _clock.GetUtcNow(), Arg.Any<DateTimeOffset>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Estimate_WhenTheClockWentBack_ReadsAgain()
    {
        await Estimate(PlaceAt(1));
        _clock.AdjustTime(_clock.GetUtcNow() - TimeSpan.FromMinutes(5));

        await Estimate(PlaceAt(1));

        await _reader.ReceivedWithAnyArgs(2).ReadAsync(default, default, default, default, default);
    }

    [Fact]
    public async Task Estimate_ForManyShoppersAtOnce_ReadsTheSaleOnceAndAnswersThemAll()
    {
        var reading = new TaskCompletionSource<ConversionQueueReading>(TaskCreationOptions.RunContinuationsAsynchronously);
        _reader.ReadAsync(default, default, default, default, default).ReturnsForAnyArgs(_ => reading.Task);

        var estimates = Enumerable.Range(1, 50).Select(position => Task.Run(() => Estimate(PlaceAt(position)))).ToList();
        await Task.Delay(100); // most of them now wait behind the first read (the rest find its snapshot fresh)
        reading.SetResult(new ConversionQueueReading(50, Enumerable.Range(1, 50).Select(p => (long)p).ToList(), 0, null));

        (await Task.WhenAll(estimates)).Select(e => e.Ahead).Should().Equal(Enumerable.Range(0, 50).Select(a => (long)a));
        await _reader.ReceivedWithAnyArgs(1).ReadAsync(default, default, default, default, default);
    }

    [Fact]
    public async Task Estimate_ForAnotherSale_ReadsThatSalesOwnFigures()
    {
        var otherSale = Guid.NewGuid();
        GivenTheSaleReads(new ConversionQueueReading(5, [5], 0, null));
        GivenTheSaleReads(new ConversionQueueReading(5, [1, 2, 3, 4, 5], 0, null), otherSale);

        (await Estimate(PlaceAt(5))).Ahead.Should().Be(0);
        (await Estimate(PlaceAt(5, otherSale))).Ahead.Should().Be(4);
    }
}
