using FlashPurchase.FaultTests.Client;
using FlashPurchase.FaultTests.Stack;
using FlashPurchase.TestSupport.Fulfilment;
using Xunit.Abstractions;

namespace FlashPurchase.FaultTests;

/// <summary>
/// Fault 9: the API is SIGKILLed between the commit of orders and the publishing of their events. The window is made
/// real by running the first API (and the Worker, whose relay would publish the same table) with its relay off: the
/// orders and their OrderPlaced rows are committed, nothing is published. A new API, relay on, publishes them: the
/// shop's fulfilment hears of each order once.
/// </summary>
[Collection(FaultCollection.Name)]
[Trait("Category", "Fault")]
public sealed class OutboxCrashTests(PrivateServices services, ITestOutputHelper output)
{
    private const int Orders = 6;

    private static readonly Dictionary<string, string?> RelayOff = new() { ["Outbox__RelayEnabled"] = "false" };

    [Fact(Timeout = 180_000)]
    public async Task ApiKilledBetweenCommitAndPublish_TheNextApiPublishesEveryOrderPlaced()
    {
        await using var stack = await FaultStack.CreateAsync(services, output, stock: Orders);
        await using var fulfilment = await FulfilmentService.StartAsync(stack.AmqpUri, TimeSpan.FromMinutes(1));
        var first = await stack.StartApiAsync(settings: RelayOff);
        await stack.StartWorkerAsync(settings: RelayOff);
        var shoppers = await stack.SeedShoppersAsync(Orders, "outbox");
        using (var api = stack.Client(first))
        {
            await Flow.ForEachAsync(shoppers, 3, (shopper, _) => Flow.BuyAsync(api, shopper));
        }

        // Committed, not published: the orders' events wait in the outbox, and the shop has heard of none.
        (await stack.ScalarAsync("SELECT COUNT(*) FROM outbox_messages WHERE sent_at IS NULL AND type LIKE '%order-placed%'"))
            .Should().Be(Orders);
        (await stack.ScalarAsync("SELECT COUNT(*) FROM outbox_messages WHERE sent_at IS NULL AND type LIKE '%sale-sold-out%'"))
            .Should().Be(1, "the last order sold the sale out");
        (await stack.ScalarAsync("SELECT COUNT(*) FROM outbox_messages WHERE type LIKE '%sale-opened%'"))
            .Should().Be(1, "the Worker announced the sale's opening, once");
        await Task.Delay(TimeSpan.FromSeconds(1));
        fulfilment.Log.Orders.Should().BeEmpty("no relay ran");

        await stack.KillAsync(first);
        var second = await stack.StartApiAsync();

        await OrderEvents.AssertEachOrderDeliveredOnceAsync(stack, fulfilment, TimeSpan.FromSeconds(30));
        fulfilment.Log.Duplicates.Should().Be(0, "one relay published them, once");
        await FaultStack.WaitForAsync(() => stack.ScalarAsync("SELECT COUNT(*) FROM outbox_messages WHERE sent_at IS NULL"),
            unsent => unsent == 0, TimeSpan.FromSeconds(30), "every event (releases, sold out, the opening) to be sent");
        second.IsRunning.Should().BeTrue();
        await Invariants.AssertHoldAsync(stack, everyPlaceConverted: true);
    }
}
