using System.Net;
using System.Net.Http.Json;
using FlashPurchase.WebApi.FunctionalTests.Client;
using FlashPurchase.WebApi.FunctionalTests.Hosting;
using static FlashPurchase.WebApi.FunctionalTests.RateLimiting.RateLimitSettings;

namespace FlashPurchase.WebApi.FunctionalTests.RateLimiting;

/// <summary>
/// Behind real Kestrel (connections from 127.0.0.1). Per address: accounts three at once, queue four at once, then one a
/// minute each. No limit per shopper to speak of.
/// </summary>
public sealed class PerAddressLimitsApp() : EmbeddedApp(RateLimitSettings.With(
    ("AccountsPerAddress", 3, 1, TimeSpan.FromMinutes(1)),
    ("QueuePerAddress", 4, 1, TimeSpan.FromMinutes(1))), useKestrel: true);

/// <summary>
/// The per-address limits. Every test but one sends as if from addresses of its own (X-Test-Client-Address); the one
/// that does not shows that the connection's own address is what counts.
/// </summary>
public sealed class PerAddressRateLimitTests(PerAddressLimitsApp app) : IClassFixture<PerAddressLimitsApp>
{
    private const string Password = "correct-horse-battery";
    private static int _network;

    private FlashPurchaseClient Api => app.Api;

    private static string NewAddress() => $"10.{Interlocked.Increment(ref _network)}.0.1";

    private Task<ApiResponse> RegisterFrom(string address, string? username = null) =>
        Api.SendRawAsync(HttpMethod.Post, "/api/auth/register",
            Json(new { username = username ?? FlashPurchaseClient.UniqueUsername("addr"), password = Password }), configure: From(address));

    private Task<ApiResponse> LoginFrom(string address, string username) =>
        Api.SendRawAsync(HttpMethod.Post, "/api/auth/token", Json(new { username, password = Password }), configure: From(address));

    private static JsonContent Json(object body) => JsonContent.Create(body);

    /// <summary>A shopper registered and logged in from an address of its own: its access token.</summary>
    private async Task<string> ShopperTokenAsync()
    {
        var address = NewAddress();
        var username = FlashPurchaseClient.UniqueUsername("addr");
        (await RegisterFrom(address, username)).StatusCode.Should().Be(201);
        var login = await LoginFrom(address, username);
        login.StatusCode.Should().Be(200, "{0}", login);
        return login.As<AccessTokenBody>().AccessToken;
    }

    [Fact]
    public async Task Register_FromOneAddress_BeyondItsBurst_AnswersRateLimited_AndOtherAddressesAreNotLimited()
    {
        var crowded = NewAddress();
        for (var i = 0; i < 3; i++)
        {
            (await RegisterFrom(crowded)).StatusCode.Should().Be(201);
        }

        (await RegisterFrom(crowded)).ShouldBeRateLimited(maxRetryAfterSeconds: 60);
        (await RegisterFrom(NewAddress())).StatusCode.Should().Be(201, "the limit is per address");
    }

    [Fact]
    public async Task Login_FromOneAddress_SharesTheAccountsLimit_WithRegistering()
    {
        var address = NewAddress();
        var username = FlashPurchaseClient.UniqueUsername("addr");
        (await RegisterFrom(address, username)).StatusCode.Should().Be(201);
        (await LoginFrom(address, username)).StatusCode.Should().Be(200);
        (await LoginFrom(address, username)).StatusCode.Should().Be(200);

        (await LoginFrom(address, username)).ShouldBeRateLimited(maxRetryAfterSeconds: 60);
    }

    [Fact]
    public async Task EnterAndExchange_FromOneAddress_ShareItsLimit_WhicheverShopperSends()
    {
        var address = NewAddress();
        var shoppers = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            shoppers.Add(await ShopperTokenAsync());
        }

        var ticket = await Api.SendRawAsync(HttpMethod.Get, "/api/queue/enter", null, shoppers[0], From(address));
        ticket.StatusCode.Should().Be(200, "{0}", ticket);
        (await Api.SendRawAsync(HttpMethod.Post, "/api/queue/exchange-qt-for-pt",
            Json(new { queueToken = ticket.As<QueueTicketBody>().QueueToken }), shoppers[0], From(address)))
            .StatusCode.Should().BeOneOf([200, 202]);
        (await Api.SendRawAsync(HttpMethod.Get, "/api/queue/enter", null, shoppers[1], From(address))).StatusCode.Should().Be(200);
        (await Api.SendRawAsync(HttpMethod.Get, "/api/queue/enter", null, shoppers[2], From(address))).StatusCode.Should().Be(200);

        (await Api.SendRawAsync(HttpMethod.Get, "/api/queue/enter", null, shoppers[3], From(address)))
            .ShouldBeRateLimited(maxRetryAfterSeconds: 60);
        (await Api.SendRawAsync(HttpMethod.Get, "/api/queue/enter", null, shoppers[4], NewAddressHeader()))
            .StatusCode.Should().Be(200, "another address has a limit of its own");
    }

    [Fact]
    public async Task IPv6_TheAddressesOfOne64Network_ShareOneLimit()
    {
        // One subscriber usually holds a whole /64: counting single IPv6 addresses would give them 2^64 limits.
        var network = $"2001:db8:{Interlocked.Increment(ref _network):x}:1";
        (await RegisterFrom($"{network}::1")).StatusCode.Should().Be(201);
        (await RegisterFrom($"{network}::2")).StatusCode.Should().Be(201);
        (await RegisterFrom($"{network}:ffff:ffff:ffff:ffff")).StatusCode.Should().Be(201);

        (await RegisterFrom($"{network}::4")).ShouldBeRateLimited(maxRetryAfterSeconds: 60);
        (await RegisterFrom($"2001:db8:{Interlocked.Increment(ref _network):x}:2::1")).StatusCode.Should().Be(201);
    }

    [Fact]
    public async Task OnKestrel_TheConnectionsOwnAddressIsWhatCounts()
    {
        // The only test of this class that sends without the test header: from 127.0.0.1, as Kestrel sees it.
        var answers = new List<ApiResponse>();
        for (var i = 0; i < 4; i++)
        {
            answers.Add(await Api.RegisterAsync(FlashPurchaseClient.UniqueUsername("kestrel"), Password));
        }

        answers.Take(3).Should().OnlyContain(a => a.Status == HttpStatusCode.Created);
        answers[3].ShouldBeRateLimited(maxRetryAfterSeconds: 60);
    }

    private static Action<HttpRequestMessage> NewAddressHeader() => From(NewAddress());
}
