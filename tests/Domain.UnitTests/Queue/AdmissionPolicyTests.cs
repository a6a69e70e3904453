using CsCheck;
using FlashPurchase.Domain.Queue;
using FlashPurchase.Domain.Sales;

namespace FlashPurchase.Domain.UnitTests.Queue;

public sealed class AdmissionPolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 18, 0, 0, TimeSpan.Zero);

    /// <summary>No place, an expired one, or an unexpired one.</summary>
    public enum Holding { None, Expired, Valid }

    private static QueuePlace Place(Guid userId, DateTimeOffset expiresAt) =>
        QueuePlace.Create(Guid.NewGuid(), Guid.NewGuid(), userId, 1, "qt", expiresAt.AddHours(-1), expiresAt);

    private static Applicant ApplicantWith(bool isKnown, bool hasBought, Holding holding) =>
        new(isKnown, hasBought, holding switch
        {
            Holding.None => null,
            Holding.Expired => Place(Guid.NewGuid(), Now),
            _ => Place(Guid.NewGuid(), Now.AddMinutes(30)),
        });

    private static readonly Gen<(SaleStatus Status, bool Paused, bool IsKnown, bool HasBought, Holding Holding)> AnyCase =
        Gen.Select(Gen.Enum<SaleStatus>(), Gen.Bool, Gen.Bool, Gen.Bool, Gen.Enum<Holding>());

    /// <summary>The contract's order of refusals, as a table: the first rule whose condition holds decides.</summary>
    private static AdmissionDecision Expected(SaleStatus status, bool paused, bool isKnown, bool hasBought, Holding holding)
    {
        (bool Holds, AdmissionDecision Decision)[] rules =
        [
            (status == SaleStatus.Scheduled, AdmissionDecision.SaleNotOpen),
            (status == SaleStatus.Closed, AdmissionDecision.SaleClosed),
            (!isKnown, AdmissionDecision.UnknownShopper),
            (hasBought, AdmissionDecision.AlreadyPurchased),
            (status == SaleStatus.SoldOut, AdmissionDecision.SoldOut),
            (holding == Holding.Valid, AdmissionDecision.AlreadyQueued),
            (paused, AdmissionDecision.QueuePaused),
            (true, AdmissionDecision.Admit),
        ];
        return rules.First(rule => rule.Holds).Decision;
    }

    [Fact]
    public void Decide_AnyShopperAtAnySale_GivesTheFirstRefusalInTheContractsOrder() =>
        AnyCase.Sample(c =>
            AdmissionPolicy.Decide(c.Status, c.Paused, ApplicantWith(c.IsKnown, c.HasBought, c.Holding), Now)
                .Should().Be(Expected(c.Status, c.Paused, c.IsKnown, c.HasBought, c.Holding), $"for {c}"));

    [Fact]
    public void Decide_APausedQueue_GivesAHolderTheirPlaceBack_AndRefusesANewcomer()
    {
        AdmissionPolicy.Decide(SaleStatus.Open, paused: true, new Applicant(true, false, Place(Guid.NewGuid(), Now.AddMinutes(5))), Now)
            .Should().Be(AdmissionDecision.AlreadyQueued);
        AdmissionPolicy.Decide(SaleStatus.Open, paused: true, new Applicant(true, false, null), Now)
            .Should().Be(AdmissionDecision.QueuePaused);
    }

    [Fact]
    public void Decide_TheBuyerOfTheLastUnit_HearsAlreadyPurchasedNotSoldOut() =>
        AdmissionPolicy.Decide(SaleStatus.SoldOut, paused: false, new Applicant(true, true, null), Now)
            .Should().Be(AdmissionDecision.AlreadyPurchased);

    [Fact]
    public void Decide_APlaceExpiringThisInstant_NoLongerCounts_TheShopperJoinsAgain() =>
        AdmissionPolicy.Decide(SaleStatus.Open, paused: false, new Applicant(true, false, Place(Guid.NewGuid(), Now)), Now)
            .Should().Be(AdmissionDecision.Admit);

    [Theory]
    [InlineData(SaleStatus.Scheduled, true)]
    [InlineData(SaleStatus.Closed, true)]
    [InlineData(SaleStatus.SoldOut, true)]
    [InlineData(SaleStatus.Open, false)]
    public void RefusesEveryNewcomer_OnlyWhenTheSaleIsNotOpen(SaleStatus status, bool refuses) =>
        AdmissionPolicy.RefusesEveryNewcomer(status).Should().Be(refuses);

    [Fact]
    public void RefusesEveryNewcomer_AgreesWithDecide_ForEveryNewcomer() =>
        Gen.Enum<SaleStatus>().Sample(status =>
            (AdmissionPolicy.Decide(status, paused: false, new Applicant(true, false, null), Now) != AdmissionDecision.Admit)
                .Should().Be(AdmissionPolicy.RefusesEveryNewcomer(status), $"for {status}"));

    [Fact]
    public void DecideBatch_LetsInTheFirstNewcomersInRequestOrder_WhileThereIsRoom() =>
        Gen.Select(Gen.Int[0, 8], Gen.Int[0, 10], AnyCase.Array[0, 20]).Sample(c =>
        {
            var (capacity, held, cases) = c;
            var paused = cases.Length > 0 && cases[0].Paused;
            var applicants = cases.Select(x => ApplicantWith(x.IsKnown, x.HasBought, x.Holding)).ToArray();
            // One sale per batch: every applicant sees the first case's status.
            var status = cases.Length > 0 ? cases[0].Status : SaleStatus.Open;

            var decisions = AdmissionPolicy.DecideBatch(status, paused, capacity, held, applicants, Now);

            decisions.Should().HaveCount(applicants.Length);
            var room = capacity == 0 ? int.MaxValue : Math.Max(0, capacity - held);
            var newcomers = 0;
            for (var i = 0; i < applicants.Length; i++)
            {
                var alone = AdmissionPolicy.Decide(status, paused, applicants[i], Now);
                if (alone != AdmissionDecision.Admit)
                {
                    decisions[i].Should().Be(alone, "a refusal of the shopper's own does not depend on the queue's room");
                    continue;
                }

                decisions[i].Should().Be(newcomers < room ? AdmissionDecision.Admit : AdmissionDecision.QueueFull,
                    $"newcomer {newcomers} with room for {room}");
                newcomers++;
            }
        });

    [Fact]
    public void DecideBatch_WithNoCapacity_AdmitsEveryNewcomer() =>
        AdmissionPolicy.DecideBatch(SaleStatus.Open, paused: false, queueCapacity: 0, placesHeld: 1_000_000,
                Enumerable.Repeat(new Applicant(true, false, null), 50).ToArray(), Now)
            .Should().AllBeEquivalentTo(AdmissionDecision.Admit);

    [Fact]
    public void DecideBatch_WhenMorePlacesAreHeldThanTheCapacity_AdmitsNobody() =>
        AdmissionPolicy.DecideBatch(SaleStatus.Open, paused: false, queueCapacity: 3, placesHeld: 5,
                [new Applicant(true, false, null)], Now)
            .Should().Equal(AdmissionDecision.QueueFull);

    /// <summary>
    /// Shoppers join again and again, in batches, while time passes and places expire: the places held at once never
    /// exceed the capacity, nobody holds two, a holder always hears "already queued", and the queue fills up to exactly
    /// its capacity whenever enough newcomers ask.
    /// </summary>
    [Fact]
    public void DecideBatch_UnderRepeatedJoins_NeverHoldsMoreUnexpiredPlacesThanTheCapacity()
    {
        var scenario = Gen.Select(
            Gen.Int[1, 6],                          // capacity
            Gen.Int[1, 12],                         // shoppers
            Gen.Select(Gen.Int[0, 11].Array[0, 12], Gen.Int[0, 40]).Array[1, 25]); // rounds: who joins, minutes that pass

        scenario.Sample(s =>
        {
            var (capacity, shopperCount, rounds) = s;
            var shoppers = Enumerable.Range(0, shopperCount).Select(_ => Guid.NewGuid()).ToArray();
            var places = new Dictionary<Guid, QueuePlace>();
            var now = Now;

            foreach (var (joiners, minutesLater) in rounds)
            {
                now = now.AddMinutes(minutesLater);
                var batch = joiners.Select(j => shoppers[j % shopperCount]).Distinct().ToArray();
                var held = places.Values.Count(p => p.IsValidAt(now));
                var decisions = AdmissionPolicy.DecideBatch(SaleStatus.Open, paused: false, capacity, held,
                    batch.Select(id => new Applicant(true, false, places.GetValueOrDefault(id))).ToArray(), now);

                var newcomers = batch.Where(id => !(places.GetValueOrDefault(id)?.IsValidAt(now) ?? false)).ToArray();
                for (var i = 0; i < batch.Length; i++)
                {
                    var holds = places.GetValueOrDefault(batch[i])?.IsValidAt(now) ?? false;
                    if (holds)
                    {
                        decisions[i].Should().Be(AdmissionDecision.AlreadyQueued);
                    }
                    else if (decisions[i] == AdmissionDecision.Admit)
                    {
                        places[batch[i]] = Place(batch[i], now.AddHours(1)); // a new place replaces an expired one
                    }
                    else
                    {
                        decisions[i].Should().Be(AdmissionDecision.QueueFull);
                    }
                }

                var heldAfter = places.Values.Count(p => p.IsValidAt(now));
                heldAfter.Should().BeLessThanOrEqualTo(capacity);
                heldAfter.Should().Be(Math.Min(capacity, held + newcomers.Length), "the room is used up, no more");
            }
        });
    }
}
