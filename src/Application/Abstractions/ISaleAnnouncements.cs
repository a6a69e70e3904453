namespace FlashPurchase.Application.Abstractions;

/// <summary>
/// Announces each sale's opening and closing once, to downstream systems, through the outbox (see
/// <see cref="Domain.Sales.SaleTransitions"/>).
/// </summary>
public interface ISaleAnnouncements
{
    /// <summary>The sales with an opening or a closing at or before <paramref name="now"/> not announced yet.</summary>
    Task<IReadOnlyList<Guid>> SalesDueAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Under the sale row's lock: writes the events of the transitions still due and marks them announced, in one
    /// transaction. Returns how many events it wrote (0 when another worker announced them meanwhile).
    /// </summary>
    Task<int> AnnounceAsync(Guid saleId, DateTimeOffset now, CancellationToken cancellationToken);
}
