using System.Globalization;
using FlashPurchase.WebApi.FunctionalTests.Hosting;

namespace FlashPurchase.WebApi.FunctionalTests.Races;

/// <summary>
/// The promises of one sale, checked in the app's database behind the API's back (as FaultTests' Invariants does for
/// the one sale of those tests), on either engine.
/// </summary>
public static class SaleInvariants
{
    public static async Task AssertHoldAsync(IDatabaseProbe db, Guid saleId)
    {
        var sale = Sql.Is("id", saleId);
        var ofSale = Sql.Is("sale_id", saleId);
        var stockTotal = await db.ScalarAsync($"SELECT stock_total FROM sales WHERE {sale}");
        var stockRemaining = await db.ScalarAsync($"SELECT stock_remaining FROM sales WHERE {sale}");
        var orders = await db.ScalarAsync($"SELECT COUNT(*) FROM orders WHERE {ofSale}");

        stockTotal.Should().BeGreaterThan(0, "sale {0} exists", saleId);
        stockRemaining.Should().BeGreaterThanOrEqualTo(0, "the stock never goes negative");
        orders.Should().BeLessThanOrEqualTo(stockTotal, "orders never exceed the stock");
        stockRemaining.Should().Be(stockTotal - orders, "every unit sold is one order, and every order one unit");

        (await db.ScalarAsync(
            $"SELECT COUNT(*) FROM (SELECT user_id FROM orders WHERE {ofSale} GROUP BY user_id HAVING COUNT(*) > 1) AS twice"))
            .Should().Be(0, "no shopper has two orders in one sale");
        (await db.ScalarAsync(
            "SELECT COUNT(*) FROM (SELECT purchase_token_id FROM orders GROUP BY purchase_token_id HAVING COUNT(*) > 1) AS twice"))
            .Should().Be(0, "no purchase token paid for two orders");
        (await db.ScalarAsync(
            $"SELECT COUNT(*) FROM orders o WHERE {Sql.Is("o.sale_id", saleId)} AND NOT EXISTS " +
            "(SELECT 1 FROM purchase_tokens p WHERE p.id = o.purchase_token_id AND p.user_id = o.user_id AND p.sale_id = o.sale_id)"))
            .Should().Be(0, "every order was paid with a purchase token of its own shopper and sale");

        (await db.ScalarAsync($"SELECT COUNT(DISTINCT queue_token_id) FROM purchase_tokens WHERE {ofSale}"))
            .Should().Be(await db.ScalarAsync($"SELECT COUNT(*) FROM purchase_tokens WHERE {ofSale}"), "no queue token was converted twice");
        (await db.ScalarAsync(
            $"SELECT COUNT(*) FROM purchase_tokens p WHERE {Sql.Is("p.sale_id", saleId)} AND NOT EXISTS " +
            "(SELECT 1 FROM queue_places q WHERE q.id = p.queue_token_id AND q.user_id = p.user_id AND q.sale_id = p.sale_id)"))
            .Should().Be(0, "every purchase token comes from a queue place of its shopper and sale");
        (await db.ScalarAsync(
            $"SELECT COUNT(*) FROM (SELECT position FROM queue_places WHERE {ofSale} GROUP BY position HAVING COUNT(*) > 1) AS twice"))
            .Should().Be(0, "no two shoppers share a place in the queue");
        (await db.ScalarAsync(
            $"SELECT COUNT(*) FROM queue_places q JOIN sales s ON s.id = q.sale_id WHERE {Sql.Is("s.id", saleId)} AND q.position > s.queue_length"))
            .Should().Be(0, "positions come from the sale's counter");
    }
}

/// <summary>SQL literals that mean the same on both engines (GUIDs are upper-case text on SQLite, char(36) on MariaDB).</summary>
public static class Sql
{
    public static string Is(string column, Guid id) => $"LOWER({column}) = '{id.ToString().ToLowerInvariant()}'";

    /// <summary>An instant as the engine stores it: UTC ticks on SQLite, datetime(6) on MariaDB.</summary>
    public static string Instant(IDatabaseProbe db, DateTimeOffset instant) => db is SqliteProbe
        ? instant.UtcTicks.ToString(CultureInfo.InvariantCulture)
        : $"'{instant.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture)}'";
}
