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
