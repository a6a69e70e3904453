using FlashPurchase.Domain.Errors;
using FlashPurchase.Domain.Sales;

namespace FlashPurchase.Domain.UnitTests.Sales;

public sealed class SaleRefusalAtTests
{
    private static readonly DateTimeOffset OpensAt = new(2026, 11, 24, 18, 0, 0, TimeSpan.Zero);

    private static Sale SaleWithStock(int stock) =>
        Sale.Schedule(Guid.NewGuid(), "iPhone 11 Pro", 699m, "EUR", stock, OpensAt, TimeSpan.FromHours(1), queueCapacity: 0);

    [Fact]
    public void RefusalAt_WhileOpenWithStock_IsNull() =>
        SaleWithStock(1).RefusalAt(OpensAt).Should().BeNull();

    [Fact]
    public void RefusalAt_BeforeOpening_IsSaleNotOpenCarryingOpensAt()
    {
        var refusal = SaleWithStock(1).RefusalAt(OpensAt.AddMinutes(-1));

        refusal!.Code.Should().Be(ErrorCodes.SaleNotOpen);
        refusal.Extensions.Should().ContainKey("opensAt").WhoseValue.Should().Be(OpensAt);
    }

    [Fact]
    public void RefusalAt_AfterClosing_IsSaleClosed() =>
        SaleWithStock(1).RefusalAt(OpensAt.AddHours(1))!.Code.Should().Be(ErrorCodes.SaleClosed);

    [Fact]
    public void RefusalAt_WhenStockIsGone_IsSoldOut() =>
        SaleWithStock(0).RefusalAt(OpensAt)!.Code.Should().Be(ErrorCodes.SoldOut);
}
