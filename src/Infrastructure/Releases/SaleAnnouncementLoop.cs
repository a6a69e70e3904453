using FlashPurchase.Application.Sales.AnnounceTransitions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FlashPurchase.Infrastructure.Releases;

/// <summary>
/// In every host that runs the queue worker: once a second, writes SaleOpened and SaleClosed to the outbox for the sales
/// whose window opened or ended (see <see cref="AnnounceSaleTransitionsCommand"/>). Several workers may run it at once:
/// each announcement takes the sale row's lock and marks the sale announced, so it happens once.
/// </summary>
internal sealed class SaleAnnouncementLoop(IServiceScopeFactory scopes, ILogger<SaleAnnouncementLoop> logger)
    : WorkerLoop<AnnounceSaleTransitionsCommand>(scopes, logger, Interval)
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override string Activity => "announce the sales' openings and closings";

    protected override void OnRoundDone(ILogger logger, int count) =>
        logger.LogInformation("Announced {Count} openings and closings of sales", count);
}
