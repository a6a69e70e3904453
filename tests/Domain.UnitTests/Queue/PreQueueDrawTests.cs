using CsCheck;
using FlashPurchase.Domain.Queue;
using FlashPurchase.Domain.Sales;

namespace FlashPurchase.Domain.UnitTests.Queue;

/// <summary>
/// The draw is tested on its policy, with a seeded source standing for the cryptographic one: given uniform random
/// integers, every order of the pre-queued shoppers is equally likely. The chi-square tests use the critical values at
/// p = 0.001 and a fixed seed, so they are deterministic and a biased shuffle (the naive "swap with any", or Sattolo's
/// off-by-one) fails them by far.
/// </summary>
public sealed class PreQueueDrawTests
{
    private const int Seed = 20261201;

    private static UniformInt Seeded(int seed = Seed)
    {
        var random = new Random(seed);
        return random.Next;
    }

    [Fact]
    public void Draw_AnyDistinctPositions_GivesAPermutationOfThem() =>
        Gen.Long[1, 1_000_000].HashSet[0, 60].Select(set => set.ToArray()).Sample(positions =>
        {
            var drawn = PreQueueDraw.Draw(positions, PreQueueDraw.Cryptographic);

            drawn.Should().HaveCount(positions.Length);
            drawn.Order().Should().Equal(positions.Order(), "the pre-queued places share their own positions, no other");
        });

    [Fact]
    public void Draw_GivesTheOrderTheRandomSourceChooses()
    {
        // Always 0: each step swaps place i with place 0, so the first arrival ends last: [2, 3, 4, 1] for 4 places.
        PreQueueDraw.Draw([1, 2, 3, 4], _ => 0).Should().Equal(4, 1, 2, 3);
        // Always i (swap with itself): the arrival order stays.
        PreQueueDraw.Draw([1, 2, 3, 4], n => n - 1).Should().Equal(1, 2, 3, 4);
        // Given out of order, positions are dealt in ascending order to the places the source ranks.
        PreQueueDraw.Draw([7, 3, 5], n => n - 1).Should().Equal(3, 5, 7);
    }

    [Fact]
    public void Draw_OfNoneOrOne_IsTheSame()
    {
        PreQueueDraw.Draw([], PreQueueDraw.Cryptographic).Should().BeEmpty();
        PreQueueDraw.Draw([42], PreQueueDraw.Cryptographic).Should().Equal(42);
    }

    [Fact]
    public void Draw_RefusesAPositionGivenTwice_AndASourceOutOfRange()
    {
        FluentActions.Invoking(() => PreQueueDraw.Draw([1, 2, 2], PreQueueDraw.Cryptographic)).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => PreQueueDraw.Draw([1, 2, 3], n => n)).Should().Throw<InvalidOperationException>();
        FluentActions.Invoking(() => PreQueueDraw.Draw([1, 2, 3], _ => -1)).Should().Throw<InvalidOperationException>();
    }

    [Fact]
    public void Draw_OfFourShoppers_GivesEachOfThe24OrdersEquallyOften()
    {
        const int trials = 24_000;
        // Chi-square, 23 degrees of freedom, p = 0.001.
        const double critical = 49.728;
        var random = Seeded();
        var counts = new Dictionary<string, int>();
        for (var t = 0; t < trials; t++)
        {
            var order = string.Join(',', PreQueueDraw.Draw([1, 2, 3, 4], random));
            counts[order] = counts.GetValueOrDefault(order) + 1;
        }

        counts.Should().HaveCount(24, "every order can come out");
        ChiSquare(counts.Values, trials / 24.0).Should().BeLessThan(critical, "the orders are uniformly distributed: {0}",
            string.Join("; ", counts.Select(c => $"{c.Key}={c.Value}")));
    }

    [Fact]
    public void Draw_OfTenShoppers_GivesEachShopperEachPlaceEquallyOften()
    {
        const int shoppers = 10;
        const int trials = 20_000;
        // Chi-square, 9 degrees of freedom, p = 0.001 (each shopper's test; ten of them at that level).
        const double critical = 27.877;
        var random = Seeded();
        var arrivals = Enumerable.Range(1, shoppers).Select(p => (long)p).ToArray();
        var placeCounts = new int[shoppers, shoppers];
        for (var t = 0; t < trials; t++)
        {
            var drawn = PreQueueDraw.Draw(arrivals, random);
            for (var shopper = 0; shopper < shoppers; shopper++)
            {
                placeCounts[shopper, drawn[shopper] - 1]++;
            }
        }

        for (var shopper = 0; shopper < shoppers; shopper++)
        {
            var counts = Enumerable.Range(0, shoppers).Select(place => placeCounts[shopper, place]).ToArray();
            ChiSquare(counts, trials / (double)shoppers).Should().BeLessThan(critical,
                "arrival {0}'s drawn place is uniform over 1..{1}: {2}", shopper + 1, shoppers, string.Join(",", counts));
        }
    }

    [Fact]
    public void Draw_JoiningFirst_GivesNoAdvantage()
    {
        // The first arrival of 50 (e.g. the one who joined the instant the pre-queue opened) lands anywhere: its mean
        // place is the middle, and its place, in 5 bins of 10, is uniform.
        const int shoppers = 50;
        const int trials = 20_000;
        // Chi-square, 4 degrees of freedom, p = 0.001.
        const double critical = 18.467;
        var random = Seeded(Seed + 1);
        var arrivals = Enumerable.Range(1, shoppers).Select(p => (long)p).ToArray();
        var bins = new int[5];
        long total = 0;
        for (var t = 0; t < trials; t++)
        {
            var place = PreQueueDraw.Draw(arrivals, random)[0];
            bins[(place - 1) / 10]++;
            total += place;
        }

        ChiSquare(bins, trials / 5.0).Should().BeLessThan(critical, "the first arrival's place is uniform: {0}", string.Join(",", bins));
        // Mean of 1..50 is 25.5, standard deviation of the mean over 20,000 trials ≈ 0.1: 0.5 is five of them.
        (total / (double)trials).Should().BeApproximately(25.5, 0.5);
    }

    [Fact]
    public void IsDue_OnceOpen_AndNotDrawn_AndNotClosed()
    {
        var opensAt = new DateTimeOffset(2026, 12, 1, 18, 0, 0, TimeSpan.Zero);
        var sale = Sale.Schedule(Guid.NewGuid(), "Phone", 1m, "EUR", 10, opensAt, TimeSpan.FromHours(1), 0,
            new WaitingRoom(TimeSpan.FromMinutes(10), 0, 0, null, 0));
        var soldOut = Sale.Schedule(Guid.NewGuid(), "Phone", 1m, "EUR", 0, opensAt, TimeSpan.FromHours(1), 0,
            new WaitingRoom(TimeSpan.FromMinutes(10), 0, 0, null, 0));

        PreQueueDraw.IsDue(sale, drawn: false, opensAt.AddTicks(-1)).Should().BeFalse("the pre-queue is still open");
        PreQueueDraw.IsDue(sale, drawn: false, opensAt).Should().BeTrue("the draw is at the opening");
        PreQueueDraw.IsDue(sale, drawn: true, opensAt).Should().BeFalse("it is drawn once");
        PreQueueDraw.IsDue(soldOut, drawn: false, opensAt).Should().BeTrue("sold out, the order still says who waits first");
        PreQueueDraw.IsDue(sale, drawn: false, opensAt.AddHours(1)).Should().BeFalse("closed: nobody buys any more");
    }

    private static double ChiSquare(IEnumerable<int> observed, double expected) =>
        observed.Sum(o => (o - expected) * (o - expected) / expected);
}
