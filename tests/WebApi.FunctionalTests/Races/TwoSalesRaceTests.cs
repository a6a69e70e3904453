using System.Collections.Concurrent;
using System.Diagnostics;
using FlashPurchase.TestSupport;
using FlashPurchase.WebApi.FunctionalTests.Client;
using FlashPurchase.WebApi.FunctionalTests.Hosting;
using Xunit.Abstractions;

namespace FlashPurchase.WebApi.FunctionalTests.Races;

/// <summary>
/// Two sales open at once, with three hundred shoppers racing in each: every shopper tries both, at the same moment,
/// through the whole flow (enter with ?saleId=, exchange, purchase). Each sale sells exactly its stock, once per shopper;
/// the sales do not mix (a queue, a token or a unit of one is never the other's); nothing answers 5xx.
/// </summary>
public abstract class TwoSalesRaceTests<TApp>(TApp app, ITestOutputHelper output) where TApp : TestApp
{
    private const int Shoppers = 300;
    private const int StockA = 20;
    private const int StockB = 30;

    private sealed record Outcome(Shopper Shopper, Guid SaleId, string Step, ApiResponse Final);

    [Fact]
    public async Task TwoSalesOpenAtOnce_ThreeHundredShoppersRaceInEach_EachSellsExactlyItsStock_OncePerShopper()
    {
        var watch = Stopwatch.StartNew();
        var defaultSale = (await app.Api.GetCurrentSaleAsync()).Value.SaleId; // the configured one, made at start-up
        var op = await Operator.LogInAsync(app);
        var opensAt = app.Clock.GetUtcNow().AddMinutes(-1);
        var saleA = await op.CreateSaleAsync("Race Phone A", StockA, opensAt, TimeSpan.FromDays(1));
        var saleB = await op.CreateSaleAsync("Race Phone B", StockB, opensAt, TimeSpan.FromDays(1));
        var stocks = new Dictionary<Guid, int> { [saleA] = StockA, [saleB] = StockB };
        var shoppers = await app.Api.NewShoppersAsync(Shoppers, "two-sales");
        output.WriteLine($"{Shoppers} shoppers and two sales ready in {watch.Elapsed.TotalSeconds:F1} s");

        var every = new ConcurrentBag<ApiResponse>();
        var gate = new StartGate(Shoppers);
        var racing = shoppers.Select((shopper, i) => Task.Run(async () =>
        {
            (await shopper.GetMyOrdersAsync()).StatusCode.Should().Be(200, "a racer holds a working access token");
            await gate.ReadyAsync(i);
            // Both sales at once, the order of the two calls alternating between shoppers.
            Guid[] sales = i % 2 == 0 ? [saleA, saleB] : [saleB, saleA];
            return await Task.WhenAll(sales.Select(sale => BuyAsync(shopper, sale, every)));
        })).ToList();
        await gate.OpenWhenAllReadyAsync(racing, TimeSpan.FromMinutes(2));
        var raced = Stopwatch.StartNew();
        var outcomes = (await Task.WhenAll(racing)).SelectMany(o => o).ToList();
        output.WriteLine($"{Shoppers} shoppers raced in both sales in {raced.Elapsed.TotalSeconds:F1} s with {every.Count} requests");

        every.Where(response => response.StatusCode >= 500).Should().BeEmpty("nothing may answer 5xx under load");
        foreach (var (saleId, stock) in stocks)
        {
            var ofSale = outcomes.Where(o => o.SaleId == saleId).ToList();
            var winners = ofSale.Where(o => o.Step == "purchase" && o.Final.StatusCode == 201).ToList();
            output.WriteLine($"sale {saleId} ({stock} units): sold out at enter {ofSale.Count(o => o.Step == "enter")}, " +
                $"at exchange {ofSale.Count(o => o.Step == "exchange")}, at purchase {ofSale.Count(o => o.Step == "purchase") - winners.Count}");

            winners.Should().HaveCount(stock, "sale {0} sells exactly its stock", saleId);
            winners.Select(w => w.Shopper.UserId).Should().OnlyHaveUniqueItems();
            winners.Select(w => w.Final.As<OrderPlacedBody>().SaleId).Should().OnlyContain(id => id == saleId);
            foreach (var loser in ofSale.Except(winners))
            {
                loser.Final.ShouldBeProblem(409, "sold_out");
            }

            var sale = (await app.Api.GetSaleAsync(saleId)).Value;
            (sale.StockRemaining, sale.Status).Should().Be((0, "sold_out"));

            var db = app.Database;
            (await db.ScalarAsync($"SELECT COUNT(*) FROM orders WHERE {Sql.Is("sale_id", saleId)}")).Should().Be(stock);
            (await db.ScalarAsync($"SELECT stock_remaining FROM sales WHERE {Sql.Is("id", saleId)}")).Should().Be(0);
            (await db.ScalarAsync($"SELECT COUNT(DISTINCT user_id) FROM orders WHERE {Sql.Is("sale_id", saleId)}")).Should().Be(stock);
            await SaleInvariants.AssertHoldAsync(db, saleId);
        }

        // The shoppers were in both queues at once, and the default sale, which nobody named, saw none of them.
        var inBoth = await app.Database.ScalarAsync(
            $"SELECT COUNT(*) FROM queue_places a JOIN queue_places b ON b.user_id = a.user_id AND {Sql.Is("b.sale_id", saleB)} " +
            $"WHERE {Sql.Is("a.sale_id", saleA)}");
        output.WriteLine($"{inBoth} shoppers held a place in both sales");
        inBoth.Should().BeGreaterThanOrEqualTo(StockA + StockB, "the crowd joined both queues before either sold out");
        (await app.Database.ScalarAsync($"SELECT COUNT(*) FROM queue_places WHERE {Sql.Is("sale_id", defaultSale)}")).Should().Be(0);
        (await app.Database.ScalarAsync($"SELECT COUNT(*) FROM orders WHERE {Sql.Is("sale_id", defaultSale)}")).Should().Be(0);
        (await app.Database.ScalarAsync("SELECT COUNT(*) FROM orders")).Should().Be(StockA + StockB);
        output.WriteLine($"the whole test took {watch.Elapsed.TotalSeconds:F1} s");
    }

