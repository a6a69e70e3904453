using FlashPurchase.Application.Abstractions;
using FlashPurchase.Application.Queue.DrawPreQueues;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;

namespace FlashPurchase.Application.UnitTests.Queue.DrawPreQueues;

public sealed class DrawPreQueuesHandlerTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 18, 0, 0, TimeSpan.Zero);

    private readonly IPreQueueDraws _draws = Substitute.For<IPreQueueDraws>();
    private readonly FakeTimeProvider _clock = new(Now);

    [Fact]
    public async Task Handle_DrawsEveryDueSale_WithAPermutationOfItsPlacesPositions_AndCountsThoseDrawnNow()
    {
        var first = Guid.NewGuid();
        var drawnMeanwhile = Guid.NewGuid();
        _draws.SalesDueAsync(Now, Arg.Any<CancellationToken>()).Returns([first, drawnMeanwhile]);
        IReadOnlyList<long>? dealt = null;
        _draws.DrawAsync(first, Now, Arg.Any<Func<IReadOnlyList<long>, IReadOnlyList<long>>>(), Arg.Any<CancellationToken>())
            .Returns(call =>
            {
                dealt = call.Arg<Func<IReadOnlyList<long>, IReadOnlyList<long>>>()([3, 5, 8, 13]);
                return (int?)4;
            });
        // Another worker drew it between the listing and the lock.
        _draws.DrawAsync(drawnMeanwhile, Now, Arg.Any<Func<IReadOnlyList<long>, IReadOnlyList<long>>>(), Arg.Any<CancellationToken>())
            .Returns((int?)null);

        var drawn = await new DrawPreQueuesHandler(_draws, _clock).Handle(new DrawPreQueuesCommand(), default);

        drawn.Should().Be(1);
        dealt.Should().NotBeNull().And.BeEquivalentTo([3L, 5L, 8L, 13L], "the places share their own positions");
    }

    [Fact]
    public async Task Handle_DealsThePositionsInTheOrderTheRandomSourceGives()
    {
        var saleId = Guid.NewGuid();
        _draws.SalesDueAsync(Now, Arg.Any<CancellationToken>()).Returns([saleId]);
        IReadOnlyList<long>? dealt = null;
        _draws.DrawAsync(saleId, Now, Arg.Any<Func<IReadOnlyList<long>, IReadOnlyList<long>>>(), Arg.Any<CancellationToken>())
            .Returns(call =>
            {
                dealt = call.Arg<Func<IReadOnlyList<long>, IReadOnlyList<long>>>()([1, 2, 3]);
                return (int?)3;
            });

        await new DrawPreQueuesHandler(_draws, _clock) { Random = _ => 0 }.Handle(new DrawPreQueuesCommand(), default);

        dealt.Should().Equal(3, 1, 2);
    }

    [Fact]
    public async Task Handle_WithNoDueSale_DrawsNothing()
    {
        _draws.SalesDueAsync(Now, Arg.Any<CancellationToken>()).Returns([]);

        (await new DrawPreQueuesHandler(_draws, _clock).Handle(new DrawPreQueuesCommand(), default)).Should().Be(0);
        await _draws.DidNotReceiveWithAnyArgs().DrawAsync(default, default, default!, default);
    }
}
