using FlashPurchase.Application.Abstractions;
using FlashPurchase.Domain.Queue;
using Microsoft.EntityFrameworkCore;

namespace FlashPurchase.Infrastructure.Persistence.Repositories;

internal sealed class QueuePlaceRepository(FlashPurchaseDbContext db, TimeProvider clock) : IQueuePlaceRepository
{
    public Task<QueuePlace?> FindAsync(Guid saleId, Guid userId, CancellationToken cancellationToken) =>
        db.QueuePlaces.AsNoTracking().FirstOrDefaultAsync(p => p.SaleId == saleId && p.UserId == userId, cancellationToken);

    public Task<QueuePlace?> FindByQueueTokenIdAsync(Guid queueTokenId, CancellationToken cancellationToken) =>
        db.QueuePlaces.AsNoTracking().FirstOrDefaultAsync(p => p.Id == queueTokenId, cancellationToken);

    public async Task<AdmissionResult> AdmitAsync(
        Guid saleId,
        Guid userId,
        Guid? expiredPlaceId,
        Func<long, QueuePlace> createPlace,
        Func<QueuePlace, CancellationToken, Task<bool>> publish,
        CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        // The sale row first, in every transaction that writes it: one lock order, no deadlocks. Taking the next
        // position locks the row, so the capacity count below cannot race another admission.
        var found = await db.Sales
            .Where(s => s.Id == saleId)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.QueueLength, x => x.QueueLength + 1), cancellationToken);
        if (found == 0)
        {
            throw new InvalidOperationException($"Sale {saleId} does not exist.");
        }

        var sale = await db.Sales.Where(s => s.Id == saleId)
            .Select(s => new { s.QueueLength, s.QueueCapacity })
            .SingleAsync(cancellationToken);

        if (expiredPlaceId is { } expired)
        {
            await db.QueuePlaces.Where(p => p.Id == expired).ExecuteDeleteAsync(cancellationToken);
        }

        // The capacity limits the places held at once: an expired place no longer holds one.
        if (sale.QueueCapacity > 0)
        {
            var now = clock.GetUtcNow();
            var held = await db.QueuePlaces.CountAsync(p => p.SaleId == saleId && p.ExpiresAt > now, cancellationToken);
            if (held >= sale.QueueCapacity)
            {
                await transaction.RollbackAsync(CancellationToken.None);
                return new AdmissionResult.QueueFull();
            }
        }

        var position = sale.QueueLength;
        var place = createPlace(position);
        db.QueuePlaces.Add(place);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (UniqueKeyViolation.Is(e))
        {
            await transaction.RollbackAsync(CancellationToken.None);
            db.ChangeTracker.Clear();
            var winner = await FindAsync(saleId, userId, cancellationToken)
                ?? throw new InvalidOperationException("A queue place collided but none exists.", e);
            return new AdmissionResult.AlreadyQueued(winner);
        }

        if (!await publish(place, cancellationToken))
        {
            await transaction.RollbackAsync(CancellationToken.None);
            db.ChangeTracker.Clear();
            return new AdmissionResult.NotPublished();
        }

        // The message is in the broker: commit even if the shopper has gone, so the place matches the message.
        await transaction.CommitAsync(CancellationToken.None);
        db.ChangeTracker.Clear();
        return new AdmissionResult.Admitted(place);
    }
}
