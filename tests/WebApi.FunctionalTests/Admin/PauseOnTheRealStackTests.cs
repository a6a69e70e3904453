using System.Net;
using FlashPurchase.TestSupport;
using FlashPurchase.WebApi.FunctionalTests.Client;

namespace FlashPurchase.WebApi.FunctionalTests.Admin;

/// <summary>
/// A pause on MariaDB + RabbitMQ with a separate Worker: a queue token that reaches the Worker while the sale is paused
/// is held back (exchange answers 202, no purchase token exists), purchase tokens released before the pause still buy,
/// and resume releases what was held back.
/// </summary>
public sealed class PauseOnTheRealStackTests(RealStackAdminApp app) : IClassFixture<RealStackAdminApp>
{
    [Fact]
    public async Task WhilePaused_NoPurchaseTokenIsReleased_ThoseReleasedBeforeStillBuy_AndResumeReleasesTheHeldBack()
    {
        var admin = await app.OperatorAsync();
        var sale = await admin.CreateOpenSaleAsync(app.Clock.GetUtcNow(), stock: 10);
        var early = await app.Api.NewShopperAsync("early");
        var held = await app.Api.NewShopperAsync("held");
        var newcomer = await app.Api.NewShopperAsync("newcomer");

        // Before the pause, the early shopper's token is converted.
        await app.StartWorkerAsync();
        var (_, earlyPurchaseToken) = await early.GetTokensAsync(sale.SaleId);
        await app.StopWorkerAsync();

        // The other one's token is in the broker when the operator pauses; the Worker takes it during the pause.
        var ticket = (await held.EnterAsync(sale.SaleId)).Value;
        var queueTokenId = Guid.Parse(TokenForge.Payload(ticket.QueueToken)["jti"]!.GetValue<string>());
        (await admin.PauseAsync(sale.SaleId)).Value.Paused.Should().BeTrue();
        await app.StartWorkerAsync();
        await Eventually.WaitForAsync(
            () => Task.FromResult(app.WorkerConversions.Of(queueTokenId)),
            conversions => conversions.Any(c => c.Report?.HeldBack.Contains(queueTokenId) == true),
            TimeSpan.FromSeconds(30), "the Worker to take the queue token and hold it back");

        var pending = await held.ExchangeAsync(ticket.QueueToken);
        pending.Status.Should().Be(HttpStatusCode.Accepted, "no purchase token is released while paused: {0}", pending);
        pending.RetryAfterSeconds.Should().NotBeNull("a 202 says when to ask again");
        (await app.Database.ScalarAsync($"SELECT COUNT(*) FROM purchase_tokens WHERE queue_token_id = '{queueTokenId}'"))
            .Should().Be(0);

        // The held-back release loop ticks (once a second of the app's clock) and still releases nothing.
        app.Clock.Advance(TimeSpan.FromSeconds(2));
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        (await held.ExchangeAsync(ticket.QueueToken)).Status.Should().Be(HttpStatusCode.Accepted, "the pause holds it back");

        var figures = (await admin.GetSaleAsync(sale.SaleId)).Value.Figures;
        figures.Waiting.Should().Be(1, "the held-back shopper still waits");
        figures.ActivePurchaseTokens.Should().Be(1, "the early shopper's token is out");

        var bought = await early.PurchaseAsync(earlyPurchaseToken);
        bought.Status.Should().Be(HttpStatusCode.Created, "a purchase token released before the pause still buys: {0}", bought);
        (await newcomer.EnterAsync(sale.SaleId)).ShouldBeProblem(409, "queue_paused");

        (await admin.ResumeAsync(sale.SaleId)).Value.Paused.Should().BeFalse();

        var released = await Eventually.WaitForAsync(
            async () =>
            {
                app.Clock.Advance(TimeSpan.FromSeconds(1));
                await Task.Delay(TimeSpan.FromMilliseconds(400));
                return await held.ExchangeAsync(ticket.QueueToken);
            },
            response => response.Status != HttpStatusCode.Accepted,
            TimeSpan.FromSeconds(15), "the held-back queue token to be released after the resume");
        released.Status.Should().Be(HttpStatusCode.OK, "{0}", released);
        (await held.PurchaseAsync(released.Value.PurchaseToken)).Status.Should().Be(HttpStatusCode.Created);
        (await newcomer.EnterAsync(sale.SaleId)).Status.Should().Be(HttpStatusCode.OK, "after the resume newcomers join");

        var after = (await admin.GetSaleAsync(sale.SaleId)).Value.Figures;
        after.Orders.Should().Be(2);
        after.StockRemaining.Should().Be(8);
    }
}
