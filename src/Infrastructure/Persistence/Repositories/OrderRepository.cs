using FlashPurchase.Application.Abstractions;
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

    public async Task<IReadOnlyList<Order>> ListForUserAsync(Guid userId, CancellationToken cancellationToken) =>
        await db.Orders.AsNoTracking().Where(o => o.UserId == userId).OrderBy(o => o.PlacedAt).ToListAsync(cancellationToken);

    public async Task<PlaceOrderOutcome> PlaceAsync(Order order, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        // One atomic "UPDATE ... SET stock_remaining = stock_remaining - 1 WHERE stock_remaining > 0": whoever
        // races, the row lock lets exactly stock-many of these through.
        var taken = await db.Sales
            .Where(s => s.Id == order.SaleId && s.StockRemaining > 0)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.StockRemaining, x => x.StockRemaining - 1), cancellationToken);
        if (taken == 0)
        {
            return PlaceOrderOutcome.SoldOut;
        }

        // The events go with the order: committed together, or (sold out, duplicate) not at all. The stock is read under
        // the row lock the update above took, so exactly one order sees the last unit go.
        var lastUnit = await db.Sales.Where(s => s.Id == order.SaleId).Select(s => s.StockRemaining).SingleAsync(cancellationToken) == 0;
        db.Orders.Add(order);
        db.OutboxMessages.Add(OutboxMessage.For(
            new OrderPlaced(Guid.NewGuid(), order.Id, order.SaleId, order.UserId, order.ProductName, order.Price, order.Currency, order.PlacedAt),
            order.PlacedAt));
        if (lastUnit)
        {
            db.OutboxMessages.Add(OutboxMessage.For(new SaleSoldOut(Guid.NewGuid(), order.SaleId, order.PlacedAt), order.PlacedAt));
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (UniqueKeyViolation.Is(e))
        {
            // The unit taken above goes back with the rollback.
            await transaction.RollbackAsync(CancellationToken.None);
            return PlaceOrderOutcome.Duplicate;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }

        await transaction.CommitAsync(CancellationToken.None);
        outbox.Wake();
        return PlaceOrderOutcome.Placed;
    }
}
