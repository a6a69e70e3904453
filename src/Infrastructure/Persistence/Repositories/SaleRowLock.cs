using Microsoft.EntityFrameworkCore;

namespace FlashPurchase.Infrastructure.Persistence.Repositories;

/// <summary>The one way a transaction takes a sale row's lock before it reads what it decides on.</summary>
internal static class SaleRowLock
{
    /// <summary>
    /// Locks the sale's row until the caller's transaction ends, with an update that changes nothing; false when there is
    /// no such sale. It counts the row it finds, not the rows it changes: MySqlConnector reports found rows, and Pomelo
    /// insists on it (see HeldBackReleaseTests).
    /// </summary>
    public static async Task<bool> LockSaleAsync(this FlashPurchaseDbContext db, Guid saleId, CancellationToken cancellationToken) =>
        await db.Sales.Where(s => s.Id == saleId)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.QueueLength, x => x.QueueLength), cancellationToken) > 0;
}
