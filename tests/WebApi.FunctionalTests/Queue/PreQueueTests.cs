using System.Net;
using System.Text.Json;
using FlashPurchase.TestSupport;
using FlashPurchase.WebApi.FunctionalTests.Admin;
using FlashPurchase.WebApi.FunctionalTests.Client;
using FlashPurchase.WebApi.FunctionalTests.Hosting;

namespace FlashPurchase.WebApi.FunctionalTests.Queue;

/// <summary>enter's answer as v2 reads it: no position in the pre-queue until the draw.</summary>
public sealed record PreQueueTicketBody(string QueueToken, DateTimeOffset ExpiresAt, Guid SaleId, long? Position, bool? PreQueue);

/// <summary>Sales with a pre-queue, made by an operator, and the shoppers' calls on them.</summary>
internal static class PreQueueSales
{
    public static readonly TimeSpan PreQueue = TimeSpan.FromMinutes(30);

    /// <summary>A sale opening <paramref name="opensIn"/> after <paramref name="now"/> with a 30-minute pre-queue.</summary>
    public static async Task<AdminSaleBody> CreatePreQueueSaleAsync(
        this AdminClient admin, DateTimeOffset now, TimeSpan opensIn, int queueCapacity = 0)
    {
        var body = SaleRequests.Create(SaleRequests.WholeSeconds(now) + opensIn);
        body["preQueue"] = SaleRequests.Duration(PreQueue);
        if (queueCapacity > 0)
        {
            body["queueCapacity"] = queueCapacity;
        }

        return (await admin.CreateSaleAsync(body)).Value;
    }

    public static async Task<PreQueueTicketBody> EnterOkAsync(this Shopper shopper, Guid saleId)
    {
        var entered = await shopper.EnterAsync(saleId);
        entered.Status.Should().Be(HttpStatusCode.OK, "{0}", entered);
        return entered.As<PreQueueTicketBody>();
    }
}

/// <summary>
/// The pre-queue on the embedded default (its queue worker, and so its draw loop, in the process): refused before it
/// opens, a place without a position inside it, and at the opening a drawn order that the later shoppers queue behind.
/// </summary>
public sealed class PreQueueTests(EmbeddedAdminApp app) : IClassFixture<EmbeddedAdminApp>
{
    private DateTimeOffset Now => app.Clock.GetUtcNow();

    [Fact]
    public async Task PreQueue_RefusedBeforeItOpens_NoPositionInIt_ThenTheDrawnOrder_AndLaterShoppersInArrivalOrderBehind()
    {
        var admin = await app.OperatorAsync();
        var sale = await admin.CreatePreQueueSaleAsync(Now, opensIn: TimeSpan.FromMinutes(40));
        var early = new List<Shopper>();
        for (var i = 0; i < 5; i++)
        {
            early.Add(await app.Api.NewShopperAsync($"early{i}"));
        }

        var late = new[] { await app.Api.NewShopperAsync("late0"), await app.Api.NewShopperAsync("late1") };

        (await early[0].EnterAsync(sale.SaleId)).ShouldBeProblem(409, "sale_not_open");

        using var inThePreQueue = app.Clock.AdvanceFor(TimeSpan.FromMinutes(15));
        var tickets = new List<PreQueueTicketBody>();
        foreach (var shopper in early)
        {
            var entered = await shopper.EnterAsync(sale.SaleId);
            entered.Status.Should().Be(HttpStatusCode.OK, "{0}", entered);
            entered.JsonBody.GetProperty("position").ValueKind.Should().Be(JsonValueKind.Null, "no place number before the draw");
            entered.JsonBody.GetProperty("preQueue").GetBoolean().Should().BeTrue();
            tickets.Add(entered.As<PreQueueTicketBody>());
        }

        tickets.Should().OnlyContain(t => t.SaleId == sale.SaleId);
        var again = await early[0].EnterOkAsync(sale.SaleId);
        again.Should().Be(tickets[0], "joining again gives back the same queue token, still without a position");

        using var opened = app.Clock.AdvanceFor(TimeSpan.FromMinutes(25) + TimeSpan.FromSeconds(1));
        // The first shopper to join after the opening: before or after the draw, behind the pre-queue.
        var firstLate = await late[0].EnterOkAsync(sale.SaleId);
        firstLate.Position.Should().Be(6);
        firstLate.PreQueue.Should().BeNull("preQueue is only said while true");

        var drawnFirst = await Eventually.WaitForAsync(
            () => early[0].EnterOkAsync(sale.SaleId), t => t.Position is not null, TimeSpan.FromSeconds(15),
            "the draw loop to draw the pre-queue at the opening");
        drawnFirst.QueueToken.Should().Be(tickets[0].QueueToken, "the draw keeps the shopper's queue token");
        drawnFirst.PreQueue.Should().BeNull();

        var drawn = new List<PreQueueTicketBody>();
        foreach (var (shopper, i) in early.Select((s, i) => (s, i)))
        {
            var ticket = await shopper.EnterOkAsync(sale.SaleId);
            ticket.QueueToken.Should().Be(tickets[i].QueueToken);
            drawn.Add(ticket);
        }

        drawn.Select(t => t.Position!.Value).Order().Should().Equal([1L, 2L, 3L, 4L, 5L], "the pre-queue is drawn among its own places");
        (await early[0].EnterOkAsync(sale.SaleId)).Position.Should().Be(drawnFirst.Position, "the drawn place is fixed");
        (await late[1].EnterOkAsync(sale.SaleId)).Position.Should().Be(7, "after the pre-queue, arrival order");
        (await late[0].EnterOkAsync(sale.SaleId)).Position.Should().Be(6);
    }

