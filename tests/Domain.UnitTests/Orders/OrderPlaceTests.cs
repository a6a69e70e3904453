using FlashPurchase.Domain.Orders;
using FlashPurchase.Domain.Sales;

namespace FlashPurchase.Domain.UnitTests.Orders;

public sealed class OrderPlaceTests
{
    private static readonly DateTimeOffset OpensAt = new(2026, 11, 24, 18, 0, 0, TimeSpan.Zero);

    private readonly Sale _sale =
        Sale.Schedule(Guid.NewGuid(), "iPhone 11 Pro", 699.00m, "EUR", 100, OpensAt, TimeSpan.FromHours(1), queueCapacity: 0);

    [Fact]
    public void Place_CopiesProductPriceAndCurrencyFromTheSale()
    {
        var order = Order.Place(_sale, Guid.NewGuid(), Guid.NewGuid(), OpensAt.AddMinutes(1));

        order.SaleId.Should().Be(_sale.Id);
        order.ProductName.Should().Be("iPhone 11 Pro");
        order.Price.Should().Be(699.00m);
        order.Currency.Should().Be("EUR");
    }

    [Fact]
    public void Place_RecordsTheBuyerTheirPurchaseTokenAndTheTime()
    {
        var userId = Guid.NewGuid();
        var purchaseTokenId = Guid.NewGuid();
        var placedAt = OpensAt.AddMinutes(7);

        var order = Order.Place(_sale, userId, purchaseTokenId, placedAt);

        order.UserId.Should().Be(userId);
        order.PurchaseTokenId.Should().Be(purchaseTokenId);
        order.PlacedAt.Should().Be(placedAt);
    }

    [Fact]
    public void Place_GivesEveryOrderItsOwnId()
    {
        var first = Order.Place(_sale, Guid.NewGuid(), Guid.NewGuid(), OpensAt);
        var second = Order.Place(_sale, Guid.NewGuid(), Guid.NewGuid(), OpensAt);

        first.Id.Should().NotBeEmpty().And.NotBe(second.Id);
    }
}
