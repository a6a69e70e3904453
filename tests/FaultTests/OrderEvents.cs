using FlashPurchase.FaultTests.Stack;
using FlashPurchase.TestSupport.Fulfilment;

namespace FlashPurchase.FaultTests;

/// <summary>
/// The promise to the shop's fulfilment, checked after a fault: it hears of every order in the database exactly once
/// (after deduplicating by EventId), with the order's own ids, and hears of nothing else.
/// </summary>
public static class OrderEvents
{
    public static async Task AssertEachOrderDeliveredOnceAsync(FaultStack stack, FulfilmentService fulfilment, TimeSpan patience)
    {
        var orders = await stack.OrdersAsync();
        await FaultStack.WaitForAsync(() => Task.FromResult(fulfilment.Log), log => log.Orders.Count >= orders.Count, patience,
            $"the fulfilment to hear of all {orders.Count} orders");
        stack.Log($"fulfilment: {fulfilment.Log}");

        fulfilment.Log.Orders.Select(o => (o.OrderId, o.SaleId, o.UserId)).Should().BeEquivalentTo(orders,
            "one OrderPlaced per order in the database, with its orderId, saleId and userId");
        fulfilment.Log.MessageIdMismatches.Should().Be(0, "each event's MessageId is its EventId");
        (await stack.ScalarAsync("SELECT COUNT(*) FROM outbox_messages WHERE sent_at IS NULL AND type LIKE '%order-placed%'"))
            .Should().Be(0, "every OrderPlaced row is marked sent");
    }
}
