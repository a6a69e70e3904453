using System.Net;
using FlashPurchase.Application.Queue.Waiting;
using FlashPurchase.WebApi.FunctionalTests.Client;
using FlashPurchase.WebApi.FunctionalTests.Hosting;

namespace FlashPurchase.WebApi.FunctionalTests;

/// <summary>
/// The 202 of the exchange on the real stack, with figures known exactly: a sale of its own, and no Worker until the
/// test starts one (so no token was converted, and none is converted while the test looks).
/// </summary>
public sealed class EstimatedWaitTests(RealStackIdleWorkerApp app) : IClassFixture<RealStackIdleWorkerApp>
{
    [Fact]
    public async Task Exchange_WhileNoWorkerRuns_SaysHowManyAreAheadAndAsksForTheFallbackWait_ThenConvertsOnceAWorkerRuns()
    {
        app.WorkerIsRunning.Should().BeFalse();
        var shoppers = new List<Shopper>();
        var tickets = new List<QueueTicketBody>();
        foreach (var name in new[] { "first", "second", "third" })
        {
            var shopper = await app.Api.NewShopperAsync(name);
            shoppers.Add(shopper);
            tickets.Add((await shopper.EnterAsync()).Value);
        }

        tickets.Select(t => t.Position).Should().Equal([1L, 2L, 3L], "three shoppers joined a fresh sale one after the other");

        // Nothing converted within the window: no rate to divide by, so the fallback; the one who is next asks soonest.
        ShouldBePending(await shoppers[2].ExchangeAsync(tickets[2].QueueToken), ahead: 2, RetryAfterRule.FallbackSeconds);
        ShouldBePending(await shoppers[1].ExchangeAsync(tickets[1].QueueToken), ahead: 1, RetryAfterRule.FallbackSeconds);
        ShouldBePending(await shoppers[0].ExchangeAsync(tickets[0].QueueToken), ahead: 0, RetryAfterRule.MinimumSeconds);

        await app.StartWorkerAsync();

        for (var i = 0; i < shoppers.Count; i++)
        {
            var settled = await shoppers[i].ExchangeUntilSettledAsync(tickets[i].QueueToken);
            settled.Final.Status.Should().Be(HttpStatusCode.OK, "the Worker converts the waiting tokens: {0}", settled.Final);
            settled.Final.Value.PurchaseToken.Should().NotBeNullOrEmpty();
        }
    }

    private static void ShouldBePending(ApiResponse response, long ahead, int retryAfterSeconds)
    {
        response.Status.Should().Be(HttpStatusCode.Accepted, "{0}", response);
        response.As<PendingBody>().Should().Be(new PendingBody("pending", ahead, retryAfterSeconds), "{0}", response);
        response.RetryAfterSeconds.Should().Be(retryAfterSeconds, "the Retry-After header says the same as the body");
    }
}
