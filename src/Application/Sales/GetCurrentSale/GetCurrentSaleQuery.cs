using FlashPurchase.Application.Abstractions;
using Mediator;

namespace FlashPurchase.Application.Sales.GetCurrentSale;

public sealed record GetCurrentSaleQuery : IQuery<Result<SaleView>>;
