using FlashPurchase.Application.Abstractions;
using FlashPurchase.Domain.Sales;

namespace FlashPurchase.WebApi.FunctionalTests.Hosting;

/// <summary>
/// A stand-in sale repository for tests about what a shopper's read of a sale does when it fails: only the reads are
/// theirs to define; an operator's writes are not part of those tests.
/// </summary>
internal abstract class SaleReadsOnlyRepository : ISaleRepository
{
    public abstract Task<Sale?> GetCurrentAsync(CancellationToken cancellationToken);

    public abstract Task<Sale?> FindAsync(Guid saleId, CancellationToken cancellationToken);

    public Task<IReadOnlyList<Sale>> ListUnendedAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<IReadOnlyList<Sale>> ListAllAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task AddAsync(Sale sale, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<SaleEditOutcome> EditAsync(Guid saleId, SaleEdit edit, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public Task<bool> SetPausedAsync(Guid saleId, bool paused, DateTimeOffset now, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public Task<bool> CloseAsync(Guid saleId, DateTimeOffset now, CancellationToken cancellationToken) =>
        throw new NotSupportedException();
}
