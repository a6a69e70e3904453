namespace FlashPurchase.Infrastructure.Persistence.Configurations;

/// <summary>
/// Bookkeeping of releasing purchase tokens in queue order (around a pause, at a pace, within a limit of active
/// shoppers, after the pre-queue's draw), kept as shadow columns: nothing outside the repositories reads it, so the
/// domain model does not carry it.
/// </summary>
internal static class SaleReleaseColumns
{
    /// <summary>On a queue place: the worker received its queue token while the sale was paused; release it in order.</summary>
    public const string HeldBack = "HeldBack";

    /// <summary>On a sale: some of its places are held back, so new conversions wait behind them (the queue's order).</summary>
    public const string HasHeldBack = "HasHeldBack";

    /// <summary>On a sale with a release pace: the earliest instant the next purchase token may be released.</summary>
    public const string NextReleaseAt = "NextReleaseAt";

    /// <summary>On a sale: its pre-queue was drawn (once, at the opening).</summary>
    public const string PreQueueDrawn = "PreQueueDrawn";

    /// <summary>
    /// On a queue place: its shopper's id while it is the shopper's current place in the sale, null once a newer place
    /// replaced it. The unique key on (sale, this) allows one current place per shopper, while replaced places stay,
    /// so their tokens still answer why they no longer work.
    /// </summary>
    public const string LiveUserId = "LiveUserId";
}
