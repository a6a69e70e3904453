using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using FlashPurchase.Application.Queue.Waiting;

namespace FlashPurchase.WebApi.FunctionalTests.Client;

/// <summary>
/// The one typed client of the tests: a call per contract endpoint, each returning the whole answer. Calls that need a
/// shopper take the access token; <see cref="Shopper"/> binds one.
/// </summary>
public sealed class FlashPurchaseClient(HttpClient http) : IDisposable
{
    private static int _counter;

    public HttpClient Http => http;

    public Task<ApiResponse<RegisteredUserBody>> RegisterAsync(string username, string password) =>
        SendAsync<RegisteredUserBody>(HttpMethod.Post, "/api/auth/register", null, new { username, password });

    public Task<ApiResponse<AccessTokenBody>> LoginAsync(string username, string password) =>
        SendAsync<AccessTokenBody>(HttpMethod.Post, "/api/auth/token", null, new { username, password });

    public Task<ApiResponse<SaleBody>> GetCurrentSaleAsync() =>
        SendAsync<SaleBody>(HttpMethod.Get, "/api/sales/current", null);

    /// <summary>Joins the queue of <paramref name="saleId"/> (<c>?saleId=</c>), or of the current sale when null (a v1 client).</summary>
    public Task<ApiResponse<QueueTicketBody>> EnterAsync(string? accessToken, Guid? saleId = null) =>
        SendAsync<QueueTicketBody>(HttpMethod.Get, saleId is { } id ? $"/api/queue/enter?saleId={id}" : "/api/queue/enter", accessToken);

    /// <summary>Leaves the queue of <paramref name="saleId"/>, or of the current sale when null: 204, or a problem.</summary>
    public Task<ApiResponse> LeaveAsync(string? accessToken, Guid? saleId = null) =>
        SendRawAsync(HttpMethod.Delete, saleId is { } id ? $"/api/queue/place?saleId={id}" : "/api/queue/place", null, accessToken);

    /// <summary>One exchange call: 200 with a purchase token, 202 pending (read it with <c>As&lt;PendingBody&gt;</c>), or a problem.</summary>
    public Task<ApiResponse<PurchaseTokenBody>> ExchangeAsync(string? accessToken, string queueToken) =>
        SendAsync<PurchaseTokenBody>(HttpMethod.Post, "/api/queue/exchange-qt-for-pt", accessToken, new { queueToken });

    /// <summary>
    /// Exchanges until the answer is no longer 202, waiting as long as each 202's Retry-After header says (a 202
    /// without one fails the call: the contract requires it). The default timeout leaves room for two of the longest
    /// waits a 202 may ask for.
    /// </summary>
    public async Task<ExchangeOutcome> ExchangeUntilSettledAsync(string? accessToken, string queueToken, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(2 * RetryAfterRule.MaximumSeconds));
        var pending = new List<ApiResponse<PurchaseTokenBody>>();
        while (true)
        {
            var response = await ExchangeAsync(accessToken, queueToken);
            if (response.Status != HttpStatusCode.Accepted)
            {
                return new ExchangeOutcome(response, pending);
            }

            pending.Add(response);
            var wait = response.RetryAfterSeconds
                ?? throw new InvalidOperationException($"202 without a Retry-After header: {response}");
            if (DateTime.UtcNow + TimeSpan.FromSeconds(wait) > deadline)
            {
                throw new TimeoutException($"The queue token was still pending after {pending.Count} polls: {response}");
            }

            await Task.Delay(TimeSpan.FromSeconds(wait));
        }
    }

    public Task<ApiResponse<OrderPlacedBody>> PurchaseAsync(string? accessToken, string purchaseToken) =>
        SendAsync<OrderPlacedBody>(HttpMethod.Post, "/api/shop/purchase", accessToken, new { purchaseToken });

    public Task<ApiResponse<List<OrderBody>>> GetMyOrdersAsync(string? accessToken) =>
        SendAsync<List<OrderBody>>(HttpMethod.Get, "/api/orders/mine", accessToken);

    public Task<ApiResponse<OrderBody>> GetOrderAsync(string? accessToken, Guid orderId) =>
        SendAsync<OrderBody>(HttpMethod.Get, $"/api/orders/{orderId}", accessToken);

    /// <summary>A username no other test uses (3–64 of A-Za-z0-9_.-).</summary>
    public static string UniqueUsername(string prefix = "shopper")
    {
        var name = $"{prefix}-{Interlocked.Increment(ref _counter)}-{Guid.NewGuid():N}";
        return name.Length > 64 ? name[..64] : name;
    }

    /// <summary>Registers and logs in a new shopper; throws if either step is refused.</summary>
    public async Task<Shopper> NewShopperAsync(string prefix = "shopper")
    {
        var username = UniqueUsername(prefix);
        const string password = "correct-horse-battery";
        var registered = await RegisterAsync(username, password);
        var login = await LoginAsync(username, password);
        return new Shopper(this, registered.Value.UserId, username, password, login.Value.AccessToken);
    }

    /// <summary>Any request, for the tests of malformed input: <paramref name="content"/> is sent as is.</summary>
    public async Task<ApiResponse> SendRawAsync(
        HttpMethod method, string path, HttpContent? content = null, string? accessToken = null,
        Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        if (accessToken is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        }

        configure?.Invoke(request);
        using var response = await http.SendAsync(request);
        return new ApiResponse(response, await response.Content.ReadAsStringAsync());
    }

    private async Task<ApiResponse<T>> SendAsync<T>(HttpMethod method, string path, string? accessToken, object? body = null)
    {
        var content = body is null ? null : JsonContent.Create(body, options: ApiResponse.Json);
        return new ApiResponse<T>(await SendRawAsync(method, path, content, accessToken));
    }

    public void Dispose() => http.Dispose();
}

/// <summary>The end of an exchange: the settled answer and the 202s seen before it.</summary>
public sealed record ExchangeOutcome(ApiResponse<PurchaseTokenBody> Final, IReadOnlyList<ApiResponse<PurchaseTokenBody>> Pending);
