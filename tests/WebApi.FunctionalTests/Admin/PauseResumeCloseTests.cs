using System.Net;
using FlashPurchase.WebApi.FunctionalTests.Client;
using FlashPurchase.WebApi.FunctionalTests.Hosting;

namespace FlashPurchase.WebApi.FunctionalTests.Admin;

/// <summary>
/// An operator's three switches as shoppers meet them: a pause turns newcomers away with queue_paused and Retry-After
/// while shoppers holding a place keep it and released purchase tokens still buy; resume lets newcomers in again; close
/// ends the sale for everyone at once.
/// </summary>
public sealed class PauseResumeCloseTests(EmbeddedAdminApp app) : IClassFixture<EmbeddedAdminApp>
{
    /// <summary>DomainErrors.QueuePausedRetryAfter: an operator's pause is not timed, shoppers try again in 15 s.</summary>
    private const int PausedRetryAfterSeconds = 15;

    private DateTimeOffset Now => app.Clock.GetUtcNow();

    [Fact]
    public async Task Pause_ShowsPausedInTheAdminAndPublicViews_AndResumeClearsIt()
    {
        var admin = await app.OperatorAsync();
        var sale = await admin.CreateOpenSaleAsync(Now);
        sale.Paused.Should().BeFalse();

        var paused = await admin.PauseAsync(sale.SaleId);

        paused.Status.Should().Be(HttpStatusCode.OK, "{0}", paused);
        paused.Value.Paused.Should().BeTrue();
        paused.Value.Status.Should().Be("open", "a paused sale is still open: its window and stock are unchanged");
        (await admin.GetSaleAsync(sale.SaleId)).Value.Paused.Should().BeTrue();
        (await app.Api.GetSaleAsync(sale.SaleId)).Value.Paused.Should().BeTrue();
        (await app.Api.GetSaleAsync(sale.SaleId)).JsonBody.GetProperty("paused").GetBoolean().Should().BeTrue();
        (await app.Api.ListSalesAsync()).Value.Single(s => s.SaleId == sale.SaleId).Paused.Should().BeTrue();

        (await admin.PauseAsync(sale.SaleId)).Value.Paused.Should().BeTrue("pausing a paused sale is no error");

        var resumed = await admin.ResumeAsync(sale.SaleId);
        resumed.Status.Should().Be(HttpStatusCode.OK, "{0}", resumed);
        resumed.Value.Paused.Should().BeFalse();
        (await app.Api.GetSaleAsync(sale.SaleId)).Value.Paused.Should().BeFalse();
        (await admin.ResumeAsync(sale.SaleId)).Value.Paused.Should().BeFalse("resuming a running sale is no error");
    }

    [Fact]
    public async Task WhilePaused_ANewcomerGetsQueuePausedWithRetryAfter_AHolderGetsTheSamePlaceBack_AndAfterResumeNewcomersJoin()
    {
        var admin = await app.OperatorAsync();
        var sale = await admin.CreateOpenSaleAsync(Now);
        var holder = await app.Api.NewShopperAsync("holder");
        var newcomer = await app.Api.NewShopperAsync("newcomer");
        var ticket = (await holder.EnterAsync(sale.SaleId)).Value;

        await admin.PauseAsync(sale.SaleId);

        var refused = await newcomer.EnterAsync(sale.SaleId);
        var problem = refused.ShouldBeProblem(409, "queue_paused");
        refused.RetryAfterSeconds.Should().Be(PausedRetryAfterSeconds, "the refusal says when to try again");
        problem.RetryAfterSeconds.Should().Be(PausedRetryAfterSeconds, "the body says the same as the header");

        var again = await holder.EnterAsync(sale.SaleId);
        again.Status.Should().Be(HttpStatusCode.OK, "a shopper holding a place keeps it: {0}", again);
        again.Value.QueueToken.Should().Be(ticket.QueueToken);
        again.Value.Position.Should().Be(ticket.Position);

        (await admin.GetSaleAsync(sale.SaleId)).Value.Figures.Queued.Should().Be(1, "the newcomer took no place");

        await admin.ResumeAsync(sale.SaleId);

        var joined = await newcomer.EnterAsync(sale.SaleId);
        joined.Status.Should().Be(HttpStatusCode.OK, "{0}", joined);
        joined.Value.Position.Should().Be(ticket.Position + 1);
    }

    [Fact]
    public async Task WhilePaused_AShopperWhosePlaceExpired_IsANewcomer()
    {
        var admin = await app.OperatorAsync();
        var sale = await admin.CreateOpenSaleAsync(Now, duration: TimeSpan.FromHours(3));
        var shopper = await app.Api.NewShopperAsync();
        var ticket = (await shopper.EnterAsync(sale.SaleId)).Value;
        await admin.PauseAsync(sale.SaleId);

        using (app.Clock.AdvanceFor(ticket.ExpiresAt - Now + TimeSpan.FromMinutes(1)))
        {
            (await shopper.EnterAsync(sale.SaleId)).ShouldBeProblem(409, "queue_paused");
        }

        (await shopper.EnterAsync(sale.SaleId)).Value.QueueToken.Should().Be(ticket.QueueToken,
            "within its lifetime the same place is given back: the refusal above was about the expiry");
    }

