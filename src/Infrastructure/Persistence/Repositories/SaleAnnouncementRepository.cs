using FlashPurchase.Application.Abstractions;
using FlashPurchase.Domain.Sales;
using FlashPurchase.Infrastructure.Messaging.Events;
using FlashPurchase.Infrastructure.Messaging.Outbox;
using FlashPurchase.Infrastructure.Persistence.Configurations;
using Microsoft.EntityFrameworkCore;

namespace FlashPurchase.Infrastructure.Persistence.Repositories;

internal sealed class SaleAnnouncementRepository(FlashPurchaseDbContext db, OutboxSignal outbox) : ISaleAnnouncements
{
    public async Task<IReadOnlyList<Guid>> SalesDueAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        await db.Sales.AsNoTracking()
            .Where(s => (!EF.Property<bool>(s, SaleAnnouncementColumns.OpeningAnnounced) && s.OpensAt <= now)
                || (!EF.Property<bool>(s, SaleAnnouncementColumns.ClosingAnnounced) && s.ClosesAt <= now))
            .OrderBy(s => s.OpensAt)
            .Select(s => s.Id)
            .ToListAsync(cancellationToken);

    public async Task<int> AnnounceAsync(Guid saleId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        // Another worker announcing the same sale waits here, then finds it announced.
        if (!await db.LockSaleAsync(saleId, cancellationToken))
        {
            return 0;
        }

        var read = await db.Sales.AsNoTracking().Where(s => s.Id == saleId)
            .Select(s => new
            {
                Sale = s,
                Opening = EF.Property<bool>(s, SaleAnnouncementColumns.OpeningAnnounced),
                Closing = EF.Property<bool>(s, SaleAnnouncementColumns.ClosingAnnounced),
            })
            .SingleAsync(cancellationToken);
        var sale = read.Sale;
        var due = SaleTransitions.DueAt(sale, read.Opening, read.Closing, now);
        if (due.Opening)
        {
            db.OutboxMessages.Add(OutboxMessage.For(new SaleOpened(Guid.NewGuid(), saleId, sale.OpensAt), sale.OpensAt));
        }

        if (due.Closing)
        {
            db.OutboxMessages.Add(OutboxMessage.For(new SaleClosed(Guid.NewGuid(), saleId, sale.ClosesAt), sale.ClosesAt));
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        finally
        {
            db.ChangeTracker.Clear();
        }

        // A closed sale is done with both: one that closed before it opened never announces an opening.
        var closed = read.Closing || due.Closing;
        await db.Sales.Where(s => s.Id == saleId)
            .ExecuteUpdateAsync(s => s
                .SetProperty(x => EF.Property<bool>(x, SaleAnnouncementColumns.OpeningAnnounced), read.Opening || due.Opening || closed)
                .SetProperty(x => EF.Property<bool>(x, SaleAnnouncementColumns.ClosingAnnounced), closed), cancellationToken);
        await transaction.CommitAsync(CancellationToken.None);
        var written = (due.Opening ? 1 : 0) + (due.Closing ? 1 : 0);
        if (written > 0)
        {
            outbox.Wake();
        }

        return written;
    }
}
