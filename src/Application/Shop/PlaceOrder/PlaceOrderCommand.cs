using FlashPurchase.Application.Abstractions;
using FlashPurchase.Application.Orders;
using Mediator;

namespace FlashPurchase.Application.Shop.PlaceOrder;

public sealed record PlaceOrderCommand(Guid UserId, string PurchaseToken) : ICommand<Result<PlacedOrder>>;

/// <param name="Order">The order this purchase token placed.</param>
/// <param name="Created">False when this purchase token had already placed the order (a retry): nothing new was made.</param>
public sealed record PlacedOrder(OrderView Order, bool Created);