    [Fact]
    public async Task InThePreQueue_TheQueuesCapacityAndAPauseApply()
    {
        var admin = await app.OperatorAsync();
        var sale = await admin.CreatePreQueueSaleAsync(Now, opensIn: TimeSpan.FromMinutes(10), queueCapacity: 1);
        var first = await app.Api.NewShopperAsync();
        var second = await app.Api.NewShopperAsync();

        (await first.EnterOkAsync(sale.SaleId)).PreQueue.Should().BeTrue();
        (await second.EnterAsync(sale.SaleId)).ShouldBeProblem(409, "queue_full");

        await admin.PauseAsync(sale.SaleId);
        (await first.EnterOkAsync(sale.SaleId)).PreQueue.Should().BeTrue("a shopper holding a place keeps it while paused");
        await admin.EditSaleAsync(sale.SaleId, new System.Text.Json.Nodes.JsonObject { ["queueCapacity"] = 0 });
        (await second.EnterAsync(sale.SaleId)).ShouldBeProblem(409, "queue_paused");
    }

    [Fact]
    public async Task ASaleWithoutAPreQueue_AnswersEnterAsV1Did()
    {
        var admin = await app.OperatorAsync();
        var sale = await admin.CreateOpenSaleAsync(Now);
        var shopper = await app.Api.NewShopperAsync();

        var entered = await shopper.EnterAsync(sale.SaleId);

        entered.Status.Should().Be(HttpStatusCode.OK, "{0}", entered);
        entered.JsonBody.EnumerateObject().Select(p => p.Name).Should().BeEquivalentTo(["queueToken", "expiresAt", "saleId", "position"]);
        entered.Value.Position.Should().Be(1);
    }

    [Fact]
    public async Task TheSaleViews_ShowWhenThePreQueueOpens()
    {
        var admin = await app.OperatorAsync();
        var sale = await admin.CreatePreQueueSaleAsync(Now, opensIn: TimeSpan.FromHours(2));
        var preQueueOpensAt = sale.OpensAt - PreQueueSales.PreQueue;

        sale.PreQueueOpensAt.Should().Be(preQueueOpensAt);
        sale.PreQueue.Should().Be(PreQueueSales.PreQueue);
        (await admin.GetSaleAsync(sale.SaleId)).Value.PreQueueOpensAt.Should().Be(preQueueOpensAt);
        (await app.Api.GetSaleAsync(sale.SaleId)).Value.PreQueueOpensAt.Should().Be(preQueueOpensAt);
        (await app.Api.ListSalesAsync()).Value.Single(s => s.SaleId == sale.SaleId).PreQueueOpensAt.Should().Be(preQueueOpensAt);
    }
}

/// <summary>
/// The pre-queue on MariaDB + RabbitMQ with a separate Worker, not started until the opening: before the draw the
/// exchange answers 202 without a position, and the Worker's draw loop draws the pre-queue once it runs.
/// </summary>
public sealed class PreQueueOnTheRealStackTests(RealStackAdminApp app) : IClassFixture<RealStackAdminApp>
{
    [Fact]
    public async Task BeforeTheDraw_ExchangeAnswers202WithoutAPosition_AndTheWorkerDrawsAtTheOpening()
    {
        var admin = await app.OperatorAsync();
        var sale = await admin.CreatePreQueueSaleAsync(app.Clock.GetUtcNow(), opensIn: TimeSpan.FromMinutes(10));
        var shoppers = new[] { await app.Api.NewShopperAsync("a"), await app.Api.NewShopperAsync("b"), await app.Api.NewShopperAsync("c") };
        var tickets = new List<PreQueueTicketBody>();
        foreach (var shopper in shoppers)
        {
            tickets.Add(await shopper.EnterOkAsync(sale.SaleId));
        }

        tickets.Should().OnlyContain(t => t.Position == null && t.PreQueue == true);
        var pending = await shoppers[2].ExchangeAsync(tickets[2].QueueToken);
        pending.Status.Should().Be(HttpStatusCode.Accepted, "{0}", pending);
        pending.JsonBody.GetProperty("status").GetString().Should().Be("pending");
        pending.JsonBody.GetProperty("position").ValueKind.Should().Be(JsonValueKind.Null, "nobody's rank is known before the draw");
        pending.RetryAfterSeconds.Should().NotBeNull();

        using var opened = app.Clock.AdvanceFor(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));
        await app.StartWorkerAsync();
        try
        {
            await Eventually.WaitForAsync(
                () => shoppers[0].EnterOkAsync(sale.SaleId), t => t.Position is not null, TimeSpan.FromSeconds(30),
                "the Worker's draw loop to draw the pre-queue");
            var drawn = new List<PreQueueTicketBody>();
            foreach (var shopper in shoppers)
            {
                drawn.Add(await shopper.EnterOkAsync(sale.SaleId));
            }

            drawn.Select(t => t.QueueToken).Should().Equal(tickets.Select(t => t.QueueToken));
            drawn.Select(t => t.Position!.Value).Order().Should().Equal([1L, 2L, 3L]);
            (await app.Database.ScalarAsync($"SELECT COUNT(*) FROM sales WHERE id = '{sale.SaleId}' AND pre_queue_drawn"))
                .Should().Be(1);
        }
        finally
        {
            await app.StopWorkerAsync();
        }
    }
}
