using FlashPurchase.Application.Abstractions;
using FlashPurchase.Domain.Orders;
using FlashPurchase.Domain.Queue;
using FlashPurchase.Domain.Sales;
using FlashPurchase.Infrastructure.IntegrationTests.Support;
using FlashPurchase.Infrastructure.Messaging.Events;
using FlashPurchase.Infrastructure.Persistence.Repositories;
using FlashPurchase.Infrastructure.Purchases;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace FlashPurchase.Infrastructure.IntegrationTests.Purchases;

/// <summary>
/// Group commit for purchases keeps the sale's invariants: never more orders than stock, one per shopper and one per
/// purchase token, each with its OrderPlaced and one SaleSoldOut for the last unit. On MariaDB and on the embedded SQLite.
/// </summary>
public abstract class OrderPlacementTests(DatabaseFixture fixture)
{
    private IServiceProvider Services => fixture.Services;

    [Fact]
    public async Task Placements_WhenThreeHundredBuyersRaceForFiftyUnitsThroughTwoProcesses_SellExactlyTheStock_WithOneSaleSoldOut()
    {
        var (sale, users, tokens) = await BuyersAsync(stock: 50, buyers: 300);
        // Two loops stand for two API processes: their batches meet only at the sale row's lock.
        await using var first = Start();
        await using var second = Start();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, users.Count).Select(i => Task.Run(() =>
            (i % 2 == 0 ? first : second).PlaceAsync(Order.Place(sale, users[i].Id, tokens[i].Id, DateTimeOffset.UtcNow)))));

        outcomes.Count(o => o == PlaceOrderOutcome.Placed).Should().Be(50);
        outcomes.Count(o => o == PlaceOrderOutcome.SoldOut).Should().Be(250);
        (await Services.ReadSaleAsync(sale.Id)).StockRemaining.Should().Be(0);
        var orders = await Services.QueryAsync(db => db.Orders.Where(o => o.SaleId == sale.Id).ToListAsync());
        orders.Should().HaveCount(50);
        orders.Select(o => o.UserId).Should().OnlyHaveUniqueItems();
        var events = await EventsOfAsync(sale.Id);
        events.OfType<OrderPlaced>().Select(e => e.OrderId).Should().BeEquivalentTo(orders.Select(o => o.Id));
        events.OfType<SaleSoldOut>().Should().ContainSingle();
    }

    [Fact]
    public async Task PlaceBatchAsync_WithARetryAndASecondTokenOfOneShopperInTheBatch_RefusesOnlyThose_AndTheOthersTakeTheStock()
    {
        var (sale, users, tokens) = await BuyersAsync(stock: 3, buyers: 3);
        var secondToken = await Services.AddPurchaseTokenAsync(sale, users[0]);
        var now = DateTimeOffset.UtcNow;
        var batch = new[]
        {
            Order.Place(sale, users[0].Id, tokens[0].Id, now),
            Order.Place(sale, users[0].Id, tokens[0].Id, now), // the same purchase sent again
            Order.Place(sale, users[1].Id, tokens[1].Id, now.AddMilliseconds(1)),
            Order.Place(sale, users[0].Id, secondToken.Id, now), // the same shopper with another token
            Order.Place(sale, users[2].Id, tokens[2].Id, now.AddMilliseconds(2)),
        };

        IReadOnlyList<PlaceOrderOutcome> outcomes;
        await using (var scope = Services.CreateAsyncScope())
        {
            outcomes = await scope.ServiceProvider.GetRequiredService<OrderRepository>().PlaceBatchAsync(sale.Id, batch, CancellationToken.None);
        }

        outcomes.Should().Equal(
            PlaceOrderOutcome.Placed, PlaceOrderOutcome.Duplicate, PlaceOrderOutcome.Placed, PlaceOrderOutcome.Duplicate,
            PlaceOrderOutcome.Placed);
        (await Services.ReadSaleAsync(sale.Id)).StockRemaining.Should().Be(0);
        (await Services.QueryAsync(db => db.Orders.Where(o => o.SaleId == sale.Id).Select(o => o.Id).ToListAsync()))
            .Should().BeEquivalentTo([batch[0].Id, batch[2].Id, batch[4].Id]);
        var events = await EventsOfAsync(sale.Id);
        events.OfType<OrderPlaced>().Select(e => e.OrderId).Should().BeEquivalentTo([batch[0].Id, batch[2].Id, batch[4].Id]);
        events.OfType<SaleSoldOut>().Should().ContainSingle("the last order of the batch took the last unit")
            .Which.At.Should().BeCloseTo(batch[4].PlacedAt, TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public async Task Placements_WhenTheHostStops_PlaceEveryQueuedOrder_AndLaterOnesEachOnItsOwn()
    {
        var (sale, users, tokens) = await BuyersAsync(stock: 100, buyers: 60);
        var placements = Start();

        var queued = Enumerable.Range(0, 50)
            .Select(i => placements.PlaceAsync(Order.Place(sale, users[i].Id, tokens[i].Id, DateTimeOffset.UtcNow)))
            .ToList();
        await placements.DisposeAsync();
        var late = new List<PlaceOrderOutcome>();
        for (var i = 50; i < 60; i++)
        {
            late.Add(await placements.PlaceAsync(Order.Place(sale, users[i].Id, tokens[i].Id, DateTimeOffset.UtcNow)));
        }

        queued.Should().OnlyContain(t => t.IsCompleted, "the stop waits for the queued orders");
        (await Task.WhenAll(queued)).Should().OnlyContain(o => o == PlaceOrderOutcome.Placed);
        late.Should().OnlyContain(o => o == PlaceOrderOutcome.Placed);
        (await Services.ReadSaleAsync(sale.Id)).StockRemaining.Should().Be(40);
    }

    private async Task<(Sale Sale, IReadOnlyList<Domain.Users.User> Users, List<PurchaseToken> Tokens)> BuyersAsync(int stock, int buyers)
    {
        var sale = await Services.AddSaleAsync(stock);
        var users = await Services.AddUsersAsync(buyers);
        var tokens = new List<PurchaseToken>();
        foreach (var user in users)
        {
            tokens.Add(await Services.AddPurchaseTokenAsync(sale, user));
        }

        return (sale, users, tokens);
    }

    private async Task<List<object>> EventsOfAsync(Guid saleId)
    {
        var rows = await Services.QueryAsync(db => db.OutboxMessages.AsNoTracking().ToListAsync());
        return rows.Select(r => r.ToEvent())
            .Where(e => e is OrderPlaced placed && placed.SaleId == saleId || e is SaleSoldOut soldOut && soldOut.SaleId == saleId)
            .Cast<object>()
            .ToList();
    }

    /// <summary>Started like the host starts it; disposing it stops it as the host would.</summary>
    private RunningPlacements Start()
    {
        var placements = new BatchingOrderPlacements(
            Services.GetRequiredService<IServiceScopeFactory>(), NullLogger<BatchingOrderPlacements>.Instance);
        placements.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
        return new RunningPlacements(placements);
    }

    private sealed class RunningPlacements(BatchingOrderPlacements placements) : IAsyncDisposable
    {
        public Task<PlaceOrderOutcome> PlaceAsync(Order order) => placements.PlaceAsync(order, CancellationToken.None);

        public async ValueTask DisposeAsync()
        {
            await placements.StopAsync(CancellationToken.None);
            placements.Dispose();
        }
    }
}

public sealed class MariaDbOrderPlacementTests(MariaDbFixture fixture)
    : OrderPlacementTests(fixture), IClassFixture<MariaDbFixture>;

public sealed class SqliteOrderPlacementTests(SqliteFixture fixture)
    : OrderPlacementTests(fixture), IClassFixture<SqliteFixture>;
