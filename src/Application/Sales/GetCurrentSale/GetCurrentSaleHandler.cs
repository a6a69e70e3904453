using FlashPurchase.Application.Abstractions;
using FlashPurchase.Domain.Errors;
using Mediator;

namespace FlashPurchase.Application.Sales.GetCurrentSale;

public sealed class GetCurrentSaleHandler(ISaleRepository sales, TimeProvider clock)
    : IQueryHandler<GetCurrentSaleQuery, Result<SaleView>>
{
    public async ValueTask<Result<SaleView>> Handle(GetCurrentSaleQuery query, CancellationToken cancellationToken) =>
        await sales.GetCurrentAsync(cancellationToken) is { } sale
            ? SaleView.Of(sale, clock.GetUtcNow())
            : DomainErrors.NoSale;
}
