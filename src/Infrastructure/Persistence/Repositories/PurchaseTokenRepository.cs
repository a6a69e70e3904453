using FlashPurchase.Application.Abstractions;
using FlashPurchase.Domain.Queue;
using FlashPurchase.Infrastructure.Persistence.Configurations;
using Microsoft.EntityFrameworkCore;

namespace FlashPurchase.Infrastructure.Persistence.Repositories;

internal sealed class PurchaseTokenRepository(FlashPurchaseDbContext db, TimeProvider clock) : IPurchaseTokenRepository
{
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
        if (!await LockIfReleasingAsync(saleId, cancellationToken))
        {
            // Paused, or held-back places wait to be released first (a pause just lifted): these wait behind them.
            var queueTokenIds = purchaseTokens.Select(t => t.QueueTokenId).ToList();
            await db.QueuePlaces.Where(p => queueTokenIds.Contains(p.Id))
                .ExecuteUpdateAsync(p => p.SetProperty(x => EF.Property<bool>(x, SaleReleaseColumns.HeldBack), true), cancellationToken);
            await db.Sales.Where(s => s.Id == saleId)
                .ExecuteUpdateAsync(s => s.SetProperty(x => EF.Property<bool>(x, SaleReleaseColumns.HasHeldBack), true), cancellationToken);
            await transaction.CommitAsync(CancellationToken.None);
            return new TokenRelease([], HeldBack: true);
        }

        var added = await AddAllOrEachAsync(purchaseTokens, cancellationToken);
        await transaction.CommitAsync(CancellationToken.None);
        return new TokenRelease(added, HeldBack: false);
    }

    public async Task<IReadOnlyList<Guid>> SalesWithHeldBackPlacesAsync(CancellationToken cancellationToken) =>
        await db.Sales.AsNoTracking()
            .Where(s => EF.Property<bool>(s, SaleReleaseColumns.HasHeldBack) && !s.Paused)
            .Select(s => s.Id)
            .ToListAsync(cancellationToken);

    public async Task<int> ReleaseHeldBackAsync(
        Guid saleId, int batchSize, Func<IReadOnlyList<QueuePlace>, IReadOnlyList<PurchaseToken>> release,
        CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var locked = await db.Sales
            .Where(s => s.Id == saleId && !s.Paused)
            .ExecuteUpdateAsync(s => s.SetProperty(x => EF.Property<bool>(x, SaleReleaseColumns.HasHeldBack), true), cancellationToken);
        if (locked == 0)
        {
            return 0;
        }

        var held = await db.QueuePlaces.AsNoTracking()
            .Where(p => p.SaleId == saleId && EF.Property<bool>(p, SaleReleaseColumns.HeldBack))
            .OrderBy(p => p.Position)
            .Take(batchSize)
            .ToListAsync(cancellationToken);

        var now = clock.GetUtcNow();
        var tokens = release(held.Where(p => p.IsValidAt(now)).ToList());
        await AddAllOrEachAsync(tokens, cancellationToken);

        var ids = held.Select(p => p.Id).ToList();
        await db.QueuePlaces.Where(p => ids.Contains(p.Id))
            .ExecuteUpdateAsync(p => p.SetProperty(x => EF.Property<bool>(x, SaleReleaseColumns.HeldBack), false), CancellationToken.None);
        if (held.Count < batchSize)
        {
            // None left: conversions release straight away again.
            await db.Sales.Where(s => s.Id == saleId)
                .ExecuteUpdateAsync(s => s.SetProperty(x => EF.Property<bool>(x, SaleReleaseColumns.HasHeldBack), false), CancellationToken.None);
        }

        await transaction.CommitAsync(CancellationToken.None);
        return held.Count;
    }

    /// <summary>
    /// Locks the sale row for this transaction when the sale releases now (not paused, nothing held back); false, and
    /// no lock, otherwise. The statement changes nothing: it exists for its lock and its condition.
    /// </summary>
    private async Task<bool> LockIfReleasingAsync(Guid saleId, CancellationToken cancellationToken) =>
        await db.Sales
            .Where(s => s.Id == saleId && !s.Paused && !EF.Property<bool>(s, SaleReleaseColumns.HasHeldBack))
            .ExecuteUpdateAsync(s => s.SetProperty(x => EF.Property<bool>(x, SaleReleaseColumns.HasHeldBack), false), cancellationToken) > 0;

    private async Task<IReadOnlyList<Guid>> AddAllOrEachAsync(IReadOnlyList<PurchaseToken> purchaseTokens, CancellationToken cancellationToken)
    {
        if (purchaseTokens.Count == 0)
        {
            return [];
        }

        if (await TryAddAllAsync(purchaseTokens, cancellationToken))
        {
            return purchaseTokens.Select(t => t.QueueTokenId).ToList();
        }

        // One of them was converted meanwhile (its message redelivered to another worker): the batch's statement was
        // refused as a whole, so store them one by one and let the unique key pick out the ones already done.
        var added = new List<Guid>();
        foreach (var purchaseToken in purchaseTokens)
        {
            if (await TryAddAllAsync([purchaseToken], cancellationToken))
            {
                added.Add(purchaseToken.QueueTokenId);
            }
        }

        return added;
    }

    private async Task<bool> TryAddAllAsync(IReadOnlyList<PurchaseToken> purchaseTokens, CancellationToken cancellationToken)
    {
        db.PurchaseTokens.AddRange(purchaseTokens);
        try
        {
            // One statement: all stored or none (a refused statement leaves the caller's transaction usable).
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException e) when (UniqueKeyViolation.Is(e))
        {
            return false;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }
}
