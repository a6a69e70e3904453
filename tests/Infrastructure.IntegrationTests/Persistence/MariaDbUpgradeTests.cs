using FlashPurchase.Infrastructure.IntegrationTests.Support;
using FlashPurchase.Infrastructure.Persistence;
using FlashPurchase.Infrastructure.Sales;
using FlashPurchase.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MySqlConnector;

namespace FlashPurchase.Infrastructure.IntegrationTests.Persistence;

/// <summary>
/// A MariaDB database an earlier version migrated (to InitialSchema, the first migration, or to the last migration
/// before SalesRunByOperators) is brought up to date by whoever migrates, with its rows, and goes on selling; a process
/// that may not migrate refuses it and changes nothing. Each test has a database of its own.
/// </summary>
public sealed class MariaDbUpgradeTests : IAsyncLifetime
{
    private const string FirstMigration = "InitialSchema";

    /// <summary>The last migration of the version before sales were run by operators (SalesRunByOperators).</summary>
    private const string BeforeSalesRunByOperators = "PurchaseTokensBySaleAndIssuedAt";

    private ThrowawayDatabase _database = null!;

    public async Task InitializeAsync() => _database = await ThrowawayDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Theory]
    [InlineData(FirstMigration)]
    [InlineData(BeforeSalesRunByOperators)]
    public async Task StartUp_OnADatabaseAtAnEarlierMigration_AppliesTheLaterOnes_KeepsItsRows_AndGoesOnSelling(string previous)
    {
        await CreatePreviousVersionDatabaseAsync(withRows: true, previous);
        await using var services = Build("Development", clock: new FakeTimeProvider(PreviousVersionRows.DuringTheSale));

        await services.InitializeDatabaseAsync();

        var migrations = await services.QueryAsync(db => Task.FromResult(db.Database.GetMigrations().ToList()));
        migrations.Should().HaveCountGreaterThan(1, "there is something to upgrade");
        (await services.QueryAsync(db => db.Database.GetAppliedMigrationsAsync())).Should().Equal(migrations);
        (await _database.ScalarAsync(
            "SELECT COUNT(*) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() " +
            "AND INDEX_NAME = 'ix_purchase_tokens_sale_issued'")).Should().BeGreaterThan(0, "the later migration's index is there");
        await PreviousVersionRows.AssertKeptAsync(services);
        await PreviousVersionRows.AssertNewColumnsDefaultedAsync(services);
        await PreviousVersionRows.AssertPastTransitionsMarkedAnnouncedAsync(services);
        await PreviousVersionRows.AssertStillSellsAsync(services);
    }

    [Fact]
    public async Task StartUp_InProduction_WithAPendingMigration_FailsSayingWhatToRun_AndChangesNothing()
    {
        // Production on MySQL: Database:MigrateOnStartup is off unless set, so the API only checks.
        await CreatePreviousVersionDatabaseAsync(withRows: false);
        await using var api = Build("Production", seedDefaultSale: true);

        var start = () => api.InitializeDatabaseAsync();

        var refusal = (await start.Should().ThrowAsync<DatabaseNotMigratedException>()).Which.Message;
        refusal.Should().Contain("PurchaseTokensBySaleAndIssuedAt").And.Contain("Database:MigrateOnStartup is off")
            .And.Contain("FlashPurchase.WebApi.dll migrate").And.NotContain("\n");
        (await api.QueryAsync(db => db.Database.GetAppliedMigrationsAsync())).Should().ContainSingle()
            .Which.Should().EndWith(FirstMigration);
        (await _database.ScalarAsync("SELECT COUNT(*) FROM sales")).Should().Be(0, "no sale is created either");
    }

    [Fact]
    public async Task StartUp_WithMigrateOnStartupOff_OnAnEmptyDatabase_FailsAndCreatesNoTable()
    {
        await using var worker = Build("Development", migrateOnStartup: false);

        var start = () => worker.InitializeDatabaseAsync();

        await start.Should().ThrowAsync<DatabaseNotMigratedException>();
        (await _database.ScalarAsync("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()"))
            .Should().Be(0);
    }

    [Fact]
    public async Task TheMigrateCommand_InProduction_AppliesEveryPendingMigration_AndCreatesTheSale_ThenStartUpPasses()
    {
        await CreatePreviousVersionDatabaseAsync(withRows: false);
        await using var api = Build("Production", seedDefaultSale: true);

        (await MigrateCommand.RunAsync(api)).Should().Be(0);

        (await api.QueryAsync(db => db.Database.GetPendingMigrationsAsync())).Should().BeEmpty();
        (await api.QueryAsync(db => db.Sales.Select(s => s.Id).ToListAsync())).Should().Equal(FlashSaleOptions.DefaultSaleId);
        await api.InitializeDatabaseAsync(); // the check at start-up passes now
    }

    [Fact]
    public async Task TheMigrateCommand_WhenTheDatabaseCannotBeReached_ExitsNonZero()
    {
        var unreachable = new MySqlConnectionStringBuilder(_database.ConnectionString) { Port = 1, ConnectionTimeout = 2 };
        var settings = InfrastructureServices.MariaDb(unreachable.ConnectionString);
        await using var api = InfrastructureServices.Build(settings, environment: "Production");

        (await MigrateCommand.RunAsync(api)).Should().NotBe(0);
    }

    [Fact]
    public async Task StartUp_InProduction_WithMigrateOnStartupOn_Migrates()
    {
        await CreatePreviousVersionDatabaseAsync(withRows: true);
        await using var api = Build("Production", migrateOnStartup: true);

        await api.InitializeDatabaseAsync();

        (await api.QueryAsync(db => db.Database.GetPendingMigrationsAsync())).Should().BeEmpty();
        await PreviousVersionRows.AssertKeptAsync(api);
    }

    private ServiceProvider Build(
        string environment, bool? migrateOnStartup = null, bool seedDefaultSale = false, TimeProvider? clock = null)
    {
        var settings = InfrastructureServices.MariaDb(_database.ConnectionString);
        if (migrateOnStartup is { } migrate)
        {
            settings["Database:MigrateOnStartup"] = migrate ? "true" : "false";
        }

        return InfrastructureServices.Build(settings, setup => setup.SeedDefaultSale = seedDefaultSale, clock, environment: environment);
    }

    /// <summary>The database as the version of <paramref name="migration"/> left it, optionally with a shopper's rows.</summary>
    private async Task CreatePreviousVersionDatabaseAsync(bool withRows, string migration = FirstMigration)
    {
        await using (var services = Build("Development"))
        {
            await using var scope = services.CreateAsyncScope();
            var database = scope.ServiceProvider.GetRequiredService<FlashPurchaseDbContext>().Database;
            await database.GetService<IMigrator>().MigrateAsync(migration);
            (await database.GetAppliedMigrationsAsync()).Last().Should().EndWith(migration);
        }

        if (withRows)
        {
            await using var connection = new MySqlConnection(_database.ConnectionString);
            await connection.OpenAsync();
            await PreviousVersionRows.InsertIntoMySqlAsync(connection);
        }
    }
}
