using FlashPurchase.WebApi.FunctionalTests.Admin;
using FlashPurchase.WebApi.FunctionalTests.Client;
using FlashPurchase.WebApi.FunctionalTests.Hosting;

namespace FlashPurchase.WebApi.FunctionalTests.Challenge;

/// <summary>
/// The bot challenge over HTTP, on the embedded default: a sale with a difficulty admits a newcomer only with a solved
/// challenge of their own, for that sale, unexpired and unused; every refusal is a 428 carrying a fresh challenge; a
/// shopper holding a place gets it back without one. Queue and purchase tokens live two minutes here, so that a place
/// can expire while the challenge that bought it (five minutes) has not. A test that moves the clock moves it back
/// when it ends (access tokens are checked against the wall clock).
/// </summary>
public sealed class ChallengeTests(ChallengeApp app) : IClassFixture<ChallengeApp>
{
    private const int Difficulty = 8;

    private DateTimeOffset Now => app.Clock.GetUtcNow();

    private async Task<Guid> ChallengeSaleAsync(int difficulty = Difficulty) =>
        await (await app.OperatorAsync()).CreateChallengeSaleAsync(Now, difficulty);

    [Fact]
    public async Task Challenge_IsBoundToTheSalesDifficultyAndLastsFiveMinutes()
    {
        var saleId = await ChallengeSaleAsync();
        var shopper = await app.Api.NewShopperAsync();

        var issued = await app.Api.GetChallengeAsync(shopper, saleId);

        issued.StatusCode.Should().Be(200, "{0}", issued);
        issued.Value.Difficulty.Should().Be(Difficulty);
        issued.Value.ExpiresAt.Should().BeCloseTo(Now + TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(2));
        (await app.Api.GetChallengeAsync(shopper, saleId)).Value.Challenge.Should().NotBe(issued.Value.Challenge);
    }

    [Fact]
    public async Task Challenge_ForAnUnknownSale_IsNotFound_AndWithoutSaleIdIsTheCurrentSales()
    {
        var shopper = await app.Api.NewShopperAsync();

        (await app.Api.GetChallengeAsync(shopper, Guid.NewGuid())).ShouldBeProblem(404, "not_found");
        var current = await app.Api.GetChallengeAsync(shopper, saleId: null);
        current.StatusCode.Should().Be(200, "{0}", current);
        current.Value.Difficulty.Should().Be(0, "the configured default sale asks no challenge");
    }

    [Fact]
    public async Task Challenge_WithoutAnAccessToken_IsUnauthorized() =>
        (await app.Api.SendRawAsync(HttpMethod.Get, "/api/queue/challenge")).ShouldBeProblem(401, "unauthorized");

    [Fact]
    public async Task Enter_WithoutASolution_Is428WithAFreshChallengeThatAdmits()
    {
        var saleId = await ChallengeSaleAsync();
        var shopper = await app.Api.NewShopperAsync();

        var refused = await app.Api.EnterWithAsync(shopper, saleId, solution: null);

        var fresh = refused.ShouldAskForAChallenge(Difficulty, Now);
        var admitted = await app.Api.EnterWithAsync(shopper, saleId, ChallengeApi.Solve(fresh.Challenge, fresh.Difficulty));
        admitted.StatusCode.Should().Be(200, "{0}", admitted);
        admitted.Value.SaleId.Should().Be(saleId);
    }

    [Fact]
    public async Task Enter_AtASaleWithoutADifficulty_NeedsNoHeader()
    {
        var saleId = await ChallengeSaleAsync(difficulty: 0);
        var shopper = await app.Api.NewShopperAsync();

        (await app.Api.EnterWithAsync(shopper, saleId, solution: null)).StatusCode.Should().Be(200);
    }

    // A wrong attempt does not use the challenge up: the right nonce still admits.
    [Fact]
    public async Task Enter_WithAWrongNonceOrGarbage_Is428_AndTheChallengeStillAdmitsOnceSolved()
    {
        var saleId = await ChallengeSaleAsync();
        var shopper = await app.Api.NewShopperAsync();
        var issued = (await app.Api.GetChallengeAsync(shopper, saleId)).Value;

        (await app.Api.EnterWithAsync(shopper, saleId, ChallengeApi.WrongNonce(issued.Challenge, Difficulty)))
            .ShouldAskForAChallenge(Difficulty, Now);
        (await app.Api.EnterWithAsync(shopper, saleId, "not-a-challenge:1")).ShouldAskForAChallenge(Difficulty, Now);
        (await app.Api.EnterWithAsync(shopper, saleId, issued.Challenge)).ShouldAskForAChallenge(Difficulty, Now);

        var admitted = await app.Api.EnterWithAsync(shopper, saleId, ChallengeApi.Solve(issued.Challenge, Difficulty));
        admitted.StatusCode.Should().Be(200, "{0}", admitted);
    }

