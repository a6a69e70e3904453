using FlashPurchase.Application.Abstractions;
using Mediator;

namespace FlashPurchase.Application.Orders.GetOrder;

public sealed record GetOrderQuery(Guid UserId, Guid OrderId) : IQuery<Result<OrderView>>;
