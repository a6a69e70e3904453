using FlashPurchase.Application.Abstractions;
using FlashPurchase.Domain.Queue;
using FlashPurchase.Domain.Sales;
using FlashPurchase.Infrastructure.Messaging.Events;
using FlashPurchase.Infrastructure.Messaging.Outbox;
using FlashPurchase.Infrastructure.Persistence.Configurations;
using Microsoft.EntityFrameworkCore;

namespace FlashPurchase.Infrastructure.Persistence.Repositories;

internal sealed class PurchaseTokenRepository(FlashPurchaseDbContext db, TimeProvider clock, OutboxSignal outbox) : IPurchaseTokenRepository
{
    /// <summary>
    /// The most purchase tokens one command stores (with their events: 16 parameters each, under SQLite's 32,766, and
    /// about 1.5 MB of SQL, under MariaDB's 16 MB packet): a conversion batch is 500.
    /// </summary>
    internal const int RowsPerCommand = 1000;

    public Task<PurchaseToken?> FindByQueueTokenIdAsync(Guid queueTokenId, CancellationToken cancellationToken) =>
        db.PurchaseTokens.AsNoTracking().FirstOrDefaultAsync(t => t.QueueTokenId == queueTokenId, cancellationToken);

    public Task<PurchaseToken?> FindAsync(Guid purchaseTokenId, CancellationToken cancellationToken) =>
        db.PurchaseTokens.AsNoTracking().FirstOrDefaultAsync(t => t.Id == purchaseTokenId, cancellationToken);

    public async Task<IReadOnlySet<Guid>> FindConvertedAsync(IReadOnlyCollection<Guid> queueTokenIds, CancellationToken cancellationToken)
    {
        if (queueTokenIds.Count == 0)
        {
            return new HashSet<Guid>();
        }

        var converted = await db.PurchaseTokens
            .Where(t => queueTokenIds.Contains(t.QueueTokenId))
            .Select(t => t.QueueTokenId)
            .ToListAsync(cancellationToken);
        return converted.ToHashSet();
    }

