using System.Collections.Concurrent;
using FlashPurchase.FaultTests.Client;
using FlashPurchase.FaultTests.Stack;
using Xunit.Abstractions;

namespace FlashPurchase.FaultTests;

/// <summary>
/// A rolling restart during a sale: two APIs and two Workers, each stopped gracefully (SIGTERM) in turn and replaced
/// while a crowd walks enter → exchange → purchase through a balancer in front of both APIs. An API that is asked to
/// stop fails readiness at once and goes on serving for its drain delay; a Worker finishes what it holds. No shopper
/// sees a failure other than a 503 that says when to try again, every one ends with an order or "sold out", and the
/// stock is sold exactly.
/// </summary>
[Collection(FaultCollection.Name)]
[Trait("Category", "Fault")]
public sealed class RollingRestartTests(PrivateServices services, ITestOutputHelper output)
{
    /// <summary>A wave of the crowd sets out before each restart, and one after the last.</summary>
    private const int Waves = 5;

    private const int WaveSize = 60;

    /// <summary>Less than the crowd: it sells out during the last restarts.</summary>
    private const int Stock = 220;

    /// <summary>How long a stopping API goes on serving with readiness failing (Shutdown__DrainDelay).</summary>
    private static readonly TimeSpan DrainDelay = TimeSpan.FromSeconds(4);

    /// <summary>A graceful stop ends by itself well within the host's 30 s shutdown timeout.</summary>
    private static readonly TimeSpan MaxStop = TimeSpan.FromSeconds(20);

    private enum Step
    {
        Enter,
        Exchange,
        Purchase,
    }

    [Fact(Timeout = 300_000)]
    public async Task EveryApiAndWorkerRestartedInTurnDuringACrowd_NoFailureButRetryLater_EveryShopperSettled_StockSoldExactly()
    {
        await using var stack = await FaultStack.CreateAsync(services, output, stock: Stock);
        var drain = new Dictionary<string, string?> { ["Shutdown__DrainDelay"] = DrainDelay.ToString("c") };

        // Both APIs boot at once, and both Workers meanwhile.
        var booting = new[] { stack.StartApiAsync(settings: drain), stack.StartApiAsync(settings: drain) };
        var workers = new[] { await stack.StartWorkerAsync(waitUntilConsuming: false), await stack.StartWorkerAsync(waitUntilConsuming: false) };
        var shoppers = await stack.SeedShoppersAsync(Waves * WaveSize, "rolling");
        var apis = await Task.WhenAll(booting);
        await WaitForConsumersAsync(2);

        var clients = apis.Select(api => stack.Client(api, TimeSpan.FromSeconds(30))).ToArray();
        var balancer = new Balancer(clients, TimeSpan.FromSeconds(60));
        var every = new ConcurrentBag<Answer>();
        var walking = new List<Task<(Step Step, Answer Answer)>>();
        var waves = new Queue<int>(Enumerable.Range(0, Waves));
        try
        {
            // Each wave sets out over 0.6 s; a moment later the next process in turn is told to stop, requests in flight.
            // One process stops at a time, the next once it has exited; a replacement boots while the process of the
            // other kind is stopped, and is up before its twin stops: at least one API and one Worker serve throughout.
            await SetOutAsync();
            await StopApiAsync(0);
            var apiBooting = ReplaceApiAsync(0);
            await SetOutAsync();
            await StopWorkerAsync(0);
            var workerBooting = stack.StartWorkerAsync();
            await apiBooting;
            await SetOutAsync();
            await StopApiAsync(1);
            apiBooting = ReplaceApiAsync(1);
            workers[0] = await workerBooting;
            await SetOutAsync();
            await StopWorkerAsync(1);
            workers[1] = await stack.StartWorkerAsync();
            await apiBooting;
            await SetOutAsync(pause: false);
            waves.Should().BeEmpty();

            var outcomes = await Task.WhenAll(walking);
            stack.Log($"{every.Count} answers, {every.Count(a => a.Status == 503)} of them 503; " +
                      $"{balancer.Redirected} requests found an API down and went to the other");

            every.Where(a => !a.IsAnswer).Should().BeEmpty("the balancer always finds an API that answers");
            every.Where(a => a.Status >= 500 && (a.Status != 503 || a.RetryAfterSeconds is not > 0 || a.Code is null))
                .Should().BeEmpty("the only failure a shopper may see is a 503 problem that says when to try again");

            var winners = outcomes.Where(o => o is { Step: Step.Purchase, Answer.Status: 201 or 200 }).ToList();
            outcomes.Except(winners).Should().OnlyContain(o => o.Answer.Status == 409 && o.Answer.Code == "sold_out",
                "every shopper ends with an order or is told it is sold out");
            foreach (var step in Enum.GetValues<Step>())
            {
                stack.Log($"sold out at {step}: {outcomes.Count(o => o.Step == step && o.Answer.Status == 409)}");
            }

            winners.Should().HaveCount(Stock, "the crowd is larger than the stock, which sells exactly");
            winners.Select(w => w.Answer.Text("orderId")).Should().OnlyHaveUniqueItems();
            (await stack.ScalarAsync("SELECT COUNT(*) FROM orders")).Should().Be(Stock);
            (await stack.ScalarAsync("SELECT stock_remaining FROM sales")).Should().Be(0);

            stack.Processes.Count(p => p.IsRunning).Should().Be(4, "two APIs and two Workers run after the restart");
            await FaultStack.WaitForAsync(stack.QueueAsync, q => q is { Total: 0 }, TimeSpan.FromSeconds(60), "an empty queue");
            await Invariants.AssertHoldAsync(stack, everyPlaceConverted: true);
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }

        async Task SetOutAsync(bool pause = true)
        {
            var wave = waves.Dequeue();
            walking.AddRange(shoppers.Skip(wave * WaveSize).Take(WaveSize)
                .Select((shopper, i) => WalkAsync(balancer, shopper, TimeSpan.FromMilliseconds(10 * i), every)));
            if (pause)
            {
                await Task.Delay(300);
            }
        }

        async Task StopApiAsync(int index)
        {
            var old = apis[index];
            stack.Terminate(old);

            // What tells a balancer to stop sending it traffic: readiness fails at once, while it still serves.
            var ready = await FaultStack.WaitForAsync(clients[index].ReadyAsync, a => a.Status != 200, TimeSpan.FromSeconds(10),
                "readiness to fail once the stop began", TimeSpan.FromMilliseconds(50));
            ready.Status.Should().Be(503, "{0}", ready);
            ready.Code.Should().Be("service_unavailable");
            (await clients[index].LiveAsync()).Status.Should().Be(200, "draining, the API still serves");

            await WaitForCleanExitAsync(old);
        }

        async Task ReplaceApiAsync(int index) => apis[index] = await stack.StartApiAsync(apis[index].BaseAddress!.Port, drain);

        async Task StopWorkerAsync(int index)
        {
            stack.Terminate(workers[index]);
            await WaitForCleanExitAsync(workers[index]);
            await WaitForConsumersAsync(1);
        }

        Task WaitForConsumersAsync(int count) =>
            FaultStack.WaitForAsync(stack.QueueAsync, q => q?.Consumers == count, TimeSpan.FromMinutes(2), $"{count} Workers consuming");

        async Task WaitForCleanExitAsync(AppProcess process)
        {
            (await process.Child.WaitForExitAsync(MaxStop)).Should().BeTrue("a graceful stop ends by itself\n{0}", process.Child.LogTail());
            process.Child.ExitCode.Should().Be(0, "{0} stopped cleanly\n{1}", process, process.Child.LogTail());
            stack.Log($"{process} exited 0");
        }
    }

