using System.Net;
using FlashPurchase.WebApi.FunctionalTests.Client;
using FlashPurchase.WebApi.FunctionalTests.Hosting;

namespace FlashPurchase.WebApi.FunctionalTests.Admin;

/// <summary>
/// An operator's figures, counted by MariaDB, after joins, conversions and orders made through the real flow, with
/// the Worker started only when the test says so (so that what waits is known exactly).
/// </summary>
public sealed class SaleFiguresTests(RealStackAdminApp app) : IClassFixture<RealStackAdminApp>
{
    [Fact]
    public async Task Figures_FollowJoinsReleasesAndOrders_AndForgetWhatIsOlderThanAMinute()
    {
        await app.StopWorkerAsync();
        var admin = await app.OperatorAsync();
        var sale = await admin.CreateOpenSaleAsync(app.Clock.GetUtcNow(), stock: 10, duration: TimeSpan.FromHours(3));
        var otherSale = (await admin.ListSalesAsync()).Value.First(s => s.SaleId != sale.SaleId && s.Status == "open");

        sale.Figures.Should().Be(new SaleFiguresBody(
            Queued: 0, Waiting: 0, ActivePurchaseTokens: 0, Orders: 0, StockRemaining: 10,
            JoinsPerMinute: 0, ReleasesPerMinute: 0, OrdersPerMinute: 0, EstimatedWaitForLastSeconds: 0));

        // Four shoppers join; one joins again (the same place); someone joins another sale.
        var shoppers = new List<Shopper>();
        var tickets = new List<QueueTicketBody>();
        for (var i = 0; i < 4; i++)
        {
            shoppers.Add(await app.Api.NewShopperAsync($"figures{i}"));
            tickets.Add((await shoppers[i].EnterAsync(sale.SaleId)).Value);
        }

        (await shoppers[0].EnterAsync(sale.SaleId)).Value.QueueToken.Should().Be(tickets[0].QueueToken);
        (await (await app.Api.NewShopperAsync("elsewhere")).EnterAsync(otherSale.SaleId)).Value.SaleId.Should().Be(otherSale.SaleId);

        (await FiguresAsync(admin, sale)).Should().Be(new SaleFiguresBody(
            Queued: 4, Waiting: 4, ActivePurchaseTokens: 0, Orders: 0, StockRemaining: 10,
            JoinsPerMinute: 4, ReleasesPerMinute: 0, OrdersPerMinute: 0, EstimatedWaitForLastSeconds: null),
            "four places, none released, and nothing released lately to estimate a wait from");

        // The Worker releases the four; two of them buy.
        await app.StartWorkerAsync();
        var purchaseTokens = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            var settled = await shoppers[i].ExchangeUntilSettledAsync(tickets[i].QueueToken);
            settled.Final.Status.Should().Be(HttpStatusCode.OK, "{0}", settled.Final);
            purchaseTokens.Add(settled.Final.Value.PurchaseToken);
        }

        (await FiguresAsync(admin, sale)).Should().Be(new SaleFiguresBody(
            Queued: 4, Waiting: 0, ActivePurchaseTokens: 4, Orders: 0, StockRemaining: 10,
            JoinsPerMinute: 4, ReleasesPerMinute: 4, OrdersPerMinute: 0, EstimatedWaitForLastSeconds: 0));

        (await shoppers[0].PurchaseAsync(purchaseTokens[0])).Status.Should().Be(HttpStatusCode.Created);
        (await shoppers[1].PurchaseAsync(purchaseTokens[1])).Status.Should().Be(HttpStatusCode.Created);
        (await shoppers[1].PurchaseAsync(purchaseTokens[1])).Status.Should().Be(HttpStatusCode.OK, "a retry is no second order");

        var expected = new SaleFiguresBody(
            Queued: 4, Waiting: 0, ActivePurchaseTokens: 2, Orders: 2, StockRemaining: 8,
            JoinsPerMinute: 4, ReleasesPerMinute: 4, OrdersPerMinute: 2, EstimatedWaitForLastSeconds: 0);
        (await FiguresAsync(admin, sale)).Should().Be(expected);
        (await admin.ListSalesAsync()).Value.Single(s => s.SaleId == sale.SaleId).Figures.Should().Be(expected,
            "the list shows the same figures as the one sale");
        var view = (await admin.GetSaleAsync(sale.SaleId)).Value;
        view.StockRemaining.Should().Be(8);
        (await app.Api.GetSaleAsync(sale.SaleId)).Value.StockRemaining.Should().Be(8);

        // A minute later the rates have nothing left to count; the counts stay.
        using (app.Clock.AdvanceFor(TimeSpan.FromSeconds(61)))
        {
            (await FiguresAsync(admin, sale)).Should().Be(expected with { JoinsPerMinute = 0, ReleasesPerMinute = 0, OrdersPerMinute = 0 });
        }

        // Past the tokens' lifetime, the unused purchase tokens are no longer active.
        using (app.Clock.AdvanceFor(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1)))
        {
            (await FiguresAsync(admin, sale)).Should().Be(expected with
            {
                ActivePurchaseTokens = 0,
                JoinsPerMinute = 0,
                ReleasesPerMinute = 0,
                OrdersPerMinute = 0,
            });
        }
    }

    [Fact]
    public async Task Waiting_CountsOnlyUnexpiredPlaces()
    {
        await app.StopWorkerAsync();
        var admin = await app.OperatorAsync();
        var sale = await admin.CreateOpenSaleAsync(app.Clock.GetUtcNow(), stock: 10, duration: TimeSpan.FromHours(3));
        for (var i = 0; i < 3; i++)
        {
            (await (await app.Api.NewShopperAsync($"expiring{i}")).EnterAsync(sale.SaleId)).Status.Should().Be(HttpStatusCode.OK);
        }

        (await FiguresAsync(admin, sale)).Waiting.Should().Be(3);
        using (app.Clock.AdvanceFor(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1)))
        {
            var figures = await FiguresAsync(admin, sale);
            figures.Waiting.Should().Be(0, "an expired place waits for nothing");
            figures.Queued.Should().Be(3, "queued counts the places ever taken");
            figures.EstimatedWaitForLastSeconds.Should().Be(0, "nobody waits");
        }
    }

    private static async Task<SaleFiguresBody> FiguresAsync(AdminClient admin, AdminSaleBody sale) =>
        (await admin.GetSaleAsync(sale.SaleId)).Value.Figures;
}
