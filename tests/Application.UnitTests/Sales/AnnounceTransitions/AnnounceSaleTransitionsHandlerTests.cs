using FlashPurchase.Application.Abstractions;
using FlashPurchase.Application.Sales.AnnounceTransitions;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;

namespace FlashPurchase.Application.UnitTests.Sales.AnnounceTransitions;

public sealed class AnnounceSaleTransitionsHandlerTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 18, 0, 0, TimeSpan.Zero);

    private readonly ISaleAnnouncements _announcements = Substitute.For<ISaleAnnouncements>();
    private readonly FakeTimeProvider _clock = new(Now);

    [Fact]
    public async Task Handle_AnnouncesEveryDueSaleAtTheClocksTime_AndCountsTheEventsWritten()
    {
        var openedAndClosed = Guid.NewGuid();
        var announcedMeanwhile = Guid.NewGuid();
        _announcements.SalesDueAsync(Now, Arg.Any<CancellationToken>()).Returns([openedAndClosed, announcedMeanwhile]);
        _announcements.AnnounceAsync(openedAndClosed, Now, Arg.Any<CancellationToken>()).Returns(2);
        // Another worker announced it between the listing and the lock.
        _announcements.AnnounceAsync(announcedMeanwhile, Now, Arg.Any<CancellationToken>()).Returns(0);

        var written = await new AnnounceSaleTransitionsHandler(_announcements, _clock).Handle(new AnnounceSaleTransitionsCommand(), default);

        written.Should().Be(2);
        await _announcements.Received(1).AnnounceAsync(announcedMeanwhile, Now, Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Handle_WhenNothingIsDue_AnnouncesNothing()
    {
        _announcements.SalesDueAsync(Now, Arg.Any<CancellationToken>()).Returns([]);

        (await new AnnounceSaleTransitionsHandler(_announcements, _clock).Handle(new AnnounceSaleTransitionsCommand(), default)).Should().Be(0);
        await _announcements.DidNotReceiveWithAnyArgs().AnnounceAsync(default, default, default);
    }
}
