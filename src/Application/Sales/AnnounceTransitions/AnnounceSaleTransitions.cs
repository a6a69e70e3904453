using FlashPurchase.Application.Abstractions;
using Mediator;

namespace FlashPurchase.Application.Sales.AnnounceTransitions;

/// <summary>
/// Sent by the queue worker every second: announces the openings and closings of sales (SaleOpened, SaleClosed) that
/// have happened and are not announced yet. Several workers may send it at once: the sale row's lock and the sale's
/// announced marks make each announcement happen once. Returns how many events it wrote.
/// </summary>
public sealed record AnnounceSaleTransitionsCommand : ICommand<int>;

public sealed class AnnounceSaleTransitionsHandler(ISaleAnnouncements announcements, TimeProvider clock)
    : ICommandHandler<AnnounceSaleTransitionsCommand, int>
{
    public async ValueTask<int> Handle(AnnounceSaleTransitionsCommand command, CancellationToken cancellationToken)
    {
        var written = 0;
        foreach (var saleId in await announcements.SalesDueAsync(clock.GetUtcNow(), cancellationToken))
        {
            written += await announcements.AnnounceAsync(saleId, clock.GetUtcNow(), cancellationToken);
        }

        return written;
    }
}
