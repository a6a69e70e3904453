using FlashPurchase.Application.Queue.Waiting;
using FlashPurchase.FaultTests.Client;
using FlashPurchase.FaultTests.Stack;
using Xunit.Abstractions;

namespace FlashPurchase.FaultTests;

/// <summary>
/// Fault 1: no Worker runs. Joining the queue must not depend on it: enter keeps handing out queue tokens (their
/// messages wait in the broker), exchange answers 202 with Retry-After; once a Worker starts, every waiting queue
/// token becomes a purchase token, none lost.
/// </summary>
[Collection(FaultCollection.Name)]
[Trait("Category", "Fault")]
public sealed class WorkerDownTests(PrivateServices services, ITestOutputHelper output)
{
    private const int ShopperCount = 40;

    [Fact(Timeout = 300_000)]
    public async Task WorkerDown_EnterAndExchangeKeepAnswering_AndAWorkerStartedLaterConvertsEveryWaitingQueueToken()
    {
        await using var stack = await FaultStack.CreateAsync(services, output, stock: 100);
        var apiProcess = await stack.StartApiAsync();
        using var api = stack.Client(apiProcess);
        var shoppers = await stack.SeedShoppersAsync(ShopperCount, "idle");

        // No Worker: every shopper still gets a queue token and a place of their own...
        var tickets = await Flow.ForEachAsync(shoppers, 16, (shopper, _) => api.EnterAsync(shopper));
        tickets.Should().OnlyContain(t => t.Status == 200, "enter does not need a Worker: {0}", tickets.FirstOrDefault(t => t.Status != 200));
        tickets.Select(t => t.Number("position")).Should().BeEquivalentTo(Enumerable.Range(1, ShopperCount));

        // ...whose message waits in the broker, durably, for a consumer that does not exist yet.
        var queue = await FaultStack.WaitForAsync(stack.QueueAsync, q => q?.Ready == ShopperCount, TimeSpan.FromSeconds(30),
            "every queue token's message in the queue");
        queue!.Consumers.Should().Be(0);

        // Exchange: "not yet", with a place and a time to come back; nothing was converted. Nothing is converted while
        // no Worker runs, so who is ahead follows from the order of the joins alone: everyone who joined before, and
        // with no conversion ever measured, the fallback wait (the one who is next asks soonest).
        var pending = await Flow.ForEachAsync(shoppers, 16, (shopper, i) => api.ExchangeAsync(shopper, tickets[i].Text("queueToken")));
        for (var i = 0; i < ShopperCount; i++)
        {
            var answer = pending[i];
            var ahead = tickets[i].Number("position") - 1;
            answer.Status.Should().Be(202, "no Worker has converted the token yet: {0}", answer);
            answer.Text("status").Should().Be("pending");
            answer.Number("position").Should().Be(ahead, "the {0} shoppers who joined before are all still waiting: {1}", ahead, answer);
            var retryAfter = ahead == 0 ? RetryAfterRule.MinimumSeconds : RetryAfterRule.FallbackSeconds;
            answer.RetryAfterSeconds.Should().Be(retryAfter, "a 202 says when to ask again: {0}", answer);
            answer.Number("retryAfterSeconds").Should().Be(retryAfter, "the body says the same as Retry-After: {0}", answer);
        }

        (await stack.ScalarAsync("SELECT COUNT(*) FROM purchase_tokens")).Should().Be(0);

        // A Worker starts: every shopper, polling at the pace Retry-After asks for, gets a purchase token.
        await stack.StartWorkerAsync();
        var exchanged = await Flow.ForEachAsync(shoppers, ShopperCount, (shopper, i) =>
            Flow.ExchangeUntilSettledAsync(api, shopper, tickets[i].Text("queueToken"), TimeSpan.FromMinutes(2)));
        exchanged.Should().OnlyContain(e => e.Status == 200, "every waiting token is converted: {0}", exchanged.FirstOrDefault(e => e.Status != 200));
        exchanged.Select(e => e.Text("purchaseToken")).Should().OnlyHaveUniqueItems();
        (await stack.ScalarAsync("SELECT COUNT(*) FROM purchase_tokens")).Should().Be(ShopperCount);

        // And they can buy with them.
        var orders = await Flow.ForEachAsync(shoppers, 16, (shopper, i) => api.PurchaseAsync(shopper, exchanged[i].Text("purchaseToken")));
        orders.Should().OnlyContain(o => o.Status == 201, "{0}", orders.FirstOrDefault(o => o.Status != 201));

        await FaultStack.WaitForAsync(stack.QueueAsync, q => q is { Total: 0 }, TimeSpan.FromSeconds(30), "an empty queue");
        await Invariants.AssertHoldAsync(stack, everyPlaceConverted: true);
    }
}
