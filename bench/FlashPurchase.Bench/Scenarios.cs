using System.Collections.Concurrent;

namespace FlashPurchase.Bench;

/// <summary>The benchmark's scenarios. Each prints progress every second (the conversion drain every half second) and returns its figures.</summary>
public sealed class Scenarios(ApiClient api, int concurrency, TextWriter progress)
{
    /// <summary>
    /// 1. A burst on one GET endpoint: every shopper calls it once, <c>concurrency</c> requests at a time. `enter`
    /// itself, and the ceiling (the CPU work `enter` cannot avoid, with no database and no broker).
    /// </summary>
    public async Task<Summary> BurstAsync(string name, string path, IReadOnlyList<Shopper> shoppers)
    {
        var recorder = new LoadRecorder();
        var queue = new ConcurrentQueue<Shopper>(shoppers);
        using var ticker = Tick(name, recorder);
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (queue.TryDequeue(out var shopper))
            {
                await api.SendAsync(recorder, HttpMethod.Get, path, shopper.AccessToken);
            }
        }));
        return recorder.Summarise(name, recorder.ElapsedSeconds);
    }

    /// <summary>Untimed preparation: every shopper joins and waits for a purchase token. Returns the tokens.</summary>
    public async Task<IReadOnlyList<(Shopper Shopper, string PurchaseToken)>> PreparePurchaseTokensAsync(IReadOnlyList<Shopper> shoppers)
    {
        var tokens = new ConcurrentBag<(Shopper, string)>();
        var queue = new ConcurrentQueue<Shopper>(shoppers);
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (queue.TryDequeue(out var shopper))
            {
                var entered = await api.SendAsync(null, HttpMethod.Get, "/api/queue/enter", shopper.AccessToken);
                if (entered.Status != 200)
                {
                    continue;
                }

                var exchanged = await ExchangeAsync(null, shopper, entered.Body.GetProperty("queueToken").GetString()!);
                if (exchanged.Status == 200)
                {
                    tokens.Add((shopper, exchanged.Body.GetProperty("purchaseToken").GetString()!));
                }
            }
        }));
        return [.. tokens];
    }

    /// <summary>3. `purchase` under contention for the one stock row: everyone holding a token buys at once.</summary>
    public async Task<Summary> PurchaseAsync(IReadOnlyList<(Shopper Shopper, string PurchaseToken)> buyers)
    {
        var recorder = new LoadRecorder();
        var queue = new ConcurrentQueue<(Shopper Shopper, string PurchaseToken)>(buyers);
        using var ticker = Tick("purchase", recorder);
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (queue.TryDequeue(out var buyer))
            {
                await api.SendAsync(recorder, HttpMethod.Post, "/api/shop/purchase", buyer.Shopper.AccessToken,
                    new { purchaseToken = buyer.PurchaseToken });
            }
        }));
        return recorder.Summarise("purchase", recorder.ElapsedSeconds);
    }

    /// <summary>
    /// 4. The whole funnel: every shopper arrives within <paramref name="arrivalWindow"/> and walks enter → exchange
    /// (honouring Retry-After) → purchase until a definitive answer.
    /// </summary>
    public async Task<FunnelResult> FunnelAsync(IReadOnlyList<Shopper> shoppers, TimeSpan arrivalWindow)
    {
        var recorder = new LoadRecorder();
        var outcomes = new ConcurrentDictionary<string, int>();
        var lastSale = 0.0;
        var lastAnswer = 0.0;
        using var ticker = Tick("funnel", recorder);
        await Task.WhenAll(shoppers.Select(async shopper =>
        {
            await Task.Delay(Random.Shared.Next((int)arrivalWindow.TotalMilliseconds));
            var outcome = await WalkAsync(recorder, shopper);
            outcomes.AddOrUpdate(outcome, 1, (_, n) => n + 1);
            var now = recorder.ElapsedSeconds;
            InterlockedMax(ref lastAnswer, now);
            if (outcome == "201 placed")
            {
                InterlockedMax(ref lastSale, now);
            }
        }));
        var sale = await api.SendAsync(null, HttpMethod.Get, "/api/sales/current", null);
        return new FunnelResult(
            recorder.Summarise("funnel", recorder.ElapsedSeconds),
            shoppers.Count,
            lastSale,
            lastAnswer,
            outcomes.OrderBy(o => o.Key, StringComparer.Ordinal).ToDictionary(),
            sale.Body.GetProperty("stockTotal").GetInt32(),
            sale.Body.GetProperty("stockRemaining").GetInt32());
    }

    private async Task<string> WalkAsync(LoadRecorder recorder, Shopper shopper)
    {
        var entered = await api.SendAsync(recorder, HttpMethod.Get, "/api/queue/enter", shopper.AccessToken);
        if (entered.Status != 200)
        {
            return $"{entered.Status} {entered.Code} at enter";
        }

        var exchanged = await ExchangeAsync(recorder, shopper, entered.Body.GetProperty("queueToken").GetString()!);
        if (exchanged.Status != 200)
        {
            return $"{exchanged.Status} {exchanged.Code} at exchange";
        }

        var purchaseToken = exchanged.Body.GetProperty("purchaseToken").GetString();
        var bought = await api.SendAsync(recorder, HttpMethod.Post, "/api/shop/purchase", shopper.AccessToken, new { purchaseToken });
        return bought.Status == 201 ? "201 placed" : $"{bought.Status} {bought.Code} at purchase";
    }

    /// <summary>Polls the exchange at the pace Retry-After asks for, until an answer other than 202.</summary>
    internal async Task<Answer> ExchangeAsync(LoadRecorder? recorder, Shopper shopper, string queueToken)
    {
        while (true)
        {
            var answer = await api.SendAsync(recorder, HttpMethod.Post, "/api/queue/exchange-qt-for-pt", shopper.AccessToken,
                new { queueToken });
            if (answer.Status != 202)
            {
                return answer;
            }

            await Task.Delay(TimeSpan.FromSeconds(Math.Max(1, answer.RetryAfterSeconds ?? 1)));
        }
    }

    private IDisposable Tick(string name, LoadRecorder recorder)
    {
        return new Timer(_ => progress.WriteLine($"[{name}] {recorder.ElapsedSeconds,6:F1} s, {recorder.Count} requests"), null, 1000, 1000);
    }

    private static void InterlockedMax(ref double target, double value)
    {
        double seen;
        do
        {
            seen = Volatile.Read(ref target);
            if (value <= seen)
            {
                return;
            }
        }
        while (Interlocked.CompareExchange(ref target, value, seen) != seen);
    }
}

public sealed record FunnelResult(
    Summary Requests, int Shoppers, double LastUnitSoldAtSeconds, double EveryoneAnsweredAtSeconds,
    IReadOnlyDictionary<string, int> Outcomes, int StockTotal, int StockRemaining)
{
    public int Orders => Outcomes.GetValueOrDefault("201 placed");

    /// <summary>The sale as the database has it afterwards (bench/run.sh's check; the figures above are the client's).</summary>
    public DatabaseCheck? Database { get; init; }

    /// <summary>Orders beyond the stock, as the client counted them; must be 0.</summary>
    public int Oversell => Math.Max(0, Orders - StockTotal) + Math.Max(0, -StockRemaining);
}
