using System.Globalization;
using System.Net;
using FlashPurchase.WebApi.FunctionalTests.Admin;
using FlashPurchase.WebApi.FunctionalTests.Client;
using FlashPurchase.WebApi.FunctionalTests.Hosting;

namespace FlashPurchase.WebApi.FunctionalTests.Sales;

/// <summary>
/// Several sales side by side: which ones /api/sales lists and in what order, which one /current is by the contract's
/// rule, and how ?saleId= picks the sale a shopper queues and buys in. The tests that depend on every sale there is
/// start an app of their own whose configured default sale ended a month ago, so that only the sales they make count.
/// </summary>
public sealed class SalesAsDataTests(EmbeddedAdminApp shared) : IClassFixture<EmbeddedAdminApp>
{
    private static async Task<EmbeddedApp> AppWithOnlyAnOldSaleAsync()
    {
        var ended = SaleRequests.WholeSeconds(DateTimeOffset.UtcNow).AddDays(-30);
        return await EmbeddedApp.StartAsync(AdminSettings.With(new Dictionary<string, string?>
        {
            ["FlashSale:OpensAt"] = ended.ToString("O", CultureInfo.InvariantCulture),
            ["FlashSale:Duration"] = "01:00:00",
        }));
    }

    private static async Task<AdminSaleBody> CreateAsync(AdminClient admin, DateTimeOffset opensAt, TimeSpan duration, int stock = 10, string name = "phone") =>
        (await admin.CreateSaleAsync(SaleRequests.Create(opensAt, duration, stock, name))).Value;

    [Fact]
    public async Task List_ShowsTheSalesNotEnded_ScheduledOpenAndSoldOut_OrderedByOpeningTime()
    {
        await using var app = await AppWithOnlyAnOldSaleAsync();
        var admin = await app.OperatorAsync();
        var now = SaleRequests.WholeSeconds(app.Clock.GetUtcNow());

        // Made out of order, so that the list's order is not the order of making.
        var laterScheduled = await CreateAsync(admin, now.AddHours(2), TimeSpan.FromHours(1), name: "later");
        var soldOut = await CreateAsync(admin, now.AddMinutes(-10), TimeSpan.FromHours(1), stock: 1, name: "sold-out");
        var open = await CreateAsync(admin, now.AddMinutes(-30), TimeSpan.FromHours(2), name: "open");
        var ended = await CreateAsync(admin, now.AddHours(-3), TimeSpan.FromHours(1), name: "ended");
        var closedByOperator = await CreateAsync(admin, now.AddMinutes(-20), TimeSpan.FromHours(4), name: "closed");
        var nextScheduled = await CreateAsync(admin, now.AddHours(1), TimeSpan.FromHours(1), name: "next");
        await admin.CloseAsync(closedByOperator.SaleId);
        await (await app.Api.NewShopperAsync()).BuyAsync(soldOut.SaleId);

        var listed = await app.Api.ListSalesAsync();

        listed.Status.Should().Be(HttpStatusCode.OK, "{0}", listed);
        listed.Value.Select(s => (s.ProductName, s.Status)).Should().Equal(
            [("open", "open"), ("sold-out", "sold_out"), ("next", "scheduled"), ("later", "scheduled")],
            "scheduled, open and sold out, soonest to open first; the closed ones ({0}, {1}) and the configured sale that ended a month ago are not listed",
            ended.SaleId, closedByOperator.SaleId);
        listed.JsonBody[0].ShouldHaveMembers(
            "saleId", "productName", "price", "currency", "stockTotal", "stockRemaining", "opensAt", "closesAt", "status",
            "preQueueOpensAt", "paused", "challengeDifficulty");
        listed.Value.Select(s => s.SaleId).Should().Equal(open.SaleId, soldOut.SaleId, nextScheduled.SaleId, laterScheduled.SaleId);

        // Each one is still there by id, closed or not.
        (await app.Api.GetSaleAsync(ended.SaleId)).Value.Status.Should().Be("closed");
        (await app.Api.GetSaleAsync(closedByOperator.SaleId)).Value.Status.Should().Be("closed");
        (await app.Api.GetSaleAsync(soldOut.SaleId)).Value.StockRemaining.Should().Be(0);
        // Operators see every sale: those not ended in the same order, then the closed ones, the latest closed first.
        (await admin.ListSalesAsync()).Value.Select(s => s.ProductName).Should().Equal(
            "open", "sold-out", "next", "later", "closed", "ended", "iPhone 11 Pro");
    }

