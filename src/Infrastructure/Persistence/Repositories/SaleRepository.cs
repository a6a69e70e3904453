using FlashPurchase.Application.Abstractions;
using FlashPurchase.Domain.Sales;
using Microsoft.EntityFrameworkCore;

namespace FlashPurchase.Infrastructure.Persistence.Repositories;

internal sealed class SaleRepository(FlashPurchaseDbContext db, TimeProvider clock) : ISaleRepository
{
    public async Task<Sale?> GetCurrentAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var sales = db.Sales.AsNoTracking();
        return await sales.Where(s => s.OpensAt <= now && s.ClosesAt > now).OrderBy(s => s.ClosesAt).FirstOrDefaultAsync(cancellationToken)
            ?? await sales.Where(s => s.OpensAt > now).OrderBy(s => s.OpensAt).FirstOrDefaultAsync(cancellationToken)
            ?? await sales.OrderByDescending(s => s.ClosesAt).FirstOrDefaultAsync(cancellationToken);
    }

    public Task<Sale?> FindAsync(Guid saleId, CancellationToken cancellationToken) =>
        db.Sales.AsNoTracking().FirstOrDefaultAsync(s => s.Id == saleId, cancellationToken);

    public async Task<IReadOnlyList<Sale>> ListUnendedAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        return await db.Sales.AsNoTracking().Where(s => s.ClosesAt > now).OrderBy(s => s.OpensAt).ThenBy(s => s.Id)
            .ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<Sale>> ListAllAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var closed = await db.Sales.AsNoTracking().Where(s => s.ClosesAt <= now).OrderByDescending(s => s.ClosesAt)
            .ToListAsync(cancellationToken);
        return [.. await ListUnendedAsync(cancellationToken), .. closed];
    }

    public async Task AddAsync(Sale sale, CancellationToken cancellationToken)
    {
        db.Sales.Add(sale);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    public async Task<SaleEditOutcome> EditAsync(Guid saleId, SaleEdit edit, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            if (edit.Stock is { } stock)
            {
                // One statement against the purchases running meanwhile: the units sold (total - remaining) stay sold,
                // and a stock below them is refused rather than clipped.
                var changed = await db.Sales
                    .Where(s => s.Id == saleId && s.StockTotal - s.StockRemaining <= stock)
                    .ExecuteUpdateAsync(s => s
                        .SetProperty(x => x.StockRemaining, x => stock - (x.StockTotal - x.StockRemaining))
                        .SetProperty(x => x.StockTotal, stock), cancellationToken);
                if (changed == 0)
                {
                    var sold = await db.Sales.Where(s => s.Id == saleId)
                        .Select(s => (int?)(s.StockTotal - s.StockRemaining)).FirstOrDefaultAsync(cancellationToken);
                    return sold is { } ordersPlaced
                        ? new SaleEditOutcome.StockBelowOrders(ordersPlaced)
                        : new SaleEditOutcome.NotFound();
                }
            }

            var sale = await db.Sales.FirstOrDefaultAsync(s => s.Id == saleId, cancellationToken);
            if (sale is null)
            {
                return new SaleEditOutcome.NotFound();
            }

            // Tracked: only the columns the edit changes are written, never the counters purchases move.
            sale.Apply(edit);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(CancellationToken.None);
            return new SaleEditOutcome.Edited(sale);
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    public async Task<bool> SetPausedAsync(Guid saleId, bool paused, DateTimeOffset now, CancellationToken cancellationToken) =>
        await db.Sales.Where(s => s.Id == saleId && s.ClosesAt > now)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Paused, paused), cancellationToken) > 0;

    public async Task<bool> CloseAsync(Guid saleId, DateTimeOffset now, CancellationToken cancellationToken) =>
        // A sale closed before it opened keeps a window of no length, so that it never reads as open.
        await db.Sales.Where(s => s.Id == saleId && s.ClosesAt > now)
            .ExecuteUpdateAsync(s => s
                .SetProperty(x => x.OpensAt, x => x.OpensAt < now ? x.OpensAt : now)
                .SetProperty(x => x.ClosesAt, now), cancellationToken) > 0;
}
