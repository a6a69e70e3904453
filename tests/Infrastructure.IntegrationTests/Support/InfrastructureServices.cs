using FlashPurchase.Infrastructure.Persistence;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FlashPurchase.Infrastructure.IntegrationTests.Support;

/// <summary>Builds the real infrastructure the way the hosts do: through AddInfrastructure and configuration keys.</summary>
internal static class InfrastructureServices
{
    public static ServiceProvider Build(
        IDictionary<string, string?> settings,
        Action<InfrastructureSetup>? setup = null,
        TimeProvider? clock = null,
        Action<IServiceCollection>? configureServices = null,
        string environment = "Development")
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        // MassTransit keeps the first ILoggerFactory it meets in a static; a container-owned factory would be disposed
        // with the first provider and break every bus built after it in this process. A non-owned, no-op one never is.
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddLogging();
        services.AddSingleton(clock ?? TimeProvider.System);
        services.AddInfrastructure(configuration, new TestHostEnvironment(environment), setup);
        configureServices?.Invoke(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
    }

    public static Dictionary<string, string?> MariaDb(string connectionString) => new()
    {
        ["Database:Provider"] = "MySql",
        ["Database:ServerVersion"] = TestSupport.TestServers.MySqlServerVersion,
        ["ConnectionStrings:Database"] = connectionString,
        ["Passwords:HashIterations"] = "1000",
    };

    public static Dictionary<string, string?> Sqlite(string path) => new()
    {
        ["Database:Provider"] = "Sqlite",
        ["ConnectionStrings:Database"] = $"Data Source={path}",
        ["Passwords:HashIterations"] = "1000",
    };

    /// <summary>Runs the schema (and seeding) step of start-up, without the bus the other hosted services would start.</summary>
    public static Task InitializeDatabaseAsync(this IServiceProvider services) =>
        services.GetServices<IHostedService>().OfType<DatabaseInitializer>().Single().StartAsync(CancellationToken.None);

    /// <summary>Starts every hosted service except the database initializer (the messaging tests need no database).</summary>
    public static async Task<IReadOnlyList<IHostedService>> StartHostedServicesWithoutDatabaseAsync(this IServiceProvider services)
    {
        var started = new List<IHostedService>();
        foreach (var service in services.GetServices<IHostedService>().Where(s => s is not DatabaseInitializer))
        {
            await service.StartAsync(CancellationToken.None);
            started.Add(service);
        }

        return started;
    }
}
