using FlashPurchase.Infrastructure.IntegrationTests.Support;
using FlashPurchase.Infrastructure.Persistence;
using FlashPurchase.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace FlashPurchase.Infrastructure.IntegrationTests.Persistence;

/// <summary>
/// The MySQL/MariaDB schema comes from the migrations: they must build it, be re-runnable, and match the model.
/// Each test gets an empty database of its own (IAsyncLifetime on the test class runs per test).
/// </summary>
public sealed class MigrationTests : IAsyncLifetime
{
    private static readonly string[] Tables = ["users", "sales", "queue_places", "purchase_tokens", "orders", "__EFMigrationsHistory"];

    private ThrowawayDatabase _database = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _database = await ThrowawayDatabase.CreateAsync();
        _services = InfrastructureServices.Build(InfrastructureServices.MariaDb(_database.ConnectionString));
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task MigrateAsync_OnAnEmptyDatabase_BuildsTheSchema_AndASecondRunChangesNothing()
    {
        (await CountTablesAsync()).Should().Be(0, "the throwaway database starts empty");

        await MigrateAsync();

        (await CountTablesAsync()).Should().Be(Tables.Length);
        (await _database.ScalarAsync(
            "SELECT COUNT(*) FROM information_schema.CHECK_CONSTRAINTS " +
            "WHERE CONSTRAINT_SCHEMA = DATABASE() AND CONSTRAINT_NAME = 'ck_sales_stock_remaining'"))
            .Should().Be(1, "the stock check constraint is the last defence against oversell");
        var all = await _services.QueryAsync(db => Task.FromResult(db.Database.GetMigrations().ToList()));
        (await AppliedMigrationsAsync()).Should().Equal(all);

        // Data written between two start-ups must survive the second one untouched.
        var sale = await _services.AddSaleAsync(stock: 5);
        await MigrateAsync();

        (await AppliedMigrationsAsync()).Should().Equal(all);
        (await _services.QueryAsync(db => db.Database.GetPendingMigrationsAsync())).Should().BeEmpty();
        (await _database.ScalarAsync("SELECT COUNT(*) FROM `__EFMigrationsHistory`")).Should().Be(all.Count);
        (await _services.ReadSaleAsync(sale.Id)).StockRemaining.Should().Be(5);
    }

    [Fact]
    public async Task PurchaseTokensBySaleAndIssuedAt_ReplacesTheSaleIndex_AndRollsBackToIt()
    {
        // The foreign key to sales needs an index that starts with sale_id at every step: MySQL refuses to drop the
        // old one before the new one exists, both on the way up and on the way down.
        await MigrateAsync();
        (await IndexesOnPurchaseTokensSaleIdAsync()).Should().Equal("ix_purchase_tokens_sale_issued");

        await MigrateAsync("InitialSchema");
        (await IndexesOnPurchaseTokensSaleIdAsync()).Should().Equal("IX_purchase_tokens_sale_id");

        await MigrateAsync();
        (await IndexesOnPurchaseTokensSaleIdAsync()).Should().Equal("ix_purchase_tokens_sale_issued");
    }

    [Fact]
    public async Task Model_HasNoChangesMissingFromTheMigrations()
    {
        // Fails when someone changes an entity or a configuration without running `dotnet ef migrations add`: MySQL
        // deployments would then run with a schema that differs from the model. Checked with the server version the
        // application runs against here...
        var pending = await _services.QueryAsync(db => Task.FromResult(db.Database.HasPendingModelChanges()));

        pending.Should().BeFalse("the model differs from the last migration's snapshot; add a migration");
    }

    [Fact]
    public void DesignTimeModel_HasNoChangesMissingFromTheMigrations()
    {
        // ...and with the design-time factory that `dotnet ef migrations add` uses, so the two cannot drift apart.
        using var db = new MySqlDesignTimeDbContextFactory().CreateDbContext([]);

        db.Database.HasPendingModelChanges().Should().BeFalse("the model differs from the last migration's snapshot; add a migration");
    }

    [Fact]
    public void SqliteDesignTimeModel_HasNoChangesMissingFromItsMigrations()
    {
        // SQLite has migrations of its own: a model change needs one there too, or embedded files never get it.
        using var db = new SqliteDesignTimeDbContextFactory().CreateDbContext([]);

        db.Database.HasPendingModelChanges().Should().BeFalse("the model differs from the last SQLite migration's snapshot; add a SQLite migration");
    }

    private async Task MigrateAsync(string? targetMigration = null)
    {
        await using var scope = _services.CreateAsyncScope();
        var database = scope.ServiceProvider.GetRequiredService<FlashPurchaseDbContext>().Database;
        if (targetMigration is null)
        {
            await database.MigrateAsync();
        }
        else
        {
            await database.GetService<IMigrator>().MigrateAsync(targetMigration);
        }
    }

    /// <summary>The names of the indexes on purchase_tokens that start with sale_id (the foreign key can use those).</summary>
    private async Task<List<string>> IndexesOnPurchaseTokensSaleIdAsync()
    {
        var names = new List<string>();
        foreach (var name in new[] { "ix_purchase_tokens_sale_issued", "IX_purchase_tokens_sale_id" })
        {
            if (await _database.ScalarAsync(
                    "SELECT COUNT(*) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND " +
                    $"TABLE_NAME = 'purchase_tokens' AND INDEX_NAME = '{name}' AND COLUMN_NAME = 'sale_id' AND SEQ_IN_INDEX = 1") > 0)
            {
                names.Add(name);
            }
        }

        return names;
    }

    private Task<List<string>> AppliedMigrationsAsync() =>
        _services.QueryAsync(async db => (await db.Database.GetAppliedMigrationsAsync()).ToList());

    private Task<long> CountTablesAsync() => _database.ScalarAsync(
        "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN (" +
        string.Join(", ", Tables.Select(t => $"'{t}'")) + ")");
}
