using FlashPurchase.Domain.Sales;

namespace FlashPurchase.Application.Sales;

/// <summary>A sale as a shopper sees it.</summary>
/// <param name="SaleId">The sale's id, as <c>?saleId=</c> takes it.</param>
/// <param name="ProductName">The product sold.</param>
/// <param name="Price">The sale price, in <paramref name="Currency"/>.</param>
/// <param name="Currency">ISO 4217 code.</param>
/// <param name="StockTotal">Units for sale.</param>
/// <param name="StockRemaining">Units not sold yet.</param>
/// <param name="OpensAt">When the queue opens.</param>
/// <param name="ClosesAt">When the sale ends: nobody joins or buys from then on.</param>
/// <param name="Status">scheduled, open, sold_out or closed.</param>
/// <param name="PreQueueOpensAt">When shoppers may start to wait before the opening; null: no pre-queue.</param>
/// <param name="Paused">An operator paused the queue: newcomers are asked to come back shortly.</param>
/// <param name="ChallengeDifficulty">The proof of work asked at joining; 0: none.</param>
public record SaleView(
    Guid SaleId, string ProductName, decimal Price, string Currency, int StockTotal, int StockRemaining,
    DateTimeOffset OpensAt, DateTimeOffset ClosesAt, string Status,
    DateTimeOffset? PreQueueOpensAt, bool Paused, int ChallengeDifficulty)
{
    public static SaleView Of(Sale sale, DateTimeOffset now) => new(
        sale.Id, sale.ProductName, sale.Price, sale.Currency, sale.StockTotal, Math.Max(0, sale.StockRemaining),
        sale.OpensAt, sale.ClosesAt, StatusName(sale.StatusAt(now)),
        sale.PreQueueOpensAt, sale.Paused, sale.ChallengeDifficulty);

    public static string StatusName(SaleStatus status) => status switch
    {
        SaleStatus.Scheduled => "scheduled",
        SaleStatus.Open => "open",
        SaleStatus.SoldOut => "sold_out",
        SaleStatus.Closed => "closed",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };
}
