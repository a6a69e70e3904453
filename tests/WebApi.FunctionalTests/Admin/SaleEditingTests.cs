using System.Net;
using System.Text.Json.Nodes;
using FlashPurchase.WebApi.FunctionalTests.Client;

namespace FlashPurchase.WebApi.FunctionalTests.Admin;

/// <summary>
/// What an operator may change, and when: everything before the opening; once open, not what shoppers queued for
/// (product, price, currency, opening time) but the stock (never below the orders placed), the duration and the queue's
/// capacity; nothing once closed. Each test makes the sales it edits and names them by id.
/// </summary>
public sealed class SaleEditingTests(EmbeddedAdminApp app) : IClassFixture<EmbeddedAdminApp>
{
    private DateTimeOffset Now => app.Clock.GetUtcNow();

    [Fact]
    public async Task ScheduledSale_EveryFieldCanChange_AndEveryViewShowsTheChange()
    {
        var admin = await app.OperatorAsync();
        var sale = await admin.CreateScheduledSaleAsync(Now);
        var opensAt = SaleRequests.WholeSeconds(Now).AddDays(2);

        var edited = await admin.EditSaleAsync(sale.SaleId, new JsonObject
        {
            ["productName"] = "Renamed phone",
            ["price"] = 12.34m,
            ["currency"] = "USD",
            ["stock"] = 77,
            ["opensAt"] = SaleRequests.Instant(opensAt),
            ["duration"] = "03:30:00",
            ["queueCapacity"] = 5,
        });

        edited.Status.Should().Be(HttpStatusCode.OK, "{0}", edited);
        var expected = sale with
        {
            ProductName = "Renamed phone",
            Price = 12.34m,
            Currency = "USD",
            StockTotal = 77,
            StockRemaining = 77,
            OpensAt = opensAt,
            ClosesAt = opensAt + TimeSpan.FromHours(3.5),
            Duration = TimeSpan.FromHours(3.5),
            QueueCapacity = 5,
            Figures = sale.Figures with { StockRemaining = 77 },
        };
        edited.Value.Should().BeEquivalentTo(expected);
        (await admin.GetSaleAsync(sale.SaleId)).Value.Should().BeEquivalentTo(expected, "the change was stored");

        var shown = (await app.Api.GetSaleAsync(sale.SaleId)).Value;
        shown.Should().BeEquivalentTo(new
        {
            expected.ProductName,
            expected.Price,
            expected.Currency,
            expected.StockTotal,
            expected.StockRemaining,
            expected.OpensAt,
            expected.ClosesAt,
            Status = "scheduled",
        }, "shoppers see the change at once");
    }

    [Fact]
    public async Task ScheduledSale_MovingTheOpeningTime_KeepsTheDuration()
    {
        var admin = await app.OperatorAsync();
        var sale = (await admin.CreateSaleAsync(SaleRequests.Create(SaleRequests.WholeSeconds(Now).AddHours(1), TimeSpan.FromHours(2)))).Value;
        var later = sale.OpensAt.AddHours(5).AddMinutes(7);
        var earlier = sale.OpensAt.AddMinutes(-30);

        var movedLater = (await admin.EditSaleAsync(sale.SaleId, new JsonObject { ["opensAt"] = SaleRequests.Instant(later) })).Value;
        movedLater.OpensAt.Should().Be(later);
        movedLater.ClosesAt.Should().Be(later.AddHours(2), "the window moves whole");
        movedLater.Duration.Should().Be(TimeSpan.FromHours(2));

        var movedEarlier = (await admin.EditSaleAsync(sale.SaleId, new JsonObject { ["opensAt"] = SaleRequests.Instant(earlier) })).Value;
        movedEarlier.OpensAt.Should().Be(earlier);
        movedEarlier.ClosesAt.Should().Be(earlier.AddHours(2));
    }

    [Fact]
    public async Task ScheduledSale_ChangingTheDuration_MovesOnlyTheClosingTime_AndBothTogetherCombine()
    {
        var admin = await app.OperatorAsync();
        var sale = (await admin.CreateSaleAsync(SaleRequests.Create(SaleRequests.WholeSeconds(Now).AddHours(1), TimeSpan.FromHours(2)))).Value;

        var shorter = (await admin.EditSaleAsync(sale.SaleId, new JsonObject { ["duration"] = "00:45:00" })).Value;
        shorter.OpensAt.Should().Be(sale.OpensAt);
        shorter.ClosesAt.Should().Be(sale.OpensAt.AddMinutes(45));
        shorter.Duration.Should().Be(TimeSpan.FromMinutes(45));

        var opensAt = sale.OpensAt.AddDays(1);
        var both = (await admin.EditSaleAsync(sale.SaleId, new JsonObject
        {
            ["opensAt"] = SaleRequests.Instant(opensAt),
            ["duration"] = "2.00:00:00",
        })).Value;
        both.OpensAt.Should().Be(opensAt);
        both.ClosesAt.Should().Be(opensAt.AddDays(2));
    }

