using FlashPurchase.WebApi.FunctionalTests.Admin;
using FlashPurchase.WebApi.FunctionalTests.Client;
using FlashPurchase.WebApi.FunctionalTests.Hosting;

namespace FlashPurchase.WebApi.FunctionalTests.Challenge;

/// <summary>
/// Two API instances over one MariaDB and one RabbitMQ, as a scaled-out deployment runs: a challenge issued by one is
/// verified by the other (nothing is kept in memory), and a solution buys one place whichever instances it is sent to.
/// </summary>
public sealed class ChallengeAcrossInstancesTests(RealStackChallengeApp app) : IClassFixture<RealStackChallengeApp>
{
    private const int Difficulty = 8;

    private DateTimeOffset Now => app.Clock.GetUtcNow();

    [Fact]
    public async Task ASolution_SentToBothInstancesAtOnce_BuysOnePlace_AndNoOtherAfterIt()
    {
        await using var second = new FlashPurchaseFactory(app.Settings, app.Clock);
        using var secondApi = new FlashPurchaseClient(await Task.Run(() => second.CreateClient()));
        var saleId = await (await app.OperatorAsync()).CreateChallengeSaleAsync(Now, Difficulty);
        var owner = await app.Api.NewShopperAsync("owner");
        var thief = await app.Api.NewShopperAsync("thief");
        var solution = await app.Api.SolvedChallengeAsync(owner, saleId);

        // Ten times at each instance, all at once: one place, the same for every answer.
        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            (i % 2 == 0 ? app.Api : secondApi).EnterWithAsync(owner, saleId, solution)));

        answers.Should().OnlyContain(a => a.StatusCode == 200, "{0}", string.Join("\n", answers.Select(a => a.ToString())));
        answers.Select(a => a.Value.QueueToken).Distinct().Should().ContainSingle("a solution buys one place");
        (await secondApi.EnterWithAsync(thief, saleId, solution)).ShouldAskForAChallenge(Difficulty, Now);

        // Once that place has expired, the same solution (still within its five minutes) buys nothing at either.
        using (app.Clock.AdvanceFor(RealStackChallengeApp.TokenLifetime + TimeSpan.FromSeconds(1)))
        {
            (await app.Api.EnterWithAsync(owner, saleId, solution)).ShouldAskForAChallenge(Difficulty, Now);
            (await secondApi.EnterWithAsync(owner, saleId, solution)).ShouldAskForAChallenge(Difficulty, Now);

            // A challenge issued by one instance admits at the other.
            var fresh = await secondApi.SolvedChallengeAsync(owner, saleId);
            var again = await app.Api.EnterWithAsync(owner, saleId, fresh);
            again.StatusCode.Should().Be(200, "{0}", again);
            again.Value.QueueToken.Should().NotBe(answers[0].Value.QueueToken, "a new place, at the back");
        }
    }
}

/// <summary>The real stack (no Worker needed) with an operator, and tokens that live two minutes.</summary>
public sealed class RealStackChallengeApp() : RealStackApp(
    AdminSettings.With(new Dictionary<string, string?> { ["Tokens:Lifetime"] = "00:02:00" }), startWorker: false)
{
    public static readonly TimeSpan TokenLifetime = TimeSpan.FromMinutes(2);
}
