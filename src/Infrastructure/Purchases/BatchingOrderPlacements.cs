using FlashPurchase.Application.Abstractions;
using FlashPurchase.Application.Shop.PlaceOrder;
using FlashPurchase.Domain.Orders;
using FlashPurchase.Infrastructure.GroupCommit;
using FlashPurchase.Infrastructure.Persistence.Repositories;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FlashPurchase.Infrastructure.Purchases;

/// <summary>
/// Group commit for purchases (<see cref="GroupCommitLoop{TRequest, TOutcome}"/>): one transaction per batch that
/// locks the sale row once, one insert of the orders and their events, one stock update, one commit, instead of one
/// transaction per buyer holding that row's lock over four round trips while hundreds of others wait for it.
/// </summary>
/// <remarks>
/// An order, once queued, is placed even if its caller gives up: a retry with the same purchase token then answers it.
/// A purchase arriving after a graceful stop began (the server still draining its requests) is placed on its own, as
/// the database still takes it.
/// </remarks>
internal sealed class BatchingOrderPlacements(IServiceScopeFactory scopes, ILogger<BatchingOrderPlacements> logger)
    : GroupCommitLoop<Order, PlaceOrderOutcome>(logger), IOrderPlacements
{
    protected override string RequestsName => "orders";

    public Task<PlaceOrderOutcome> PlaceAsync(Order order, CancellationToken cancellationToken) =>
        TryQueue(order, cancellationToken) ?? PlaceAloneAsync(order, cancellationToken);

    protected override Guid SaleOf(Order request) => request.SaleId;

    protected override async Task<IReadOnlyList<PlaceOrderOutcome>> CommitAsync(Guid saleId, IReadOnlyList<Order> batch, Action saleLocked)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<OrderRepository>()
            .PlaceBatchAsync(saleId, batch, CancellationToken.None, saleLocked);
    }

    private async Task<PlaceOrderOutcome> PlaceAloneAsync(Order order, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<OrderRepository>().PlaceAsync(order, cancellationToken);
    }
}
