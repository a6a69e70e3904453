using FlashPurchase.FaultTests.Client;
using FlashPurchase.FaultTests.Stack;
using Xunit.Abstractions;

namespace FlashPurchase.FaultTests;

/// <summary>
/// Fault 5: the database server stops under a running API and Worker, then starts again (same data, same port).
/// Meanwhile every call answers a 503 problem with Retry-After, promptly: not a 500, not a hang; readiness says
/// which check fails. Once it is back, everything works again with no restart, with the tokens shoppers already hold.
/// </summary>
[Collection(FaultCollection.Name)]
[Trait("Category", "Fault")]
public sealed class DatabaseOutageTests(PrivateServices services, ITestOutputHelper output)
{
    /// <summary>A refused connection is immediate; this only tells "answered" from "hung".</summary>
    private static readonly TimeSpan QuickAnswer = TimeSpan.FromSeconds(20);

    [Fact(Timeout = 420_000)]
    public async Task DatabaseStopped_EveryCallAnswers503WithoutHanging_AndEverythingWorksAgainWhenItReturns()
    {
        await using var stack = await FaultStack.CreateAsync(services, output, stock: 100);
        var apiProcess = await stack.StartApiAsync();
        var worker = await stack.StartWorkerAsync();
        using var api = stack.Client(apiProcess, timeout: TimeSpan.FromSeconds(60));
        var shoppers = await stack.SeedShoppersAsync(10, "dbdown");
        var buyer = shoppers[0];
        var holdsPurchaseToken = shoppers[1];
        var holdsQueueToken = shoppers[2];
        var newcomers = shoppers.Skip(3).ToList();
        var registered = await Shoppers.RegisterAsync(api, "dbdown-account");

        // Before: one shopper buys; one holds a purchase token, one a converted queue token, for after the outage.
        var bought = await BuyAsync(api, buyer);
        var purchaseToken = await PurchaseTokenAsync(api, holdsPurchaseToken);
        var queueToken = (await api.EnterAsync(holdsQueueToken)).Text("queueToken");
        await FaultStack.WaitForAsync(() => stack.ScalarAsync("SELECT COUNT(*) FROM purchase_tokens"), n => n == 3,
            TimeSpan.FromSeconds(60), "the Worker to convert the third queue token");

        await services.Database.StopServerAsync();
        stack.Log("database server stopped");
        try
        {
            var notReady = await FaultStack.WaitForAsync(api.ReadyAsync, r => r.Status == 503, TimeSpan.FromSeconds(30),
                "/health/ready to answer 503 while the database is down");
            notReady.Code.Should().Be("service_unavailable");
            notReady.Text("detail").Should().Contain("database", "readiness names what cannot be reached");
            (await api.LiveAsync()).Status.Should().Be(200, "the process itself is alive");

            var calls = new (string Name, Func<Task<Answer>> Call)[]
            {
                ("sale", api.CurrentSaleAsync),
                ("enter", () => api.EnterAsync(newcomers[0])),
                ("exchange", () => api.ExchangeAsync(holdsQueueToken, queueToken)),
                ("purchase", () => api.PurchaseAsync(holdsPurchaseToken, purchaseToken)),
                ("my orders", () => api.MyOrdersAsync(buyer)),
                ("login", () => api.LoginAsync(registered.Username, Shoppers.Password)),
                ("register", () => api.RegisterAsync($"dbdown-new-{Guid.NewGuid():N}", Shoppers.Password)),
            };

            // Right after the stop (the connections in the pools just died), and again a while later.
            foreach (var moment in new[] { "just stopped", "down for 5 s" })
            {
                if (moment != "just stopped")
                {
                    await Task.Delay(TimeSpan.FromSeconds(5));
                }

                foreach (var (name, call) in calls)
                {
                    var answer = await call();
                    stack.Log($"{name}, database {moment}: {answer}");
                    if (name == "sale" && moment == "just stopped" && answer.Status == 200)
                    {
                        // The sale is read from each process's memory, at most a second old (SaleReadsFromMemoryTests):
                        // just after the stop it may still answer from there. Five seconds later it may not.
                        continue;
                    }

                    answer.Status.Should().Be(503, "{0} while the database is down is an outage, not a bug: {1}", name, answer);
                    answer.Code.Should().Be("service_unavailable", "{0}: {1}", name, answer);
                    answer.RetryAfterSeconds.Should().BeGreaterThanOrEqualTo(1, "{0}: a 503 says when to come back: {1}", name, answer);
                    answer.Elapsed.Should().BeLessThan(QuickAnswer, "{0} must not hang while the database is down", name);
                }
            }
        }
        finally
        {
            await services.Database.StartServerAsync();
            stack.Log("database server started again");
        }

        await FaultStack.WaitForAsync(api.ReadyAsync, r => r.Status == 200, TimeSpan.FromSeconds(60),
            "/health/ready to answer 200 once the database is back");

        // Everything works again, with what shoppers held before the outage...
        (await api.CurrentSaleAsync()).Status.Should().Be(200);
        var login = await api.LoginAsync(registered.Username, Shoppers.Password);
        login.Status.Should().Be(200, "{0}", login);
        var mine = await api.MyOrdersAsync(buyer);
        mine.Status.Should().Be(200);
        mine.Json.EnumerateArray().Select(o => o.GetProperty("orderId").GetString()).Should().Equal(bought);
        (await api.PurchaseAsync(holdsPurchaseToken, purchaseToken)).Status.Should().Be(201);
        var exchanged = await api.ExchangeAsync(holdsQueueToken, queueToken);
        exchanged.Status.Should().Be(200, "{0}", exchanged);
        (await api.PurchaseAsync(holdsQueueToken, exchanged.Text("purchaseToken"))).Status.Should().Be(201);

        // ...and for newcomers, through the Worker, which came through the outage too.
        foreach (var shopper in newcomers)
        {
            await BuyAsync(api, shopper);
        }

        apiProcess.IsRunning.Should().BeTrue("the API recovered without a restart");
        worker.IsRunning.Should().BeTrue("the Worker recovered without a restart");
        stack.Processes.Should().HaveCount(2, "nothing was restarted");
        await Invariants.AssertHoldAsync(stack, everyPlaceConverted: true);
        (await stack.ScalarAsync("SELECT COUNT(*) FROM orders")).Should().Be(shoppers.Count);
    }

    private static async Task<string> PurchaseTokenAsync(ApiClient api, Shopper shopper)
    {
        var entered = await api.EnterAsync(shopper);
        entered.Status.Should().Be(200, "{0} enters: {1}", shopper, entered);
        var exchanged = await Flow.ExchangeUntilSettledAsync(api, shopper, entered.Text("queueToken"), TimeSpan.FromMinutes(2));
        exchanged.Status.Should().Be(200, "{0} exchanges: {1}", shopper, exchanged);
        return exchanged.Text("purchaseToken");
    }

    private static async Task<string> BuyAsync(ApiClient api, Shopper shopper)
    {
        var purchased = await api.PurchaseAsync(shopper, await PurchaseTokenAsync(api, shopper));
        purchased.Status.Should().Be(201, "{0} buys: {1}", shopper, purchased);
        return purchased.Text("orderId");
    }
}