    [Fact]
    public async Task Enter_WithASolutionPastItsFiveMinutes_Is428()
    {
        var saleId = await ChallengeSaleAsync();
        var shopper = await app.Api.NewShopperAsync();
        var solution = await app.Api.SolvedChallengeAsync(shopper, saleId);

        using var later = app.Clock.AdvanceFor(TimeSpan.FromMinutes(5));

        (await app.Api.EnterWithAsync(shopper, saleId, solution)).ShouldAskForAChallenge(Difficulty, Now);
    }

    // A foreign attempt does not use the challenge up either: its owner still gets in with it, once.
    [Fact]
    public async Task Enter_WithAnotherShoppersSolution_Is428_BeforeAndAfterItsOwnerUsedIt()
    {
        var saleId = await ChallengeSaleAsync();
        var owner = await app.Api.NewShopperAsync("owner");
        var thief = await app.Api.NewShopperAsync("thief");
        var solution = await app.Api.SolvedChallengeAsync(owner, saleId);

        (await app.Api.EnterWithAsync(thief, saleId, solution)).ShouldAskForAChallenge(Difficulty, Now);
        (await app.Api.EnterWithAsync(owner, saleId, solution)).StatusCode.Should().Be(200);
        (await app.Api.EnterWithAsync(thief, saleId, solution)).ShouldAskForAChallenge(Difficulty, Now);
    }

    [Fact]
    public async Task Enter_WithAnotherSalesSolution_Is428()
    {
        var saleId = await ChallengeSaleAsync();
        var otherSaleId = await ChallengeSaleAsync();
        var shopper = await app.Api.NewShopperAsync();
        var solution = await app.Api.SolvedChallengeAsync(shopper, otherSaleId);

        (await app.Api.EnterWithAsync(shopper, saleId, solution)).ShouldAskForAChallenge(Difficulty, Now);
    }

    [Fact]
    public async Task Enter_AShopperHoldingAPlace_GetsItBackWithoutASolution()
    {
        var saleId = await ChallengeSaleAsync();
        var shopper = await app.Api.NewShopperAsync();
        var ticket = (await app.Api.EnterWithAsync(shopper, saleId, await app.Api.SolvedChallengeAsync(shopper, saleId))).Value;

        var again = await app.Api.EnterWithAsync(shopper, saleId, solution: null);
        var withGarbage = await app.Api.EnterWithAsync(shopper, saleId, "garbage");

        again.StatusCode.Should().Be(200, "{0}", again);
        again.Value.Should().Be(ticket);
        withGarbage.Value.Should().Be(ticket);
    }

    // The solution bought a place; once that place has expired, the same solution (still within its five minutes)
    // does not buy another: joining again needs a new one.
    [Fact]
    public async Task Enter_ReplayingTheSolutionThatBoughtAnExpiredPlace_Is428_ANewSolutionJoinsAtTheBack()
    {
        var saleId = await ChallengeSaleAsync();
        var shopper = await app.Api.NewShopperAsync();
        var solution = await app.Api.SolvedChallengeAsync(shopper, saleId);
        var first = (await app.Api.EnterWithAsync(shopper, saleId, solution)).Value;

        using var later = app.Clock.AdvanceFor(ChallengeApp.TokenLifetime + TimeSpan.FromSeconds(1));

        (await app.Api.EnterWithAsync(shopper, saleId, solution)).ShouldAskForAChallenge(Difficulty, Now);
        var second = await app.Api.EnterWithAsync(shopper, saleId, await app.Api.SolvedChallengeAsync(shopper, saleId));
        second.StatusCode.Should().Be(200, "{0}", second);
        second.Value.Position.Should().BeGreaterThan(first.Position);
    }

    [Fact]
    public async Task Enter_ASolvedChallengeOfDifficultyZero_IsNotNeededButAGarbageHeaderIsHarmless()
    {
        var saleId = await ChallengeSaleAsync(difficulty: 0);
        var shopper = await app.Api.NewShopperAsync();

        (await app.Api.EnterWithAsync(shopper, saleId, "garbage")).StatusCode.Should().Be(200);
    }
}

/// <summary>The embedded default with an operator, and queue and purchase tokens that live two minutes.</summary>
public sealed class ChallengeApp() : EmbeddedApp(AdminSettings.With(new Dictionary<string, string?>
{
    ["Tokens:Lifetime"] = "00:02:00",
}))
{
    public static readonly TimeSpan TokenLifetime = TimeSpan.FromMinutes(2);
}
