using FlashPurchase.Application.Abstractions;
using Mediator;

namespace FlashPurchase.Application.Orders.GetMyOrders;

public sealed class GetMyOrdersHandler(IOrderRepository orders)
    : IQueryHandler<GetMyOrdersQuery, Result<IReadOnlyList<OrderView>>>
{
    public async ValueTask<Result<IReadOnlyList<OrderView>>> Handle(GetMyOrdersQuery query, CancellationToken cancellationToken)
    {
        var mine = await orders.ListForUserAsync(query.UserId, cancellationToken);
        return Result<IReadOnlyList<OrderView>>.Success([.. mine.Select(OrderView.From)]);
    }
}
