using FlashPurchase.Application.Abstractions;
using FlashPurchase.Domain.Orders;

namespace FlashPurchase.Application.Shop.PlaceOrder;

/// <summary>Which of a batch of orders for one sale get a unit, read under the sale row's lock.</summary>
public static class OrderAllocation
{
    /// <summary>
    /// One outcome per order, in arrival order: while stock is left, an order whose shopper already has an order in
    /// the sale, or whose purchase token placed one (stored, or earlier in the batch), is a duplicate and takes nothing;
    /// any other takes a unit. Once the stock is gone, every order left is sold out, a duplicate included (as a lone
    /// purchase finds the stock gone before it finds its twin).
    /// </summary>
    public static PlaceOrderOutcome[] Decide(
        int stockRemaining, IReadOnlyList<Order> orders, IReadOnlySet<Guid> shoppersWithAnOrder, IReadOnlySet<Guid> tokensUsed)
    {
        var shoppers = new HashSet<Guid>(shoppersWithAnOrder);
        var tokens = new HashSet<Guid>(tokensUsed);
        var outcomes = new PlaceOrderOutcome[orders.Count];
        for (var i = 0; i < orders.Count; i++)
        {
            var order = orders[i];
            if (stockRemaining == 0)
            {
                outcomes[i] = PlaceOrderOutcome.SoldOut;
            }
            else if (shoppers.Contains(order.UserId) || tokens.Contains(order.PurchaseTokenId))
            {
                outcomes[i] = PlaceOrderOutcome.Duplicate;
            }
            else
            {
                shoppers.Add(order.UserId);
                tokens.Add(order.PurchaseTokenId);
                stockRemaining--;
                outcomes[i] = PlaceOrderOutcome.Placed;
            }
        }

        return outcomes;
    }
}