    [Fact]
    public async Task Current_IsTheOpenSaleSoonestToClose_ElseTheNextScheduled_ElseTheLastClosed()
    {
        await using var app = await AppWithOnlyAnOldSaleAsync();
        var admin = await app.OperatorAsync();
        var now = SaleRequests.WholeSeconds(app.Clock.GetUtcNow());

        // Only closed sales: the one that closed last.
        await CreateAsync(admin, now.AddHours(-5), TimeSpan.FromHours(1), name: "closed 4 h ago");
        var lastClosed = await CreateAsync(admin, now.AddHours(-3), TimeSpan.FromHours(1), name: "closed 2 h ago");
        await CreateAsync(admin, now.AddHours(-10), TimeSpan.FromHours(2), name: "closed 8 h ago");
        await ShouldBeCurrentAsync(app, lastClosed, "closed");

        // Scheduled ones too: the next to open, though made after a later one.
        await CreateAsync(admin, now.AddHours(2), TimeSpan.FromMinutes(30), name: "opens in 2 h");
        var next = await CreateAsync(admin, now.AddHours(1), TimeSpan.FromHours(5), name: "opens in 1 h");
        await ShouldBeCurrentAsync(app, next, "scheduled");

        // Two open sales: the one that closes soonest, though it opened last.
        var longer = await CreateAsync(admin, now.AddHours(-2), TimeSpan.FromHours(5), name: "closes in 3 h");
        var sooner = await CreateAsync(admin, now.AddMinutes(-10), TimeSpan.FromMinutes(70), name: "closes in 1 h");
        await ShouldBeCurrentAsync(app, sooner, "open");

        // When it closes, the other open one.
        await admin.CloseAsync(sooner.SaleId);
        await ShouldBeCurrentAsync(app, longer, "open");

        // A v1 client, naming no sale, queues and buys in the current one.
        var shopper = await app.Api.NewShopperAsync("v1");
        var ticket = (await shopper.EnterAsync()).Value;
        ticket.SaleId.Should().Be(longer.SaleId);
        var order = await shopper.BuyAsync();
        order.SaleId.Should().Be(longer.SaleId);
        order.ProductName.Should().Be("closes in 3 h");

        // When every open sale has closed, the next scheduled one again.
        await admin.CloseAsync(longer.SaleId);
        await ShouldBeCurrentAsync(app, next, "scheduled");
        (await shopper.EnterAsync()).ShouldBeProblem(409, "sale_not_open").OpensAt.Should().Be(next.OpensAt);
    }

    private static async Task ShouldBeCurrentAsync(TestApp app, AdminSaleBody expected, string status)
    {
        var current = await app.Api.GetCurrentSaleV2Async();
        current.Status.Should().Be(HttpStatusCode.OK, "{0}", current);
        current.Value.ProductName.Should().Be(expected.ProductName);
        current.Value.SaleId.Should().Be(expected.SaleId);
        current.Value.Status.Should().Be(status);
    }

    [Fact]
    public async Task EnterWithSaleId_JoinsThatSale_AndItsQueueTokenPurchaseTokenAndOrderCarryIt()
    {
        var admin = await shared.OperatorAsync();
        var now = shared.Clock.GetUtcNow();
        var chosen = await admin.CreateOpenSaleAsync(now, productName: "chosen");
        var other = await admin.CreateOpenSaleAsync(now, productName: "other");
        var shopper = await shared.Api.NewShopperAsync();

        var ticket = (await shopper.EnterAsync(chosen.SaleId)).Value;
        ticket.SaleId.Should().Be(chosen.SaleId);
        TokenForge.Payload(ticket.QueueToken)["sale_id"]!.GetValue<string>().Should().Be(chosen.SaleId.ToString());

        var purchaseToken = (await shopper.ExchangeUntilSettledAsync(ticket.QueueToken)).Final.Value.PurchaseToken;
        TokenForge.Payload(purchaseToken)["sale_id"]!.GetValue<string>().Should().Be(chosen.SaleId.ToString());

        var order = (await shopper.PurchaseAsync(purchaseToken)).Value;
        order.SaleId.Should().Be(chosen.SaleId);
        order.ProductName.Should().Be("chosen");
        order.Price.Should().Be(chosen.Price);
        (await shopper.GetOrderAsync(order.OrderId)).Value.SaleId.Should().Be(chosen.SaleId);

        (await admin.GetSaleAsync(chosen.SaleId)).Value.Figures.Orders.Should().Be(1);
        (await admin.GetSaleAsync(other.SaleId)).Value.Figures.Should().Match<SaleFiguresBody>(
            f => f.Queued == 0 && f.Orders == 0 && f.StockRemaining == other.StockTotal, "the other sale saw nothing of it");
    }

