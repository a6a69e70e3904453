using FlashPurchase.Infrastructure.IntegrationTests.Support;
using FlashPurchase.Infrastructure.Sales;
using FlashPurchase.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FlashPurchase.Infrastructure.IntegrationTests.Persistence;

/// <summary>
/// Start-up creates the configured default sale into an empty database, once: restarts and several API processes
/// starting together must not create a second sale. Each test needs an empty database, so each gets its own
/// (IAsyncLifetime on the test class runs per test).
/// </summary>
public sealed class DefaultSaleSeedingTests : IAsyncLifetime
{
    private static readonly DateTimeOffset OpensAt = new(2030, 1, 2, 10, 0, 0, TimeSpan.Zero);

    private ThrowawayDatabase _database = null!;

    public async Task InitializeAsync() => _database = await ThrowawayDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task StartUp_WhenRunTwice_CreatesTheConfiguredDefaultSaleOnce()
    {
        await using (var first = Api())
        {
            await first.InitializeDatabaseAsync();
        }

        // A restart: a new process, the same database.
        await using var second = Api();
        await second.InitializeDatabaseAsync();

        var sales = await second.QueryAsync(db => db.Sales.ToListAsync());
        var sale = sales.Should().ContainSingle().Subject;
        sale.Id.Should().Be(FlashSaleOptions.DefaultSaleId);
        sale.ProductName.Should().Be("Pixel Test");
        sale.Price.Should().Be(12.34m);
        sale.Currency.Should().Be("USD");
        sale.StockTotal.Should().Be(7);
        sale.StockRemaining.Should().Be(7);
        sale.QueueCapacity.Should().Be(3);
        sale.QueueLength.Should().Be(0);
        sale.OpensAt.Should().Be(OpensAt);
        sale.ClosesAt.Should().Be(OpensAt.AddHours(2));
    }

    [Fact]
    public async Task StartUp_WhenSeveralProcessesStartTogetherOnAnEmptyDatabase_CreatesOneSale()
    {
        // Each with its own container, as separate API processes (and a worker, which migrates but does not seed).
        var processes = new[] { Api(), Api(), Api(), Worker() };

        try
        {
            await Task.WhenAll(processes.Select(p => Task.Run(() => p.InitializeDatabaseAsync())));

            (await processes[0].QueryAsync(db => db.Sales.Select(s => s.Id).ToListAsync()))
                .Should().Equal(FlashSaleOptions.DefaultSaleId);
            (await processes[0].QueryAsync(db => db.Database.GetPendingMigrationsAsync())).Should().BeEmpty();
        }
        finally
        {
            foreach (var process in processes)
            {
                await process.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task StartUp_OfTheWorker_CreatesTheSchemaButNoSale()
    {
        await using var worker = Worker();

        await worker.InitializeDatabaseAsync();

        (await worker.QueryAsync(db => db.Sales.CountAsync())).Should().Be(0);
    }

    private ServiceProvider Api() => InfrastructureServices.Build(Settings(_database), setup => setup.SeedDefaultSale = true);

    private ServiceProvider Worker() => InfrastructureServices.Build(Settings(_database), setup => setup.SeedDefaultSale = false);

    private static Dictionary<string, string?> Settings(ThrowawayDatabase database)
    {
        var settings = InfrastructureServices.MariaDb(database.ConnectionString);
        settings["FlashSale:ProductName"] = "Pixel Test";
        settings["FlashSale:Price"] = "12.34";
        settings["FlashSale:Currency"] = "USD";
        settings["FlashSale:Stock"] = "7";
        settings["FlashSale:QueueCapacity"] = "3";
        settings["FlashSale:OpensAt"] = OpensAt.ToString("O");
        settings["FlashSale:Duration"] = "02:00:00";
        return settings;
    }
}
