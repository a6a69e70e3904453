using FlashPurchase.Application.Abstractions;
using FlashPurchase.Domain.Errors;
using Mediator;

namespace FlashPurchase.Application.Sales.GetSale;

public sealed record GetSaleQuery(Guid SaleId) : IQuery<Result<SaleView>>;

public sealed class GetSaleHandler(ISaleRepository sales, TimeProvider clock) : IQueryHandler<GetSaleQuery, Result<SaleView>>
{
    public async ValueTask<Result<SaleView>> Handle(GetSaleQuery query, CancellationToken cancellationToken) =>
        await sales.FindAsync(query.SaleId, cancellationToken) is { } sale
            ? SaleView.Of(sale, clock.GetUtcNow())
            : DomainErrors.SaleNotFound;
}
