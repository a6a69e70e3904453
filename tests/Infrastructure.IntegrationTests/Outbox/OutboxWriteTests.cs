using FlashPurchase.Application.Abstractions;
using FlashPurchase.Domain.Orders;
using FlashPurchase.Domain.Sales;
using FlashPurchase.Infrastructure.IntegrationTests.Support;
using FlashPurchase.Infrastructure.Messaging.Events;
using FlashPurchase.Infrastructure.Messaging.Outbox;
using FlashPurchase.Infrastructure.Persistence.Repositories;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FlashPurchase.Infrastructure.IntegrationTests.Outbox;

/// <summary>
/// Each integration event is written in the transaction of the change it reports, once: with the order, with the
/// purchase token that becomes usable, with the sale's announced mark. On MariaDB and on the embedded SQLite.
/// </summary>
public abstract class OutboxWriteTests(DatabaseFixture fixture)
{
    private IServiceProvider Services => fixture.Services;

    [Fact]
    public async Task PlaceAsync_WritesOneOrderPlacedWithTheOrder()
    {
        var sale = await Services.AddSaleAsync(stock: 5);
        var user = await Services.AddUserAsync();
        var token = await Services.AddPurchaseTokenAsync(sale, user);
        var order = Order.Place(sale, user.Id, token.Id, DateTimeOffset.UtcNow);

        (await PlaceAsync(order)).Should().Be(PlaceOrderOutcome.Placed);

        var placed = (await EventsAsync<OrderPlaced>(e => e.SaleId == sale.Id)).Should().ContainSingle().Subject;
        placed.Should().BeEquivalentTo(new
        {
            OrderId = order.Id,
            SaleId = sale.Id,
            UserId = user.Id,
            ProductName = "Test Phone",
            Price = 699.00m,
            Currency = "EUR",
        });
        placed.PlacedAt.Should().BeCloseTo(order.PlacedAt, TimeSpan.FromMilliseconds(1));
        var row = await Services.QueryAsync(db => db.OutboxMessages.SingleAsync(m => m.Id == placed.EventId));
        row.SentAt.Should().BeNull("the relay has not published it yet");
        (await EventsAsync<SaleSoldOut>(e => e.SaleId == sale.Id)).Should().BeEmpty("four units are left");
    }

    [Fact]
    public async Task PlaceAsync_WhenTheOrderIsADuplicateOrSoldOut_WritesNoEvent()
    {
        var sale = await Services.AddSaleAsync(stock: 1);
        var users = await Services.AddUsersAsync(2);
        var first = await Services.AddPurchaseTokenAsync(sale, users[0]);
        var second = await Services.AddPurchaseTokenAsync(sale, users[0]);
        var other = await Services.AddPurchaseTokenAsync(sale, users[1]);

        (await PlaceAsync(Order.Place(sale, users[0].Id, first.Id, DateTimeOffset.UtcNow))).Should().Be(PlaceOrderOutcome.Placed);
        (await PlaceAsync(Order.Place(sale, users[0].Id, first.Id, DateTimeOffset.UtcNow))).Should().Be(PlaceOrderOutcome.SoldOut);
        await Services.QueryAsync(db => db.Sales.Where(s => s.Id == sale.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.StockRemaining, 1).SetProperty(x => x.StockTotal, 2)));
        (await PlaceAsync(Order.Place(sale, users[0].Id, second.Id, DateTimeOffset.UtcNow))).Should().Be(PlaceOrderOutcome.Duplicate);

        (await EventsAsync<OrderPlaced>(e => e.SaleId == sale.Id)).Should().ContainSingle("the duplicate rolled its events back");
        (await EventsAsync<SaleSoldOut>(e => e.SaleId == sale.Id)).Should().ContainSingle(
            "only the order that took the last unit says so; the duplicate that took it again rolled back");

