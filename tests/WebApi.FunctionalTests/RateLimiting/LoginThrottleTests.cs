using System.Net;
using System.Net.Http.Json;
using FlashPurchase.WebApi.FunctionalTests.Client;
using FlashPurchase.WebApi.FunctionalTests.Hosting;
using static FlashPurchase.WebApi.FunctionalTests.RateLimiting.RateLimitSettings;

namespace FlashPurchase.WebApi.FunctionalTests.RateLimiting;

/// <summary>
/// Login throttling with small numbers, one window of a minute: three failures per (username, address), ten per
/// address, and a growing delay past five per username (at most 30 s). One trusted proxy (10.200.0.1).
/// </summary>
public sealed class LoginThrottleApp() : EmbeddedApp(new Dictionary<string, string?>(RateLimitSettings.With())
{
    ["RateLimiting:Login:MaxFailures"] = "3",
    ["RateLimiting:Login:MaxFailuresPerAddress"] = "10",
    ["RateLimiting:Login:UsernameWideThreshold"] = "5",
    ["RateLimiting:Login:Window"] = "00:01:00",
    ["RateLimiting:Login:MaxDelay"] = "00:00:30",
    ["ForwardedHeaders:KnownProxies:0"] = LoginThrottleTests.TrustedProxy,
});

/// <summary>
/// Password guessing is slowed, and nobody can lock an owner out: failures count per (username, address) and per
/// address, and a username failed from many addresses only delays further attempts, never from the owner's own
/// address. Each test sends from addresses of its own (X-Test-Client-Address, or X-Forwarded-For through the proxy).
/// </summary>
public sealed class LoginThrottleTests(LoginThrottleApp app) : IClassFixture<LoginThrottleApp>
{
    public const string TrustedProxy = "10.200.0.1";
    private const string Password = "correct-horse-battery";
    private static int _addresses;

    private FlashPurchaseClient Api => app.Api;

    private static string NewAddress()
    {
        var n = Interlocked.Increment(ref _addresses);
        return $"198.18.{n / 250}.{n % 250 + 1}";
    }

    private async Task<string> RegisteredUsernameAsync(string prefix = "victim")
    {
        var username = FlashPurchaseClient.UniqueUsername(prefix);
        (await Api.RegisterAsync(username, Password)).Status.Should().Be(HttpStatusCode.Created);
        return username;
    }

    private Task<ApiResponse> LoginAsync(string username, string password, string address) =>
        Api.SendRawAsync(HttpMethod.Post, "/api/auth/token", JsonContent.Create(new { username, password }),
            configure: From(address));

    /// <summary>Through the trusted proxy, which says the client is <paramref name="client"/>.</summary>
    private Task<ApiResponse> LoginThroughProxyAsync(string username, string password, string client) =>
        Api.SendRawAsync(HttpMethod.Post, "/api/auth/token", JsonContent.Create(new { username, password }),
            configure: request =>
            {
                From(TrustedProxy)(request);
                request.Headers.Add("X-Forwarded-For", client);
            });

    private async Task FailTimes(int count, string username, string address)
    {
        for (var i = 0; i < count; i++)
        {
            (await LoginAsync(username, $"wrong-guess-{i}", address)).ShouldBeProblem(401, "invalid_credentials");
        }
    }

    [Fact]
    public async Task Login_AfterThreeFailuresFromOneAddress_IsRefusedThere_EvenWithTheRightPassword()
    {
        var username = await RegisteredUsernameAsync();
        var attacker = NewAddress();
        await FailTimes(3, username, attacker);

        (await LoginAsync(username, Password, attacker)).ShouldBeRateLimited(maxRetryAfterSeconds: 60);
    }

