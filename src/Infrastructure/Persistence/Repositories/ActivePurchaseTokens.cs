using FlashPurchase.Domain.Queue;

namespace FlashPurchase.Infrastructure.Persistence.Repositories;

internal static class ActivePurchaseTokens
{
    /// <summary>
    /// A sale's active purchase tokens at <paramref name="now"/>: released, unexpired, not revoked, not spent on an order.
    /// The one definition for the limit of active shoppers the release keeps and the figure an operator watches.
    /// </summary>
    public static IQueryable<PurchaseToken> ActivePurchaseTokensOf(this FlashPurchaseDbContext db, Guid saleId, DateTimeOffset now) =>
        db.PurchaseTokens.Where(t => t.SaleId == saleId && t.ExpiresAt > now && t.RevokedAt == null
            && !db.Orders.Any(o => o.PurchaseTokenId == t.Id));
}
