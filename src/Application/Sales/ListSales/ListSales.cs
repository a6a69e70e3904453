using FlashPurchase.Application.Abstractions;
using Mediator;

namespace FlashPurchase.Application.Sales.ListSales;

/// <summary>The sales a shopper can still join or wait for: scheduled, open and sold out, soonest to open first.</summary>
public sealed record ListSalesQuery : IQuery<IReadOnlyList<SaleView>>;

/// <summary>
/// The waiting room reads this when it loads and when a sale's status changes: answered from the process's snapshot
/// (see <see cref="CurrentSaleCache"/>), so a crowd loading the page costs one database read a second.
/// </summary>
public sealed class ListSalesHandler(ISaleRepository sales, CurrentSaleCache saleCache, TimeProvider clock)
    : IQueryHandler<ListSalesQuery, IReadOnlyList<SaleView>>
{
    public async ValueTask<IReadOnlyList<SaleView>> Handle(ListSalesQuery query, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var unended = await saleCache.ListUnendedAsync(sales, cancellationToken);
        // The snapshot may be up to a second old: a sale whose window ended since is no longer listed.
        return unended.Where(sale => sale.ClosesAt > now).Select(sale => SaleView.Of(sale, now)).ToList();
    }
}
