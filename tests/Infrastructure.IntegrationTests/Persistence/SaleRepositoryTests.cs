using FlashPurchase.Application.Abstractions;
using FlashPurchase.Domain.Errors;
using FlashPurchase.Domain.Orders;
using FlashPurchase.Domain.Queue;
using FlashPurchase.Domain.Sales;
using FlashPurchase.Infrastructure.IntegrationTests.Support;
using FlashPurchase.Infrastructure.Persistence;
using FlashPurchase.Infrastructure.Persistence.Repositories;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace FlashPurchase.Infrastructure.IntegrationTests.Persistence;

/// <summary>
/// Sales as data: which one is current (the contract's rule), the lists in their order, an operator's edit of the stock
/// against the purchases running meanwhile, and the switches (pause, resume, close) that a closed sale refuses. Same
/// tests on MariaDB and SQLite.
/// </summary>
public abstract class SaleRepositoryTests(DatabaseFixture fixture)
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    private IServiceProvider Services => fixture.Services;

    /// <summary>An empty database of this engine, for the tests that must see every sale in it.</summary>
    protected abstract DatabaseFixture NewDatabase();

    [Fact]
    public async Task GetCurrentAsync_FollowsTheContractRule_OpenSoonestToClose_ElseNextScheduled_ElseLastClosed()
    {
        var database = NewDatabase();
        await database.InitializeAsync();
        try
        {
            var services = database.Services;
            var t = new DateTimeOffset(2030, 6, 1, 12, 0, 0, TimeSpan.Zero);
            var clock = new FakeTimeProvider(t - Hour);
            (await CurrentAsync(services, clock)).Should().BeNull("there is no sale at all");

            var longClosed = await services.AddSaleAsync(t - (5 * Hour), 3.5 * Hour, productName: "opened first, closed last");
            await services.AddSaleAsync(t - (3 * Hour), Hour, productName: "opened last, closed first");
            (await CurrentAsync(services, clock)).Should().Be(longClosed.Id, "only closed sales: the last to close, not the last to open");

            // A opens first and closes first; B opens later and stays open longer; C is short and inside B's window.
            var a = await services.AddSaleAsync(t + Hour, 1.5 * Hour, productName: "A");
            var b = await services.AddSaleAsync(t + (2 * Hour), 2 * Hour, productName: "B");
            var c = await services.AddSaleAsync(t + (3 * Hour), 0.5 * Hour, productName: "C");

            clock.SetUtcNow(t);
            (await CurrentAsync(services, clock)).Should().Be(a.Id, "none open: the next scheduled");

            clock.SetUtcNow(t + (1.5 * Hour));
            (await CurrentAsync(services, clock)).Should().Be(a.Id, "one open, although others are scheduled");

            clock.SetUtcNow(t + (2.25 * Hour));
            (await CurrentAsync(services, clock)).Should().Be(a.Id, "A and B open: A closes first, although B opened last");

            clock.SetUtcNow(t + (2.75 * Hour));
            (await CurrentAsync(services, clock)).Should().Be(b.Id, "A closed, B open, C scheduled");

            clock.SetUtcNow(t + (3.25 * Hour));
            (await CurrentAsync(services, clock)).Should().Be(c.Id, "B and C open: C closes first");

            clock.SetUtcNow(t + (5 * Hour));
            (await CurrentAsync(services, clock)).Should().Be(b.Id, "all closed: the last to close (B), not the last to open (C)");
        }
        finally
        {
            await database.DisposeAsync();
        }
    }

    [Fact]
    public async Task ListUnendedAsync_AndListAllAsync_OrderTheSalesAsTheContractSays()
    {
        var now = DateTimeOffset.UtcNow;
        var later = await Services.AddSaleAsync(now + (2 * Hour), Hour);
        var soon = await Services.AddSaleAsync(now + Hour, Hour);
        var open = await Services.AddSaleAsync(now - (0.5 * Hour), Hour);
        var soldOut = await Services.AddSaleAsync(now - (0.25 * Hour), Hour, stock: 0);
        var closedLast = await Services.AddSaleAsync(now - (4 * Hour), 3 * Hour);
        var closedFirst = await Services.AddSaleAsync(now - (3 * Hour), Hour);
        var closedBetween = await Services.AddSaleAsync(now - (2.5 * Hour), 1.25 * Hour);
        Guid[] ours = [later.Id, soon.Id, open.Id, soldOut.Id, closedLast.Id, closedFirst.Id, closedBetween.Id];

        await using var scope = Services.CreateAsyncScope();
        var sales = scope.ServiceProvider.GetRequiredService<ISaleRepository>();
        var unended = await sales.ListUnendedAsync(CancellationToken.None);
        var all = await sales.ListAllAsync(CancellationToken.None);

        unended.Select(s => s.Id).Where(ours.Contains).Should().Equal(
            [open.Id, soldOut.Id, soon.Id, later.Id], "the sales not ended (a sold-out one too), soonest to open first");
        unended.Should().OnlyContain(s => s.ClosesAt > now);
        all.Select(s => s.Id).Where(ours.Contains).Should().Equal(
            [open.Id, soldOut.Id, soon.Id, later.Id, closedLast.Id, closedBetween.Id, closedFirst.Id],
            "then the closed ones, the latest to close first");
        all.Select(s => s.ClosesAt > now).Should().BeInDescendingOrder("every sale not ended comes before every closed one");
        all.Should().HaveCount(await Services.QueryAsync(db => db.Sales.CountAsync()));
    }

    [Fact]
    public async Task EditAsync_OfTheStock_WhilePurchasesRun_NeverGoesBelowTheOrders_AndKeepsRemainingTotalMinusSold()
    {
        // Forty buyers race six operators' edits of the stock, some below what is sold by then: whatever interleaves, the
        // units sold stay sold, a stock below them is refused, and the counters always agree with the orders.
        for (var round = 0; round < 3; round++)
        {
            int[] edits = [25, 35, 10, 50, 20, 15];
            const int Buyers = 40;
            var sale = await Services.AddSaleAsync(stock: 30);
            var users = await Services.AddUsersAsync(Buyers);
            var tokens = new List<PurchaseToken>();
            foreach (var user in users)
            {
                tokens.Add(await Services.AddPurchaseTokenAsync(sale, user));
            }

            var outcomes = await Race.RunAsync(Services, Buyers + edits.Length, async (i, scope) =>
                i < Buyers
                    ? (object)await scope.GetRequiredService<IOrderRepository>().PlaceAsync(
                        Order.Place(sale, users[i].Id, tokens[i].Id, DateTimeOffset.UtcNow), CancellationToken.None)
                    : await scope.GetRequiredService<ISaleRepository>().EditAsync(
                        sale.Id, new SaleEdit(Stock: edits[i - Buyers]), CancellationToken.None));

            var stored = await Services.ReadSaleAsync(sale.Id);
            var orders = await Services.QueryAsync(db => db.Orders.CountAsync(o => o.SaleId == sale.Id));
            orders.Should().Be(outcomes.OfType<PlaceOrderOutcome>().Count(o => o == PlaceOrderOutcome.Placed));
            stored.StockRemaining.Should().Be(stored.StockTotal - orders, "round {0}: every unit sold is one order", round);
            orders.Should().BeLessThanOrEqualTo(stored.StockTotal, "round {0}: never more orders than stock", round);
            stored.StockTotal.Should().BeOneOf(edits.Append(30), "round {0}: the stock is one that was asked for", round);

            var editOutcomes = outcomes.Skip(Buyers).Cast<SaleEditOutcome>().ToList();
            for (var e = 0; e < edits.Length; e++)
            {
                if (editOutcomes[e] is SaleEditOutcome.StockBelowOrders refused)
                {
                    refused.OrdersPlaced.Should().BeGreaterThan(edits[e], "a stock is refused only below the orders placed");
                    refused.OrdersPlaced.Should().BeLessThanOrEqualTo(orders);
                }
                else
                {
                    editOutcomes[e].Should().BeOfType<SaleEditOutcome.Edited>()
                        .Which.Sale.StockTotal.Should().Be(edits[e]);
                }
            }
        }
    }

    [Fact]
    public async Task EditAsync_OfTheStock_RefusesBelowTheOrders_AllowsExactlyThem_AndSaysWhenTheSaleIsUnknown()
    {
        var sale = await Services.AddSaleAsync(stock: 10);
        foreach (var user in await Services.AddUsersAsync(3))
        {
            var token = await Services.AddPurchaseTokenAsync(sale, user);
            (await PlaceAsync(Order.Place(sale, user.Id, token.Id, DateTimeOffset.UtcNow))).Should().Be(PlaceOrderOutcome.Placed);
        }

        (await EditAsync(sale.Id, new SaleEdit(Stock: 2))).Should().Be(new SaleEditOutcome.StockBelowOrders(3));
        var unchanged = await Services.ReadSaleAsync(sale.Id);
        (unchanged.StockTotal, unchanged.StockRemaining).Should().Be((10, 7));

        (await EditAsync(sale.Id, new SaleEdit(Stock: 3))).Should().BeOfType<SaleEditOutcome.Edited>();
        var soldOut = await Services.ReadSaleAsync(sale.Id);
        (soldOut.StockTotal, soldOut.StockRemaining).Should().Be((3, 0));

        (await EditAsync(sale.Id, new SaleEdit(Stock: 8, QueueCapacity: 40))).Should().BeOfType<SaleEditOutcome.Edited>();
        var raised = await Services.ReadSaleAsync(sale.Id);
        (raised.StockTotal, raised.StockRemaining, raised.QueueCapacity).Should().Be((8, 5, 40));

        (await EditAsync(Guid.NewGuid(), new SaleEdit(Stock: 5))).Should().BeOfType<SaleEditOutcome.NotFound>();
        (await EditAsync(Guid.NewGuid(), new SaleEdit(ProductName: "x"))).Should().BeOfType<SaleEditOutcome.NotFound>();
    }

    [Fact]
    public async Task EditAsync_OfASaleClosedSinceTheCallerReadIt_IsRefusedUnderTheLock_AndChangesNothing()
    {
        // The handler checked the rules on the sale it read; an operator closed it before the edit took the lock.
        // Applying the edit's new duration would reopen it.
        var sale = await Services.AddSaleAsync(stock: 10);
        (await CloseAsync(sale.Id, DateTimeOffset.UtcNow)).Should().BeTrue();
        var closed = await Services.ReadSaleAsync(sale.Id);

        var outcome = await EditAsync(sale.Id, new SaleEdit(Stock: 20, Duration: TimeSpan.FromHours(5)));

        outcome.Should().Be(new SaleEditOutcome.Refused(DomainErrors.SaleClosed));
        var after = await Services.ReadSaleAsync(sale.Id);
        (after.StockTotal, after.ClosesAt).Should().Be((closed.StockTotal, closed.ClosesAt));
    }

    [Fact]
    public async Task SetPausedAsync_PausesAndResumes_AndCountsASaleAlreadyInThatState()
    {
        // On MariaDB: an UPDATE that writes the value a row already has changes no row, and must still count it (the
        // found rows, which Pomelo makes MySqlConnector report); counted as changed, resuming a sale that is not paused
        // would answer "no such sale".
        var sale = await Services.AddSaleAsync(stock: 1);

        (await SetPausedAsync(sale.Id, false)).Should().BeTrue("resuming a sale that is not paused is no error");
        (await Services.ReadSaleAsync(sale.Id)).Paused.Should().BeFalse();

        (await SetPausedAsync(sale.Id, true)).Should().BeTrue();
        (await Services.ReadSaleAsync(sale.Id)).Paused.Should().BeTrue();
        (await SetPausedAsync(sale.Id, true)).Should().BeTrue("pausing twice is no error either");

        (await SetPausedAsync(sale.Id, false)).Should().BeTrue();
        (await Services.ReadSaleAsync(sale.Id)).Paused.Should().BeFalse();

        (await SetPausedAsync(Guid.NewGuid(), true)).Should().BeFalse("no such sale");
    }

    [Fact]
    public async Task SetPausedAsync_AndCloseAsync_RefuseAClosedSale_AndChangeNothing()
    {
        var now = WholeSecondNow();
        var closed = await Services.AddSaleAsync(now - (2 * Hour), Hour);

        (await SetPausedAsync(closed.Id, true, now)).Should().BeFalse();
        (await CloseAsync(closed.Id, now)).Should().BeFalse();

        var stored = await Services.ReadSaleAsync(closed.Id);
        stored.Paused.Should().BeFalse();
        (stored.OpensAt, stored.ClosesAt).Should().Be((closed.OpensAt, closed.ClosesAt));

        // The instant the window ends counts as ended.
        var endsNow = await Services.AddSaleAsync(now - Hour, Hour);
        (await SetPausedAsync(endsNow.Id, true, endsNow.ClosesAt)).Should().BeFalse();
        (await CloseAsync(endsNow.Id, endsNow.ClosesAt)).Should().BeFalse();
        (await CloseAsync(Guid.NewGuid(), now)).Should().BeFalse();
    }

    [Fact]
    public async Task CloseAsync_EndsAnOpenSaleNow_AndGivesAScheduledOneAWindowOfNoLength()
    {
        var now = WholeSecondNow();
        var open = await Services.AddSaleAsync(now - Hour, 2 * Hour);
        var scheduled = await Services.AddSaleAsync(now + Hour, Hour);

        (await CloseAsync(open.Id, now)).Should().BeTrue();
        (await CloseAsync(scheduled.Id, now)).Should().BeTrue();

        var closedOpen = await Services.ReadSaleAsync(open.Id);
        (closedOpen.OpensAt, closedOpen.ClosesAt).Should().Be((open.OpensAt, now));
        closedOpen.StatusAt(now).Should().Be(SaleStatus.Closed);

        var closedScheduled = await Services.ReadSaleAsync(scheduled.Id);
        closedScheduled.OpensAt.Should().Be(closedScheduled.ClosesAt, "it never opens");
        closedScheduled.ClosesAt.Should().Be(now);
        closedScheduled.StatusAt(now - Hour).Should().Be(SaleStatus.Scheduled);
        closedScheduled.StatusAt(now).Should().Be(SaleStatus.Closed);

        (await CloseAsync(open.Id, now.AddSeconds(1))).Should().BeFalse("closed already");
    }

    /// <summary>Now, to the second: the instants the tests compare survive MySQL's microseconds unchanged.</summary>
    private static DateTimeOffset WholeSecondNow()
    {
        var now = DateTimeOffset.UtcNow;
        return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerSecond));
    }

    private static async Task<Guid?> CurrentAsync(IServiceProvider services, TimeProvider clock)
    {
        await using var scope = services.CreateAsyncScope();
        var repository = new SaleRepository(scope.ServiceProvider.GetRequiredService<FlashPurchaseDbContext>(), clock);
        return (await repository.GetCurrentAsync(CancellationToken.None))?.Id;
    }

    private async Task<PlaceOrderOutcome> PlaceAsync(Order order)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IOrderRepository>().PlaceAsync(order, CancellationToken.None);
    }

    private async Task<SaleEditOutcome> EditAsync(Guid saleId, SaleEdit edit)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ISaleRepository>().EditAsync(saleId, edit, CancellationToken.None);
    }

    private async Task<bool> SetPausedAsync(Guid saleId, bool paused, DateTimeOffset? now = null)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ISaleRepository>()
            .SetPausedAsync(saleId, paused, now ?? DateTimeOffset.UtcNow, CancellationToken.None);
    }

    private async Task<bool> CloseAsync(Guid saleId, DateTimeOffset now)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ISaleRepository>().CloseAsync(saleId, now, CancellationToken.None);
    }
}

[Collection(MariaDbRaces.Name)]
public sealed class MariaDbSaleRepositoryTests(MariaDbFixture fixture)
    : SaleRepositoryTests(fixture), IClassFixture<MariaDbFixture>
{
    protected override DatabaseFixture NewDatabase() => new MariaDbFixture();
}

public sealed class SqliteSaleRepositoryTests(SqliteFixture fixture)
    : SaleRepositoryTests(fixture), IClassFixture<SqliteFixture>
{
    protected override DatabaseFixture NewDatabase() => new SqliteFixture();
}
