using FlashPurchase.Application.Queue.Challenges;
using Microsoft.Extensions.Time.Testing;

namespace FlashPurchase.Application.UnitTests.Queue.Challenges;

/// <summary>
/// The verifier is built from a key and a clock and nothing else: no repository, no connection, so checking a
/// solution cannot read the database.
/// </summary>
public sealed class QueueChallengesTests
{
    private const int Difficulty = 8;
    private static readonly DateTimeOffset Now = new(2026, 12, 8, 18, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _clock = new(Now);
    private readonly byte[] _key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
    private readonly Guid _saleId = Guid.NewGuid();
    private readonly Guid _userId = Guid.NewGuid();

    private QueueChallenges Challenges() => new(_key, _clock);

    private string SolvedChallenge(int difficulty = Difficulty) =>
        ChallengeSolving.Solve(Challenges().Issue(_saleId, _userId, difficulty).Challenge, difficulty);

    private ChallengeVerification Verify(string? solution, int difficulty = Difficulty) =>
        Challenges().Verify(solution, _saleId, _userId, difficulty);

    [Fact]
    public void Verifier_TakesOnlyAKeyAndAClock() =>
        typeof(QueueChallenges).GetConstructors().Should().ContainSingle()
            .Which.GetParameters().Select(p => p.ParameterType).Should().Equal(typeof(byte[]), typeof(TimeProvider));

    [Fact]
    public void Issue_GivesTheDifficultyAndFiveMinutes()
    {
        var challenge = Challenges().Issue(_saleId, _userId, Difficulty);

        challenge.Difficulty.Should().Be(Difficulty);
        challenge.ExpiresAt.Should().Be(Now + QueueChallenges.Lifetime);
        challenge.Challenge.Should().NotContain(":");
    }

    [Fact]
    public void Issue_GivesADifferentChallengeEachTime() =>
        Challenges().Issue(_saleId, _userId, Difficulty).Challenge
            .Should().NotBe(Challenges().Issue(_saleId, _userId, Difficulty).Challenge);

    [Fact]
    public void Verify_ASolvedChallenge_IsSolvedAndNamesItsId()
    {
        var solution = SolvedChallenge();

        var verification = Verify(solution);

        verification.Verdict.Should().Be(ChallengeVerdict.Solved);
        verification.ChallengeId.Should().NotBeNull().And.NotBe(Guid.Empty);
        Verify(solution).ChallengeId.Should().Be(verification.ChallengeId, "the id is the challenge's, not the check's");
    }

    // Another instance with the same key (another API process) accepts it: nothing is kept in memory.
    [Fact]
    public void Verify_ByAnotherInstanceWithTheSameKey_IsSolved() =>
        new QueueChallenges(_key, _clock).Verify(SolvedChallenge(), _saleId, _userId, Difficulty).Verdict
            .Should().Be(ChallengeVerdict.Solved);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Verify_WithoutASolution_IsMissing(string? solution) =>
        Verify(solution).Should().Be(new ChallengeVerification(ChallengeVerdict.Missing));

    [Theory]
    [InlineData("no-colon-here")]
    [InlineData("abc:1")]
    [InlineData("a.b:1")]
    [InlineData("!!!.???:1")]
    public void Verify_AMalformedSolution_IsMalformed(string solution) =>
        Verify(solution).Verdict.Should().Be(ChallengeVerdict.Malformed);

    [Fact]
    public void Verify_AChallengeWithoutANonce_IsMalformed() =>
        Verify(Challenges().Issue(_saleId, _userId, 0).Challenge + ":").Verdict.Should().Be(ChallengeVerdict.Malformed);

    [Fact]
    public void Verify_AWrongNonce_IsUnsolved()
    {
        var challenge = Challenges().Issue(_saleId, _userId, Difficulty).Challenge;

        Verify(ChallengeSolving.Fail(challenge, Difficulty)).Should().Be(new ChallengeVerification(ChallengeVerdict.Unsolved));
    }

    [Fact]
    public void Verify_AtItsExpiry_IsExpired()
    {
        var solution = SolvedChallenge();
        _clock.Advance(QueueChallenges.Lifetime - TimeSpan.FromSeconds(1));
        Verify(solution).Verdict.Should().Be(ChallengeVerdict.Solved);

        _clock.Advance(TimeSpan.FromSeconds(1));

        Verify(solution).Should().Be(new ChallengeVerification(ChallengeVerdict.Expired));
    }

    [Fact]
    public void Verify_AnotherShoppersSolution_IsRefused() =>
        Challenges().Verify(SolvedChallenge(), _saleId, Guid.NewGuid(), Difficulty).Verdict
            .Should().Be(ChallengeVerdict.AnotherShopper);

    [Fact]
    public void Verify_AnotherSalesSolution_IsRefused() =>
        Challenges().Verify(SolvedChallenge(), Guid.NewGuid(), _userId, Difficulty).Verdict
            .Should().Be(ChallengeVerdict.AnotherSale);

    // An operator raised the difficulty: a challenge issued easier no longer buys a place.
    [Fact]
    public void Verify_AChallengeIssuedEasierThanTheSaleAsksNow_IsTooEasy() =>
        Verify(SolvedChallenge(difficulty: 2), difficulty: 3).Verdict.Should().Be(ChallengeVerdict.TooEasy);

    [Fact]
    public void Verify_WithAnotherKey_IsForged() =>
        new QueueChallenges(new byte[32], _clock).Verify(SolvedChallenge(), _saleId, _userId, Difficulty).Verdict
            .Should().Be(ChallengeVerdict.Forged);

    // Every single changed character of the payload or its MAC is caught, e.g. a shopper id swapped in or a later expiry.
    [Fact]
    public void Verify_ATamperedChallenge_IsForgedOrMalformed()
    {
        var solution = SolvedChallenge(difficulty: 0);
        var colon = solution.IndexOf(':');
        for (var i = 0; i < colon; i++)
        {
            if (solution[i] == '.')
            {
                continue;
            }

            var tampered = solution[..i] + (solution[i] == 'A' ? 'B' : 'A') + solution[(i + 1)..];

            Verify(tampered, difficulty: 0).Verdict.Should().BeOneOf(ChallengeVerdict.Forged, ChallengeVerdict.Malformed);
        }
    }

    [Fact]
    public void Verify_ATooLongNonce_IsMalformed() =>
        Verify(Challenges().Issue(_saleId, _userId, 0).Challenge + ":" + new string('1', QueueChallenges.MaxNonceLength + 1), 0)
            .Verdict.Should().Be(ChallengeVerdict.Malformed);
}
