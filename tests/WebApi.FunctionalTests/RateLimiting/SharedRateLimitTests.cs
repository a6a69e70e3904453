using FlashPurchase.TestSupport;
using FlashPurchase.WebApi.FunctionalTests.Client;
using FlashPurchase.WebApi.FunctionalTests.Hosting;
using FlashPurchase.WebApi.FunctionalTests.Observability;
using static FlashPurchase.WebApi.FunctionalTests.RateLimiting.RateLimitSettings;

namespace FlashPurchase.WebApi.FunctionalTests.RateLimiting;

/// <summary>
/// The real stack (no Worker needed) with the limits kept in the test Redis under a key prefix of its own. Per shopper,
/// enter: five at once, then one a minute; per address, enter and exchange: eight at once, then one a minute.
/// </summary>
public sealed class SharedLimitsApp() : RealStackApp(new Dictionary<string, string?>(RateLimitSettings.With(
    ("Enter", SharedLimitsApp.EnterBurst, 1, TimeSpan.FromMinutes(1)),
    ("QueuePerAddress", SharedLimitsApp.AddressBurst, 1, TimeSpan.FromMinutes(1))))
{
    ["ConnectionStrings:Redis"] = TestServers.Redis,
    ["Redis:KeyPrefix"] = TestServers.NewRedisKeyPrefix(),
}, startWorker: false)
{
    public const int EnterBurst = 5;
    public const int AddressBurst = 8;

    /// <summary>Another API instance over this app's database, broker and Redis, with <paramref name="overrides"/>.</summary>
    public async Task<(FlashPurchaseFactory Host, FlashPurchaseClient Api)> StartInstanceAsync(
        params (string Key, string? Value)[] overrides)
    {
        var settings = Settings.ToDictionary();
        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }

        var host = new FlashPurchaseFactory(settings, Clock);
        return (host, new FlashPurchaseClient(await Task.Run(() => host.CreateClient())));
    }
}

/// <summary>
/// With <c>ConnectionStrings:Redis</c> the per-shopper and per-address buckets are shared by every API instance: a
/// burst is the same whether it goes to one instance or is spread over two. Without Redis each instance counts alone;
/// with Redis unreachable each instance decides in its own memory, never failing a request because of it.
/// </summary>
public sealed class SharedRateLimitTests(SharedLimitsApp app) : IClassFixture<SharedLimitsApp>
{
    private const int EnterBurst = SharedLimitsApp.EnterBurst;
    private static int _network;

    private static string NewAddress() => $"10.{Interlocked.Increment(ref _network)}.7.1";

    private static async Task<List<ApiResponse>> EnterInTurns(IReadOnlyList<FlashPurchaseClient> instances, int count,
        Func<int, string> accessToken, string address)
    {
        var answers = new List<ApiResponse>();
        for (var i = 0; i < count; i++)
        {
            answers.Add(await instances[i % instances.Count].SendRawAsync(
                HttpMethod.Get, "/api/queue/enter", null, accessToken(i), From(address)));
        }

        return answers;
    }

    private static string Show(IEnumerable<ApiResponse> answers) => string.Join("\n", answers.Select(a => a.ToString()));

    [Fact]
    public async Task Enter_AShoppersBurst_IsTheSame_OnOneInstance_AndSpreadOverTwo()
    {
        var (second, secondApi) = await app.StartInstanceAsync();
        await using var _ = second;
        using var __ = secondApi;

        foreach (var instances in new[] { new[] { app.Api }, [app.Api, secondApi] })
        {
            var shopper = await app.Api.NewShopperAsync("shared");
            var answers = await EnterInTurns(instances, EnterBurst + 1, _ => shopper.AccessToken, NewAddress());

            answers.Take(EnterBurst).Should().OnlyContain(a => a.StatusCode == 200, "{0}", Show(answers));
            answers[EnterBurst].ShouldBeRateLimited(maxRetryAfterSeconds: 60);
        }
    }

    [Fact]
    public async Task Enter_AnAddressesBurst_IsShared_ByBothInstances()
    {
        var (second, secondApi) = await app.StartInstanceAsync();
        await using var _ = second;
        using var __ = secondApi;
        var shoppers = new List<Shopper>();
        for (var i = 0; i <= SharedLimitsApp.AddressBurst; i++)
        {
            shoppers.Add(await app.Api.NewShopperAsync("crowd"));
        }

        var answers = await EnterInTurns([app.Api, secondApi], shoppers.Count, i => shoppers[i].AccessToken, NewAddress());

        answers.Take(SharedLimitsApp.AddressBurst).Should().OnlyContain(a => a.StatusCode == 200, "{0}", Show(answers));
        answers[^1].ShouldBeRateLimited(maxRetryAfterSeconds: 60);
    }

    [Fact]
    public async Task Enter_WithoutRedis_EachInstanceCountsAlone()
    {
        var (first, firstApi) = await app.StartInstanceAsync(("ConnectionStrings:Redis", ""));
        var (second, secondApi) = await app.StartInstanceAsync(("ConnectionStrings:Redis", ""));
        await using var _ = first;
        await using var __ = second;
        using var ___ = firstApi;
        using var ____ = secondApi;
        var shopper = await app.Api.NewShopperAsync("alone");

        var answers = await EnterInTurns([firstApi, secondApi], 2 * EnterBurst + 2, _ => shopper.AccessToken, NewAddress());

        answers.Take(2 * EnterBurst).Should().OnlyContain(a => a.StatusCode == 200, "each instance admits its own burst: {0}", Show(answers));
        answers.Skip(2 * EnterBurst).Should().OnlyContain(a => a.StatusCode == 429, "{0}", Show(answers));
    }

    [Fact]
    public async Task Enter_WithRedisUnreachable_IsDecidedByTheInstancesOwnBucket_AndEveryLocalDecisionIsCounted()
    {
        // Nothing listens on port 1: the connection is refused at once and retried in the background.
        var (host, api) = await app.StartInstanceAsync(("ConnectionStrings:Redis", "127.0.0.1:1"));
        await using var _ = host;
        using var __ = api;
        using var fallbacks = new CounterRecorder(host.Services, "flashpurchase.shared_state.fallbacks");
        var shopper = await app.Api.NewShopperAsync("outage");

        var answers = await EnterInTurns([api], EnterBurst + 1, _ => shopper.AccessToken, NewAddress());

        answers.Take(EnterBurst).Should().OnlyContain(a => a.StatusCode == 200, "{0}", Show(answers));
        answers[EnterBurst].ShouldBeRateLimited(maxRetryAfterSeconds: 60);
        fallbacks.Sum(("limit", "Enter")).Should().Be(EnterBurst + 1, "every enter was decided locally");
        fallbacks.Sum(("limit", "QueuePerAddress")).Should().Be(EnterBurst, "the refused one stopped at the shopper's bucket");
    }
}
