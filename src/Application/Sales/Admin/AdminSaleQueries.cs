using FlashPurchase.Application.Abstractions;
using FlashPurchase.Domain.Errors;
using Mediator;

namespace FlashPurchase.Application.Sales.Admin;

public sealed record ListAdminSalesQuery : IQuery<IReadOnlyList<AdminSaleView>>;

public sealed record GetAdminSaleQuery(Guid SaleId) : IQuery<Result<AdminSaleView>>;

public sealed class ListAdminSalesHandler(ISaleRepository sales, AdminSaleViews views)
    : IQueryHandler<ListAdminSalesQuery, IReadOnlyList<AdminSaleView>>
{
    public async ValueTask<IReadOnlyList<AdminSaleView>> Handle(ListAdminSalesQuery query, CancellationToken cancellationToken)
    {
        var list = new List<AdminSaleView>();
        foreach (var sale in await sales.ListAllAsync(cancellationToken))
        {
            list.Add(await views.OfAsync(sale, cancellationToken));
        }

        return list;
    }
}

public sealed class GetAdminSaleHandler(ISaleRepository sales, AdminSaleViews views)
    : IQueryHandler<GetAdminSaleQuery, Result<AdminSaleView>>
{
    public async ValueTask<Result<AdminSaleView>> Handle(GetAdminSaleQuery query, CancellationToken cancellationToken) =>
        await sales.FindAsync(query.SaleId, cancellationToken) is { } sale
            ? await views.OfAsync(sale, cancellationToken)
            : DomainErrors.SaleNotFound;
}
