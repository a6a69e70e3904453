using FlashPurchase.Domain.Sales;

namespace FlashPurchase.Domain.UnitTests.Sales;

public sealed class SaleStatusAtTests
{
    private static readonly DateTimeOffset OpensAt = new(2026, 11, 24, 18, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Duration = TimeSpan.FromHours(1);
    private static readonly DateTimeOffset ClosesAt = OpensAt + Duration;

    private static Sale SaleWithStock(int stock) =>
        Sale.Schedule(Guid.NewGuid(), "iPhone 11 Pro", 699m, "EUR", stock, OpensAt, Duration, queueCapacity: 0);

    [Fact]
    public void StatusAt_BeforeOpensAt_IsScheduled() =>
        SaleWithStock(10).StatusAt(OpensAt.AddTicks(-1)).Should().Be(SaleStatus.Scheduled);

    [Fact]
    public void StatusAt_ExactlyAtOpensAt_IsOpen() =>
        SaleWithStock(10).StatusAt(OpensAt).Should().Be(SaleStatus.Open);

    [Fact]
    public void StatusAt_JustBeforeClosesAt_IsOpen() =>
        SaleWithStock(10).StatusAt(ClosesAt.AddTicks(-1)).Should().Be(SaleStatus.Open);

    [Fact]
    public void StatusAt_ExactlyAtClosesAt_IsClosed() =>
        SaleWithStock(10).StatusAt(ClosesAt).Should().Be(SaleStatus.Closed);

    [Fact]
    public void StatusAt_AfterClosesAt_IsClosed() =>
        SaleWithStock(10).StatusAt(ClosesAt.AddDays(1)).Should().Be(SaleStatus.Closed);

    [Fact]
    public void StatusAt_WhenStockIsGoneDuringTheWindow_IsSoldOut() =>
        SaleWithStock(0).StatusAt(OpensAt.AddMinutes(5)).Should().Be(SaleStatus.SoldOut);

    // A sold-out sale still ends: once the window is over, "closed" is the truer answer.
    [Fact]
    public void StatusAt_WhenStockIsGoneAfterClosing_IsClosedNotSoldOut() =>
        SaleWithStock(0).StatusAt(ClosesAt).Should().Be(SaleStatus.Closed);

    [Fact]
    public void StatusAt_WhenStockIsGoneBeforeOpening_IsScheduled() =>
        SaleWithStock(0).StatusAt(OpensAt.AddTicks(-1)).Should().Be(SaleStatus.Scheduled);

    [Theory]
    [InlineData(0, true)]
    [InlineData(1, false)]
    public void IsSoldOut_IsTrueOnlyWhenNoStockRemains(int stock, bool soldOut) =>
        SaleWithStock(stock).IsSoldOut.Should().Be(soldOut);
}
