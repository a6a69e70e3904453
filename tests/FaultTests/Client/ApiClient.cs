using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace FlashPurchase.FaultTests.Client;

/// <summary>
/// A small HTTP client of one API process (the contract's calls, each returning the whole answer). A request that gets
/// no answer (the process is down) returns an <see cref="Answer"/> with status 0 rather than throwing, so that a test
/// can tell "refused honestly" from "nobody there".
/// </summary>
public sealed class ApiClient : IDisposable
{
    private readonly HttpClient _http;

    /// <param name="forwardedFor">
    /// Sent as X-Forwarded-For with every request: the client a trusted proxy would say it forwards for.
    /// </param>
    public ApiClient(Uri baseAddress, TimeSpan? timeout = null, string? forwardedFor = null)
    {
        BaseAddress = baseAddress;
        _http = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            MaxConnectionsPerServer = 256,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        })
        {
            BaseAddress = baseAddress,
            Timeout = timeout ?? TimeSpan.FromSeconds(60),
        };
        if (forwardedFor is not null)
        {
            _http.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
        }
    }

    public Uri BaseAddress { get; }

    public Task<Answer> RegisterAsync(string username, string password) =>
        SendAsync(HttpMethod.Post, "/api/auth/register", null, new { username, password });

    public Task<Answer> LoginAsync(string username, string password) =>
        SendAsync(HttpMethod.Post, "/api/auth/token", null, new { username, password });

    public Task<Answer> CurrentSaleAsync() => SendAsync(HttpMethod.Get, "/api/sales/current", null);

    public Task<Answer> EnterAsync(Shopper shopper) => SendAsync(HttpMethod.Get, "/api/queue/enter", shopper.AccessToken);

    public Task<Answer> ExchangeAsync(Shopper shopper, string queueToken) =>
        SendAsync(HttpMethod.Post, "/api/queue/exchange-qt-for-pt", shopper.AccessToken, new { queueToken });

    public Task<Answer> PurchaseAsync(Shopper shopper, string purchaseToken) =>
        SendAsync(HttpMethod.Post, "/api/shop/purchase", shopper.AccessToken, new { purchaseToken });

    public Task<Answer> MyOrdersAsync(Shopper shopper) => SendAsync(HttpMethod.Get, "/api/orders/mine", shopper.AccessToken);

    public Task<Answer> ReadyAsync() => SendAsync(HttpMethod.Get, "/health/ready", null);

    public Task<Answer> LiveAsync() => SendAsync(HttpMethod.Get, "/health/live", null);

    public async Task<Answer> SendAsync(HttpMethod method, string path, string? accessToken, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (accessToken is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        var watch = Stopwatch.StartNew();
        try
        {
            using var response = await _http.SendAsync(request);
            return Answer.From(response, await response.Content.ReadAsStringAsync(), watch.Elapsed);
        }
        catch (HttpRequestException e)
        {
            return Answer.None(e, watch.Elapsed);
        }
        catch (TaskCanceledException e)
        {
            // HttpClient.Timeout: the API hung. Tests that promise "no hang" fail on the elapsed time they see here.
            return Answer.None(e, watch.Elapsed);
        }
    }

    public void Dispose() => _http.Dispose();
}
