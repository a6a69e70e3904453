namespace FlashPurchase.Domain.Sales;

/// <summary>Which of a sale's transitions are due to be announced now (each is announced once).</summary>
/// <param name="Opening">Its window has opened: it has length (a sale closed before its opening never opened).</param>
/// <param name="Closing">Its window has ended: at its closesAt, or when an operator closed it early.</param>
public readonly record struct SaleTransitions(bool Opening, bool Closing)
{
    public bool Any => Opening || Closing;

    /// <summary>The one home of the rule, read under the sale row's lock with the sale's announced marks.</summary>
    public static SaleTransitions DueAt(Sale sale, bool openingAnnounced, bool closingAnnounced, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(sale);
        return new SaleTransitions(
            Opening: !openingAnnounced && sale.OpensAt <= now && sale.OpensAt < sale.ClosesAt,
            Closing: !closingAnnounced && sale.ClosesAt <= now);
    }
}
