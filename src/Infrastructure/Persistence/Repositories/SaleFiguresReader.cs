using FlashPurchase.Application.Abstractions;
using FlashPurchase.Domain.Sales;
using Microsoft.EntityFrameworkCore;

namespace FlashPurchase.Infrastructure.Persistence.Repositories;

/// <summary>
/// An operator's figures of one sale, in a few counts over the sale's indexes. Read when an operator asks (every second
/// or two from the page), never on a shopper's path.
/// </summary>
internal sealed class SaleFiguresReader(FlashPurchaseDbContext db) : ISaleFiguresReader
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    public async Task<SaleFigures> ReadAsync(Sale sale, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var saleId = sale.Id;
        var minuteAgo = now - Minute;
        var places = db.QueuePlaces.AsNoTracking().Where(p => p.SaleId == saleId);
        var purchaseTokens = db.PurchaseTokens.AsNoTracking().Where(t => t.SaleId == saleId);
        var orders = db.Orders.AsNoTracking().Where(o => o.SaleId == saleId);

        var waiting = await places.CountAsync(
            p => p.ExpiresAt > now && p.RevokedAt == null && !db.PurchaseTokens.Any(t => t.QueueTokenId == p.Id), cancellationToken);
        var active = await db.ActivePurchaseTokensOf(saleId, now).AsNoTracking().CountAsync(cancellationToken);
        var joins = await places.CountAsync(p => p.IssuedAt > minuteAgo, cancellationToken);
        var releases = await purchaseTokens.CountAsync(t => t.IssuedAt > minuteAgo, cancellationToken);
        var ordersLastMinute = await orders.CountAsync(o => o.PlacedAt > minuteAgo, cancellationToken);

        int? estimatedWait = waiting == 0 ? 0
            : releases == 0 ? null
            : (int)Math.Ceiling(waiting * Minute.TotalSeconds / releases);

        return new SaleFigures(
            sale.QueueLength, waiting, active, sale.StockTotal - sale.StockRemaining, Math.Max(0, sale.StockRemaining),
            joins, releases, ordersLastMinute, estimatedWait);
    }
}
