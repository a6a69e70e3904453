using FlashPurchase.WebApi.FunctionalTests.Client;

namespace FlashPurchase.WebApi.FunctionalTests.Hosting;

// The class fixtures: one app (database, broker, hosts) per test class, so classes run in parallel in isolation.

public static class FixtureSettings
{
    /// <summary>
    /// Short token lifetime (expiry tests move the clock just past it) and a long sale (so moving the clock does not
    /// close it).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string?> Contract = new Dictionary<string, string?>
    {
        ["Tokens:Lifetime"] = "00:10:00",
        ["FlashSale:Duration"] = "1.00:00:00",
        ["FlashSale:Stock"] = "1000",
    };

    public static readonly TimeSpan ContractTokenLifetime = TimeSpan.FromMinutes(10);

    public const int RaceStock = 25;

    public static readonly IReadOnlyDictionary<string, string?> Race = new Dictionary<string, string?>
    {
        ["FlashSale:Stock"] = RaceStock.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["FlashSale:Duration"] = "1.00:00:00",
    };
}

public sealed class EmbeddedContractApp() : EmbeddedApp(FixtureSettings.Contract);

/// <summary>The worker is started with the app; the contract walk stops it to watch a token stay pending.</summary>
public sealed class RealStackContractApp() : RealStackApp(FixtureSettings.Contract);

/// <summary>No Worker until a test starts one: queue tokens pile up unconverted, and nothing was converted lately.</summary>
public sealed class RealStackIdleWorkerApp() : RealStackApp(FixtureSettings.Contract, startWorker: false);

public sealed class EmbeddedRaceApp() : EmbeddedApp(FixtureSettings.Race);

public sealed class RealStackRaceApp() : RealStackApp(FixtureSettings.Race);

/// <summary>The embedded app behind real Kestrel: its request limits (16 KiB bodies) apply as in production.</summary>
public sealed class KestrelEmbeddedApp() : EmbeddedApp(useKestrel: true)
{
    private Shopper? _shopper;

    /// <summary>A logged-in shopper for requests that must get past authentication.</summary>
    public async Task<Shopper> ShopperAsync() => _shopper ??= await Api.NewShopperAsync("kestrel");
}

public sealed class EmbeddedDefaultApp() : EmbeddedApp;
