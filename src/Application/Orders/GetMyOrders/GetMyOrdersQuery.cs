using FlashPurchase.Application.Abstractions;
using Mediator;

namespace FlashPurchase.Application.Orders.GetMyOrders;

public sealed record GetMyOrdersQuery(Guid UserId) : IQuery<Result<IReadOnlyList<OrderView>>>;
