using FlashPurchase.Application.Abstractions;
using FlashPurchase.Domain.Sales;
using Microsoft.EntityFrameworkCore;

namespace FlashPurchase.Infrastructure.Persistence.Repositories;

internal sealed class SaleRepository(FlashPurchaseDbContext db) : ISaleRepository
{
    public Task<Sale?> GetCurrentAsync(CancellationToken cancellationToken) =>
        db.Sales.AsNoTracking().OrderByDescending(s => s.OpensAt).FirstOrDefaultAsync(cancellationToken);

    public Task<Sale?> FindAsync(Guid saleId, CancellationToken cancellationToken) =>
        db.Sales.AsNoTracking().FirstOrDefaultAsync(s => s.Id == saleId, cancellationToken);
}
