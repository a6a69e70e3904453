namespace FlashPurchase.Infrastructure.Persistence.Configurations;

/// <summary>
/// Bookkeeping of releasing purchase tokens around a pause, kept as shadow columns: nothing outside the repositories
/// reads it, so the domain model does not carry it.
/// </summary>
internal static class SaleReleaseColumns
{
    /// <summary>On a queue place: the worker received its queue token while the sale was paused; release it in order.</summary>
    public const string HeldBack = "HeldBack";

    /// <summary>On a sale: some of its places are held back, so new conversions wait behind them (the queue's order).</summary>
    public const string HasHeldBack = "HasHeldBack";
}
