namespace FlashPurchase.Infrastructure.Persistence.Configurations;

/// <summary>
/// On a sale: whether its opening and its closing were written to the outbox (SaleOpened, SaleClosed), each once.
/// Shadow columns, like <see cref="SaleReleaseColumns"/>: only the announcing loop reads them.
/// </summary>
internal static class SaleAnnouncementColumns
{
    public const string OpeningAnnounced = "OpeningAnnounced";

    public const string ClosingAnnounced = "ClosingAnnounced";
}
