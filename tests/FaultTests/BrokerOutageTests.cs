using FlashPurchase.FaultTests.Client;
using FlashPurchase.FaultTests.Stack;
using FlashPurchase.TestSupport.Fulfilment;
using Xunit.Abstractions;

namespace FlashPurchase.FaultTests;

/// <summary>
/// Fault 4: the broker stops (<c>rabbitmqctl stop_app</c>) under a running API and Worker. Joining the queue answers
/// <c>503 queue_unavailable</c> with Retry-After within a few seconds, never hangs, and hands out no queue token that
/// is not in the broker; readiness says so. When the broker returns (<c>start_app</c>), both processes reconnect by
/// themselves and the whole flow works again, with no restart.
/// The refused shoppers try all at once, and a purchase goes on meanwhile: a batch of joins waits at most one publish
/// timeout for the broker with the sale row locked, and the batches right after a refused one do not wait at all, so
/// neither the joins nor the purchase queue up behind each other's timeouts. The purchase made during the outage has
/// its OrderPlaced committed and waiting; once the broker is back it reaches the shop's fulfilment, and so does every
/// other order's, none lost.
/// </summary>
[Collection(FaultCollection.Name)]
[Trait("Category", "Fault")]
public sealed class BrokerOutageTests(PrivateServices services, ITestOutputHelper output)
{
    /// <summary>Well above the configured publish timeout (3 s): "a few seconds", not a benchmark.</summary>
    private static readonly TimeSpan QuickAnswer = TimeSpan.FromSeconds(10);

    [Fact(Timeout = 420_000)]
    public async Task BrokerStopped_EnterAnswersQueueUnavailableWithoutHanging_AndApiAndWorkerReconnectWhenItReturns()
    {
        await using var stack = await FaultStack.CreateAsync(services, output, stock: 100,
            new Dictionary<string, string?> { ["Messaging__PublishTimeout"] = "00:00:03" });
        await using var fulfilment = await FulfilmentService.StartAsync(stack.AmqpUri, TimeSpan.FromMinutes(1));
        var apiProcess = await stack.StartApiAsync();
        var worker = await stack.StartWorkerAsync();
        using var api = stack.Client(apiProcess, timeout: TimeSpan.FromSeconds(60));
        var shoppers = await stack.SeedShoppersAsync(16, "outage");
        var before = shoppers.Take(3).ToList();
        var holder = shoppers[3];
        var refused = shoppers.Skip(4).Take(8).ToList();
        var after = shoppers.Skip(12).ToList();

        // Before: the flow works; one shopper keeps a purchase token for later.
        foreach (var shopper in before)
        {
            await Flow.BuyAsync(api, shopper);
        }

        var holderTokens = await Flow.GetTokensAsync(api, holder);

        await services.Broker.StopAppAsync();
        stack.Log("broker application stopped");
        try
        {
            // Readiness notices the broker is gone, and names it.
            var notReady = await FaultStack.WaitForAsync(api.ReadyAsync, r => r.Status == 503, TimeSpan.FromSeconds(60),
                "/health/ready to answer 503 while the broker is down");
            notReady.Code.Should().Be("service_unavailable");
            notReady.Text("detail").Should().Contain("broker", "readiness names what cannot be reached");

            // Joining the queue, all at once: a quick, honest 503 with Retry-After each, and no queue token. What needs
            // only the database goes on meanwhile: the holder buys with the purchase token from before.
            var joining = refused.Select(shopper => api.EnterAsync(shopper)).ToList();
            var purchase = await api.PurchaseAsync(holder, holderTokens.PurchaseToken);
            purchase.Status.Should().Be(201, "{0}", purchase);
            purchase.Elapsed.Should().BeLessThan(QuickAnswer, "a purchase does not wait behind the joins' publish timeouts");
            foreach (var answer in await Task.WhenAll(joining))
            {
                answer.Status.Should().Be(503, "the broker cannot take the token: {0}", answer);
                answer.Code.Should().Be("queue_unavailable", "{0}", answer);
                answer.RetryAfterSeconds.Should().BeGreaterThanOrEqualTo(1, "a 503 says when to come back: {0}", answer);
                answer.Elapsed.Should().BeLessThan(QuickAnswer, "enter must not hang while the broker is down: {0}", answer);
            }

            (await stack.ScalarAsync(
                $"SELECT COUNT(*) FROM queue_places WHERE user_id IN ({string.Join(", ", refused.Select(s => $"'{s.UserId}'"))})"))
                .Should().Be(0, "no queue place (no queue token) was kept for a refused shopper");

            (await api.CurrentSaleAsync()).Status.Should().Be(200);

            // The holder's order is committed, its event with it, waiting for the broker.
            (await stack.ScalarAsync(
                $"SELECT COUNT(*) FROM outbox_messages WHERE sent_at IS NULL AND type LIKE '%order-placed%' AND payload LIKE '%{purchase.Text("orderId")}%'"))
                .Should().Be(1, "the order's event waits in the outbox while the broker is down");
        }
        finally
        {
            await services.Broker.StartAppAsync();
            stack.Log("broker application started again");
        }

        // Both processes reconnect by themselves: ready again...
        await FaultStack.WaitForAsync(api.ReadyAsync, r => r.Status == 200, TimeSpan.FromSeconds(90),
            "/health/ready to answer 200 once the broker is back");

        // ...and the whole flow works again, for the shoppers refused during the outage and for newcomers: the API
        // sends again (to a client that honours Retry-After, as the 503 asks), and the Worker consumes again.
        foreach (var shopper in refused.Concat(after))
        {
            await Flow.BuyAsync(api, shopper, patientEnter: true);
        }

        apiProcess.IsRunning.Should().BeTrue("the API recovered without a restart");
        worker.IsRunning.Should().BeTrue("the Worker recovered without a restart");
        stack.Processes.Should().HaveCount(2, "nothing was restarted");
        (await stack.QueueAsync())!.Consumers.Should().Be(1, "the Worker consumes again");
        await Invariants.AssertHoldAsync(stack, everyPlaceConverted: true);
        (await stack.ScalarAsync("SELECT COUNT(*) FROM orders")).Should().Be(shoppers.Count);
        await OrderEvents.AssertEachOrderDeliveredOnceAsync(stack, fulfilment, TimeSpan.FromSeconds(60));
    }
}
