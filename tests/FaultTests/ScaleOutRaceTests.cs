using System.Collections.Concurrent;
using FlashPurchase.FaultTests.Client;
using FlashPurchase.FaultTests.Stack;
using FlashPurchase.TestSupport;
using FlashPurchase.TestSupport.Fulfilment;
using Xunit.Abstractions;

namespace FlashPurchase.FaultTests;

/// <summary>
/// Fault 3: two API processes and two Workers at once on one database and one broker, the crowd spread across both
/// APIs. No process may count on being alone: the race of 300 shoppers for 25 units still ends in exactly 25 orders,
/// and the shop's fulfilment hears of each exactly once, whichever of the four relays published it.
/// </summary>
[Collection(FaultCollection.Name)]
[Trait("Category", "Fault")]
public sealed class ScaleOutRaceTests(PrivateServices services, ITestOutputHelper output)
{
    private const int ShopperCount = 300;
    private const int Stock = 25;

    /// <summary>
    /// How soon after the gate opens the last racer must be through it: going through takes no work, what is left is
    /// the thread pool scheduling 300 continuations while two APIs, two Workers and both servers share the machine.
    /// </summary>
    private static readonly TimeSpan MaxRelease = TimeSpan.FromSeconds(1);

    private enum Step
    {
        Enter,
        Exchange,
        Purchase,
    }

    [Fact(Timeout = 420_000)]
    public async Task TwoApisAndTwoWorkersOnOneDatabaseAndBroker_ThreeHundredShoppersForTwentyFiveUnits_ExactlyTwentyFiveOrders()
    {
        await using var stack = await FaultStack.CreateAsync(services, output, stock: Stock);
        await using var fulfilment = await FulfilmentService.StartAsync(stack.AmqpUri, TimeSpan.FromMinutes(1));
        var apiProcesses = new[] { await stack.StartApiAsync(), await stack.StartApiAsync() };
        await stack.StartWorkerAsync();
        await stack.StartWorkerAsync();
        (await stack.QueueAsync())!.Consumers.Should().Be(2, "both Workers consume from the one queue");

        var apis = apiProcesses.Select(p => stack.Client(p)).ToArray();
        try
        {
            var shoppers = await stack.SeedShoppersAsync(ShopperCount, "racer");
            var every = new ConcurrentBag<Answer>();
            var served = new ConcurrentDictionary<Uri, int>();
            var gate = new StartGate(ShopperCount);

            // Every step of a shopper goes to the other API than the step before: enter on one, exchange on the
            // other, buy on the first. Half the shoppers start on each. Before the gate opens, each racer has shown
            // that its access token works on both APIs (all at once, which also opens the client's connections to
            // both), and waits at the gate.
            var racing = shoppers.Select((shopper, i) => Task.Run(async () =>
            {
                var first = apis[i % 2];
                var second = apis[(i + 1) % 2];
                foreach (var api in new[] { first, second })
                {
                    var warmUp = await api.MyOrdersAsync(shopper);
                    warmUp.Status.Should().Be(200, "a racer holds a working access token before the race: {0}", warmUp);
                    warmUp.Json.GetArrayLength().Should().Be(0);
                }

                await gate.ReadyAsync(i);

                var entered = await first.EnterAsync(shopper);
                Record(entered, first);
                if (entered.Status != 200)
                {
                    return (Step.Enter, entered);
                }

                var exchanged = await Flow.ExchangeUntilSettledAsync(second, shopper, entered.Text("queueToken"), TimeSpan.FromMinutes(3), every);
                served.AddOrUpdate(second.BaseAddress, 1, (_, n) => n + 1);
                if (exchanged.Status != 200)
                {
                    return (Step.Exchange, exchanged);
                }

                var purchased = await first.PurchaseAsync(shopper, exchanged.Text("purchaseToken"));
                Record(purchased, first);
                return (Step.Purchase, purchased);
            })).ToList();

            await gate.OpenWhenAllReadyAsync(racing, TimeSpan.FromMinutes(2));
            var outcomes = await Task.WhenAll(racing);

            var released = gate.PassedAfterOpening;
            stack.Log($"the gate released the racers within {released.Max().TotalMilliseconds:F0} ms");
            released.Should().HaveCount(ShopperCount).And.OnlyContain(after => after <= MaxRelease,
                "every racer waited at the gate and went through it together with the others, within {0}", MaxRelease);

            every.Where(a => !a.IsAnswer || a.Status >= 500).Should().BeEmpty("nothing fails or answers 5xx in the race");
            served.Keys.Should().HaveCount(2, "both APIs served the crowd");

            var winners = outcomes.Where(o => o.Item1 == Step.Purchase && o.Item2.Status == 201).ToList();
            winners.Should().HaveCount(Stock, "exactly as many orders as units");
            foreach (var (step, answer) in outcomes.Except(winners))
            {
                answer.Status.Should().Be(409, "everyone else is told, at {0}: {1}", step, answer);
                answer.Code.Should().Be("sold_out", "everyone else is told it is sold out, at {0}: {1}", step, answer);
            }

            foreach (var step in Enum.GetValues<Step>())
            {
                stack.Log($"sold out at {step}: {outcomes.Count(o => o.Item1 == step && o.Item2.Status == 409)}");
            }

            winners.Select(w => w.Item2.Text("orderId")).Should().OnlyHaveUniqueItems();
            (await stack.ScalarAsync("SELECT COUNT(*) FROM orders")).Should().Be(Stock);
            (await stack.ScalarAsync("SELECT stock_remaining FROM sales")).Should().Be(0);
            foreach (var api in apis)
            {
                var sale = await api.CurrentSaleAsync();
                sale.Text("status").Should().Be("sold_out", "both APIs see the same sale: {0}", sale);
            }

            apiProcesses.Should().OnlyContain(p => p.IsRunning);
            stack.Processes.Should().OnlyContain(p => p.IsRunning, "no process fell over in the race");
            await FaultStack.WaitForAsync(stack.QueueAsync, q => q is { Total: 0 }, TimeSpan.FromSeconds(60), "an empty queue");
            await Invariants.AssertHoldAsync(stack, everyPlaceConverted: true);
            await OrderEvents.AssertEachOrderDeliveredOnceAsync(stack, fulfilment, TimeSpan.FromSeconds(30));

            void Record(Answer answer, ApiClient api)
            {
                every.Add(answer);
                served.AddOrUpdate(api.BaseAddress, 1, (_, n) => n + 1);
            }
        }
        finally
        {
            foreach (var api in apis)
            {
                api.Dispose();
            }
        }
    }
}
