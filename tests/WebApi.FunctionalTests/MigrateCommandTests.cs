using System.Security.Cryptography;
using FlashPurchase.Infrastructure;
using FlashPurchase.Infrastructure.Persistence;
using FlashPurchase.TestSupport;
using FlashPurchase.WebApi.FunctionalTests.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting.Internal;

namespace FlashPurchase.WebApi.FunctionalTests;

/// <summary>
/// The real stack as an operator runs it, in Production: the API's migrate command brings an empty database up to date
/// and exits 0; the API and the Worker started on a database it has not migrated exit at once with one line that says
/// to run it, and touch nothing. Each test has a database of its own.
/// </summary>
public sealed class MigrateCommandTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    private ThrowawayDatabase _database = null!;

    public async Task InitializeAsync() => _database = await ThrowawayDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task Migrate_OnAnEmptyDatabase_ExitsZero_AndLeavesNoPendingMigration_AndTheSale()
    {
        var migrate = await BuiltProcess.RunAsync("WebApi", ["migrate"], Settings(), Timeout);

        migrate.ExitCode.Should().Be(0, migrate.Output);
        await using var services = Infrastructure();
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FlashPurchaseDbContext>();
        (await db.Database.GetAppliedMigrationsAsync()).Should().NotBeEmpty();
        (await db.Database.GetPendingMigrationsAsync()).Should().BeEmpty();
        (await db.Sales.CountAsync()).Should().Be(1, "the migrate command creates the default sale too");

        var again = await BuiltProcess.RunAsync("WebApi", ["migrate"], Settings(), Timeout);
        again.ExitCode.Should().Be(0, again.Output);
        (await db.Sales.CountAsync()).Should().Be(1);
    }

    [Theory]
    [InlineData("WebApi")]
    [InlineData("Worker")]
    public async Task StartingInProduction_OnADatabaseNotMigrated_ExitsWithOneLineSayingToRunMigrate_AndCreatesNoTable(string host)
    {
        var run = await BuiltProcess.RunAsync(host, [], Settings(), Timeout);

        run.ExitCode.Should().Be(1, run.Output);
        run.Output.Should().MatchRegex(
            @"(?m)^\s*The database is missing \d+ migration\(s\) of this version \(.*\) and Database:MigrateOnStartup is off here: " +
            @"run the migrate command once .*FlashPurchase\.WebApi\.dll migrate.*$");
        run.Output.Should().NotContain("Unhandled exception", "it exits, it does not crash");
        (await _database.ScalarAsync("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()"))
            .Should().Be(0);
    }

    private Dictionary<string, string> Settings() => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["DOTNET_ENVIRONMENT"] = "Production",
        ["Database__Provider"] = "MySql",
        ["Database__ServerVersion"] = TestServers.MySqlServerVersion,
        ["ConnectionStrings__Database"] = _database.ConnectionString,
        ["Messaging__Transport"] = "RabbitMq",
        ["ConnectionStrings__RabbitMq"] = TestServers.RabbitMqAmqp.ToString(),
        ["Tokens__SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)),
        ["Tokens__PurchaseSigningKey"] = PurchaseSigningKey.NewPem(),
        ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
        ["Logging__Console__FormatterName"] = "simple",
    };

    private ServiceProvider Infrastructure()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "MySql",
            ["Database:ServerVersion"] = TestServers.MySqlServerVersion,
            ["ConnectionStrings:Database"] = _database.ConnectionString,
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddInfrastructure(configuration, new HostingEnvironment { EnvironmentName = "Development" });
        return services.BuildServiceProvider();
    }
}
