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
            // The row is locked first (an update that changes nothing and counts the row it finds): a close, a pause
            // or a purchase of this sale waits for the edit, and what is read below is what the edit changes.
            if (!await db.LockSaleAsync(saleId, cancellationToken))
            {
                return new SaleEditOutcome.NotFound();
            }

            // The edit's rules again, under the lock: the caller read the sale before it, and an operator may have
            // closed it since. Applying a new duration to a sale closed meanwhile would reopen it.
            var locked = await db.Sales.AsNoTracking().SingleAsync(s => s.Id == saleId, cancellationToken);
            if (locked.RefusalOf(edit, clock.GetUtcNow()) is { } refusal)
            {
                return new SaleEditOutcome.Refused(refusal);
            }

            if (edit.Stock is { } stock)
            {
                // Against the purchases running meanwhile: the units sold (total - remaining) stay sold, and a stock
                // below them is refused rather than clipped. What is sold is read under the lock and both counters
                // are written as values. Not one statement that reads stock_total while it writes it: MySQL evaluates
                // an UPDATE's assignments left to right, each seeing the ones before, and EF orders them as it likes.
                var sold = await db.Sales.Where(s => s.Id == saleId)
                    .Select(s => s.StockTotal - s.StockRemaining).SingleAsync(cancellationToken);
                if (sold > stock)
                {
                    return new SaleEditOutcome.StockBelowOrders(sold);
                }

                await db.Sales.Where(s => s.Id == saleId)
                    .ExecuteUpdateAsync(s => s
                        .SetProperty(x => x.StockTotal, stock)
                        .SetProperty(x => x.StockRemaining, stock - sold), cancellationToken);
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
