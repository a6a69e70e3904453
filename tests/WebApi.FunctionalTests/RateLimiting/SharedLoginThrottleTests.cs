using System.Net;
using System.Net.Http.Json;
using FlashPurchase.TestSupport;
using FlashPurchase.WebApi.FunctionalTests.Client;
using FlashPurchase.WebApi.FunctionalTests.Hosting;
using static FlashPurchase.WebApi.FunctionalTests.RateLimiting.RateLimitSettings;

namespace FlashPurchase.WebApi.FunctionalTests.RateLimiting;

/// <summary>
/// Two API instances with one Redis (a key prefix of this test's own): the login throttle's counts are shared, so a
/// guesser gains nothing by spreading attempts over the instances, and the owner is let in by either.
/// </summary>
public sealed class SharedLoginThrottleTests
{
    [Fact]
    public async Task FailuresCountedByOneInstance_AreSeenByTheOther()
    {
        var settings = new Dictionary<string, string?>(RateLimitSettings.With())
        {
            ["RateLimiting:Login:MaxFailures"] = "3",
            ["ConnectionStrings:Redis"] = TestServers.Redis,
            ["Redis:KeyPrefix"] = TestServers.NewRedisKeyPrefix(),
        };
        await using var first = await EmbeddedApp.StartAsync(settings);
        await using var second = await EmbeddedApp.StartAsync(settings);
        var username = FlashPurchaseClient.UniqueUsername("shared");
        (await second.Api.RegisterAsync(username, "correct-horse-battery")).Status.Should().Be(HttpStatusCode.Created);
        const string attacker = "203.0.113.44";

        // An account lives in one instance's SQLite here; the throttle counts before any lookup, so that does not matter.
        foreach (var api in new[] { first.Api, second.Api, first.Api })
        {
            (await LoginAsync(api, username, "wrong-guess", attacker)).ShouldBeProblem(401, "invalid_credentials");
        }

        (await LoginAsync(second.Api, username, "correct-horse-battery", attacker)).ShouldBeRateLimited(maxRetryAfterSeconds: 900);
        (await LoginAsync(second.Api, username, "correct-horse-battery", "198.51.100.44")).Status.Should().Be(HttpStatusCode.OK);
    }

    private static Task<ApiResponse> LoginAsync(FlashPurchaseClient api, string username, string password, string address) =>
        api.SendRawAsync(HttpMethod.Post, "/api/auth/token", JsonContent.Create(new { username, password }), configure: From(address));
}
