using System.Collections.Concurrent;
using FlashPurchase.FaultTests.Client;
using FlashPurchase.FaultTests.Stack;
using FlashPurchase.TestSupport;
using MySqlConnector;
using Xunit.Abstractions;

namespace FlashPurchase.FaultTests;

/// <summary>
/// A limit of five active shoppers (released, unexpired, unused purchase tokens) holds exactly with two APIs and two
/// Workers on one database and broker, three hundred shoppers racing, and one Worker killed half-way and another
/// started: the release loops of both Workers take the sale row's lock, so no moment ever has a sixth active token.
/// </summary>
/// <remarks>
/// "Never" is checked after the race from the database, not by sampling during it: each purchase token is active from
/// its release until its order, its expiry or its revocation, and the largest number of those spans that overlap is
/// the most active tokens there ever were. (The release reads the orders committed before it, and an order's time is
/// taken before its commit, so an order and the release it makes room for never overlap.)
/// </remarks>
[Collection(FaultCollection.Name)]
[Trait("Category", "Fault")]
public sealed class ActiveShopperLimitTests(PrivateServices services, ITestOutputHelper output)
{
    private const int ShopperCount = 300;
    private const int Stock = 30;
    private const int MaxActive = 5;
    private const int KillAfterOrders = 10;

    [Fact(Timeout = 420_000)]
    public async Task FiveActiveShoppersAtMost_TwoApisAndTwoWorkers_AWorkerKilledHalfWay_NeverASixth_AndTheStockSells()
    {
        await using var stack = await FaultStack.CreateAsync(services, output, stock: Stock);
        (await stack.ScalarAsync($"UPDATE sales SET max_active_shoppers = {MaxActive}; SELECT ROW_COUNT()")).Should().Be(1);
        var apiProcesses = new[] { await stack.StartApiAsync(), await stack.StartApiAsync() };
        var workers = new[] { await stack.StartWorkerAsync(), await stack.StartWorkerAsync() };
        var apis = apiProcesses.Select(p => stack.Client(p)).ToArray();
        try
        {
            var shoppers = await stack.SeedShoppersAsync(ShopperCount, "limited");
            var every = new ConcurrentBag<Answer>();
            var gate = new StartGate(ShopperCount);
            var racing = shoppers.Select((shopper, i) => Task.Run(async () =>
            {
                var first = apis[i % 2];
                var second = apis[(i + 1) % 2];
                await gate.ReadyAsync(i);
                var entered = await first.EnterAsync(shopper);
                every.Add(entered);
                if (entered.Status != 200)
                {
                    return entered;
                }

                var exchanged = await Flow.ExchangeUntilSettledAsync(second, shopper, entered.Text("queueToken"), TimeSpan.FromMinutes(4), every);
                if (exchanged.Status != 200)
                {
                    return exchanged;
                }

                var purchased = await first.PurchaseAsync(shopper, exchanged.Text("purchaseToken"));
                every.Add(purchased);
                return purchased;
            })).ToList();
            await gate.OpenWhenAllReadyAsync(racing, TimeSpan.FromMinutes(2));

            // Half-way through the stock, one Worker dies without a word and a new one takes its place.
            await FaultStack.WaitForAsync(() => stack.ScalarAsync("SELECT COUNT(*) FROM orders"), n => n >= KillAfterOrders,
                TimeSpan.FromMinutes(3), $"{KillAfterOrders} orders");
            await stack.KillAsync(workers[0]);
            await stack.StartWorkerAsync();
            var outcomes = await Task.WhenAll(racing);

            every.Where(a => !a.IsAnswer || a.Status >= 500).Should().BeEmpty("nothing fails or answers 5xx");
            outcomes.Count(o => o.Status == 201).Should().Be(Stock, "the limit slows the sale, it does not stop it");
            outcomes.Where(o => o.Status != 201).Should().OnlyContain(o => o.Status == 409 && o.Code == "sold_out",
                "everyone else hears it is sold out");
            (await stack.ScalarAsync("SELECT COUNT(*) FROM orders")).Should().Be(Stock);

            var mostActive = await MostActiveAtOnceAsync(stack);
            stack.Log($"at most {mostActive} purchase tokens were active at once");
            mostActive.Should().BeLessThanOrEqualTo(MaxActive, "never a sixth active purchase token");
            mostActive.Should().Be(MaxActive, "the crowd filled the limit, so the test did test it");
            await Invariants.AssertHoldAsync(stack, everyPlaceConverted: false);
        }
        finally
        {
            foreach (var api in apis)
            {
                api.Dispose();
            }
        }
    }

    /// <summary>The largest number of purchase tokens active at one instant, from each token's active span.</summary>
    private static async Task<int> MostActiveAtOnceAsync(FaultStack stack)
    {
        var events = new List<(DateTime At, int Change)>();
        await using var connection = new MySqlConnection(stack.ProbeConnectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand(
            "SELECT t.issued_at, LEAST(t.expires_at, COALESCE(t.revoked_at, t.expires_at), COALESCE(o.placed_at, t.expires_at)) " +
            "FROM purchase_tokens t LEFT JOIN orders o ON o.purchase_token_id = t.id", connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            events.Add((reader.GetDateTime(0), +1));
            events.Add((reader.GetDateTime(1), -1));
        }

        // At one instant, an end comes before a start: a slot freed and taken at once is one active token, not two.
        var active = 0;
        var most = 0;
        foreach (var (_, change) in events.OrderBy(e => e.At).ThenBy(e => e.Change))
        {
            active += change;
            most = Math.Max(most, active);
        }

        return most;
    }
}