    [Fact]
    public async Task WhilePaused_APurchaseTokenReleasedBefore_StillBuys()
    {
        var admin = await app.OperatorAsync();
        var sale = await admin.CreateOpenSaleAsync(Now);
        var shopper = await app.Api.NewShopperAsync();
        var (queueToken, purchaseToken) = await shopper.GetTokensAsync(sale.SaleId);

        await admin.PauseAsync(sale.SaleId);

        (await shopper.ExchangeAsync(queueToken)).Value.PurchaseToken.Should().Be(purchaseToken,
            "a purchase token already released stays the exchange's answer");
        var bought = await shopper.PurchaseAsync(purchaseToken);
        bought.Status.Should().Be(HttpStatusCode.Created, "{0}", bought);
        bought.Value.SaleId.Should().Be(sale.SaleId);
    }

    [Fact]
    public async Task AScheduledSalePaused_OpensPaused()
    {
        var admin = await app.OperatorAsync();
        var sale = await admin.CreateScheduledSaleAsync(Now, opensIn: TimeSpan.FromMinutes(5));
        var shopper = await app.Api.NewShopperAsync();

        (await admin.PauseAsync(sale.SaleId)).Value.Paused.Should().BeTrue();

        (await shopper.EnterAsync(sale.SaleId)).ShouldBeProblem(409, "sale_not_open");
        using (app.Clock.AdvanceFor(TimeSpan.FromMinutes(6)))
        {
            (await app.Api.GetSaleAsync(sale.SaleId)).Value.Status.Should().Be("open");
            (await shopper.EnterAsync(sale.SaleId)).ShouldBeProblem(409, "queue_paused");
        }
    }

    [Fact]
    public async Task Close_EndsTheSaleNow_ForNewcomersHoldersAndPurchaseTokensAlike()
    {
        var admin = await app.OperatorAsync();
        var sale = await admin.CreateOpenSaleAsync(Now);
        var released = await app.Api.NewShopperAsync("released");
        var holder = await app.Api.NewShopperAsync("holder");
        var newcomer = await app.Api.NewShopperAsync("newcomer");
        var (queueToken, purchaseToken) = await released.GetTokensAsync(sale.SaleId);
        (await holder.EnterAsync(sale.SaleId)).Value.SaleId.Should().Be(sale.SaleId);

        var closed = await admin.CloseAsync(sale.SaleId);

        closed.Status.Should().Be(HttpStatusCode.OK, "{0}", closed);
        closed.Value.Status.Should().Be("closed");
        closed.Value.ClosesAt.Should().Be(Now, "the window ends now");
        closed.Value.OpensAt.Should().Be(sale.OpensAt, "an open sale keeps its opening time");
        (await app.Api.GetSaleAsync(sale.SaleId)).Value.Status.Should().Be("closed");
        (await app.Api.ListSalesAsync()).Value.Should().NotContain(s => s.SaleId == sale.SaleId, "the list has no closed sale");

        (await newcomer.EnterAsync(sale.SaleId)).ShouldBeProblem(409, "sale_closed");
        (await holder.EnterAsync(sale.SaleId)).ShouldBeProblem(409, "sale_closed");
        (await released.ExchangeAsync(queueToken)).ShouldBeProblem(409, "sale_closed");
        (await released.PurchaseAsync(purchaseToken)).ShouldBeProblem(409, "sale_closed");
        (await admin.GetSaleAsync(sale.SaleId)).Value.Figures.Orders.Should().Be(0);
    }

    [Fact]
    public async Task Close_OfAPausedSale_ClosesIt()
    {
        var admin = await app.OperatorAsync();
        var sale = await admin.CreateOpenSaleAsync(Now);
        await admin.PauseAsync(sale.SaleId);

        (await admin.CloseAsync(sale.SaleId)).Value.Status.Should().Be("closed");
        (await (await app.Api.NewShopperAsync()).EnterAsync(sale.SaleId)).ShouldBeProblem(409, "sale_closed");
    }

    [Fact]
    public async Task Close_OfAScheduledSale_MeansItNeverOpens()
    {
        var admin = await app.OperatorAsync();
        var sale = await admin.CreateScheduledSaleAsync(Now, opensIn: TimeSpan.FromMinutes(10));
        var shopper = await app.Api.NewShopperAsync();

        var closed = (await admin.CloseAsync(sale.SaleId)).Value;

        closed.Status.Should().Be("closed");
        closed.ClosesAt.Should().Be(Now);
        closed.OpensAt.Should().BeOnOrBefore(closed.ClosesAt, "a sale closed before it opened keeps a window of no length");
        using (app.Clock.AdvanceFor(TimeSpan.FromMinutes(15)))
        {
            (await app.Api.GetSaleAsync(sale.SaleId)).Value.Status.Should().Be("closed", "the opening time it had is past, and still it is closed");
            (await shopper.EnterAsync(sale.SaleId)).ShouldBeProblem(409, "sale_closed");
        }
    }
}
