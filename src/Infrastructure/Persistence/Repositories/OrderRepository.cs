using FlashPurchase.Application.Abstractions;
using FlashPurchase.Application.Shop.PlaceOrder;
using FlashPurchase.Domain.Orders;
using FlashPurchase.Infrastructure.Messaging.Events;
using FlashPurchase.Infrastructure.Messaging.Outbox;
using Microsoft.EntityFrameworkCore;

namespace FlashPurchase.Infrastructure.Persistence.Repositories;

internal sealed class OrderRepository(FlashPurchaseDbContext db, OutboxSignal outbox) : IOrderRepository
{
    public Task<Order?> FindAsync(Guid orderId, CancellationToken cancellationToken) =>
        db.Orders.AsNoTracking().FirstOrDefaultAsync(o => o.Id == orderId, cancellationToken);

    public Task<Order?> FindByPurchaseTokenAsync(Guid purchaseTokenId, CancellationToken cancellationToken) =>
        db.Orders.AsNoTracking().FirstOrDefaultAsync(o => o.PurchaseTokenId == purchaseTokenId, cancellationToken);

    public Task<bool> ExistsForUserAsync(Guid saleId, Guid userId, CancellationToken cancellationToken) =>
        db.Orders.AnyAsync(o => o.SaleId == saleId && o.UserId == userId, cancellationToken);

    public async Task<OrdersOfPurchase> FindForPurchaseAsync(
        Guid purchaseTokenId, Guid saleId, Guid userId, CancellationToken cancellationToken)
    {
        // At most two rows: one order per token and one per shopper and sale (unique keys), possibly the same one.
        var found = await db.Orders.AsNoTracking()
            .Where(o => o.PurchaseTokenId == purchaseTokenId || (o.SaleId == saleId && o.UserId == userId))
            .ToListAsync(cancellationToken);
        return new OrdersOfPurchase(
            found.FirstOrDefault(o => o.PurchaseTokenId == purchaseTokenId),
            found.Exists(o => o.SaleId == saleId && o.UserId == userId));
    }

    public async Task<IReadOnlyList<Order>> ListForUserAsync(Guid userId, CancellationToken cancellationToken) =>
        await db.Orders.AsNoTracking().Where(o => o.UserId == userId).OrderBy(o => o.PlacedAt).ToListAsync(cancellationToken);

    public async Task<PlaceOrderOutcome> PlaceAsync(Order order, CancellationToken cancellationToken) =>
        (await PlaceBatchAsync(order.SaleId, [order], cancellationToken))[0];

    /// <summary>
    /// Places a batch of orders for one sale in one transaction and returns one outcome per order, in order. Under the
    /// sale row's lock it reads the stock left and the orders already stored for these shoppers and tokens,
    /// <see cref="OrderAllocation"/> decides, and the orders placed are inserted with their events and the stock taken
    /// down by as many, in one commit.
    /// </summary>
    /// <remarks>
    /// Every transaction that inserts orders locks the sale row first, so what is read below cannot race another batch
    /// (in this process or another). Should a unique key refuse the insert all the same, the batch is placed again one
    /// order at a time, so that the duplicate is refused alone. <c>saleLocked</c> is called once the transaction holds
    /// the sale row's lock: the group commit's next batch asks for the lock then.
    /// </remarks>
    public async Task<IReadOnlyList<PlaceOrderOutcome>> PlaceBatchAsync(
        Guid saleId, IReadOnlyList<Order> orders, CancellationToken cancellationToken, Action? saleLocked = null)
    {
        if (orders.FirstOrDefault(o => o.SaleId != saleId) is { } other)
        {
            throw new ArgumentException($"Order {other.Id} is for sale {other.SaleId}, not {saleId}.", nameof(orders));
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var saleExists = await db.LockSaleAsync(saleId, cancellationToken);
        saleLocked?.Invoke();
        var stockRemaining = saleExists
            ? await db.Sales.Where(s => s.Id == saleId).Select(s => s.StockRemaining).SingleAsync(cancellationToken)
            : 0;
        if (stockRemaining == 0)
        {
            // Nothing was written: the transaction ends with its disposal.
            return orders.Select(_ => PlaceOrderOutcome.SoldOut).ToArray();
        }

        var userIds = orders.Select(o => o.UserId).Distinct().ToList();
        var tokenIds = orders.Select(o => o.PurchaseTokenId).Distinct().ToList();
        var stored = await db.Orders.AsNoTracking()
            .Where(o => (o.SaleId == saleId && userIds.Contains(o.UserId)) || tokenIds.Contains(o.PurchaseTokenId))
            .Select(o => new { o.SaleId, o.UserId, o.PurchaseTokenId })
            .ToListAsync(cancellationToken);
        var outcomes = OrderAllocation.Decide(
            stockRemaining, orders,
            stored.Where(o => o.SaleId == saleId).Select(o => o.UserId).ToHashSet(),
            stored.Select(o => o.PurchaseTokenId).ToHashSet());
        var placed = orders.Where((_, i) => outcomes[i] == PlaceOrderOutcome.Placed).ToList();
        if (placed.Count == 0)
        {
            return outcomes;
        }

        // The events go with the orders: committed together, or not at all. Exactly one order sees the last unit go.
        foreach (var order in placed)
        {
            db.Orders.Add(order);
            db.OutboxMessages.Add(OutboxMessage.For(
                new OrderPlaced(Guid.NewGuid(), order.Id, order.SaleId, order.UserId, order.ProductName, order.Price, order.Currency, order.PlacedAt),
                order.PlacedAt));
        }

        if (placed.Count == stockRemaining)
        {
            var last = placed[^1];
            db.OutboxMessages.Add(OutboxMessage.For(new SaleSoldOut(Guid.NewGuid(), saleId, last.PlacedAt), last.PlacedAt));
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (UniqueKeyViolation.Is(e))
        {
            await transaction.RollbackAsync(CancellationToken.None);
            return orders.Count == 1 ? [PlaceOrderOutcome.Duplicate] : await PlaceOneByOneAsync(orders, cancellationToken);
        }
        finally
        {
            db.ChangeTracker.Clear();
        }

        await db.Sales.Where(s => s.Id == saleId)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.StockRemaining, x => x.StockRemaining - placed.Count), cancellationToken);
        await transaction.CommitAsync(CancellationToken.None);
        outbox.Wake();
        return outcomes;
    }

    private async Task<PlaceOrderOutcome[]> PlaceOneByOneAsync(IReadOnlyList<Order> orders, CancellationToken cancellationToken)
    {
        var outcomes = new PlaceOrderOutcome[orders.Count];
        for (var i = 0; i < orders.Count; i++)
        {
            outcomes[i] = await PlaceAsync(orders[i], cancellationToken);
        }

        return outcomes;
    }
}