    public async Task<TokenRelease> AddNewAsync(
        Guid saleId, IReadOnlyList<PurchaseToken> purchaseTokens, CancellationToken cancellationToken)
    {
        if (purchaseTokens.Any(t => t.SaleId != saleId))
        {
            throw new ArgumentException($"Every purchase token must be of sale {saleId}.", nameof(purchaseTokens));
        }

        if (purchaseTokens.Count == 0)
        {
            return new TokenRelease([], HeldBack: false);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var queueTokenIds = purchaseTokens.Select(t => t.QueueTokenId).ToList();
        if (!await LockIfReleasingAsync(saleId, cancellationToken))
        {
            // Paused, paced, before the pre-queue's draw, or held-back places wait to be released first: these wait
            // too, in queue order, for the release loop.
            await db.QueuePlaces.Where(p => queueTokenIds.Contains(p.Id))
                .ExecuteUpdateAsync(p => p.SetProperty(x => EF.Property<bool>(x, SaleReleaseColumns.HeldBack), true), cancellationToken);
            await db.Sales.Where(s => s.Id == saleId)
                .ExecuteUpdateAsync(s => s.SetProperty(x => EF.Property<bool>(x, SaleReleaseColumns.HasHeldBack), true), cancellationToken);
            await transaction.CommitAsync(CancellationToken.None);
            return new TokenRelease([], HeldBack: true);
        }

        // Read under the lock that leaving takes too: a shopper who left before this commit gets no purchase token, and
        // one who leaves after it has theirs revoked.
        var left = await db.QueuePlaces.AsNoTracking()
            .Where(p => queueTokenIds.Contains(p.Id) && p.RevokedAt != null)
            .Select(p => p.Id)
            .ToListAsync(cancellationToken);
        var added = await AddAllOrEachAsync(
            left.Count == 0 ? purchaseTokens : purchaseTokens.Where(t => !left.Contains(t.QueueTokenId)).ToList(), cancellationToken);
        await transaction.CommitAsync(CancellationToken.None);
        WakeRelayIfAny(added);
        return new TokenRelease(added, HeldBack: false);
    }

    public async Task<IReadOnlyList<Guid>> SalesWithHeldBackPlacesAsync(CancellationToken cancellationToken) =>
        await ReleasingNow(db.Sales.AsNoTracking().Where(s => EF.Property<bool>(s, SaleReleaseColumns.HasHeldBack)))
            .Select(s => s.Id)
            .ToListAsync(cancellationToken);

    public async Task<int> ReleaseHeldBackAsync(
        Guid saleId, int batchSize, Func<Sale, IReadOnlyList<QueuePlace>, IReadOnlyList<PurchaseToken>> release,
        CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var locked = await ReleasingNow(db.Sales.Where(s => s.Id == saleId))
            .ExecuteUpdateAsync(s => s.SetProperty(x => EF.Property<bool>(x, SaleReleaseColumns.HasHeldBack), true), cancellationToken);
        if (locked == 0)
        {
            return 0;
        }

        var read = await db.Sales.AsNoTracking().Where(s => s.Id == saleId)
            .Select(s => new { Sale = s, NextReleaseAt = EF.Property<DateTimeOffset?>(s, SaleReleaseColumns.NextReleaseAt) })
            .SingleAsync(cancellationToken);
        var sale = read.Sale;
        var now = clock.GetUtcNow();

        // Places that can no longer be released (their queue token expired, or their shopper left) leave the line first,
        // so that they take none of the slots counted below.
        var heldBack = db.QueuePlaces.Where(p => p.SaleId == saleId && EF.Property<bool>(p, SaleReleaseColumns.HeldBack));
        await heldBack.Where(p => p.ExpiresAt <= now || p.RevokedAt != null)
            .ExecuteUpdateAsync(p => p.SetProperty(x => EF.Property<bool>(x, SaleReleaseColumns.HeldBack), false), cancellationToken);

        var active = sale.MaxActiveShoppers > 0 ? await db.ActivePurchaseTokensOf(saleId, now).CountAsync(cancellationToken) : 0;
        var budget = ReleasePolicy.Decide(sale.ReleaseRate, sale.MaxActiveShoppers, active, read.NextReleaseAt, now);
        var places = budget.Count == 0
            ? []
            : await heldBack.AsNoTracking().OrderBy(p => p.Position).Take(Math.Min(batchSize, budget.Count)).ToListAsync(cancellationToken);

        var released = await AddAllOrEachAsync(places.Count == 0 ? [] : release(sale, places), cancellationToken);
        var ids = places.Select(p => p.Id).ToList();
        if (ids.Count > 0)
        {
            await db.QueuePlaces.Where(p => ids.Contains(p.Id))
                .ExecuteUpdateAsync(p => p.SetProperty(x => EF.Property<bool>(x, SaleReleaseColumns.HeldBack), false), CancellationToken.None);
        }

        // None left: conversions release straight away again, unless the sale paces them (then they are held anyway).
        var anyLeft = await heldBack.AnyAsync(CancellationToken.None);
        await db.Sales.Where(s => s.Id == saleId)
            .ExecuteUpdateAsync(s => s
                .SetProperty(x => EF.Property<bool>(x, SaleReleaseColumns.HasHeldBack), anyLeft)
                .SetProperty(x => EF.Property<DateTimeOffset?>(x, SaleReleaseColumns.NextReleaseAt), budget.NextReleaseAt(places.Count)),
                CancellationToken.None);

        await transaction.CommitAsync(CancellationToken.None);
        WakeRelayIfAny(released);
        return places.Count;
    }

    public async Task<bool> RevokeAsync(Guid saleId, Guid userId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        // The sale row's lock, as the worker's release takes it: see AddNewAsync.
        if (!await db.LockSaleAsync(saleId, cancellationToken))
        {
            return false;
        }

        var place = await db.QueuePlaces
            .Where(p => p.SaleId == saleId && EF.Property<Guid?>(p, SaleReleaseColumns.LiveUserId) == userId && p.RevokedAt == null)
            .Select(p => (Guid?)p.Id)
            .FirstOrDefaultAsync(cancellationToken);
        if (place is not { } placeId)
        {
            return false;
        }

        await db.QueuePlaces.Where(p => p.Id == placeId)
            .ExecuteUpdateAsync(p => p.SetProperty(x => x.RevokedAt, now), cancellationToken);

        // A token already spent on an order stays as it is: the order answers its retries.
        await db.PurchaseTokens
            .Where(t => t.QueueTokenId == placeId && t.RevokedAt == null && !db.Orders.Any(o => o.PurchaseTokenId == t.Id))
            .ExecuteUpdateAsync(t => t.SetProperty(x => x.RevokedAt, now), cancellationToken);
        await transaction.CommitAsync(CancellationToken.None);
        return true;
    }

    /// <summary>The sales that may release held-back places now: not paused, and their pre-queue drawn if they have one.</summary>
    private static IQueryable<Sale> ReleasingNow(IQueryable<Sale> sales) =>
        sales.Where(s => !s.Paused && (s.PreQueue == TimeSpan.Zero || EF.Property<bool>(s, SaleReleaseColumns.PreQueueDrawn)));

    /// <summary>
    /// Locks the sale row for this transaction when the sale releases conversions at once (not paused, not paced, its
    /// pre-queue drawn if any, nothing held back); false, and no lock, otherwise. The statement changes nothing: it
    /// exists for its lock and its condition.
    /// </summary>
    private async Task<bool> LockIfReleasingAsync(Guid saleId, CancellationToken cancellationToken) =>
        await ReleasingNow(db.Sales.Where(s => s.Id == saleId
                && s.ReleaseRate == 0 && s.MaxActiveShoppers == 0
                && !EF.Property<bool>(s, SaleReleaseColumns.HasHeldBack)))
            .ExecuteUpdateAsync(s => s.SetProperty(x => EF.Property<bool>(x, SaleReleaseColumns.HasHeldBack), false), cancellationToken) > 0;

    private void WakeRelayIfAny(IReadOnlyList<Guid> released)
    {
        if (released.Count > 0)
        {
            outbox.Wake();
        }
    }

    /// <summary>
    /// Stores the purchase tokens not stored yet, and a ShopperReleased for each one stored (in the caller's transaction:
    /// the event commits with its token); returns the queue token ids of those stored.
    /// </summary>
    private async Task<IReadOnlyList<Guid>> AddAllOrEachAsync(IReadOnlyList<PurchaseToken> purchaseTokens, CancellationToken cancellationToken)
    {
        var added = new List<Guid>();
        foreach (var chunk in purchaseTokens.Chunk(RowsPerCommand))
        {
            if (await TryAddWithEventsAsync(chunk, cancellationToken))
            {
                added.AddRange(chunk.Select(t => t.QueueTokenId));
                continue;
            }

            // One of them was converted meanwhile (its message redelivered to another worker): the chunk's statement was
            // refused as a whole, so store them one by one and let the unique key pick out the ones already done.
            foreach (var purchaseToken in chunk)
            {
                if (await TryAddWithEventsAsync([purchaseToken], cancellationToken))
                {
                    added.Add(purchaseToken.QueueTokenId);
                }
            }
        }

        return added;
    }

    /// <summary>
    /// The tokens, then their events, in one command of two multi-row inserts: all stored or none, since a refused
    /// tokens' statement stops the command before the events' (and leaves the caller's transaction usable).
    /// </summary>
    /// <remarks>
    /// Rows go in key order, as SaveChanges writes them: inserted in random GUID order, the events deadlocked with the
    /// relay's claim and "mark sent", which lock ranges of the same indexes in key order (seen under the benchmark).
    /// </remarks>
    private Task<bool> TryAddWithEventsAsync(IReadOnlyCollection<PurchaseToken> purchaseTokens, CancellationToken cancellationToken) =>
        new MultiRowInsert(db)
            .Add(InKeyOrder(purchaseTokens, t => t.Id))
            .Add(InKeyOrder(
                purchaseTokens.Select(t => OutboxMessage.For(new ShopperReleased(Guid.NewGuid(), t.SaleId, t.UserId, t.Id, t.ExpiresAt), t.IssuedAt)),
                m => m.Id))
            .TryExecuteAsync(cancellationToken);

    /// <summary>The order of the keys as MariaDB stores them (GUIDs as lowercase text); SQLite has no such locks.</summary>
    private static List<T> InKeyOrder<T>(IEnumerable<T> rows, Func<T, Guid> key) =>
        rows.OrderBy(row => key(row).ToString(), StringComparer.Ordinal).ToList();
}
