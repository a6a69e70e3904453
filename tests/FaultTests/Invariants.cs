using FlashPurchase.FaultTests.Stack;

namespace FlashPurchase.FaultTests;

/// <summary>
/// The promises of the sale, checked in the database (and the broker's error queue) after every fault: whatever
/// crashed or went away, these must hold.
/// </summary>
public static class Invariants
{
    /// <param name="everyPlaceConverted">
    /// Also: every queue place has its purchase token (for tests that let the Worker drain the whole queue).
    /// </param>
    public static async Task AssertHoldAsync(FaultStack stack, bool everyPlaceConverted = false)
    {
        var stockTotal = await stack.ScalarAsync("SELECT stock_total FROM sales");
        var stockRemaining = await stack.ScalarAsync("SELECT stock_remaining FROM sales");
        var orders = await stack.ScalarAsync("SELECT COUNT(*) FROM orders");
        var purchaseTokens = await stack.ScalarAsync("SELECT COUNT(*) FROM purchase_tokens");
        var places = await stack.ScalarAsync("SELECT COUNT(*) FROM queue_places");
        stack.Log($"invariants: stock {stockTotal}, remaining {stockRemaining}, orders {orders}, " +
                  $"queue places {places}, purchase tokens {purchaseTokens}");

        (await stack.ScalarAsync("SELECT COUNT(*) FROM sales")).Should().Be(1, "the tests run one sale");
        orders.Should().BeLessThanOrEqualTo(stockTotal, "orders never exceed the stock");
        stockRemaining.Should().Be(stockTotal - orders, "every unit sold is one order, and every order one unit");

        (await stack.ScalarAsync(
            "SELECT COUNT(*) FROM (SELECT user_id FROM orders GROUP BY sale_id, user_id HAVING COUNT(*) > 1) AS twice"))
            .Should().Be(0, "no shopper has two orders");
        (await stack.ScalarAsync(
            "SELECT COUNT(*) FROM (SELECT purchase_token_id FROM orders GROUP BY purchase_token_id HAVING COUNT(*) > 1) AS twice"))
            .Should().Be(0, "no purchase token paid for two orders");
        (await stack.ScalarAsync(
            "SELECT COUNT(*) FROM orders o WHERE NOT EXISTS " +
            "(SELECT 1 FROM purchase_tokens p WHERE p.id = o.purchase_token_id AND p.user_id = o.user_id AND p.sale_id = o.sale_id)"))
            .Should().Be(0, "every order was paid with a purchase token of its own shopper and sale");

        (await stack.ScalarAsync("SELECT COUNT(DISTINCT queue_token_id) FROM purchase_tokens"))
            .Should().Be(purchaseTokens, "no queue token was converted twice");
        (await stack.ScalarAsync(
            "SELECT COUNT(*) FROM purchase_tokens p WHERE NOT EXISTS " +
            "(SELECT 1 FROM queue_places q WHERE q.id = p.queue_token_id AND q.user_id = p.user_id AND q.sale_id = p.sale_id)"))
            .Should().Be(0, "every purchase token comes from a queue place (a queue token that went through the broker) of its shopper");
        (await stack.ScalarAsync(
            "SELECT COUNT(*) FROM (SELECT position FROM queue_places GROUP BY sale_id, position HAVING COUNT(*) > 1) AS twice"))
            .Should().Be(0, "no two shoppers share a place in the queue");
        (await stack.ScalarAsync("SELECT COUNT(*) FROM queue_places q JOIN sales s ON s.id = q.sale_id WHERE q.position > s.queue_length"))
            .Should().Be(0, "positions come from the sale's counter");

        if (everyPlaceConverted)
        {
            (await stack.ScalarAsync(
                "SELECT COUNT(*) FROM queue_places q WHERE NOT EXISTS (SELECT 1 FROM purchase_tokens p WHERE p.queue_token_id = q.id)"))
                .Should().Be(0, "every queue token handed out was in the broker, so the Worker converted every one");
            purchaseTokens.Should().Be(places);
        }

        // The broker looked at is this test's: the API declares queue-token-issued when it sends the first queue token.
        (await stack.QueueAsync()).Should().NotBeNull("{0} exists in the test's virtual host", FaultStack.QueueName);

        // MassTransit declares queue-token-issued_error only when it moves the first message there (a message that failed
        // all its retries); the Worker's start declares queue-token-issued alone. Every fault test expects no message to
        // fail for good, so the error queue must not exist at all: stricter than "empty", and a lookup that finds
        // nothing (a wrong name or virtual host) fails above instead of passing as an empty queue.
        var errors = await stack.ErrorQueueAsync();
        errors.Should().BeNull("no queue token message failed for good, so MassTransit never created {0} (found {1})",
            FaultStack.ErrorQueueName, errors);
    }
}
