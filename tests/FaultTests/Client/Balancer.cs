namespace FlashPurchase.FaultTests.Client;

/// <summary>
/// Several APIs behind one address, as a load balancer puts them: each request goes to the next API in turn, and one
/// that finds nobody there (connection refused, or reset before any answer) is sent to the next, as a balancer does
/// with an instance that is down. Any HTTP answer, whatever its status, is the answer.
/// </summary>
public sealed class Balancer(IReadOnlyList<ApiClient> apis, TimeSpan giveUpAfter)
{
    private int _next = -1;
    private int _redirected;

    /// <summary>Requests that found an API down and went to another.</summary>
    public int Redirected => _redirected;

    public Task<Answer> EnterAsync(Shopper shopper) => SendAsync(api => api.EnterAsync(shopper));

    public Task<Answer> ExchangeAsync(Shopper shopper, string queueToken) => SendAsync(api => api.ExchangeAsync(shopper, queueToken));

    public Task<Answer> PurchaseAsync(Shopper shopper, string purchaseToken) => SendAsync(api => api.PurchaseAsync(shopper, purchaseToken));

    private async Task<Answer> SendAsync(Func<ApiClient, Task<Answer>> request)
    {
        var deadline = DateTime.UtcNow + giveUpAfter;
        var first = Interlocked.Increment(ref _next);
        for (var attempt = 0; ; attempt++)
        {
            var answer = await request(apis[(int)((uint)(first + attempt) % apis.Count)]);
            if (answer.IsAnswer || DateTime.UtcNow > deadline)
            {
                return answer;
            }

            Interlocked.Increment(ref _redirected);
            if ((attempt + 1) % apis.Count == 0)
            {
                // Every API refused: a moment before the round starts again.
                await Task.Delay(100);
            }
        }
    }
}
