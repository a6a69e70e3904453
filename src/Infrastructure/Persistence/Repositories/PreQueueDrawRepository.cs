using FlashPurchase.Application.Abstractions;
using FlashPurchase.Domain.Queue;
using FlashPurchase.Infrastructure.Persistence.Configurations;
using Microsoft.EntityFrameworkCore;

namespace FlashPurchase.Infrastructure.Persistence.Repositories;

internal sealed class PreQueueDrawRepository(FlashPurchaseDbContext db) : IPreQueueDraws
{
    public async Task<IReadOnlyList<Guid>> SalesDueAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        await db.Sales
            .Where(s => !EF.Property<bool>(s, SaleReleaseColumns.PreQueueDrawn) && s.OpensAt <= now && s.ClosesAt > now)
            .OrderBy(s => s.OpensAt)
            .Select(s => s.Id)
            .ToListAsync(cancellationToken);

    /// <remarks>
    /// MariaDB and MySQL check the unique key on (sale, position) row by row, so writing a permutation of positions
    /// over themselves collides half-way. The places' positions are negated first (one statement: distinct negatives
    /// meet nothing), then each gets its drawn one (distinct positives, which no other row of the sale holds now).
    /// SQLite checks row by row too; this works on both.
    /// </remarks>
    public async Task<int?> DrawAsync(
        Guid saleId, DateTimeOffset now, Func<IReadOnlyList<long>, IReadOnlyList<long>> draw, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        // The sale row's lock (an update that changes nothing): admissions, conversions and releases of this sale wait,
        // and another worker drawing it waits here, then finds it drawn.
        if (!await db.LockSaleAsync(saleId, cancellationToken))
        {
            return null;
        }

        var read = await db.Sales.AsNoTracking().Where(s => s.Id == saleId)
            .Select(s => new { Sale = s, Drawn = EF.Property<bool>(s, SaleReleaseColumns.PreQueueDrawn) })
            .SingleAsync(cancellationToken);
        if (!PreQueueDraw.IsDue(read.Sale, read.Drawn, now))
        {
            return null;
        }

        // The shoppers' current places (a place replaced by a newer one of its shopper is not drawn, only unmarked).
        var preQueued = db.QueuePlaces.Where(p => p.SaleId == saleId && p.PreQueued);
        var live = preQueued.Where(p => EF.Property<Guid?>(p, SaleReleaseColumns.LiveUserId) != null);
        var count = await live.ExecuteUpdateAsync(p => p.SetProperty(x => x.Position, x => -x.Position), cancellationToken);
        if (count > 0)
        {
            var places = await db.QueuePlaces
                .Where(p => p.SaleId == saleId && p.PreQueued && p.Position < 0
                    && EF.Property<Guid?>(p, SaleReleaseColumns.LiveUserId) != null)
                .OrderByDescending(p => p.Position)
                .ToListAsync(cancellationToken);
            var positions = draw(places.ConvertAll(p => -p.Position));
            if (positions.Count != places.Count)
            {
                throw new InvalidOperationException($"The draw gave {positions.Count} positions for {places.Count} places.");
            }

            try
            {
                for (var i = 0; i < places.Count; i++)
                {
                    db.Entry(places[i]).Property(p => p.Position).CurrentValue = positions[i];
                }

                // One UPDATE per place, sent in batches.
                await db.SaveChangesAsync(cancellationToken);
            }
            finally
            {
                db.ChangeTracker.Clear();
            }
        }

        await preQueued.ExecuteUpdateAsync(p => p.SetProperty(x => x.PreQueued, false), cancellationToken);
        await db.Sales.Where(s => s.Id == saleId)
            .ExecuteUpdateAsync(s => s.SetProperty(x => EF.Property<bool>(x, SaleReleaseColumns.PreQueueDrawn), true), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return count;
    }
}
