using FlashPurchase.Application.Abstractions;
using Microsoft.EntityFrameworkCore;

namespace FlashPurchase.Infrastructure.Persistence.Repositories;

/// <summary>
/// The conversion queue of a sale, in four short reads: the queue length (one row), the waiting positions (a range of
/// ux_queue_places_sale_position from the caller's watermark, each checked against ux_purchase_tokens_queue_token), and
/// the count and oldest of the recent purchase tokens (a range of ix_purchase_tokens_sale_issued).
/// </summary>
internal sealed class ConversionQueueReader(FlashPurchaseDbContext db) : IConversionQueueReader
{
    public async Task<ConversionQueueReading> ReadAsync(
        Guid saleId, long fromPosition, DateTimeOffset now, DateTimeOffset conversionsSince, CancellationToken cancellationToken)
    {
        // The length first. Admissions hold the sale row from taking a position until they commit, so places commit in
        // position order: every place up to this length is visible to the next read, and none is still on its way.
        var queueLength = await db.Sales.AsNoTracking()
            .Where(s => s.Id == saleId)
            .Select(s => s.QueueLength)
            .FirstOrDefaultAsync(cancellationToken);

        var waiting = await db.QueuePlaces.AsNoTracking()
            .Where(p => p.SaleId == saleId && p.Position >= fromPosition && p.Position <= queueLength && p.ExpiresAt > now && p.RevokedAt == null
                && !db.PurchaseTokens.Any(t => t.QueueTokenId == p.Id))
            .OrderBy(p => p.Position)
            .Select(p => p.Position)
            .ToListAsync(cancellationToken);

        var recent = db.PurchaseTokens.AsNoTracking().Where(t => t.SaleId == saleId && t.IssuedAt > conversionsSince);
        var conversions = await recent.CountAsync(cancellationToken);
        var oldest = conversions == 0
            ? null
            : await recent.OrderBy(t => t.IssuedAt).Select(t => (DateTimeOffset?)t.IssuedAt).FirstOrDefaultAsync(cancellationToken);

        return new ConversionQueueReading(queueLength, waiting, conversions, oldest);
    }
}
