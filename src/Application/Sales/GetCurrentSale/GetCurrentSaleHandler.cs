using FlashPurchase.Application.Abstractions;
using FlashPurchase.Domain.Errors;
using FlashPurchase.Domain.Sales;
using Mediator;

namespace FlashPurchase.Application.Sales.GetCurrentSale;

public sealed class GetCurrentSaleHandler(ISaleRepository sales, TimeProvider clock)
    : IQueryHandler<GetCurrentSaleQuery, Result<SaleView>>
{
    public async ValueTask<Result<SaleView>> Handle(GetCurrentSaleQuery query, CancellationToken cancellationToken)
    {
        var sale = await sales.GetCurrentAsync(cancellationToken);
        if (sale is null)
        {
            return DomainErrors.NoSale;
        }

        return new SaleView(
            sale.Id, sale.ProductName, sale.Price, sale.Currency, sale.StockTotal, Math.Max(0, sale.StockRemaining),
            sale.OpensAt, sale.ClosesAt, ToContractName(sale.StatusAt(clock.GetUtcNow())));
    }

    public static string ToContractName(SaleStatus status) => status switch
    {
        SaleStatus.Scheduled => "scheduled",
        SaleStatus.Open => "open",
        SaleStatus.SoldOut => "sold_out",
        SaleStatus.Closed => "closed",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };
}