    [Fact]
    public async Task AShopper_MayHoldPlacesInTwoSalesAtOnce_AndBuyInBoth_ButHoldsOnePlaceAndOneOrderPerSale()
    {
        var admin = await shared.OperatorAsync();
        var now = shared.Clock.GetUtcNow();
        var first = await admin.CreateOpenSaleAsync(now, productName: "first");
        var second = await admin.CreateOpenSaleAsync(now, productName: "second");
        var shopper = await shared.Api.NewShopperAsync();

        var firstTicket = (await shopper.EnterAsync(first.SaleId)).Value;
        var secondTicket = (await shopper.EnterAsync(second.SaleId)).Value;
        secondTicket.QueueToken.Should().NotBe(firstTicket.QueueToken, "a place in each sale");
        secondTicket.SaleId.Should().Be(second.SaleId);
        (await shopper.EnterAsync(first.SaleId)).Value.Should().Be(firstTicket, "one place per shopper per sale");
        (await shopper.EnterAsync(second.SaleId)).Value.Should().Be(secondTicket);

        var firstPurchase = (await shopper.ExchangeUntilSettledAsync(firstTicket.QueueToken)).Final.Value.PurchaseToken;
        var secondPurchase = (await shopper.ExchangeUntilSettledAsync(secondTicket.QueueToken)).Final.Value.PurchaseToken;
        var firstOrder = (await shopper.PurchaseAsync(firstPurchase)).Value;
        var secondOrder = (await shopper.PurchaseAsync(secondPurchase)).Value;

        firstOrder.SaleId.Should().Be(first.SaleId);
        secondOrder.SaleId.Should().Be(second.SaleId);
        (await shopper.GetMyOrdersAsync()).Value.Select(o => o.SaleId).Should().BeEquivalentTo([first.SaleId, second.SaleId]);

        // One order per sale: joining again, exchanging again, or a second place later, are all refused.
        (await shopper.EnterAsync(first.SaleId)).ShouldBeProblem(409, "already_purchased");
        (await shopper.ExchangeAsync(firstTicket.QueueToken)).ShouldBeProblem(409, "already_purchased");
        (await shopper.PurchaseAsync(firstPurchase)).Value.OrderId.Should().Be(firstOrder.OrderId, "a retry answers the same order");
        (await admin.GetSaleAsync(first.SaleId)).Value.Figures.Orders.Should().Be(1);
        (await admin.GetSaleAsync(second.SaleId)).Value.Figures.Orders.Should().Be(1);
    }

    [Fact]
    public async Task EnterWithSaleId_AnswersForThatSale_NotForTheCurrentOne()
    {
        var admin = await shared.OperatorAsync();
        var now = shared.Clock.GetUtcNow();
        var scheduled = await admin.CreateScheduledSaleAsync(now, opensIn: TimeSpan.FromHours(7));
        var closed = (await admin.CloseAsync((await admin.CreateOpenSaleAsync(now)).SaleId)).Value;
        var shopper = await shared.Api.NewShopperAsync();
        (await shared.Api.GetCurrentSaleAsync()).Value.Status.Should().Be("open", "the current sale is open all along");

        (await shopper.EnterAsync(scheduled.SaleId)).ShouldBeProblem(409, "sale_not_open").OpensAt.Should().Be(scheduled.OpensAt,
            "the refusal names the opening of the sale asked for");
        (await shopper.EnterAsync(closed.SaleId)).ShouldBeProblem(409, "sale_closed");
    }

    [Fact]
    public async Task EnterWithAnUnknownSaleId_AnswersNotFound_AndAMalformedOne_ValidationFailed()
    {
        var shopper = await shared.Api.NewShopperAsync();

        (await shopper.EnterAsync(Guid.NewGuid())).ShouldBeProblem(404, "not_found");

        foreach (var malformed in new[] { "abc", "123", "%00", "00000000-0000-0000-0000-00000000000g" })
        {
            var response = await shared.Api.SendRawAsync(HttpMethod.Get, $"/api/queue/enter?saleId={malformed}", accessToken: shopper.AccessToken);
            response.ShouldBeProblem(400, "validation_failed").Errors.Should().ContainKey("saleId", "the query parameter is named; got {0}", response);
        }

        (await shared.Api.SendRawAsync(HttpMethod.Get, $"/api/queue/enter?saleId={Guid.NewGuid()}"))
            .ShouldBeProblem(401, "unauthorized");
    }

    [Fact]
    public async Task SaleById_AnswersNotFoundForAnUnknownOrMalformedId()
    {
        (await shared.Api.GetSaleAsync(Guid.NewGuid())).ShouldBeProblem(404, "not_found");
        (await shared.Api.SendRawAsync(HttpMethod.Get, "/api/sales/not-a-sale")).ShouldBeProblem(404, "not_found");
    }
}
