using Microsoft.Extensions.Options;

namespace FlashPurchase.WebApi.Shutdown;

/// <summary>Shutdown: how the API stops when it is asked to (SIGTERM).</summary>
public sealed class ShutdownOptions
{
    public const string SectionName = "Shutdown";

    /// <summary>
    /// How long the API goes on serving after a stop begins, readiness already answering 503, before it stops taking
    /// connections: long enough for a load balancer that polls /health/ready to take it out of rotation (its interval
    /// times its failure threshold). Zero: the listener closes at once. Counts against the host's 30 s shutdown timeout.
    /// </summary>
    public TimeSpan DrainDelay { get; set; } = TimeSpan.Zero;
}

/// <summary>
/// Holds the stop back by <see cref="ShutdownOptions.DrainDelay"/> before any hosted service stops (the web server
/// stops first of them and closes the listener): a balancer still sends requests until it sees readiness fail, and
/// those find the API serving rather than a refused connection.
/// </summary>
internal sealed class ShutdownDrain(IOptions<ShutdownOptions> options, ILogger<ShutdownDrain> logger) : IHostedLifecycleService
{
    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        var delay = options.Value.DrainDelay;
        if (delay <= TimeSpan.Zero)
        {
            return;
        }

        logger.LogInformation("Stopping: readiness answers 503; serving for {DrainDelay} more before the listener closes", delay);
        try
        {
            await Task.Delay(delay, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The shutdown timeout ran out: stop now.
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

public static class ShutdownDrainRegistration
{
    public static IServiceCollection AddShutdownDrain(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ShutdownOptions>().Bind(configuration.GetSection(ShutdownOptions.SectionName))
            .Validate(o => o.DrainDelay >= TimeSpan.Zero, "Shutdown:DrainDelay must not be negative.")
            .ValidateOnStart();
        services.AddHostedService<ShutdownDrain>();
        return services;
    }
}
