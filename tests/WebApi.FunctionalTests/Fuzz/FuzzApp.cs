using System.Globalization;
using FlashPurchase.WebApi.FunctionalTests.Hosting;

namespace FlashPurchase.WebApi.FunctionalTests.Fuzz;

/// <summary>
/// The real stack (MariaDB, RabbitMQ, the Worker in a host of its own) behind real Kestrel, so that the request
/// limits (16 KiB bodies) and the HTTP parsing of production apply to what the fuzz sends. Fewer units than
/// legitimate shoppers: the sale sells out during the fuzz, which thus meets an open sale and a sold-out one. An operator
/// account of its own (not the development one) signs the fuzz's admin calls in.
/// </summary>
public sealed class FuzzApp() : RealStackApp(SaleSettings, startWorker: true, useKestrel: true)
{
    public const int Stock = 20;

    public const string OperatorUsername = "fuzz-operator";

    /// <summary>A secret of this test run: never the public development password, as outside Development.</summary>
    public static readonly string OperatorPassword = "fuzz-" + Guid.NewGuid().ToString("N");

    private static readonly IReadOnlyDictionary<string, string?> SaleSettings = new Dictionary<string, string?>
    {
        ["FlashSale:Stock"] = Stock.ToString(CultureInfo.InvariantCulture),
        ["FlashSale:Duration"] = "1.00:00:00",
        ["Admin:Username"] = OperatorUsername,
        ["Admin:Password"] = OperatorPassword,
    };
}

/// <summary>The knobs of a fuzz run, from the environment.</summary>
public static class FuzzSettings
{
    public const string SeedVariable = "FLASHPURCHASE_FUZZ_SEED";
    public const string RequestsVariable = "FLASHPURCHASE_FUZZ_REQUESTS";

    /// <summary>The seed of this run: the variable's value, or a new one (printed, so that any run can be replayed).</summary>
    public static int Seed() =>
        int.TryParse(Environment.GetEnvironmentVariable(SeedVariable), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed)
            ? seed
            : Random.Shared.Next(1, int.MaxValue);

    public static int Requests() =>
        int.TryParse(Environment.GetEnvironmentVariable(RequestsVariable), NumberStyles.Integer, CultureInfo.InvariantCulture, out var count)
        && count > 0
            ? count
            : 5000;

    /// <summary>
    /// The seed of request <paramref name="index"/>: each request has a generator of its own, so that the recipe of a
    /// request does not depend on the order in which the concurrent senders pick them up.
    /// </summary>
    public static int RequestSeed(int seed, int index)
    {
        // SplitMix64's finaliser: neighbouring indices get unrelated seeds.
        var z = unchecked(((ulong)(uint)seed << 32) + (ulong)index + 0x9E3779B97F4A7C15UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return (int)((z ^ (z >> 31)) & int.MaxValue);
    }
}
