using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace FlashPurchase.Infrastructure.SharedState;

/// <summary>
/// Redis, where the API instances keep what they must agree on (the rate limits and the login throttle's counts):
/// registered only when <c>ConnectionStrings:Redis</c> is set. Without it every limit is counted in each process's
/// memory, which is all the embedded default needs.
/// </summary>
public static class SharedStateRegistration
{
    public const string ConnectionStringName = "Redis";

    /// <summary>Whether a Redis connection string is configured.</summary>
    public static bool HasSharedState(this IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration.GetConnectionString(ConnectionStringName));

    public static IServiceCollection AddSharedState(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SharedStateOptions>().Bind(configuration.GetSection(SharedStateOptions.SectionName))
            .Validate(o => !string.IsNullOrWhiteSpace(o.KeyPrefix), "Redis:KeyPrefix must not be empty.")
            .ValidateOnStart();
        if (!configuration.HasSharedState())
        {
            return services;
        }

        // Parsed here so that a malformed string stops the start, not the first request.
        var options = ParseConnectionString(configuration.GetConnectionString(ConnectionStringName)!);
        services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(options));
        services.AddSingleton<SharedStateGate>();
        services.AddSingleton<RedisTokenBucket>();
        return services;
    }

    /// <summary>
    /// The connection string with the defaults a limiter needs: never give up connecting (Redis may start after the
    /// API, or come back after an outage), and short timeouts unless the string sets its own, so that a Redis that
    /// stopped answering costs a request a fraction of a second, not the client's default five.
    /// </summary>
    internal static ConfigurationOptions ParseConnectionString(string connectionString)
    {
        ConfigurationOptions options;
        try
        {
            options = ConfigurationOptions.Parse(connectionString);
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException($"ConnectionStrings:{ConnectionStringName} is not a Redis configuration string: {e.Message}", e);
        }

        options.AbortOnConnectFail = false;
        var given = connectionString.ToLowerInvariant();
        if (!given.Contains("connecttimeout=", StringComparison.Ordinal))
        {
            options.ConnectTimeout = 2_000;
        }

        if (!given.Contains("synctimeout=", StringComparison.Ordinal))
        {
            options.SyncTimeout = 500;
        }

        if (!given.Contains("asynctimeout=", StringComparison.Ordinal))
        {
            options.AsyncTimeout = 500;
        }

        return options;
    }
}

/// <summary>Section <c>Redis</c>: how FlashPurchase names its keys in a Redis it may share.</summary>
public sealed class SharedStateOptions
{
    public const string SectionName = "Redis";

    /// <summary>Put before every key, so that several shops (or test runs) can share one Redis.</summary>
    public string KeyPrefix { get; set; } = "flashpurchase:";
}
