using FlashPurchase.Application.Queue.DrawPreQueues;
using FlashPurchase.Infrastructure.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ISender = Mediator.ISender;

namespace FlashPurchase.Infrastructure.Releases;

/// <summary>
/// In every host that runs the queue worker: once a second, draws the pre-queue of the sales that have just opened
/// (see <see cref="DrawPreQueuesCommand"/>). Several workers may run it at once: each draw takes the sale row's lock
/// and marks the sale drawn, so it happens once.
/// </summary>
internal sealed class PreQueueDrawLoop(IServiceScopeFactory scopes, ILogger<PreQueueDrawLoop> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The wall clock's cadence, not the application's TimeProvider: this is how often to look, not business time.
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var drawn = await scope.ServiceProvider.GetRequiredService<ISender>()
                    .Send(new DrawPreQueuesCommand(), stoppingToken);
                if (drawn > 0)
                {
                    logger.LogInformation("Drew the pre-queue of {Count} sales at their opening", drawn);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // Never ends the loop: an undrawn sale stays due, and the next tick tries again.
                logger.Log(TransientDatabaseFailure.Is(e) ? LogLevel.Warning : LogLevel.Error, e,
                    "Could not draw the pre-queues: will try again in {Interval}", Interval);
            }
        }
    }
}
