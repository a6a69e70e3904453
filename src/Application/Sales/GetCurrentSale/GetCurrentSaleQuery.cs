using FlashPurchase.Application.Abstractions;
using Mediator;

namespace FlashPurchase.Application.Sales.GetCurrentSale;

public sealed record GetCurrentSaleQuery : IQuery<Result<SaleView>>;

/// <summary>The sale as a shopper sees it; <see cref="Status"/> is one of scheduled, open, sold_out, closed.</summary>
public sealed record SaleView(
    Guid SaleId, string ProductName, decimal Price, string Currency, int StockTotal, int StockRemaining,
    DateTimeOffset OpensAt, DateTimeOffset ClosesAt, string Status);
