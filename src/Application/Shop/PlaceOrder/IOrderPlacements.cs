using FlashPurchase.Application.Abstractions;
using FlashPurchase.Domain.Orders;

namespace FlashPurchase.Application.Shop.PlaceOrder;

/// <summary>
/// Places orders that passed the purchase's checks: under the sale row's lock, <see cref="OrderAllocation"/> decides on
/// the stock left and the orders already stored, and a placed order is committed with its events before the answer.
/// </summary>
/// <remarks>
/// The implementation may place many concurrent purchases in one transaction, the sale row locked once: that is what
/// keeps a crowd of buyers from queueing one by one on that row's lock.
/// </remarks>
public interface IOrderPlacements
{
    Task<PlaceOrderOutcome> PlaceAsync(Order order, CancellationToken cancellationToken);
}
