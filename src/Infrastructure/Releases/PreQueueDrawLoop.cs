using FlashPurchase.Application.Queue.DrawPreQueues;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FlashPurchase.Infrastructure.Releases;

/// <summary>
/// In every host that runs the queue worker: once a second, draws the pre-queue of the sales that have just opened
/// (see <see cref="DrawPreQueuesCommand"/>). Several workers may run it at once: each draw takes the sale row's lock
/// and marks the sale drawn, so it happens once.
/// </summary>
internal sealed class PreQueueDrawLoop(IServiceScopeFactory scopes, ILogger<PreQueueDrawLoop> logger)
    : WorkerLoop<DrawPreQueuesCommand>(scopes, logger, Interval)
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override string Activity => "draw the pre-queues";

    protected override void OnRoundDone(ILogger logger, int count) =>
        logger.LogInformation("Drew the pre-queue of {Count} sales at their opening", count);
}
