using FlashPurchase.Application.Abstractions;
using FlashPurchase.Domain.Errors;
using Mediator;

namespace FlashPurchase.Application.Sales.GetCurrentSale;

/// <summary>
/// Every waiting room polls this: answered from the process's sale snapshot (at most <see cref="CurrentSaleCache.MaxAge"/>
/// old, and dropped at once by this process's purchases and operator changes), with the status computed at the clock's
/// time, so a crowd's polls cost no database read.
/// </summary>
public sealed class GetCurrentSaleHandler(ISaleRepository sales, CurrentSaleCache saleCache, TimeProvider clock)
    : IQueryHandler<GetCurrentSaleQuery, Result<SaleView>>
{
    public async ValueTask<Result<SaleView>> Handle(GetCurrentSaleQuery query, CancellationToken cancellationToken) =>
        await saleCache.GetAsync(sales, cancellationToken) is { } sale
            ? SaleView.Of(sale, clock.GetUtcNow())
            : DomainErrors.NoSale;
}
