using System.Security.Cryptography;
using FlashPurchase.Domain.Sales;

namespace FlashPurchase.Domain.Queue;

/// <summary>A uniformly random integer in [0, <paramref name="toExclusive"/>).</summary>
public delegate int UniformInt(int toExclusive);

/// <summary>
/// The pre-queue's draw at the opening, the one home of the rule: the shoppers who joined before the opening are put
/// once in a uniformly random order, ahead of everyone who joins after it. Their places keep the positions they took
/// on arrival (so they stay ahead of the later arrivals) but those positions are dealt out among them by a
/// Fisher–Yates shuffle, so how early a shopper joined the pre-queue gives no advantage.
/// </summary>
public static class PreQueueDraw
{
    /// <summary>The production source: the operating system's cryptographic RNG (an order nobody can predict or replay).</summary>
    public static UniformInt Cryptographic { get; } = RandomNumberGenerator.GetInt32;

    /// <summary>
    /// The sale is due for its draw: not drawn yet and opened (open or sold out; not closed, where nobody buys any
    /// more). Every sale is drawn once at its opening, a no-op when nobody pre-queued, so that its draw is never
    /// pending afterwards.
    /// </summary>
    public static bool IsDue(Sale sale, bool drawn, DateTimeOffset now) =>
        !drawn && sale.StatusAt(now) is SaleStatus.Open or SaleStatus.SoldOut;

    /// <summary>
    /// The drawn positions of places whose arrival positions are <paramref name="arrivalPositions"/> (distinct): the
    /// i-th result is the i-th place's new position. The results are a permutation of the given positions, chosen
    /// uniformly among all n! of them when <paramref name="random"/> is uniform.
    /// </summary>
    public static long[] Draw(IReadOnlyList<long> arrivalPositions, UniformInt random)
    {
        ArgumentNullException.ThrowIfNull(arrivalPositions);
        ArgumentNullException.ThrowIfNull(random);

        var sorted = arrivalPositions.Order().ToArray();
        for (var i = 1; i < sorted.Length; i++)
        {
            if (sorted[i] == sorted[i - 1])
            {
                throw new ArgumentException($"Position {sorted[i]} is given twice.", nameof(arrivalPositions));
            }
        }

        // Fisher–Yates (Durstenfeld): the places, in a uniformly random order, take the positions in ascending order.
        var order = Enumerable.Range(0, sorted.Length).ToArray();
        for (var i = order.Length - 1; i > 0; i--)
        {
            var j = random(i + 1);
            if (j < 0 || j > i)
            {
                throw new InvalidOperationException($"The random source gave {j}, outside [0, {i}].");
            }

            (order[i], order[j]) = (order[j], order[i]);
        }

        var drawn = new long[sorted.Length];
        for (var rank = 0; rank < order.Length; rank++)
        {
            drawn[order[rank]] = sorted[rank];
        }

        return drawn;
    }
}