    /// <summary>
    /// One shopper, as the waiting room walks: enter, exchange at the pace Retry-After asks for, buy; a 503 with
    /// Retry-After is waited out and tried again. Returns the step it ended at and that step's last answer.
    /// </summary>
    private static async Task<(Step Step, Answer Answer)> WalkAsync(Balancer balancer, Shopper shopper, TimeSpan after, ConcurrentBag<Answer> every)
    {
        await Task.Delay(after);
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);

        var entered = await PatientlyAsync(() => balancer.EnterAsync(shopper));
        if (entered.Status != 200)
        {
            return (Step.Enter, entered);
        }

        var exchanged = await PatientlyAsync(() => balancer.ExchangeAsync(shopper, entered.Text("queueToken")), pending: 202);
        if (exchanged.Status != 200)
        {
            return (Step.Exchange, exchanged);
        }

        return (Step.Purchase, await PatientlyAsync(() => balancer.PurchaseAsync(shopper, exchanged.Text("purchaseToken"))));

        // Sends until the answer is neither a 503 with Retry-After nor the status that means "not yet" (202).
        async Task<Answer> PatientlyAsync(Func<Task<Answer>> send, int? pending = null)
        {
            while (true)
            {
                var answer = await send();
                every.Add(answer);
                var again = answer.Status == 503 || answer.Status == pending;
                if (!again || answer.RetryAfterSeconds is not { } wait || DateTime.UtcNow + TimeSpan.FromSeconds(wait) > deadline)
                {
                    return answer;
                }

                await Task.Delay(TimeSpan.FromSeconds(wait));
            }
        }
    }
}