    [Fact]
    public async Task ScheduledSale_AnEmptyEdit_ChangesNothing()
    {
        var admin = await app.OperatorAsync();
        var sale = await admin.CreateScheduledSaleAsync(Now);

        var edited = await admin.EditSaleAsync(sale.SaleId, new JsonObject());

        edited.Status.Should().Be(HttpStatusCode.OK, "{0}", edited);
        edited.Value.Should().BeEquivalentTo(sale);
    }

    public static TheoryData<string, string> LockedOnceOpen => new()
    {
        { "productName", "\"Another phone\"" },
        { "price", "1.00" },
        { "currency", "\"USD\"" },
        { "opensAt", "OPENS_AT_PLUS_ONE_MINUTE" },
    };

    [Theory]
    [MemberData(nameof(LockedOnceOpen))]
    public async Task OpenSale_ChangingWhatShoppersQueuedFor_AnswersSaleAlreadyOpen_AndChangesNothing(string field, string json)
    {
        var admin = await app.OperatorAsync();
        var sale = await admin.CreateOpenSaleAsync(Now);
        var value = json == "OPENS_AT_PLUS_ONE_MINUTE"
            ? JsonValue.Create(SaleRequests.Instant(sale.OpensAt.AddMinutes(1)))
            : JsonNode.Parse(json);

        var problem = (await admin.EditSaleAsync(sale.SaleId, new JsonObject { [field] = value }))
            .ShouldBeProblem(409, "sale_already_open");

        problem.Detail.Should().Contain(field, "the operator learns which field cannot change");
        (await admin.GetSaleAsync(sale.SaleId)).Value.Should().BeEquivalentTo(sale);
    }

    [Fact]
    public async Task OpenSale_ALockedFieldBesideAnAllowedOne_RefusesTheWholeEdit()
    {
        var admin = await app.OperatorAsync();
        var sale = await admin.CreateOpenSaleAsync(Now, stock: 10);

        (await admin.EditSaleAsync(sale.SaleId, new JsonObject { ["stock"] = 20, ["price"] = 1.00m, ["duration"] = "05:00:00" }))
            .ShouldBeProblem(409, "sale_already_open");

        var after = (await admin.GetSaleAsync(sale.SaleId)).Value;
        after.StockTotal.Should().Be(10, "no part of a refused edit is applied");
        after.Should().BeEquivalentTo(sale);
    }

    [Fact]
    public async Task OpenSale_RepeatingTheCurrentValuesOfTheLockedFields_IsNotAChange()
    {
        var admin = await app.OperatorAsync();
        var sale = await admin.CreateOpenSaleAsync(Now);

        var repeated = await admin.EditSaleRawAsync(sale.SaleId, $$"""
            {
              "productName": "{{sale.ProductName}}",
              "price": 499.990,
              "currency": "{{sale.Currency}}",
              "opensAt": "{{sale.OpensAt.ToOffset(TimeSpan.FromHours(2)):yyyy-MM-dd'T'HH:mm:sszzz}}"
            }
            """);

        repeated.Status.Should().Be(HttpStatusCode.OK,
            "the same price written with another scale and the same instant in another offset are the current values: {0}", repeated);
        repeated.Value.Should().BeEquivalentTo(sale);
    }

    [Fact]
    public async Task OpenSale_StockDurationAndQueueCapacity_StillChange_AndTakeEffect()
    {
        var admin = await app.OperatorAsync();
        var sale = await admin.CreateOpenSaleAsync(Now, stock: 10, duration: TimeSpan.FromHours(2));
        var first = await app.Api.NewShopperAsync();
        var second = await app.Api.NewShopperAsync();
        (await first.EnterAsync(sale.SaleId)).Value.SaleId.Should().Be(sale.SaleId);

        var edited = await admin.EditSaleAsync(sale.SaleId, new JsonObject
        {
            ["stock"] = 15,
            ["duration"] = "06:00:00",
            ["queueCapacity"] = 1,
        });

        edited.Status.Should().Be(HttpStatusCode.OK, "{0}", edited);
        edited.Value.StockTotal.Should().Be(15);
        edited.Value.StockRemaining.Should().Be(15);
        edited.Value.OpensAt.Should().Be(sale.OpensAt, "the opening stays where it was");
        edited.Value.ClosesAt.Should().Be(sale.OpensAt.AddHours(6));
        edited.Value.QueueCapacity.Should().Be(1);
        edited.Value.Status.Should().Be("open");

        // The capacity applies at once: the first shopper holds the one place.
        (await second.EnterAsync(sale.SaleId)).ShouldBeProblem(409, "queue_full");
        (await app.Api.GetSaleAsync(sale.SaleId)).Value.ClosesAt.Should().Be(sale.OpensAt.AddHours(6));
    }

