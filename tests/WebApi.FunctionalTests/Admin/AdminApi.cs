using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using FlashPurchase.WebApi.FunctionalTests.Client;

namespace FlashPurchase.WebApi.FunctionalTests.Admin;

// The v2 bodies of the sales and of the admin API, as a client reads them (camelCase JSON).

/// <summary>A sale as <c>/api/sales*</c> shows it: v1's fields and v2's.</summary>
public sealed record PublicSaleBody(
    Guid SaleId, string ProductName, decimal Price, string Currency, int StockTotal, int StockRemaining,
    DateTimeOffset OpensAt, DateTimeOffset ClosesAt, string Status,
    DateTimeOffset? PreQueueOpensAt, bool Paused, int ChallengeDifficulty);

public sealed record SaleFiguresBody(
    long Queued, int Waiting, int ActivePurchaseTokens, int Orders, int StockRemaining,
    int JoinsPerMinute, int ReleasesPerMinute, int OrdersPerMinute, int? EstimatedWaitForLastSeconds);

/// <summary>A sale as <c>/api/admin/sales*</c> shows it: the public view, its settings and its figures.</summary>
public sealed record AdminSaleBody(
    Guid SaleId, string ProductName, decimal Price, string Currency, int StockTotal, int StockRemaining,
    DateTimeOffset OpensAt, DateTimeOffset ClosesAt, string Status,
    DateTimeOffset? PreQueueOpensAt, bool Paused, int ChallengeDifficulty,
    TimeSpan Duration, int QueueCapacity, TimeSpan PreQueue, int ReleaseRate, int MaxActiveShoppers,
    TimeSpan PurchaseWindow, SaleFiguresBody Figures);

/// <summary>The bodies an operator sends: a valid sale to create, which tests then break one field at a time.</summary>
public static class SaleRequests
{
    public const string ProductName = "Test phone";
    public const decimal Price = 499.99m;
    public const string Currency = "EUR";

    /// <summary>A valid create body; every field the contract requires, none of the optional ones.</summary>
    public static JsonObject Create(DateTimeOffset opensAt, TimeSpan? duration = null, int stock = 10, string productName = ProductName) =>
        new()
        {
            ["productName"] = productName,
            ["price"] = Price,
            ["currency"] = Currency,
            ["stock"] = stock,
            ["opensAt"] = Instant(opensAt),
            ["duration"] = Duration(duration ?? TimeSpan.FromHours(2)),
        };

    /// <summary>A duration as the contract writes it: <c>[d.]hh:mm:ss</c>.</summary>
    public static string Duration(TimeSpan duration) => duration.ToString("c", CultureInfo.InvariantCulture);

    public static string Instant(DateTimeOffset instant) =>
        instant.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Seconds only: what the database keeps exactly on both engines, so comparisons are exact.</summary>
    public static DateTimeOffset WholeSeconds(DateTimeOffset instant) =>
        new(instant.UtcTicks / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond, TimeSpan.Zero);
}

/// <summary>The admin API with one access token (an operator's, a shopper's, or none).</summary>
public sealed class AdminClient(FlashPurchaseClient api, string? accessToken)
{
    public const string SalesPath = "/api/admin/sales";

    public string? AccessToken { get; } = accessToken;

    public Task<ApiResponse<AdminSaleBody>> CreateSaleAsync(JsonObject body) => SendAsync<AdminSaleBody>(HttpMethod.Post, SalesPath, body.ToJsonString());

    public Task<ApiResponse<AdminSaleBody>> CreateSaleRawAsync(string json) => SendAsync<AdminSaleBody>(HttpMethod.Post, SalesPath, json);

    public Task<ApiResponse<List<AdminSaleBody>>> ListSalesAsync() => SendAsync<List<AdminSaleBody>>(HttpMethod.Get, SalesPath);

    public Task<ApiResponse<AdminSaleBody>> GetSaleAsync(Guid saleId) => SendAsync<AdminSaleBody>(HttpMethod.Get, $"{SalesPath}/{saleId}");

    public Task<ApiResponse<AdminSaleBody>> EditSaleAsync(Guid saleId, JsonObject body) =>
        SendAsync<AdminSaleBody>(HttpMethod.Patch, $"{SalesPath}/{saleId}", body.ToJsonString());

    public Task<ApiResponse<AdminSaleBody>> EditSaleRawAsync(Guid saleId, string json) =>
        SendAsync<AdminSaleBody>(HttpMethod.Patch, $"{SalesPath}/{saleId}", json);

    public Task<ApiResponse<AdminSaleBody>> PauseAsync(Guid saleId) => SendAsync<AdminSaleBody>(HttpMethod.Post, $"{SalesPath}/{saleId}/pause");

    public Task<ApiResponse<AdminSaleBody>> ResumeAsync(Guid saleId) => SendAsync<AdminSaleBody>(HttpMethod.Post, $"{SalesPath}/{saleId}/resume");

    public Task<ApiResponse<AdminSaleBody>> CloseAsync(Guid saleId) => SendAsync<AdminSaleBody>(HttpMethod.Post, $"{SalesPath}/{saleId}/close");

    /// <summary>Creates a sale whose window contains the app's now; throws if refused.</summary>
    public async Task<AdminSaleBody> CreateOpenSaleAsync(
        DateTimeOffset now, int stock = 10, TimeSpan? duration = null, string productName = SaleRequests.ProductName) =>
        (await CreateSaleAsync(SaleRequests.Create(SaleRequests.WholeSeconds(now).AddMinutes(-1), duration, stock, productName))).Value;

    /// <summary>Creates a sale opening an hour after the app's now (by default); throws if refused.</summary>
    public async Task<AdminSaleBody> CreateScheduledSaleAsync(DateTimeOffset now, TimeSpan? opensIn = null, int stock = 10) =>
        (await CreateSaleAsync(SaleRequests.Create(SaleRequests.WholeSeconds(now) + (opensIn ?? TimeSpan.FromHours(1)), stock: stock))).Value;

    private async Task<ApiResponse<T>> SendAsync<T>(HttpMethod method, string path, string? json = null)
    {
        var content = json is null ? null : new StringContent(json, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
        return new ApiResponse<T>(await api.SendRawAsync(method, path, content, AccessToken));
    }
}

/// <summary>The anonymous v2 sale calls and the operator's login, beside the typed client's v1 calls.</summary>
public static class SalesApi
{
    public static async Task<ApiResponse<List<PublicSaleBody>>> ListSalesAsync(this FlashPurchaseClient api) =>
        new(await api.SendRawAsync(HttpMethod.Get, "/api/sales"));

    public static async Task<ApiResponse<PublicSaleBody>> GetSaleAsync(this FlashPurchaseClient api, Guid saleId) =>
        new(await api.SendRawAsync(HttpMethod.Get, $"/api/sales/{saleId}"));

    public static async Task<ApiResponse<PublicSaleBody>> GetCurrentSaleV2Async(this FlashPurchaseClient api) =>
        new(await api.SendRawAsync(HttpMethod.Get, "/api/sales/current"));

    /// <summary>Logs in (throws if refused) and returns the admin API with that access token.</summary>
    public static async Task<AdminClient> LoginAdminAsync(this FlashPurchaseClient api, string username, string password) =>
        new(api, (await api.LoginAsync(username, password)).Value.AccessToken);

    public static AdminClient Admin(this FlashPurchaseClient api, string? accessToken) => new(api, accessToken);
}
