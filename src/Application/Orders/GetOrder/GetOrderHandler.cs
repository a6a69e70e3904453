using FlashPurchase.Application.Abstractions;
using FlashPurchase.Domain.Errors;
using Mediator;

namespace FlashPurchase.Application.Orders.GetOrder;

public sealed class GetOrderHandler(IOrderRepository orders) : IQueryHandler<GetOrderQuery, Result<OrderView>>
{
    public async ValueTask<Result<OrderView>> Handle(GetOrderQuery query, CancellationToken cancellationToken)
    {
        var order = await orders.FindAsync(query.OrderId, cancellationToken);

        // Someone else's order answers exactly like a missing one: ids are not to be probed.
        return order is not null && order.UserId == query.UserId
            ? OrderView.From(order)
            : DomainErrors.OrderNotFound;
    }
}