        (await PlaceAsync(Order.Place(sale, users[1].Id, other.Id, DateTimeOffset.UtcNow))).Should().Be(PlaceOrderOutcome.Placed);
        (await EventsAsync<SaleSoldOut>(e => e.SaleId == sale.Id)).Should().HaveCount(2, "the unit put back was the last one again");
    }

    [Fact]
    public async Task PlaceAsync_WhenTwentyBuyersRaceForThreeUnits_WritesThreeOrderPlacedAndOneSaleSoldOut()
    {
        var sale = await Services.AddSaleAsync(stock: 3);
        var users = await Services.AddUsersAsync(20);
        var tokens = new List<Domain.Queue.PurchaseToken>();
        foreach (var user in users)
        {
            tokens.Add(await Services.AddPurchaseTokenAsync(sale, user));
        }

        var outcomes = await Race.RunAsync(Services, 20, (i, scope) => scope.GetRequiredService<IOrderRepository>()
            .PlaceAsync(Order.Place(sale, users[i].Id, tokens[i].Id, DateTimeOffset.UtcNow), CancellationToken.None));

        outcomes.Count(o => o == PlaceOrderOutcome.Placed).Should().Be(3);
        var orders = await Services.QueryAsync(db => db.Orders.Where(o => o.SaleId == sale.Id).Select(o => o.Id).ToListAsync());
        (await EventsAsync<OrderPlaced>(e => e.SaleId == sale.Id)).Select(e => e.OrderId).Should().BeEquivalentTo(orders);
        var soldOut = (await EventsAsync<SaleSoldOut>(e => e.SaleId == sale.Id)).Should().ContainSingle().Subject;
        var lastOrder = await Services.QueryAsync(db => db.Orders.Where(o => o.SaleId == sale.Id).MaxAsync(o => o.PlacedAt));
        soldOut.At.Should().BeOnOrBefore(lastOrder.AddMilliseconds(1));
    }

    [Fact]
    public async Task AddNewAsync_WritesOneShopperReleasedPerTokenItStores_NoneForAQueueTokenConvertedBefore()
    {
        var sale = await Services.AddSaleAsync(stock: 10);
        var users = await Services.AddUsersAsync(3);
        var places = await Services.AdmitAllAsync(sale.Id, users);
        var tokens = TestData.PurchaseTokensFor(places);
        await AddNewAsync(sale.Id, [tokens[0]]);

        // The first again (its message redelivered) with two new ones: the batch falls back to one by one.
        var release = await AddNewAsync(sale.Id, [TestData.PurchaseTokensFor([places[0]])[0], tokens[1], tokens[2]]);

        release.Added.Should().BeEquivalentTo([places[1].Id, places[2].Id]);
        var released = await EventsAsync<ShopperReleased>(e => e.SaleId == sale.Id);
        released.Select(e => e.PurchaseTokenId).Should().BeEquivalentTo(tokens.Select(t => t.Id));
        released.Should().OnlyContain(e => tokens.Any(t => t.Id == e.PurchaseTokenId && t.UserId == e.UserId
            && Math.Abs((t.ExpiresAt - e.ExpiresAt).TotalMilliseconds) < 1));
    }

    [Fact]
    public async Task AddNewAsync_WhenTheBatchTakesTwoCommandsAndOneInTheSecondIsConvertedAlready_StoresEachTokenOnceWithOneEvent()
    {
        var sale = await Services.AddSaleAsync(stock: 10);
        var users = await Services.AddUsersAsync(PurchaseTokenRepository.RowsPerCommand + 2);
        var tokens = users.Select(u => TestData.NewPurchaseToken(sale.Id, u.Id, Guid.NewGuid())).ToList();
        var convertedBefore = tokens[^1];
        await AddNewAsync(sale.Id, [convertedBefore]);
        var redelivered = TestData.NewPurchaseToken(sale.Id, convertedBefore.UserId, convertedBefore.QueueTokenId);

        // The first command stores a full chunk; the second is refused and falls back to one by one.
        var release = await AddNewAsync(sale.Id, [.. tokens.SkipLast(1), redelivered]);

        release.Added.Should().BeEquivalentTo(tokens.SkipLast(1).Select(t => t.QueueTokenId));
        (await Services.QueryAsync(db => db.PurchaseTokens.CountAsync(t => t.SaleId == sale.Id))).Should().Be(tokens.Count);
        (await EventsAsync<ShopperReleased>(e => e.SaleId == sale.Id)).Select(e => e.PurchaseTokenId)
            .Should().BeEquivalentTo(tokens.Select(t => t.Id), "one event per stored token, none for the redelivered one");
    }

    [Fact]
    public async Task HeldBackTokens_WriteShopperReleasedOnlyWhenReleased()
    {
        var sale = await Services.AddSaleAsync(stock: 10, new WaitingRoom(TimeSpan.Zero, 0, MaxActiveShoppers: 2, null, 0));
        var users = await Services.AddUsersAsync(3);
        var places = await Services.AdmitAllAsync(sale.Id, users);

        (await AddNewAsync(sale.Id, TestData.PurchaseTokensFor(places))).HeldBack.Should().BeTrue();
        (await EventsAsync<ShopperReleased>(e => e.SaleId == sale.Id)).Should().BeEmpty("nobody can buy yet");

        await using (var scope = Services.CreateAsyncScope())
        {
            (await scope.ServiceProvider.GetRequiredService<IPurchaseTokenRepository>().ReleaseHeldBackAsync(
                sale.Id, 10, (_, held) => TestData.PurchaseTokensFor(held), CancellationToken.None)).Should().Be(2);
        }

        (await EventsAsync<ShopperReleased>(e => e.SaleId == sale.Id)).Select(e => e.UserId)
            .Should().BeEquivalentTo([users[0].Id, users[1].Id], "the first two in the queue were released, the third waits");
    }

    [Fact]
    public async Task AnnounceAsync_WhenTwoWorkersAnnounceAtOnce_WritesEachTransitionOnce()
    {
        var sale = await Services.AddSaleAsync(DateTimeOffset.UtcNow.AddMinutes(-5), TimeSpan.FromMinutes(1));

        var written = await Race.RunAsync(Services, 4, (_, scope) =>
            scope.GetRequiredService<ISaleAnnouncements>().AnnounceAsync(sale.Id, DateTimeOffset.UtcNow, CancellationToken.None));

        written.Sum().Should().Be(2);
        (await EventsAsync<SaleOpened>(e => e.SaleId == sale.Id)).Should().ContainSingle().Which.At.Should().BeCloseTo(sale.OpensAt, TimeSpan.FromMilliseconds(1));
        (await EventsAsync<SaleClosed>(e => e.SaleId == sale.Id)).Should().ContainSingle().Which.At.Should().BeCloseTo(sale.ClosesAt, TimeSpan.FromMilliseconds(1));
        (await DueAsync()).Should().NotContain(sale.Id);
    }

    [Fact]
    public async Task AnnounceAsync_AnnouncesTheOpeningWhenItComes_AndTheClosingWhenItComes()
    {
        var opensAt = DateTimeOffset.UtcNow.AddHours(1);
        var sale = await Services.AddSaleAsync(opensAt, TimeSpan.FromHours(1));

        (await DueAsync(opensAt.AddSeconds(-1))).Should().NotContain(sale.Id, "it has not opened yet");
        (await DueAsync(opensAt)).Should().Contain(sale.Id);
        (await AnnounceAsync(sale.Id, opensAt)).Should().Be(1);
        (await AnnounceAsync(sale.Id, opensAt.AddMinutes(30))).Should().Be(0, "the opening was announced already");
        (await DueAsync(opensAt.AddMinutes(30))).Should().NotContain(sale.Id);
        (await AnnounceAsync(sale.Id, sale.ClosesAt)).Should().Be(1);

        (await EventsAsync<SaleOpened>(e => e.SaleId == sale.Id)).Should().ContainSingle();
        (await EventsAsync<SaleClosed>(e => e.SaleId == sale.Id)).Should().ContainSingle();
    }

    [Fact]
    public async Task AnnounceAsync_WhenAnOperatorClosedTheSaleBeforeItOpened_AnnouncesOnlyTheClosing()
    {
        var sale = await Services.AddSaleAsync(DateTimeOffset.UtcNow.AddHours(1), TimeSpan.FromHours(1));
        var closedAt = DateTimeOffset.UtcNow;
        await using (var scope = Services.CreateAsyncScope())
        {
            (await scope.ServiceProvider.GetRequiredService<ISaleRepository>().CloseAsync(sale.Id, closedAt, CancellationToken.None)).Should().BeTrue();
        }

        (await AnnounceAsync(sale.Id, closedAt.AddSeconds(1))).Should().Be(1);

        (await EventsAsync<SaleOpened>(e => e.SaleId == sale.Id)).Should().BeEmpty("it never opened");
        (await EventsAsync<SaleClosed>(e => e.SaleId == sale.Id)).Should().ContainSingle()
            .Which.At.Should().BeCloseTo(closedAt, TimeSpan.FromMilliseconds(1), "an early close is announced at its moment");
        (await DueAsync(sale.OpensAt.AddHours(5))).Should().NotContain(sale.Id, "nothing is left to announce");
    }

    private async Task<PlaceOrderOutcome> PlaceAsync(Order order)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IOrderRepository>().PlaceAsync(order, CancellationToken.None);
    }

    private async Task<TokenRelease> AddNewAsync(Guid saleId, IReadOnlyList<Domain.Queue.PurchaseToken> tokens)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IPurchaseTokenRepository>().AddNewAsync(saleId, tokens, CancellationToken.None);
    }

    private async Task<int> AnnounceAsync(Guid saleId, DateTimeOffset now)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ISaleAnnouncements>().AnnounceAsync(saleId, now, CancellationToken.None);
    }

    private async Task<IReadOnlyList<Guid>> DueAsync(DateTimeOffset? now = null)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ISaleAnnouncements>()
            .SalesDueAsync(now ?? DateTimeOffset.UtcNow, CancellationToken.None);
    }

    /// <summary>The outbox's events of one type that <paramref name="match"/> (the tests of a class share the table).</summary>
    private async Task<IReadOnlyList<TEvent>> EventsAsync<TEvent>(Func<TEvent, bool> match)
        where TEvent : class, IIntegrationEvent
    {
        var urn = IntegrationEventTypes.UrnOf(typeof(TEvent));
        var rows = await Services.QueryAsync(db => db.OutboxMessages.AsNoTracking().Where(m => m.Type == urn).ToListAsync());
        var events = rows.Select(r => (TEvent)r.ToEvent()).Where(match).ToList();
        events.Select(e => e.EventId).Should().OnlyHaveUniqueItems();
        rows.Where(r => events.Any(e => e.EventId == r.Id)).Should().HaveCount(events.Count, "each row's id is its event's EventId");
        return events;
    }
}

[Collection(MariaDbRaces.Name)]
public sealed class MariaDbOutboxWriteTests(MariaDbFixture fixture) : OutboxWriteTests(fixture), IClassFixture<MariaDbFixture>;

public sealed class SqliteOutboxWriteTests(SqliteFixture fixture) : OutboxWriteTests(fixture), IClassFixture<SqliteFixture>;
