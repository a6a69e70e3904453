using System.Net;
using FlashPurchase.WebApi.FunctionalTests.Client;
using FlashPurchase.WebApi.FunctionalTests.Hosting;

namespace FlashPurchase.WebApi.FunctionalTests.RateLimiting;

/// <summary>Three failed logins per username per minute; no other limit to speak of.</summary>
public sealed class LoginThrottleApp() : EmbeddedApp(new Dictionary<string, string?>(RateLimitSettings.With())
{
    ["RateLimiting:Login:MaxFailures"] = "3",
    ["RateLimiting:Login:Window"] = "00:01:00",
});

/// <summary>Password guessing: after too many failed logins a username is locked for a while, whether it has an account or not.</summary>
public sealed class LoginThrottleTests(LoginThrottleApp app) : IClassFixture<LoginThrottleApp>
{
    private const string Password = "correct-horse-battery";

    private FlashPurchaseClient Api => app.Api;

    private async Task<string> RegisteredUsernameAsync(string prefix = "victim")
    {
        var username = FlashPurchaseClient.UniqueUsername(prefix);
        (await Api.RegisterAsync(username, Password)).Status.Should().Be(HttpStatusCode.Created);
        return username;
    }

    private async Task FailTimes(int count, string username)
    {
        for (var i = 0; i < count; i++)
        {
            (await Api.LoginAsync(username, $"wrong-guess-{i}")).ShouldBeProblem(401, "invalid_credentials");
        }
    }

    [Fact]
    public async Task Login_AfterThreeFailures_IsRefusedWithRateLimited_EvenWithTheRightPassword()
    {
        var username = await RegisteredUsernameAsync();
        await FailTimes(3, username);

        var refused = await Api.LoginAsync(username, Password);

        refused.ShouldBeRateLimited(maxRetryAfterSeconds: 60);
    }

    [Fact]
    public async Task Login_ALockedUsername_AnswersAlike_WhetherAnAccountHasItOrNot()
    {
        var known = await RegisteredUsernameAsync();
        var unknown = FlashPurchaseClient.UniqueUsername("ghost");
        await FailTimes(3, known);
        await FailTimes(3, unknown);

        var knownAnswer = await Api.LoginAsync(known, "another-guess");
        var unknownAnswer = await Api.LoginAsync(unknown, "another-guess");

        var knownProblem = knownAnswer.ShouldBeRateLimited(maxRetryAfterSeconds: 60);
        var unknownProblem = unknownAnswer.ShouldBeRateLimited(maxRetryAfterSeconds: 60);
        const string because = "a lock must not tell which usernames have an account";
        (unknownProblem.Type, unknownProblem.Title, unknownProblem.Code).Should()
            .Be((knownProblem.Type, knownProblem.Title, knownProblem.Code), because);
        unknownProblem.Detail.Should().MatchRegex(WithAnyNumber(knownProblem.Detail!), because);
        unknownProblem.RetryAfterSeconds!.Value.Should().BeCloseTo(knownProblem.RetryAfterSeconds!.Value, 2, because);
        unknownAnswer.JsonBody.EnumerateObject().Select(m => m.Name)
            .Should().Equal(knownAnswer.JsonBody.EnumerateObject().Select(m => m.Name));
    }

    [Fact]
    public async Task Login_ALockedUsername_IsLetThroughAgain_OnceTheWindowHasPassed()
    {
        var username = await RegisteredUsernameAsync();
        await FailTimes(3, username);
        (await Api.LoginAsync(username, Password)).ShouldBeRateLimited(maxRetryAfterSeconds: 60);

        using (app.Clock.AdvanceFor(TimeSpan.FromSeconds(61)))
        {
            (await Api.LoginAsync(username, Password)).Status.Should().Be(HttpStatusCode.OK);
        }
    }

    [Fact]
    public async Task Login_SpellingsOfOneUsername_ShareTheirFailures()
    {
        var username = await RegisteredUsernameAsync("Carol");
        await FailTimes(1, username.ToUpperInvariant());
        await FailTimes(1, username.ToLowerInvariant());
        await FailTimes(1, username);

        (await Api.LoginAsync(username.ToLowerInvariant(), Password)).ShouldBeRateLimited(maxRetryAfterSeconds: 60);
    }

    [Fact]
    public async Task Login_ASuccess_ForgetsEarlierFailures()
    {
        var username = await RegisteredUsernameAsync();
        await FailTimes(2, username);
        (await Api.LoginAsync(username, Password)).Status.Should().Be(HttpStatusCode.OK);
        await FailTimes(2, username);

        (await Api.LoginAsync(username, Password)).Status.Should().Be(HttpStatusCode.OK, "two failures since the last success");
    }

    [Fact]
    public async Task Login_ALockedUsername_LeavesOtherUsernamesAlone()
    {
        var locked = await RegisteredUsernameAsync();
        var other = await RegisteredUsernameAsync();
        await FailTimes(3, locked);

        (await Api.LoginAsync(locked, Password)).ShouldBeRateLimited(maxRetryAfterSeconds: 60);
        (await Api.LoginAsync(other, Password)).Status.Should().Be(HttpStatusCode.OK);
    }

    private static string WithAnyNumber(string text) =>
        "^" + System.Text.RegularExpressions.Regex.Replace(System.Text.RegularExpressions.Regex.Escape(text), @"\d+", @"\d+") + "$";
}
