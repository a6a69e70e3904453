using FlashPurchase.Application.Abstractions;
using Mediator;

namespace FlashPurchase.Application.Sales.ListSales;

/// <summary>The sales a shopper can still join or wait for: scheduled, open and sold out, soonest to open first.</summary>
public sealed record ListSalesQuery : IQuery<IReadOnlyList<SaleView>>;

public sealed class ListSalesHandler(ISaleRepository sales, TimeProvider clock) : IQueryHandler<ListSalesQuery, IReadOnlyList<SaleView>>
{
    public async ValueTask<IReadOnlyList<SaleView>> Handle(ListSalesQuery query, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        return (await sales.ListUnendedAsync(cancellationToken)).Select(sale => SaleView.Of(sale, now)).ToList();
    }
}