    [Fact]
    public async Task Login_TheOwnerAtAnotherAddress_LogsIn_WhileTheAttackersAddressIsRefused()
    {
        var username = await RegisteredUsernameAsync();
        var attacker = NewAddress();
        await FailTimes(3, username, attacker);
        for (var i = 0; i < 20; i++)
        {
            (await LoginAsync(username, $"more-guesses-{i}", attacker)).ShouldBeRateLimited(maxRetryAfterSeconds: 60);
        }

        (await LoginAsync(username, Password, NewAddress())).Status.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Login_ThroughATrustedProxy_EachForwardedClientIsCountedOnItsOwn()
    {
        var username = await RegisteredUsernameAsync();
        var attacker = NewAddress();
        for (var i = 0; i < 3; i++)
        {
            (await LoginThroughProxyAsync(username, "wrong-guess", attacker)).ShouldBeProblem(401, "invalid_credentials");
        }

        (await LoginThroughProxyAsync(username, Password, attacker)).ShouldBeRateLimited(maxRetryAfterSeconds: 60);
        (await LoginThroughProxyAsync(username, Password, NewAddress())).Status.Should().Be(HttpStatusCode.OK,
            "another client behind the same proxy");
    }

    [Fact]
    public async Task Login_Refused_AnswersAlike_WhetherAnAccountHasTheUsernameOrNot()
    {
        var known = await RegisteredUsernameAsync();
        var unknown = FlashPurchaseClient.UniqueUsername("ghost");
        var attacker = NewAddress();
        await FailTimes(3, known, attacker);
        await FailTimes(3, unknown, attacker);

        var knownAnswer = await LoginAsync(known, "another-guess", attacker);
        var unknownAnswer = await LoginAsync(unknown, "another-guess", attacker);

        var knownProblem = knownAnswer.ShouldBeRateLimited(maxRetryAfterSeconds: 60);
        var unknownProblem = unknownAnswer.ShouldBeRateLimited(maxRetryAfterSeconds: 60);
        const string because = "a refusal must not tell which usernames have an account";
        (unknownProblem.Type, unknownProblem.Title, unknownProblem.Code).Should()
            .Be((knownProblem.Type, knownProblem.Title, knownProblem.Code), because);
        unknownProblem.Detail.Should().MatchRegex(WithAnyNumber(knownProblem.Detail!), because);
        unknownProblem.RetryAfterSeconds!.Value.Should().BeCloseTo(knownProblem.RetryAfterSeconds!.Value, 2, because);
        unknownAnswer.JsonBody.EnumerateObject().Select(m => m.Name)
            .Should().Equal(knownAnswer.JsonBody.EnumerateObject().Select(m => m.Name));
    }

    [Fact]
    public async Task Login_ARefusedPair_IsLetThroughAgain_OnceTheWindowHasPassed()
    {
        var username = await RegisteredUsernameAsync();
        var address = NewAddress();
        await FailTimes(3, username, address);
        (await LoginAsync(username, Password, address)).ShouldBeRateLimited(maxRetryAfterSeconds: 60);

        using (app.Clock.AdvanceFor(TimeSpan.FromSeconds(61)))
        {
            (await LoginAsync(username, Password, address)).Status.Should().Be(HttpStatusCode.OK);
        }
    }

    [Fact]
    public async Task Login_SpellingsOfOneUsername_ShareTheirFailures()
    {
        var username = await RegisteredUsernameAsync("Carol");
        var address = NewAddress();
        await FailTimes(1, username.ToUpperInvariant(), address);
        await FailTimes(1, username.ToLowerInvariant(), address);
        await FailTimes(1, username, address);

        (await LoginAsync(username.ToLowerInvariant(), Password, address)).ShouldBeRateLimited(maxRetryAfterSeconds: 60);
    }

    [Fact]
    public async Task Login_ASuccess_ForgetsEarlierFailuresOfItsPair()
    {
        var username = await RegisteredUsernameAsync();
        var address = NewAddress();
        await FailTimes(2, username, address);
        (await LoginAsync(username, Password, address)).Status.Should().Be(HttpStatusCode.OK);
        await FailTimes(2, username, address);

        (await LoginAsync(username, Password, address)).Status.Should().Be(HttpStatusCode.OK, "two failures since the last success");
    }

    [Fact]
    public async Task Login_OneAddressFailingManyUsernames_IsRefused_AfterTen()
    {
        var address = NewAddress();
        for (var i = 0; i < 10; i++)
        {
            await FailTimes(1, FlashPurchaseClient.UniqueUsername("sprayed"), address);
        }

        var victim = await RegisteredUsernameAsync();
        (await LoginAsync(victim, Password, address)).ShouldBeRateLimited(maxRetryAfterSeconds: 60);
        (await LoginAsync(victim, Password, NewAddress())).Status.Should().Be(HttpStatusCode.OK, "only that address is held back");
    }

    [Fact]
    public async Task Login_AUsernameFailedFromManyAddresses_IsSlowedWithAGrowingDelay_ButNotForItsOwnersAddress()
    {
        var username = await RegisteredUsernameAsync();
        var owner = NewAddress();
        (await LoginAsync(username, Password, owner)).Status.Should().Be(HttpStatusCode.OK);
        for (var i = 0; i < 5; i++)
        {
            await FailTimes(1, username, NewAddress());
        }

        var first = (await LoginAsync(username, "guess", NewAddress())).ShouldBeRateLimited(maxRetryAfterSeconds: 1);
        (await LoginAsync(username, Password, owner)).Status.Should().Be(HttpStatusCode.OK, "the owner's address is exempt");
        using (app.Clock.AdvanceFor(TimeSpan.FromSeconds(1)))
        {
            await FailTimes(1, username, NewAddress());
            var second = (await LoginAsync(username, "guess", NewAddress())).ShouldBeRateLimited(maxRetryAfterSeconds: 2);

            (first.RetryAfterSeconds, second.RetryAfterSeconds).Should().Be((1, 2), "the delay doubles with each failure");
        }
    }

    private static string WithAnyNumber(string text) =>
        "^" + System.Text.RegularExpressions.Regex.Replace(System.Text.RegularExpressions.Regex.Escape(text), @"\d+", @"\d+") + "$";
}
