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

    public async Task<bool> TryAddAsync(PurchaseToken purchaseToken, CancellationToken cancellationToken)
    {
        db.PurchaseTokens.Add(purchaseToken);
        try
        {
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