    [Fact]
    public async Task OpenSale_StockBelowTheOrdersPlaced_AnswersStockBelowOrders_AndTheStockStays_ButEqualToThemIsAllowed()
    {
        var admin = await app.OperatorAsync();
        var sale = await admin.CreateOpenSaleAsync(Now, stock: 5);
        foreach (var shopper in new[] { await app.Api.NewShopperAsync(), await app.Api.NewShopperAsync() })
        {
            (await shopper.BuyAsync(sale.SaleId)).SaleId.Should().Be(sale.SaleId);
        }

        var problem = (await admin.EditSaleAsync(sale.SaleId, new JsonObject { ["stock"] = 1 })).ShouldBeProblem(409, "stock_below_orders");

        problem.Detail.Should().Contain("2", "the operator learns how many orders there are");
        var after = (await admin.GetSaleAsync(sale.SaleId)).Value;
        after.StockTotal.Should().Be(5);
        after.StockRemaining.Should().Be(3);
        after.Figures.Orders.Should().Be(2);

        var down = (await admin.EditSaleAsync(sale.SaleId, new JsonObject { ["stock"] = 2 })).Value;
        down.StockTotal.Should().Be(2);
        down.StockRemaining.Should().Be(0);
        down.Status.Should().Be("sold_out", "every unit left is sold");
        (await (await app.Api.NewShopperAsync()).EnterAsync(sale.SaleId)).ShouldBeProblem(409, "sold_out");
    }

    [Fact]
    public async Task SoldOutSale_RaisingTheStock_OpensItAgain_ForTheNewUnitsOnly()
    {
        var admin = await app.OperatorAsync();
        var sale = await admin.CreateOpenSaleAsync(Now, stock: 1);
        var buyer = await app.Api.NewShopperAsync("buyer");
        var late = await app.Api.NewShopperAsync("late");
        await buyer.BuyAsync(sale.SaleId);
        (await app.Api.GetSaleAsync(sale.SaleId)).Value.Status.Should().Be("sold_out");
        (await late.EnterAsync(sale.SaleId)).ShouldBeProblem(409, "sold_out");

        // Once open, a sold-out sale is still one whose price shoppers saw.
        (await admin.EditSaleAsync(sale.SaleId, new JsonObject { ["price"] = 1.00m })).ShouldBeProblem(409, "sale_already_open");

        var raised = (await admin.EditSaleAsync(sale.SaleId, new JsonObject { ["stock"] = 3 })).Value;

        raised.Status.Should().Be("open");
        raised.StockTotal.Should().Be(3);
        raised.StockRemaining.Should().Be(2, "new stock minus the unit sold");
        var shown = (await app.Api.GetSaleAsync(sale.SaleId)).Value;
        shown.Status.Should().Be("open");
        shown.StockRemaining.Should().Be(2);

        (await late.BuyAsync(sale.SaleId)).SaleId.Should().Be(sale.SaleId, "the shopper turned away can buy now");
        (await buyer.EnterAsync(sale.SaleId)).ShouldBeProblem(409, "already_purchased");
        (await admin.GetSaleAsync(sale.SaleId)).Value.StockRemaining.Should().Be(1);
    }

    [Fact]
    public async Task ClosedSale_RefusesEditPauseResumeAndClose_WithSaleClosed()
    {
        var admin = await app.OperatorAsync();
        var closedByOperator = await admin.CreateOpenSaleAsync(Now);
        closedByOperator = (await admin.CloseAsync(closedByOperator.SaleId)).Value;

        // A window that ended by itself, an hour ago.
        var ended = (await admin.CreateSaleAsync(SaleRequests.Create(SaleRequests.WholeSeconds(Now).AddHours(-3), TimeSpan.FromHours(2)))).Value;
        ended.Status.Should().Be("closed");

        foreach (var sale in new[] { closedByOperator, ended })
        {
            (await admin.EditSaleAsync(sale.SaleId, new JsonObject { ["stock"] = 50 })).ShouldBeProblem(409, "sale_closed");
            (await admin.EditSaleAsync(sale.SaleId, new JsonObject { ["duration"] = "10.00:00:00" })).ShouldBeProblem(409, "sale_closed");
            (await admin.EditSaleAsync(sale.SaleId, new JsonObject())).ShouldBeProblem(409, "sale_closed");
            (await admin.PauseAsync(sale.SaleId)).ShouldBeProblem(409, "sale_closed");
            (await admin.ResumeAsync(sale.SaleId)).ShouldBeProblem(409, "sale_closed");
            (await admin.CloseAsync(sale.SaleId)).ShouldBeProblem(409, "sale_closed");

            (await admin.GetSaleAsync(sale.SaleId)).Value.Should().BeEquivalentTo(sale, "nothing changes in a closed sale");
        }
    }

    [Fact]
    public async Task UnknownSale_AnswersNotFound_ForEveryCallOnIt()
    {
        var admin = await app.OperatorAsync();
        var unknown = Guid.NewGuid();

        (await admin.GetSaleAsync(unknown)).ShouldBeProblem(404, "not_found");
        (await admin.EditSaleAsync(unknown, new JsonObject { ["stock"] = 5 })).ShouldBeProblem(404, "not_found");
        (await admin.PauseAsync(unknown)).ShouldBeProblem(404, "not_found");
        (await admin.ResumeAsync(unknown)).ShouldBeProblem(404, "not_found");
        (await admin.CloseAsync(unknown)).ShouldBeProblem(404, "not_found");
        (await app.Api.GetSaleAsync(unknown)).ShouldBeProblem(404, "not_found");
    }
}
