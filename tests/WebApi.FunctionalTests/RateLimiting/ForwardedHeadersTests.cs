using System.Net.Http.Json;
using FlashPurchase.WebApi.FunctionalTests.Client;
using FlashPurchase.WebApi.FunctionalTests.Hosting;
using static FlashPurchase.WebApi.FunctionalTests.RateLimiting.RateLimitSettings;

namespace FlashPurchase.WebApi.FunctionalTests.RateLimiting;

/// <summary>
/// Registering: two per address, then one a minute. One trusted proxy (10.200.0.1) and one trusted network
/// (10.201.0.0/16); the connection's address comes from X-Test-Client-Address, applied before the app's pipeline.
/// </summary>
public sealed class TrustedProxyApp() : EmbeddedApp(new Dictionary<string, string?>(RateLimitSettings.With(
    ("AccountsPerAddress", 2, 1, TimeSpan.FromMinutes(1))))
{
    ["ForwardedHeaders:KnownProxies:0"] = ForwardedHeadersTests.TrustedProxy,
    ["ForwardedHeaders:KnownNetworks:0"] = "10.201.0.0/16",
}, useKestrel: true);

/// <summary>
/// Only a trusted proxy's X-Forwarded-For says who the client is; from anyone else the header is ignored and the
/// connection's address is counted, so writing the header does not step around the per-address limits.
/// </summary>
public sealed class ForwardedHeadersTests(TrustedProxyApp app) : IClassFixture<TrustedProxyApp>
{
    public const string TrustedProxy = "10.200.0.1";
    private static int _client;

    private static string NewClient() => $"198.51.{Interlocked.Increment(ref _client)}.7";

    private Task<ApiResponse> RegisterAsync(string connection, string? forwardedFor) =>
        app.Api.SendRawAsync(HttpMethod.Post, "/api/auth/register",
            JsonContent.Create(new { username = FlashPurchaseClient.UniqueUsername("fwd"), password = "correct-horse-battery" }),
            configure: request =>
            {
                From(connection)(request);
                if (forwardedFor is not null)
                {
                    request.Headers.Add("X-Forwarded-For", forwardedFor);
                }
            });

    [Fact]
    public async Task FromAnUntrustedAddress_ASpoofedForwardedFor_IsIgnored_AndTheConnectionIsCounted()
    {
        var connection = $"10.202.{Interlocked.Increment(ref _client)}.1";
        (await RegisterAsync(connection, NewClient())).StatusCode.Should().Be(201);
        (await RegisterAsync(connection, NewClient())).StatusCode.Should().Be(201);

        // A third "client" through the same connection: still the connection's bucket, now empty.
        (await RegisterAsync(connection, NewClient())).ShouldBeRateLimited(maxRetryAfterSeconds: 60);
    }

    [Fact]
    public async Task ThroughATrustedProxy_EachForwardedClient_HasItsOwnLimit()
    {
        var client = NewClient();
        (await RegisterAsync(TrustedProxy, client)).StatusCode.Should().Be(201);
        (await RegisterAsync(TrustedProxy, client)).StatusCode.Should().Be(201);
        (await RegisterAsync(TrustedProxy, client)).ShouldBeRateLimited(maxRetryAfterSeconds: 60);

        (await RegisterAsync(TrustedProxy, NewClient())).StatusCode.Should().Be(201, "another client behind the same proxy");
    }

    [Fact]
    public async Task ThroughAProxyOfATrustedNetwork_TheClientWrittenBeforeIt_IsNotBelieved()
    {
        // The client wrote "X-Forwarded-For: <someone>" itself; the proxy appended the address it saw. Only the
        // proxy's entry counts, so the same real client behind different spoofed values shares one bucket.
        var proxy = $"10.201.{Interlocked.Increment(ref _client) % 250}.9";
        var realClient = NewClient();
        (await RegisterAsync(proxy, $"{NewClient()}, {realClient}")).StatusCode.Should().Be(201);
        (await RegisterAsync(proxy, $"{NewClient()}, {realClient}")).StatusCode.Should().Be(201);
        (await RegisterAsync(proxy, $"{NewClient()}, {realClient}")).ShouldBeRateLimited(maxRetryAfterSeconds: 60);
    }

    [Fact]
    public async Task FromLoopback_WhichIsNotConfigured_ASpoofedForwardedFor_IsIgnored()
    {
        // ASP.NET Core trusts loopback by default; FlashPurchase trusts only what is configured. These requests come
        // over a real connection from 127.0.0.1 (no X-Test-Client-Address), which no other test of this class uses.
        var outcomes = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            outcomes.Add((await app.Api.SendRawAsync(HttpMethod.Post, "/api/auth/register",
                JsonContent.Create(new { username = FlashPurchaseClient.UniqueUsername("fwd"), password = "correct-horse-battery" }),
                configure: request => request.Headers.Add("X-Forwarded-For", NewClient()))).StatusCode);
        }

        outcomes.Should().Equal(201, 201, 429);
    }
}
