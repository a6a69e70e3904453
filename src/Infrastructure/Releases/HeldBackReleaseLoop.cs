using FlashPurchase.Application.Queue.ReleaseHeldBack;
using FlashPurchase.Infrastructure.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FlashPurchase.Infrastructure.Releases;

/// <summary>
/// In every host that runs the queue worker: ten times a second, releases the places held back (paused, paced, limited to
/// a number of active shoppers, or before the pre-queue's draw; see <see cref="ReleaseHeldBackCommand"/>). Often enough
/// for a pace of one release every 100 ms to be kept evenly. Several workers may run it at once: each batch takes the
/// sale row's lock, and the pace is read and moved on under it.
/// </summary>
internal sealed class HeldBackReleaseLoop(IServiceScopeFactory scopes, FlashPurchaseMetrics metrics, ILogger<HeldBackReleaseLoop> logger)
    : WorkerLoop<ReleaseHeldBackCommand>(scopes, logger, Interval)
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    protected override string Activity => "release held-back queue places";

    protected override void OnRoundDone(ILogger logger, int count)
    {
        metrics.RecordReleased(count);
        logger.LogInformation("Released {Count} held-back queue places", count);
    }
}
