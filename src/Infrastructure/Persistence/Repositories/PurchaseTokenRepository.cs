using FlashPurchase.Application.Abstractions;
using FlashPurchase.Domain.Queue;
using Microsoft.EntityFrameworkCore;

namespace FlashPurchase.Infrastructure.Persistence.Repositories;

internal sealed class PurchaseTokenRepository(FlashPurchaseDbContext db) : IPurchaseTokenRepository
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

    public async Task<IReadOnlyList<Guid>> AddNewAsync(IReadOnlyList<PurchaseToken> purchaseTokens, CancellationToken cancellationToken)
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
            // Outside a transaction of ours, SaveChanges wraps its statements in one: all stored or none.
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
