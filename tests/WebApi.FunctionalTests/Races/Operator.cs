using System.Globalization;
using System.Net.Http.Json;
using FlashPurchase.WebApi.FunctionalTests.Client;
using FlashPurchase.WebApi.FunctionalTests.Hosting;

namespace FlashPurchase.WebApi.FunctionalTests.Races;

/// <summary>The settings of the race apps: the first operator (Admin:*), created by the API at start-up.</summary>
public static class RaceSettings
{
    public const string OperatorUsername = "race-operator";
    public const string OperatorPassword = "race-operator-password";

    /// <summary>An operator, a default sale that stays open however the tests move the clock, and <paramref name="more"/>.</summary>
    public static IReadOnlyDictionary<string, string?> With(params (string Key, string? Value)[] more)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Admin:Username"] = OperatorUsername,
            ["Admin:Password"] = OperatorPassword,
            ["FlashSale:Duration"] = "1.00:00:00",
        };
        foreach (var (key, value) in more)
        {
            settings[key] = value;
        }

        return settings;
    }
}

/// <summary>An operator's calls of the admin API (<c>/api/admin/sales</c>), with the operator's access token.</summary>
public sealed class Operator(FlashPurchaseClient api, string accessToken)
{
    public static async Task<Operator> LogInAsync(TestApp app)
    {
        var login = await app.Api.LoginAsync(RaceSettings.OperatorUsername, RaceSettings.OperatorPassword);
        login.StatusCode.Should().Be(200, "the API creates the operator from Admin:* at start-up: {0}", login);
        return new Operator(app.Api, login.Value.AccessToken);
    }

    /// <summary>Schedules a sale (open at once when <paramref name="opensAt"/> is past) and returns its id.</summary>
    public async Task<Guid> CreateSaleAsync(string productName, int stock, DateTimeOffset opensAt, TimeSpan duration)
    {
        var created = await api.SendRawAsync(HttpMethod.Post, "/api/admin/sales", JsonContent.Create(new
        {
            productName,
            price = 19.99m,
            currency = "EUR",
            stock,
            opensAt,
            duration = duration.ToString("c", CultureInfo.InvariantCulture),
        }), accessToken);
        created.StatusCode.Should().Be(201, "an operator schedules a sale: {0}", created);
        return created.JsonBody.GetProperty("saleId").GetGuid();
    }

    public Task<ApiResponse> PauseAsync(Guid saleId) =>
        api.SendRawAsync(HttpMethod.Post, $"/api/admin/sales/{saleId}/pause", accessToken: accessToken);

    public Task<ApiResponse> ResumeAsync(Guid saleId) =>
        api.SendRawAsync(HttpMethod.Post, $"/api/admin/sales/{saleId}/resume", accessToken: accessToken);
}

/// <summary>The calls of a shopper who names the sale (<c>?saleId=</c>), and a sale as anyone reads it.</summary>
public static class SaleCalls
{
    public static async Task<ApiResponse<QueueTicketBody>> EnterAsync(this FlashPurchaseClient api, Shopper shopper, Guid saleId) =>
        new(await api.SendRawAsync(HttpMethod.Get, $"/api/queue/enter?saleId={saleId}", accessToken: shopper.AccessToken));

    public static async Task<ApiResponse<SaleBody>> GetSaleAsync(this FlashPurchaseClient api, Guid saleId) =>
        new(await api.SendRawAsync(HttpMethod.Get, $"/api/sales/{saleId}"));

    /// <summary>Registers and logs in <paramref name="count"/> shoppers, sixteen at a time (not part of any race).</summary>
    public static async Task<Shopper[]> NewShoppersAsync(this FlashPurchaseClient api, int count, string prefix)
    {
        using var registering = new SemaphoreSlim(16);
        return await Task.WhenAll(Enumerable.Range(0, count).Select(async _ =>
        {
            await registering.WaitAsync();
            try
            {
                return await api.NewShopperAsync(prefix);
            }
            finally
            {
                registering.Release();
            }
        }));
    }
}
