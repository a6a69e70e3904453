using CsCheck;
using FlashPurchase.Domain.Queue;
using FlashPurchase.Domain.Sales;

namespace FlashPurchase.Domain.UnitTests.Queue;

/// <summary>The bot challenge's part of the admission rule: after a held place and a pause, before the queue's room.</summary>
public sealed class AdmissionPolicyChallengeTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 18, 0, 0, TimeSpan.Zero);

    private static readonly ChallengeCheck Unsolved = new(Required: true, SolvedId: null, AlreadyUsed: false);

    private static ChallengeCheck Solved(Guid id, bool alreadyUsed = false) => new(Required: true, id, alreadyUsed);

    private static QueuePlace ValidPlace() =>
        QueuePlace.Create(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), 1, "qt", Now.AddMinutes(-5), Now.AddMinutes(30));

    private static QueuePlace ExpiredPlace() =>
        QueuePlace.Create(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), 1, "qt", Now.AddHours(-1), Now);

    private static AdmissionDecision Decide(Applicant applicant, bool paused = false) =>
        AdmissionPolicy.Decide(SaleStatus.Open, paused, applicant, Now);

    [Fact]
    public void Decide_WhenTheSaleAsksNoChallenge_AdmitsWithoutASolution() =>
        Decide(new Applicant(true, false, null)).Should().Be(AdmissionDecision.Admit);

    [Fact]
    public void Decide_ANewcomerWithoutASolution_IsAskedForOne() =>
        Decide(new Applicant(true, false, null, Challenge: Unsolved)).Should().Be(AdmissionDecision.ChallengeRequired);

    [Fact]
    public void Decide_ANewcomerWithAnUnusedSolution_IsAdmitted() =>
        Decide(new Applicant(true, false, null, Challenge: Solved(Guid.NewGuid()))).Should().Be(AdmissionDecision.Admit);

    [Fact]
    public void Decide_ANewcomerWithASolutionAPlaceAlreadyHolds_IsAskedForANewOne() =>
        Decide(new Applicant(true, false, null, Challenge: Solved(Guid.NewGuid(), alreadyUsed: true)))
            .Should().Be(AdmissionDecision.ChallengeRequired);

    [Fact]
    public void Decide_AShopperHoldingAValidPlace_GetsItBackWithoutASolution() =>
        Decide(new Applicant(true, false, ValidPlace(), Challenge: Unsolved)).Should().Be(AdmissionDecision.AlreadyQueued);

    // After the place expired (or the shopper left), the solution that bought it does not buy another.
    [Fact]
    public void Decide_AShopperWhosePlaceExpired_NeedsANewSolution() =>
        Decide(new Applicant(true, false, ExpiredPlace(), Challenge: Solved(Guid.NewGuid(), alreadyUsed: true)))
            .Should().Be(AdmissionDecision.ChallengeRequired);

    [Fact]
    public void Decide_WhilePaused_SaysPausedRatherThanAskingForASolution() =>
        Decide(new Applicant(true, false, null, Challenge: Unsolved), paused: true).Should().Be(AdmissionDecision.QueuePaused);

    [Fact]
    public void Decide_TheSalesWindowAndStockStillComeFirst()
    {
        AdmissionPolicy.Decide(SaleStatus.Scheduled, false, new Applicant(true, false, null, Challenge: Unsolved), Now)
            .Should().Be(AdmissionDecision.SaleNotOpen);
        AdmissionPolicy.Decide(SaleStatus.SoldOut, false, new Applicant(true, false, null, Challenge: Unsolved), Now)
            .Should().Be(AdmissionDecision.SoldOut);
        AdmissionPolicy.Decide(SaleStatus.Open, false, new Applicant(true, true, null, Challenge: Unsolved), Now)
            .Should().Be(AdmissionDecision.AlreadyPurchased);
    }

    [Fact]
    public void DecideBatch_TwoNewcomersWithOneSolution_AdmitsOnlyTheFirst()
    {
        var id = Guid.NewGuid();
        var decisions = AdmissionPolicy.DecideBatch(SaleStatus.Open, false, 0, 0,
            [new Applicant(true, false, null, Challenge: Solved(id)), new Applicant(true, false, null, Challenge: Solved(id)),
             new Applicant(true, false, null, Challenge: Solved(Guid.NewGuid()))], Now);

        decisions.Should().Equal(AdmissionDecision.Admit, AdmissionDecision.ChallengeRequired, AdmissionDecision.Admit);
    }

    // A solution is spent by the admission it buys: a first newcomer refused for lack of room spends nothing.
    [Fact]
    public void DecideBatch_ASolutionRefusedForLackOfRoom_IsNotSpent()
    {
        var id = Guid.NewGuid();
        var decisions = AdmissionPolicy.DecideBatch(SaleStatus.Open, false, queueCapacity: 1, placesHeld: 1,
            [new Applicant(true, false, null, Challenge: Solved(id)), new Applicant(true, false, null, Challenge: Solved(id))], Now);

        decisions.Should().Equal(AdmissionDecision.QueueFull, AdmissionDecision.QueueFull);
    }

    // Refused newcomers take no room: the queue's last place goes to the first newcomer with a valid solution.
    [Fact]
    public void DecideBatch_NewcomersAskedForASolution_TakeNoRoom()
    {
        var decisions = AdmissionPolicy.DecideBatch(SaleStatus.Open, false, queueCapacity: 1, placesHeld: 0,
            [new Applicant(true, false, null, Challenge: Unsolved), new Applicant(true, false, null, Challenge: Solved(Guid.NewGuid()))], Now);

        decisions.Should().Equal(AdmissionDecision.ChallengeRequired, AdmissionDecision.Admit);
    }

    [Fact]
    public void DecideBatch_NeverAdmitsTwoNewcomersWithTheSameSolution() =>
        Gen.Select(Gen.Int[0, 3].Array[1, 20], Gen.Bool.Array[20], Gen.Int[0, 5]).Sample(c =>
        {
            var (solutionIndexes, used, capacity) = c;
            var ids = Enumerable.Range(0, 4).Select(_ => Guid.NewGuid()).ToArray();
            var applicants = solutionIndexes
                .Select((s, i) => new Applicant(true, false, null, Challenge: s == 0 ? Unsolved : Solved(ids[s], used[i] && s == 3)))
                .ToList();

            var decisions = AdmissionPolicy.DecideBatch(SaleStatus.Open, false, capacity, 0, applicants, Now);

            var admittedWith = applicants.Where((_, i) => decisions[i] == AdmissionDecision.Admit).Select(a => a.Challenge).ToList();
            admittedWith.Should().NotContain(c => c.SolvedId == null || c.AlreadyUsed);
            admittedWith.Select(c => c.SolvedId).Should().OnlyHaveUniqueItems();
        });
}
