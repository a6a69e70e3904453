using FlashPurchase.Application.Abstractions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FlashPurchase.Infrastructure.Telemetry;

/// <summary>
/// Every few seconds, reads the figures of the sales whose window has not ended into the per-sale gauges of
/// <see cref="FlashPurchaseMetrics"/>. A loop rather than a read per scrape: several scrapers (or a 1 s scrape
/// interval) then cost the database nothing more. Runs only where metrics are served, in the API (one reader per
/// API instance; the Worker does not repeat it).
/// </summary>
internal sealed class SaleFiguresSnapshotLoop(
    IServiceScopeFactory scopes, FlashPurchaseMetrics metrics, TimeProvider clock, ILogger<SaleFiguresSnapshotLoop> logger)
    : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The wall clock's cadence, like the worker's loops: how often to look, not business time.
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                await RefreshAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // Stale figures stay reported until the next read succeeds: a database outage shows in other metrics.
                logger.LogWarning(e, "Could not read the sales' figures for the metrics: will try again in {Interval}", Interval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var sales = scope.ServiceProvider.GetRequiredService<ISaleRepository>();
        var figures = scope.ServiceProvider.GetRequiredService<ISaleFiguresReader>();
        var now = clock.GetUtcNow();
        var samples = new List<SaleFiguresSample>();
        foreach (var sale in await sales.ListUnendedAsync(cancellationToken))
        {
            samples.Add(new SaleFiguresSample(sale.Id, await figures.ReadAsync(sale, now, cancellationToken)));
        }

        metrics.PublishSaleFigures(samples);
    }
}
