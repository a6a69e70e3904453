using System.Net;
using FlashPurchase.WebApi.FunctionalTests.Client;
using FlashPurchase.WebApi.FunctionalTests.Hosting;

namespace FlashPurchase.WebApi.FunctionalTests.RateLimiting;

/// <summary>
/// Enter: two at once, then one a minute. Exchange: the tightest settings start-up accepts (two at once, two a second).
/// No limit per address to speak of.
/// </summary>
public sealed class PerShopperLimitsApp() : EmbeddedApp(RateLimitSettings.With(
    ("Enter", 2, 1, TimeSpan.FromMinutes(1)),
    ("Exchange", 2, 2, TimeSpan.FromSeconds(1))));

/// <summary>The per-shopper limits of enter and exchange (the access token's subject).</summary>
public sealed class PerShopperRateLimitTests(PerShopperLimitsApp app) : IClassFixture<PerShopperLimitsApp>
{
    [Fact]
    public async Task Enter_BeyondTheShoppersBurst_AnswersRateLimitedWithRetryAfter()
    {
        var shopper = await app.Api.NewShopperAsync();
        (await shopper.EnterAsync()).Status.Should().Be(HttpStatusCode.OK);
        (await shopper.EnterAsync()).Status.Should().Be(HttpStatusCode.OK);

        var refused = await shopper.EnterAsync();

        refused.ShouldBeRateLimited(maxRetryAfterSeconds: 60);
    }

    [Fact]
    public async Task Enter_OneShopperBeingLimited_LeavesOtherShoppersAlone()
    {
        var greedy = await app.Api.NewShopperAsync();
        for (var i = 0; i < 3; i++)
        {
            await greedy.EnterAsync();
        }

        (await greedy.EnterAsync()).ShouldBeRateLimited(maxRetryAfterSeconds: 60);

        var other = await app.Api.NewShopperAsync();
        (await other.EnterAsync()).Status.Should().Be(HttpStatusCode.OK, "the limit is per shopper");
    }

    [Fact]
    public async Task Exchange_HammeredByOneShopper_AnswersRateLimitedWithRetryAfter()
    {
        var shopper = await app.Api.NewShopperAsync();
        var ticket = (await shopper.EnterAsync()).Value;

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => shopper.ExchangeAsync(ticket.QueueToken)));

        var refused = answers.Where(a => a.StatusCode == 429).ToList();
        refused.Should().NotBeEmpty("20 exchanges at once exceed a burst of 2; got {0}", string.Join(", ", answers.Select(a => a.StatusCode)));
        refused.ForEach(answer => answer.ShouldBeRateLimited(maxRetryAfterSeconds: 1));
        answers.Except(refused).Should().OnlyContain(a => a.StatusCode == 200 || a.StatusCode == 202);
    }

    [Fact]
    public async Task Exchange_PolledOnceASecond_TheShortestRetryAfter_IsNeverLimited()
    {
        // The essential rule: a shopper who waits as long as the server asks (1 s at the least) is never refused, even
        // under the tightest exchange settings start-up accepts.
        var shopper = await app.Api.NewShopperAsync();
        var ticket = (await shopper.EnterAsync()).Value;

        var answers = new List<ApiResponse>();
        for (var poll = 0; poll < 8; poll++)
        {
            var answer = await shopper.ExchangeAsync(ticket.QueueToken);
            answers.Add(answer);
            answer.StatusCode.Should().BeOneOf([200, 202], "poll {0} at the server's pace was answered {1}", poll + 1, answer);
            (answer.RetryAfterSeconds ?? 1).Should().BeGreaterThanOrEqualTo(1);
            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        answers.Should().NotContain(a => a.StatusCode == 429);
    }

    [Fact]
    public async Task EnterAndExchange_AreCountedApart()
    {
        var shopper = await app.Api.NewShopperAsync();
        var ticket = (await shopper.EnterAsync()).Value;
        await shopper.EnterAsync();
        (await shopper.EnterAsync()).ShouldBeRateLimited(maxRetryAfterSeconds: 60);

        (await shopper.ExchangeAsync(ticket.QueueToken)).StatusCode.Should().BeOneOf([200, 202],
            "joining too often must not stop a shopper from asking for their purchase token");
    }
}
