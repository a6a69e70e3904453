using FlashPurchase.Application.Abstractions;
using FlashPurchase.Domain.Orders;
using FlashPurchase.Infrastructure.IntegrationTests.Messaging;
using FlashPurchase.Infrastructure.IntegrationTests.Support;
using FlashPurchase.Infrastructure.Messaging.Events;
using FlashPurchase.Infrastructure.Messaging.Outbox;
using FlashPurchase.Infrastructure.Persistence;
using FlashPurchase.TestSupport;
using FlashPurchase.TestSupport.Fulfilment;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrderPlaced = FlashPurchase.Infrastructure.Messaging.Events.OrderPlaced;

namespace FlashPurchase.Infrastructure.IntegrationTests.Outbox;

/// <summary>
/// The relay against real MariaDB and RabbitMQ, with the sample fulfilment (a bus of its own, its own copy of the
/// contract) consuming OrderPlaced from its own queue: every row reaches it, after its commit, and is marked sent;
/// relays in several processes share the table; a broker that refuses connections delays events and loses none.
/// </summary>
public sealed class OutboxRelayTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(45);

    private ThrowawayDatabase _database = null!;
    private ThrowawayVhost _vhost = null!;

    public async Task InitializeAsync()
    {
        _database = await ThrowawayDatabase.CreateAsync();
        _vhost = await ThrowawayVhost.CreateAsync();
    }

    public async Task DisposeAsync()
    {
        await _vhost.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Relay_PublishesEachPlacedOrderToTheShopsQueue_AndMarksItSent()
    {
        await using var fulfilment = await FulfilmentService.StartAsync(_vhost.AmqpUri, Patience);
        await using var api = await StartHostAsync();
        var orders = await PlaceOrdersAsync(api, count: 10);

        await Eventually.WaitForAsync(() => Task.FromResult(fulfilment.Log), log => log.Orders.Count >= orders.Count, Patience,
            "the fulfilment to receive every order");
        await WaitUntilAllSentAsync(api);

        fulfilment.Log.Orders.Should().BeEquivalentTo(orders.Select(o => new
        {
            OrderId = o.Id,
            o.SaleId,
            o.UserId,
            o.ProductName,
            o.Price,
            o.Currency,
        }));
        fulfilment.Log.MessageIdMismatches.Should().Be(0, "each event's MessageId is its EventId");
        fulfilment.Log.Duplicates.Should().Be(0, "one relay, no failure: each event once");
    }

    [Fact]
    public async Task TwoRelaysOnOneTable_PublishEveryRow_NoneTwice()
    {
        await using var fulfilment = await FulfilmentService.StartAsync(_vhost.AmqpUri, Patience);
        const int count = 600;
        await using var first = await StartHostAsync(batchSize: 25, relay: false);
        await using (var scope = first.CreateAsyncScope())
        {
            // Written before either relay runs, so both find the same rows waiting.
            var db = scope.ServiceProvider.GetRequiredService<FlashPurchaseDbContext>();
            db.OutboxMessages.AddRange(Enumerable.Range(0, count).Select(i => OutboxMessage.For(
                new OrderPlaced(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), $"Item {i}", 1m + i, "EUR", DateTimeOffset.UtcNow),
                DateTimeOffset.UtcNow)));
            await db.SaveChangesAsync();
        }

        var relays = new[] { first.GetRequiredService<OutboxRelay>(), (await StartHostAsync(batchSize: 25, relay: false)).GetRequiredService<OutboxRelay>() };
        var rounds = await Task.WhenAll(relays.Select(relay => Task.Run(async () =>
        {
            var taken = 0;
            for (var round = await relay.RelayOnceAsync(CancellationToken.None); round.Found > 0; round = await relay.RelayOnceAsync(CancellationToken.None))
            {
                round.Failed.Should().Be(0);
                taken += round.Taken;
            }

            return taken;
        })));

        rounds.Sum().Should().Be(count, "each row went to one relay's round");
        rounds.Should().OnlyContain(taken => taken > 0, "both relays took rows: {0}", string.Join(", ", rounds));
        await WaitUntilAllSentAsync(first);
        await Eventually.WaitForAsync(() => Task.FromResult(fulfilment.Log), log => log.Orders.Count >= count, Patience,
            "the fulfilment to receive every event");
        fulfilment.Log.Duplicates.Should().Be(0, "a row taken by one relay's round is not published by the other");
    }

    [Fact]
    public async Task BrokerRefusingConnections_EventsWaitUnsent_AndArePublishedOnceItIsBack()
    {
        await using var fulfilment = await FulfilmentService.StartAsync(_vhost.AmqpUri, Patience);
        await _vhost.DenyAsync();
        List<Order> orders;
        await using var api = await StartHostAsync(publishTimeout: TimeSpan.FromSeconds(1));
        try
        {
            // Buying needs only the database: the broker being away does not slow it or fail it.
            orders = await PlaceOrdersAsync(api, count: 5);
            var unsent = await Eventually.WaitForAsync(() => RowsAsync(api), rows => rows.All(r => r.Attempts >= 2), Patience,
                "the relay to have tried each row at least twice");
            unsent.Should().HaveCount(orders.Count).And.OnlyContain(r => r.SentAt == null, "nothing the broker did not confirm is marked sent");
        }
        finally
        {
            await _vhost.AllowAsync();
        }

        await WaitUntilAllSentAsync(api);
        await Eventually.WaitForAsync(() => Task.FromResult(fulfilment.Log), log => log.Orders.Count >= orders.Count, Patience,
            "the fulfilment to receive every order once the broker is back");
        fulfilment.Log.Orders.Select(o => o.OrderId).Should().BeEquivalentTo(orders.Select(o => o.Id));
    }

    [Fact]
    public async Task PruneAsync_DeletesRowsSentBeforeTheRetention_KeepsUnsentAndRecentOnes()
    {
        await using var api = await StartHostAsync(relay: false);
        var old = OutboxMessage.For(new SaleOpened(Guid.NewGuid(), Guid.NewGuid(), DateTimeOffset.UtcNow), DateTimeOffset.UtcNow);
        var recent = OutboxMessage.For(new SaleOpened(Guid.NewGuid(), Guid.NewGuid(), DateTimeOffset.UtcNow), DateTimeOffset.UtcNow);
        var unsent = OutboxMessage.For(new SaleOpened(Guid.NewGuid(), Guid.NewGuid(), DateTimeOffset.UtcNow), DateTimeOffset.UtcNow);
        await api.QueryAsync(async db =>
        {
            db.OutboxMessages.AddRange(old, recent, unsent);
            await db.SaveChangesAsync();
            await db.OutboxMessages.Where(m => m.Id == old.Id).ExecuteUpdateAsync(s => s.SetProperty(m => m.SentAt, DateTimeOffset.UtcNow.AddDays(-2)));
            return await db.OutboxMessages.Where(m => m.Id == recent.Id).ExecuteUpdateAsync(s => s.SetProperty(m => m.SentAt, DateTimeOffset.UtcNow.AddHours(-1)));
        });

        (await api.GetRequiredService<OutboxRelay>().PruneAsync(CancellationToken.None)).Should().Be(1);

        (await RowsAsync(api)).Select(r => r.Id).Should().BeEquivalentTo([recent.Id, unsent.Id]);
    }

    /// <summary>An API-like host: the infrastructure with its hosted services (the bus, the relay) started.</summary>
    private async Task<StartedHost> StartHostAsync(int batchSize = 200, bool relay = true, TimeSpan? publishTimeout = null)
    {
        var settings = InfrastructureServices.MariaDb(_database.ConnectionString);
        foreach (var (key, value) in RabbitMqQueueTokenPublisherTests.RabbitMqSettings(_vhost.AmqpUri))
        {
            settings[key] = value;
        }

        settings["Outbox:BatchSize"] = batchSize.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Outbox:RelayEnabled"] = relay.ToString();
        settings["Outbox:PublishTimeout"] = (publishTimeout ?? TimeSpan.FromSeconds(5)).ToString("c");
        settings["Outbox:MaxBackoff"] = "00:00:01";
        var services = InfrastructureServices.Build(settings);
        await services.InitializeDatabaseAsync();
        return new StartedHost(services, await services.StartHostedServicesWithoutDatabaseAsync());
    }

    private static async Task<List<Order>> PlaceOrdersAsync(IServiceProvider services, int count)
    {
        var sale = await services.AddSaleAsync(stock: count);
        var orders = new List<Order>();
        foreach (var user in await services.AddUsersAsync(count))
        {
            var token = await services.AddPurchaseTokenAsync(sale, user);
            var order = Order.Place(sale, user.Id, token.Id, DateTimeOffset.UtcNow);
            await using var scope = services.CreateAsyncScope();
            (await scope.ServiceProvider.GetRequiredService<IOrderRepository>().PlaceAsync(order, CancellationToken.None))
                .Should().Be(PlaceOrderOutcome.Placed);
            orders.Add(order);
        }

        return orders;
    }

    private static Task<List<OutboxMessage>> RowsAsync(IServiceProvider services) =>
        services.QueryAsync(db => db.OutboxMessages.AsNoTracking().Where(m => m.Type == OrderPlaced.Urn || m.Type == SaleOpened.Urn).ToListAsync());

    private static Task WaitUntilAllSentAsync(IServiceProvider services) =>
        Eventually.WaitForAsync(() => services.QueryAsync(db => db.OutboxMessages.CountAsync(m => m.SentAt == null)), unsent => unsent == 0,
            Patience, "every outbox row to be marked sent");

    private sealed class StartedHost(ServiceProvider services, IReadOnlyList<IHostedService> hosted) : IServiceProvider, IAsyncDisposable
    {
        public object? GetService(Type serviceType) => services.GetService(serviceType);

        public async ValueTask DisposeAsync()
        {
            foreach (var service in hosted.Reverse())
            {
                await service.StopAsync(CancellationToken.None);
            }

            await services.DisposeAsync();
        }
    }
}