    private async Task<Outcome> BuyAsync(Shopper shopper, Guid saleId, ConcurrentBag<ApiResponse> every)
    {
        var entered = await app.Api.EnterAsync(shopper, saleId);
        every.Add(entered);
        if (entered.StatusCode != 200)
        {
            return new Outcome(shopper, saleId, "enter", entered);
        }

        entered.Value.SaleId.Should().Be(saleId, "the queue token is of the sale named");
        var exchanged = await shopper.ExchangeUntilSettledAsync(entered.Value.QueueToken, TimeSpan.FromMinutes(2));
        foreach (var pending in exchanged.Pending)
        {
            every.Add(pending);
        }

        every.Add(exchanged.Final);
        if (exchanged.Final.StatusCode != 200)
        {
            return new Outcome(shopper, saleId, "exchange", exchanged.Final);
        }

        var purchased = await shopper.PurchaseAsync(exchanged.Final.Value.PurchaseToken);
        every.Add(purchased);
        return new Outcome(shopper, saleId, "purchase", purchased);
    }
}

public sealed class EmbeddedTwoSalesApp() : EmbeddedApp(RaceSettings.With());

public sealed class RealStackTwoSalesApp() : RealStackApp(RaceSettings.With());

public sealed class EmbeddedTwoSalesRaceTests(EmbeddedTwoSalesApp app, ITestOutputHelper output)
    : TwoSalesRaceTests<EmbeddedTwoSalesApp>(app, output), IClassFixture<EmbeddedTwoSalesApp>;

public sealed class RealStackTwoSalesRaceTests(RealStackTwoSalesApp app, ITestOutputHelper output)
    : TwoSalesRaceTests<RealStackTwoSalesApp>(app, output), IClassFixture<RealStackTwoSalesApp>;
