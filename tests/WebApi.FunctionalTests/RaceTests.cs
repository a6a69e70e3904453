using System.Collections.Concurrent;
using FlashPurchase.TestSupport;
using FlashPurchase.WebApi.FunctionalTests.Client;
using FlashPurchase.WebApi.FunctionalTests.Hosting;
using Xunit.Abstractions;

namespace FlashPurchase.WebApi.FunctionalTests;

/// <summary>
/// The flash sale itself: many more shoppers than units, all at once. Orders never exceed stock, one order per
/// shopper, one per purchase token; every other shopper is told "sold out"; nothing answers 5xx.
/// </summary>
public abstract class RaceTests<TApp>(TApp app, ITestOutputHelper output) where TApp : TestApp
{
    private const int Shoppers = 300;
    private const int Stock = FixtureSettings.RaceStock;

    /// <summary>
    /// How soon after the gate opens the last racer must be through it. Going through takes no work (the racers wait on
    /// one task); what is left is the thread pool scheduling 300 continuations on a small, busy machine.
    /// </summary>
    private static readonly TimeSpan MaxRelease = TimeSpan.FromSeconds(1);

    private enum Step
    {
        Enter,
        Exchange,
        Purchase,
    }

    private sealed record Outcome(Shopper Shopper, Step Step, ApiResponse Final);

    [Fact]
    public async Task ThreeHundredShoppersForTwentyFiveUnits_ExactlyTwentyFiveBuy_AndTheRestAreToldSoldOut()
    {
        // Accounts are made before the race; they are not part of it.
        using var registering = new SemaphoreSlim(16);
        var shoppers = await Task.WhenAll(Enumerable.Range(0, Shoppers).Select(async _ =>
        {
            await registering.WaitAsync();
            try
            {
                return await app.Api.NewShopperAsync("racer");
            }
            finally
            {
                registering.Release();
            }
        }));

        // Every racer is ready before the gate opens: its access token works (one call with it, which also warms the
        // request path) and it waits at the gate. Only then does the race start, for all of them at once.
        var every = new ConcurrentBag<ApiResponse>();
        var gate = new StartGate(Shoppers);
        var racing = shoppers.Select((shopper, i) => Task.Run(async () =>
        {
            var warmUp = await shopper.GetMyOrdersAsync();
            warmUp.StatusCode.Should().Be(200, "a racer holds a working access token before the race: {0}", warmUp);
            warmUp.Value.Should().BeEmpty();
            await gate.ReadyAsync(i);
            return await RunAsync(shopper, every);
        })).ToList();
        await gate.OpenWhenAllReadyAsync(racing, TimeSpan.FromMinutes(2));
        var started = System.Diagnostics.Stopwatch.StartNew();
        var outcomes = await Task.WhenAll(racing);
        output.WriteLine($"{Shoppers} shoppers raced in {started.Elapsed.TotalSeconds:F1} s with {every.Count} requests");

        var released = gate.PassedAfterOpening;
        output.WriteLine($"the gate released the racers within {released.Max().TotalMilliseconds:F0} ms " +
            $"(median {released.Order().ElementAt(released.Count / 2).TotalMilliseconds:F0} ms)");
        released.Should().HaveCount(Shoppers).And.OnlyContain(after => after <= MaxRelease,
            "every racer waited at the gate and went through it together with the others, within {0}", MaxRelease);

        every.Where(response => response.StatusCode >= 500).Should().BeEmpty("nothing may answer 5xx under load");

        var winners = outcomes.Where(o => o.Step == Step.Purchase && o.Final.StatusCode == 201).ToList();
        var losers = outcomes.Except(winners).ToList();
        foreach (var step in Enum.GetValues<Step>())
        {
            output.WriteLine($"sold out at {step}: {losers.Count(o => o.Step == step)}");
        }

        winners.Should().HaveCount(Stock);
        foreach (var loser in losers)
        {
            loser.Final.ShouldBeProblem(409, "sold_out");
        }

        var orders = winners.Select(w => w.Final.As<OrderPlacedBody>()).ToList();
        orders.Select(o => o.OrderId).Should().OnlyHaveUniqueItems();
        winners.Select(w => w.Shopper.UserId).Should().OnlyHaveUniqueItems();

        var sale = (await app.Api.GetCurrentSaleAsync()).Value;
        sale.StockRemaining.Should().Be(0);
        sale.Status.Should().Be("sold_out");

        // Behind the API's back: the database agrees.
        var db = app.Database;
        (await db.ScalarAsync("SELECT COUNT(*) FROM orders")).Should().Be(Stock);
        (await db.ScalarAsync("SELECT stock_remaining FROM sales")).Should().Be(0);
        (await db.ScalarAsync("SELECT COUNT(DISTINCT user_id) FROM orders")).Should().Be(Stock);
        (await db.ScalarAsync("SELECT COUNT(DISTINCT purchase_token_id) FROM orders")).Should().Be(Stock);
        (await db.ScalarAsync(
            "SELECT COUNT(*) FROM (SELECT purchase_token_id FROM orders GROUP BY purchase_token_id HAVING COUNT(*) > 1) AS twice"))
            .Should().Be(0, "no purchase token has two orders");
        (await db.ScalarAsync(
            "SELECT COUNT(*) FROM orders o WHERE NOT EXISTS (SELECT 1 FROM purchase_tokens p WHERE p.id = o.purchase_token_id AND p.user_id = o.user_id)"))
            .Should().Be(0, "every order was paid with a purchase token of its own shopper");
    }

    private static async Task<Outcome> RunAsync(Shopper shopper, ConcurrentBag<ApiResponse> every)
    {
        var entered = await shopper.EnterAsync();
        every.Add(entered);
        if (entered.StatusCode != 200)
        {
            return new Outcome(shopper, Step.Enter, entered);
        }

        var exchanged = await shopper.ExchangeUntilSettledAsync(entered.Value.QueueToken, TimeSpan.FromMinutes(2));
        foreach (var pending in exchanged.Pending)
        {
            every.Add(pending);
        }

        every.Add(exchanged.Final);
        if (exchanged.Final.StatusCode != 200)
        {
            return new Outcome(shopper, Step.Exchange, exchanged.Final);
        }

        var purchased = await shopper.PurchaseAsync(exchanged.Final.Value.PurchaseToken);
        every.Add(purchased);
        return new Outcome(shopper, Step.Purchase, purchased);
    }
}

public sealed class EmbeddedRaceTests(EmbeddedRaceApp app, ITestOutputHelper output)
    : RaceTests<EmbeddedRaceApp>(app, output), IClassFixture<EmbeddedRaceApp>;

public sealed class RealStackRaceTests(RealStackRaceApp app, ITestOutputHelper output)
    : RaceTests<RealStackRaceApp>(app, output), IClassFixture<RealStackRaceApp>;
