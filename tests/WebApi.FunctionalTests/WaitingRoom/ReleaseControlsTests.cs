using System.Net;
using System.Text.Json.Nodes;
using FlashPurchase.TestSupport;
using FlashPurchase.WebApi.FunctionalTests.Admin;
using FlashPurchase.WebApi.FunctionalTests.Client;
using FlashPurchase.WebApi.FunctionalTests.Hosting;

namespace FlashPurchase.WebApi.FunctionalTests.WaitingRoom;

/// <summary>
/// The release controls through the API, on the embedded default (its worker and release loop inside the app): a
/// release pace seen as the place counting down, a limit of active shoppers, the purchase window, and leaving. The
/// app's clock is the test's: the pace moves only when the test moves it.
/// </summary>
public sealed class ReleaseControlsTests(EmbeddedAdminApp app) : IClassFixture<EmbeddedAdminApp>
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task APaceOfTwentyAMinute_ReleasesOneShopperEveryThreeSecondsOfTheClock_AndThePlaceCountsDown()
    {
        var sale = await OpenSaleAsync(new JsonObject { ["releaseRate"] = 20 });
        var shoppers = await ShoppersInQueueAsync(sale, 3);
        await ReleasedAsync(shoppers[0]);

        // Each step moves the clock a second (which also lets the estimate, up to a second old, be read again).
        using var rewind = new CompositeRewind();
        await StepAsync(rewind);
        (await PendingAsync(shoppers[1])).Position.Should().Be(0, "the first shopper was released");
        var third = await PendingAsync(shoppers[2]);
        third.Position.Should().Be(1);
        third.RetryAfterSeconds.Should().Be(3, "one ahead, at one every three seconds");

        await StepAsync(rewind);
        (await PendingAsync(shoppers[1])).Position.Should().Be(0, "two seconds after the first release: not yet");

        await StepAsync(rewind);
        await ReleasedAsync(shoppers[1]);
        (await PendingAsync(shoppers[2])).Position.Should().Be(0, "the third shopper's place counted down");

        await StepAsync(rewind);
        await StepAsync(rewind);
        (await PendingAsync(shoppers[2])).Position.Should().Be(0);
        await StepAsync(rewind);
        await ReleasedAsync(shoppers[2]);
    }

    /// <summary>A second of the clock, then time for the release loop (ten looks a second) to act on it.</summary>
    private async Task StepAsync(CompositeRewind rewind)
    {
        rewind.Add(app.Clock.AdvanceFor(TimeSpan.FromSeconds(1)));
        await Task.Delay(TimeSpan.FromMilliseconds(600));
    }

    private sealed class CompositeRewind : IDisposable
    {
        private readonly Stack<IDisposable> _steps = new();

        public void Add(IDisposable step) => _steps.Push(step);

        public void Dispose()
        {
            while (_steps.TryPop(out var step))
            {
                step.Dispose();
            }
        }
    }

    [Fact]
    public async Task MaxActiveShoppers_HoldsTheNextShopper_UntilTheActiveOneLeaves()
    {
        var admin = await app.OperatorAsync();
        var sale = await OpenSaleAsync(new JsonObject { ["maxActiveShoppers"] = 1 });
        var (first, second) = (await ShoppersInQueueAsync(sale, 2)) switch { var s => (s[0], s[1]) };
        var firstToken = await ReleasedAsync(first);

        using (app.Clock.AdvanceFor(TimeSpan.FromSeconds(1)))
        {
            // A second later (the estimate is read again), the second shopper is next, and still waits.
            await Task.Delay(TimeSpan.FromMilliseconds(600));
            (await PendingAsync(second)).Position.Should().Be(0, "the one active slot is taken");
        }

        var figures = (await admin.GetSaleAsync(sale)).Value.Figures;
        figures.ActivePurchaseTokens.Should().Be(1);
        figures.Waiting.Should().Be(1);

        (await first.Shopper.LeaveAsync(sale)).Status.Should().Be(HttpStatusCode.NoContent);

        await ReleasedAsync(second);
        (await first.Shopper.PurchaseAsync(firstToken.PurchaseToken)).ShouldBeProblem(410, "token_revoked");
    }

    [Fact]
    public async Task ALapsedPurchaseWindow_ExpiresTheToken_FreesTheSlot_AndTheShopperJoinsAgainAtTheBack()
    {
        var sale = await OpenSaleAsync(new JsonObject { ["maxActiveShoppers"] = 1, ["purchaseWindow"] = "00:02:00" });
        var (first, second) = (await ShoppersInQueueAsync(sale, 2)) switch { var s => (s[0], s[1]) };
        var released = await ReleasedAsync(first);
        released.ExpiresAt.Should().BeCloseTo(app.Clock.GetUtcNow() + TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(5));

        using var later = app.Clock.AdvanceFor(TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(1));

        await ReleasedAsync(second);
        (await first.Shopper.PurchaseAsync(released.PurchaseToken)).ShouldBeProblem(410, "token_expired");
        (await first.Shopper.ExchangeAsync(first.Ticket.QueueToken)).ShouldBeProblem(410, "token_expired");
        var again = await first.Shopper.EnterAsync(sale);
        again.Status.Should().Be(HttpStatusCode.OK, "{0}", again);
        again.Value.QueueToken.Should().NotBe(first.Ticket.QueueToken, "a new place, not the old one");
        again.Value.Position.Should().BeGreaterThan(second.Ticket.Position, "at the back");
    }

    [Fact]
    public async Task Leaving_RevokesTheQueueAndPurchaseTokens_EvenAfterJoiningAgain_AndTheRejoinIsAtTheBack()
    {
        var sale = await OpenSaleAsync([]);
        var leaver = await app.Api.NewShopperAsync("leaver");
        var (queueToken, purchaseToken) = await leaver.GetTokensAsync(sale);
        var stayer = (await ShoppersInQueueAsync(sale, 1))[0];

        (await leaver.LeaveAsync(sale)).Status.Should().Be(HttpStatusCode.NoContent);
        (await leaver.LeaveAsync(sale)).Status.Should().Be(HttpStatusCode.NoContent, "leaving is idempotent");

        (await leaver.ExchangeAsync(queueToken)).ShouldBeProblem(410, "token_revoked");
        (await leaver.PurchaseAsync(purchaseToken)).ShouldBeProblem(410, "token_revoked");
        var rejoined = await leaver.EnterAsync(sale);
        rejoined.Status.Should().Be(HttpStatusCode.OK, "{0}", rejoined);
        rejoined.Value.QueueToken.Should().NotBe(queueToken);
        rejoined.Value.Position.Should().BeGreaterThan(stayer.Ticket.Position);
        (await leaver.ExchangeAsync(queueToken)).ShouldBeProblem(410, "token_revoked");
        (await leaver.PurchaseAsync(purchaseToken)).ShouldBeProblem(410, "token_revoked");

        var fresh = await leaver.ExchangeUntilSettledAsync(rejoined.Value.QueueToken);
        (await leaver.PurchaseAsync(fresh.Final.Value.PurchaseToken)).Status.Should().Be(HttpStatusCode.Created, "the new place buys");
    }

    [Fact]
    public async Task Leaving_WithoutAPlace_Answers204_AndAnUnknownSale404()
    {
        var sale = await OpenSaleAsync([]);
        var shopper = await app.Api.NewShopperAsync("never-joined");

        (await shopper.LeaveAsync(sale)).Status.Should().Be(HttpStatusCode.NoContent);
        (await shopper.LeaveAsync(Guid.NewGuid())).ShouldBeProblem(404, "not_found");
        (await app.Api.LeaveAsync(null, sale)).ShouldBeProblem(401, "unauthorized");
    }

    private async Task<Guid> OpenSaleAsync(JsonObject controls)
    {
        var admin = await app.OperatorAsync();
        var body = SaleRequests.Create(SaleRequests.WholeSeconds(app.Clock.GetUtcNow()).AddMinutes(-1));
        foreach (var (field, value) in controls)
        {
            body[field] = value?.DeepClone();
        }

        var created = await admin.CreateSaleAsync(body);
        created.Status.Should().Be(HttpStatusCode.Created, "{0}", created);
        return created.Value.SaleId;
    }

    private async Task<List<QueuedShopper>> ShoppersInQueueAsync(Guid saleId, int count)
    {
        var queued = new List<QueuedShopper>();
        for (var i = 0; i < count; i++)
        {
            var shopper = await app.Api.NewShopperAsync($"queued{i}");
            queued.Add(new QueuedShopper(shopper, (await shopper.EnterAsync(saleId)).Value));
        }

        return queued;
    }

    private static async Task<PurchaseTokenBody> ReleasedAsync(QueuedShopper queued)
    {
        var response = await Eventually.WaitForAsync(
            () => queued.Shopper.ExchangeAsync(queued.Ticket.QueueToken),
            r => r.Status != HttpStatusCode.Accepted,
            Settle, $"{queued.Shopper}'s purchase token to be released", TimeSpan.FromMilliseconds(100));
        response.Status.Should().Be(HttpStatusCode.OK, "{0}", response);
        return response.Value;
    }

    private static async Task<PendingBody> PendingAsync(QueuedShopper queued)
    {
        var response = await queued.Shopper.ExchangeAsync(queued.Ticket.QueueToken);
        response.Status.Should().Be(HttpStatusCode.Accepted, "{0}", response);
        return response.As<PendingBody>();
    }

    private sealed record QueuedShopper(Shopper Shopper, QueueTicketBody Ticket);
}
