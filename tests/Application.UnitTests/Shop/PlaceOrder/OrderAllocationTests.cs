using FlashPurchase.Application.Abstractions;
using FlashPurchase.Application.Shop.PlaceOrder;
using FlashPurchase.Application.UnitTests.TestDoubles;
using FlashPurchase.Domain.Orders;

namespace FlashPurchase.Application.UnitTests.Shop.PlaceOrder;

public sealed class OrderAllocationTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 18, 10, 0, TimeSpan.Zero);
    private readonly Domain.Sales.Sale _sale = ASale.OpenAt(Now);

    private Order AnOrder(Guid? userId = null, Guid? tokenId = null) =>
        Order.Place(_sale, userId ?? Guid.NewGuid(), tokenId ?? Guid.NewGuid(), Now);

    [Fact]
    public void Decide_GivesTheUnitsToTheFirstInArrivalOrder_AndRefusesTheRestAsSoldOut()
    {
        var orders = Enumerable.Range(0, 5).Select(_ => AnOrder()).ToList();

        OrderAllocation.Decide(3, orders, new HashSet<Guid>(), new HashSet<Guid>()).Should().Equal(
            PlaceOrderOutcome.Placed, PlaceOrderOutcome.Placed, PlaceOrderOutcome.Placed,
            PlaceOrderOutcome.SoldOut, PlaceOrderOutcome.SoldOut);
    }

    [Fact]
    public void Decide_RefusesAShopperOrATokenWithAnOrder_StoredOrEarlierInTheBatch_WithoutTakingAUnit()
    {
        var shopper = Guid.NewGuid();
        var token = Guid.NewGuid();
        var stored = AnOrder();
        var orders = new[]
        {
            AnOrder(stored.UserId), // bought before, with another token
            AnOrder(tokenId: stored.PurchaseTokenId),
            AnOrder(shopper, token),
            AnOrder(shopper, token), // the same purchase again
            AnOrder(shopper), // the same shopper with another token
            AnOrder(),
        };

        OrderAllocation.Decide(2, orders, new HashSet<Guid> { stored.UserId }, new HashSet<Guid> { stored.PurchaseTokenId })
            .Should().Equal(
                PlaceOrderOutcome.Duplicate, PlaceOrderOutcome.Duplicate, PlaceOrderOutcome.Placed,
                PlaceOrderOutcome.Duplicate, PlaceOrderOutcome.Duplicate, PlaceOrderOutcome.Placed);
    }

    [Fact]
    public void Decide_WhenTheStockIsGone_CallsEvenADuplicateSoldOut_AsALonePurchaseWould()
    {
        var stored = AnOrder();

        OrderAllocation.Decide(0, [AnOrder(stored.UserId, stored.PurchaseTokenId)], new HashSet<Guid> { stored.UserId },
            new HashSet<Guid> { stored.PurchaseTokenId }).Should().Equal(PlaceOrderOutcome.SoldOut);
    }
}
