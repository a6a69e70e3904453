using FlashPurchase.Application.Queue.ReleaseHeldBack;
using FlashPurchase.Infrastructure.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ISender = Mediator.ISender;

namespace FlashPurchase.Infrastructure.Releases;

/// <summary>
/// In every host that runs the queue worker: ten times a second, releases the places held back (paused, paced, limited to
/// a number of active shoppers, or before the pre-queue's draw; see <see cref="ReleaseHeldBackCommand"/>). Often enough
/// for a pace of one release every 100 ms to be kept evenly. Several workers may run it at once: each batch takes the
/// sale row's lock, and the pace is read and moved on under it.
/// </summary>
internal sealed class HeldBackReleaseLoop(IServiceScopeFactory scopes, ILogger<HeldBackReleaseLoop> logger)
    : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The wall clock's cadence, not the application's TimeProvider: this is how often to look, not business time
        // (a test that holds its clock still must not hold back every release with it).
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var released = await scope.ServiceProvider.GetRequiredService<ISender>()
                    .Send(new ReleaseHeldBackCommand(), stoppingToken);
                if (released > 0)
                {
                    logger.LogInformation("Released {Count} held-back queue places", released);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // Never ends the loop: what is held back stays held back, and the next tick tries again.
                logger.Log(TransientDatabaseFailure.Is(e) ? LogLevel.Warning : LogLevel.Error, e,
                    "Could not release held-back queue places: will try again in {Interval}", Interval);
            }
        }
    }
}
