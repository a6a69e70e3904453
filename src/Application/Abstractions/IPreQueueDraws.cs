namespace FlashPurchase.Application.Abstractions;

/// <summary>Draws a sale's pre-queue once, at its opening (see <see cref="Domain.Queue.PreQueueDraw"/>).</summary>
public interface IPreQueueDraws
{
    /// <summary>The sales that have opened, are not closed and are not drawn yet.</summary>
    Task<IReadOnlyList<Guid>> SalesDueAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Under the sale row's lock, if <see cref="Domain.Queue.PreQueueDraw.IsDue"/> still holds: gives the sale's
    /// current pre-queued places the positions <paramref name="draw"/> makes of theirs (in the order given), clears
    /// their pre-queued mark and marks the sale drawn, in one transaction. Returns how many places were drawn, or null
    /// when the sale was not due (drawn meanwhile by another worker, or not open).
    /// </summary>
    Task<int?> DrawAsync(
        Guid saleId, DateTimeOffset now, Func<IReadOnlyList<long>, IReadOnlyList<long>> draw, CancellationToken cancellationToken);
}
