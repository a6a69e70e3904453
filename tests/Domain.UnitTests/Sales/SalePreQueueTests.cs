using FlashPurchase.Domain.Sales;

namespace FlashPurchase.Domain.UnitTests.Sales;

public sealed class SalePreQueueTests
{
    private static readonly DateTimeOffset OpensAt = new(2026, 12, 1, 18, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan PreQueue = TimeSpan.FromMinutes(15);

    private static Sale SaleWith(TimeSpan preQueue, int stock = 10) =>
        Sale.Schedule(Guid.NewGuid(), "Phone", 1m, "EUR", stock, OpensAt, TimeSpan.FromHours(1), 0,
            new WaitingRoom(preQueue, 0, 0, null, 0));

    [Fact]
    public void JoiningStatusAt_BeforeThePreQueue_IsScheduled()
    {
        SaleWith(PreQueue).InPreQueueAt(OpensAt - PreQueue - TimeSpan.FromTicks(1)).Should().BeFalse();
        SaleWith(PreQueue).JoiningStatusAt(OpensAt - PreQueue - TimeSpan.FromTicks(1)).Should().Be(SaleStatus.Scheduled);
    }

    [Fact]
    public void JoiningStatusAt_InThePreQueue_IsOpen_ThoughTheSaleIsScheduled()
    {
        var sale = SaleWith(PreQueue);
        foreach (var now in new[] { OpensAt - PreQueue, OpensAt.AddTicks(-1) })
        {
            sale.InPreQueueAt(now).Should().BeTrue();
            sale.StatusAt(now).Should().Be(SaleStatus.Scheduled, "the sale itself has not opened");
            sale.JoiningStatusAt(now).Should().Be(SaleStatus.Open);
        }

        SaleWith(PreQueue, stock: 0).JoiningStatusAt(OpensAt.AddMinutes(-1)).Should().Be(SaleStatus.SoldOut);
    }

    [Fact]
    public void JoiningStatusAt_FromTheOpening_IsTheSalesStatus()
    {
        var sale = SaleWith(PreQueue);
        sale.InPreQueueAt(OpensAt).Should().BeFalse();
        sale.JoiningStatusAt(OpensAt).Should().Be(SaleStatus.Open);
        sale.JoiningStatusAt(OpensAt.AddHours(2)).Should().Be(SaleStatus.Closed);
    }

    [Fact]
    public void JoiningStatusAt_WithoutAPreQueue_IsScheduledUntilTheOpening()
    {
        var sale = SaleWith(TimeSpan.Zero);
        sale.InPreQueueAt(OpensAt.AddTicks(-1)).Should().BeFalse();
        sale.JoiningStatusAt(OpensAt.AddTicks(-1)).Should().Be(SaleStatus.Scheduled);
    }
}
