using FlashPurchase.Application.Abstractions;
using FlashPurchase.Domain.Sales;

namespace FlashPurchase.Application.Sales.Admin;

/// <summary>A sale as an operator sees it: what shoppers see, its settings, and its live figures.</summary>
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
/// <param name="Duration">How long the window lasts, from <c>opensAt</c>.</param>
/// <param name="QueueCapacity">How many shoppers may hold a place at once; 0: no limit.</param>
/// <param name="PreQueue">How long before the opening the pre-queue opens; 00:00:00: none.</param>
/// <param name="ReleaseRate">Shoppers released per minute at most, at an even pace; 0: as fast as the worker converts.</param>
/// <param name="MaxActiveShoppers">Released, unexpired, unused purchase tokens at once at most; 0: no limit.</param>
/// <param name="PurchaseWindow">How long a released purchase token may be used.</param>
/// <param name="Figures">Read from the database when asked.</param>
public sealed record AdminSaleView(
    Guid SaleId, string ProductName, decimal Price, string Currency, int StockTotal, int StockRemaining,
    DateTimeOffset OpensAt, DateTimeOffset ClosesAt, string Status,
    DateTimeOffset? PreQueueOpensAt, bool Paused, int ChallengeDifficulty,
    TimeSpan Duration, int QueueCapacity, TimeSpan PreQueue, int ReleaseRate, int MaxActiveShoppers,
    TimeSpan PurchaseWindow, SaleFigures Figures)
    : SaleView(SaleId, ProductName, Price, Currency, StockTotal, StockRemaining, OpensAt, ClosesAt, Status,
        PreQueueOpensAt, Paused, ChallengeDifficulty)
{
    public static AdminSaleView Of(Sale sale, SaleFigures figures, TimeSpan tokenLifetime, DateTimeOffset now)
    {
        var view = SaleView.Of(sale, now);
        return new AdminSaleView(
            view.SaleId, view.ProductName, view.Price, view.Currency, view.StockTotal, view.StockRemaining,
            view.OpensAt, view.ClosesAt, view.Status, view.PreQueueOpensAt, view.Paused, view.ChallengeDifficulty,
            sale.Duration, sale.QueueCapacity, sale.PreQueue, sale.ReleaseRate, sale.MaxActiveShoppers,
            sale.WaitingRoom.PurchaseWindowOr(tokenLifetime), figures);
    }
}

/// <summary>Reads a sale's figures and makes its operator's view: the one way every admin answer is made.</summary>
public sealed class AdminSaleViews(ISaleFiguresReader figures, ITokenService tokens, TimeProvider clock)
{
    public async Task<AdminSaleView> OfAsync(Sale sale, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        return AdminSaleView.Of(sale, await figures.ReadAsync(sale, now, cancellationToken), tokens.SaleTokenLifetime, now);
    }
}
