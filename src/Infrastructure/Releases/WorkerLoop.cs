using FlashPurchase.Infrastructure.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ISender = Mediator.ISender;

namespace FlashPurchase.Infrastructure.Releases;

/// <summary>
/// A command the queue worker's host sends at a steady cadence, each time in a scope of its own. A failed round never
/// ends the loop: what was due stays due, and the next round tries again. Several workers may run the same loop: the
/// commands take the sale row's lock for what they change.
/// </summary>
/// <remarks>
/// The cadence is the wall clock's, not the application's TimeProvider: it is how often to look, not business time (a
/// test that holds its clock still must not hold every look back with it).
/// </remarks>
internal abstract class WorkerLoop<TCommand>(IServiceScopeFactory scopes, ILogger logger, TimeSpan interval) : BackgroundService
    where TCommand : Mediator.ICommand<int>, new()
{
    /// <summary>What a round that did <paramref name="count"/> things logs and counts (not called for a round that did none).</summary>
    protected abstract void OnRoundDone(ILogger logger, int count);

    /// <summary>What failed, in a few words, for the log: "release held-back places".</summary>
    protected abstract string Activity { get; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                // A round in flight when the host stops finishes (one short transaction): cancelled mid-statement, EF
                // would log the connection as failed, an error at every graceful stop, for nothing gained.
                await using var scope = scopes.CreateAsyncScope();
                var count = await scope.ServiceProvider.GetRequiredService<ISender>().Send(new TCommand(), CancellationToken.None);
                if (count > 0)
                {
                    OnRoundDone(logger, count);
                }
            }
            catch (Exception e)
            {
                logger.Log(TransientDatabaseFailure.Is(e) ? LogLevel.Warning : LogLevel.Error, e,
                    "Could not {Activity}: will try again in {Interval}", Activity, interval);
            }
        }
    }
}
