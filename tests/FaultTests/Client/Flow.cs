using System.Collections.Concurrent;

namespace FlashPurchase.FaultTests.Client;

/// <summary>The steps of a purchase as a patient client takes them: exchange at the pace Retry-After asks for.</summary>
public static class Flow
{
    /// <summary>
    /// Exchanges until the answer is no longer 202, waiting as long as each 202's Retry-After header says (a 202
    /// without one throws: the contract requires it). Every answer is added to <paramref name="seen"/> when given.
    /// </summary>
    public static async Task<Answer> ExchangeUntilSettledAsync(
        ApiClient api, Shopper shopper, string queueToken, TimeSpan timeout, ConcurrentBag<Answer>? seen = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var answer = await api.ExchangeAsync(shopper, queueToken);
            seen?.Add(answer);
            if (answer.Status != 202)
            {
                return answer;
            }

            var wait = answer.RetryAfterSeconds ?? throw new InvalidOperationException($"202 without Retry-After: {answer}");
            if (DateTime.UtcNow + TimeSpan.FromSeconds(wait) > deadline)
            {
                throw new TimeoutException($"{shopper}'s queue token was still pending after {timeout.TotalSeconds:F0} s: {answer}");
            }

            await Task.Delay(TimeSpan.FromSeconds(wait));
        }
    }

    /// <summary>
    /// Enters, exchanges until settled and returns both tokens, asserting each step succeeds. With
    /// <paramref name="patientEnter"/>, a 503 with Retry-After is waited out and tried again (for up to a minute).
    /// </summary>
    public static async Task<(string QueueToken, string PurchaseToken)> GetTokensAsync(
        ApiClient api, Shopper shopper, bool patientEnter = false)
    {
        var entered = await api.EnterAsync(shopper);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (patientEnter && entered is { Status: 503, RetryAfterSeconds: { } wait } && DateTime.UtcNow < deadline)
        {
            await Task.Delay(TimeSpan.FromSeconds(wait));
            entered = await api.EnterAsync(shopper);
        }

        entered.Status.Should().Be(200, "{0} enters: {1}", shopper, entered);
        var exchanged = await ExchangeUntilSettledAsync(api, shopper, entered.Text("queueToken"), TimeSpan.FromMinutes(2));
        exchanged.Status.Should().Be(200, "{0} exchanges: {1}", shopper, exchanged);
        return (entered.Text("queueToken"), exchanged.Text("purchaseToken"));
    }

    /// <summary>The whole purchase (see <see cref="GetTokensAsync"/>), asserting it ends in 201; returns the order's answer.</summary>
    public static async Task<Answer> BuyAsync(ApiClient api, Shopper shopper, bool patientEnter = false)
    {
        var (_, purchaseToken) = await GetTokensAsync(api, shopper, patientEnter);
        var purchased = await api.PurchaseAsync(shopper, purchaseToken);
        purchased.Status.Should().Be(201, "{0} buys: {1}", shopper, purchased);
        return purchased;
    }

    /// <summary>Runs <paramref name="work"/> for every item, at most <paramref name="parallelism"/> at once.</summary>
    public static async Task<TResult[]> ForEachAsync<TItem, TResult>(
        IReadOnlyList<TItem> items, int parallelism, Func<TItem, int, Task<TResult>> work)
    {
        var results = new TResult[items.Count];
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, Math.Min(parallelism, items.Count)).Select(_ => Task.Run(async () =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < items.Count)
            {
                results[index] = await work(items[index], index);
            }
        })));
        return results;
    }
}
