using System.Threading.Channels;
using FlashPurchase.Application.Abstractions;
using FlashPurchase.Application.Shop.PlaceOrder;
using FlashPurchase.Domain.Orders;
using FlashPurchase.Infrastructure.Persistence.Repositories;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FlashPurchase.Infrastructure.Purchases;

/// <summary>
/// Group commit for purchases: orders wait in a channel while the previous batch is in the database, and the next
/// batch takes all of them at once (up to <see cref="MaxBatchSize"/>): one transaction that locks the sale row once,
/// one insert of the orders and their events, one stock update, one commit, instead of one transaction per buyer
/// holding that row's lock over four round trips while hundreds of others wait for it.
/// </summary>
/// <remarks>
/// A single loop per process runs one batch at a time: the sale row's lock would serialise concurrent batches anyway.
/// Under light load a batch holds one order and costs what a lone purchase did; under a crowd the batch grows to
/// whatever arrived meanwhile, so the time the row is locked per buyer falls as the load rises. An order, once queued,
/// is placed even if its caller gives up: a retry with the same purchase token then answers it.
/// <para>
/// A hosted service: at a graceful stop it places every order already queued before it returns. A purchase arriving
/// after that (the server still draining its requests) is placed on its own, as the database still takes it.
/// </para>
/// </remarks>
internal sealed class BatchingOrderPlacements(IServiceScopeFactory scopes, ILogger<BatchingOrderPlacements> logger)
    : BackgroundService, IOrderPlacements
{
    /// <summary>Bounds a batch's transaction and its statement sizes; a larger crowd fills several batches.</summary>
    internal const int MaxBatchSize = 512;

    private readonly Channel<PendingOrder> _pending =
        Channel.CreateUnbounded<PendingOrder>(new UnboundedChannelOptions { SingleReader = true });

    public Task<PlaceOrderOutcome> PlaceAsync(Order order, CancellationToken cancellationToken)
    {
        var pending = new PendingOrder(order);
        return _pending.Writer.TryWrite(pending)
            ? pending.Outcome.Task.WaitAsync(cancellationToken)
            : PlaceAloneAsync(order, cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => PlaceQueuedAsync();

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // Queue nothing more; the loop places what is queued, then ends.
        _pending.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
        if (ExecuteTask is null or { IsCanceled: true })
        {
            // Stopped before the loop ever ran (the host cancels a loop that has not started): place the queue here.
            await PlaceQueuedAsync();
        }
    }

    private async Task PlaceQueuedAsync()
    {
        var batch = new List<PendingOrder>(MaxBatchSize);
        while (await _pending.Reader.WaitToReadAsync(CancellationToken.None))
        {
            while (batch.Count < MaxBatchSize && _pending.Reader.TryRead(out var next))
            {
                batch.Add(next);
            }

            foreach (var sale in batch.GroupBy(p => p.Order.SaleId))
            {
                await PlaceBatchAsync(sale.Key, sale.ToList());
            }

            batch.Clear();
        }
    }

    private async Task PlaceBatchAsync(Guid saleId, List<PendingOrder> batch)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var outcomes = await scope.ServiceProvider.GetRequiredService<OrderRepository>()
                .PlaceBatchAsync(saleId, batch.ConvertAll(p => p.Order), CancellationToken.None);
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Outcome.TrySetResult(outcomes[i]);
            }
        }
        catch (Exception e)
        {
            // The database is down or refused the batch: every purchase of it fails alike (a 503 at the API).
            logger.LogWarning(e, "Placing a batch of {Count} orders for sale {SaleId} failed", batch.Count, saleId);
            foreach (var pending in batch)
            {
                pending.Outcome.TrySetException(e);
            }
        }
    }

    private async Task<PlaceOrderOutcome> PlaceAloneAsync(Order order, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<OrderRepository>().PlaceAsync(order, cancellationToken);
    }

    private sealed class PendingOrder(Order order)
    {
        public Order Order { get; } = order;

        public TaskCompletionSource<PlaceOrderOutcome> Outcome { get; } =
            new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
