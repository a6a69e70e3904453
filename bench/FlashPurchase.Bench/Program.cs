using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using FlashPurchase.Bench;
using Microsoft.Extensions.Configuration;

// The load generator behind bench/run.sh (see bench/README.md). The database and token settings come from the same
// environment variables as the API's (Database__Provider, ConnectionStrings__Database, Tokens__SigningKey...).
var options = BenchOptions.Parse(args);
if (options.Scenario == "report")
{
    Console.WriteLine(Report.Write(options.Output));
    return 0;
}

if (options.Scenario == "wrk-report")
{
    // bench/run.sh's wrk bursts: wrk.md and wrk.json from wrk's own output.
    Console.WriteLine(WrkReport.Write(options.Output));
    return 0;
}

var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
var progress = Console.Error;
var cpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;
var wallAtStart = Stopwatch.GetTimestamp();

using var api = new ApiClient(options.Apis, options.Concurrency);
await using var shoppersDb = new Shoppers(configuration);
var scenarios = new Scenarios(api, options.Concurrency, progress);
object result;

switch (options.Scenario)
{
    case "token-cost":
    {
        // No API: --shoppers is the number of tokens signed and verified per round.
        result = await TokenCost.MeasureAsync(shoppersDb.Tokens, options.Shoppers, progress);
        break;
    }

    case "tokens":
    {
        // For wrk (bench/wrk): shoppers in the database and their access tokens in a file, one per line. No figures.
        var shoppers = await CreateShoppersAsync(options.Shoppers);
        Directory.CreateDirectory(options.Output);
        await File.WriteAllLinesAsync(Path.Combine(options.Output, "tokens.txt"), shoppers.Select(s => s.AccessToken));
        return 0;
    }

    case "enter":
    {
        var shoppers = await CreateShoppersAsync(options.Shoppers);
        result = await scenarios.BurstAsync("enter", "/api/queue/enter", shoppers);
        break;
    }

    case "ceiling":
    {
        // Needs the API started with Benchmark__CeilingEndpoint=true.
        var shoppers = await CreateShoppersAsync(options.Shoppers);
        result = await scenarios.BurstAsync("ceiling", "/bench/ceiling", shoppers);
        break;
    }

    case "purchase":
    {
        var shoppers = await CreateShoppersAsync(options.Shoppers);
        progress.WriteLine($"[purchase] preparing {shoppers.Count} purchase tokens (untimed)");
        var buyers = await scenarios.PreparePurchaseTokensAsync(shoppers);
        result = new { requests = await scenarios.PurchaseAsync(buyers), database = await shoppersDb.CheckSalesAsync() };
        break;
    }

    case "funnel":
    case "funnel-capped": // the same walk; run.sh starts its API with a queue capacity
    {
        var shoppers = await CreateShoppersAsync(options.Shoppers);
        result = await scenarios.FunnelAsync(shoppers, TimeSpan.FromSeconds(1)) with { Database = await shoppersDb.CheckSalesAsync() };
        break;
    }

    case "soak":
    {
        // A steady mixed load for minutes while the API, the Worker and the database are watched (bench/README.md).
        var soak = options.Soak(configuration["ConnectionStrings:Database"]
            ?? throw new ArgumentException("The soak needs ConnectionStrings__Database (MariaDB)."));
        var shoppers = await CreateShoppersAsync((int)Math.Ceiling(soak.ShoppersPerSecond * soak.Duration.TotalSeconds));
        // The seeding's pooled connections would count as the stack's own until they idle out.
        await MySqlConnector.MySqlConnection.ClearAllPoolsAsync();
        var soakResult = await new Soak(api, scenarios, soak, progress).RunAsync(shoppers);
        Soak.WriteReport(options.Output, soakResult);
        result = soakResult;
        break;
    }

    case "conversion-backlog":
    {
        // The worker is down: every shopper joins, leaving a backlog of queue tokens in the broker.
        var shoppers = await CreateShoppersAsync(options.Shoppers);
        result = await scenarios.BurstAsync("conversion-backlog", "/api/queue/enter", shoppers);
        break;
    }

    case "conversion-drain":
    {
        // The worker has just started on the backlog: wait until every queue token has its purchase token.
        result = await DrainAsync(options.Shoppers, TimeSpan.FromMinutes(10));
        break;
    }

    default:
        throw new ArgumentException($"Unknown scenario '{options.Scenario}'.");
}

var wallSeconds = Stopwatch.GetElapsedTime(wallAtStart).TotalSeconds;
var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpuAtStart).TotalSeconds;
var report = new
{
    scenario = options.Scenario,
    name = options.Name,
    shoppers = options.Shoppers,
    concurrency = options.Concurrency,
    result,
    loadGenerator = new { cpuSeconds, wallSeconds, coresUsed = cpuSeconds / wallSeconds },
};
Directory.CreateDirectory(options.Output);
var json = JsonSerializer.Serialize(report, new JsonSerializerOptions(JsonSerializerOptions.Web) { WriteIndented = true });
await File.WriteAllTextAsync(Path.Combine(options.Output, $"{options.Name}.json"), json);
Console.WriteLine(json);
return 0;

async Task<IReadOnlyList<Shopper>> CreateShoppersAsync(int count)
{
    progress.WriteLine($"[{options.Name}] creating {count} shoppers (untimed)");
    return await shoppersDb.CreateAsync(count, $"bench-{options.Scenario}-{Guid.NewGuid():N}-"[..24]);
}

async Task<object> DrainAsync(int expected, TimeSpan timeout)
{
    var started = Stopwatch.GetTimestamp();
    var (count, first, last) = (0, (DateTimeOffset?)null, (DateTimeOffset?)null);
    while (Stopwatch.GetElapsedTime(started) < timeout)
    {
        (count, first, last) = await shoppersDb.PurchaseTokensAsync();
        progress.WriteLine($"[conversion] {Stopwatch.GetElapsedTime(started).TotalSeconds,6:F1} s, {count}/{expected} purchase tokens");
        if (count >= expected)
        {
            break;
        }

        await Task.Delay(500); // the drain's own figure comes from the tokens' timestamps, not from this polling
    }

    var span = (last - first)?.TotalSeconds ?? 0;
    // The middle 80 %: neither the Workers' start-up (two processes are not ready at the same instant) nor the tail.
    var middle = count < 10 ? 0
        : (await shoppersDb.PurchaseTokenIssuedAtAsync(count, 0.9) - await shoppersDb.PurchaseTokenIssuedAtAsync(count, 0.1)).TotalSeconds;
    return new
    {
        purchaseTokens = count,
        expected,
        firstToLastSeconds = span,
        // Measured between the first and the last purchase token the worker wrote: its start-up is not counted.
        conversionsPerSecond = span > 0 ? (count - 1) / span : 0,
        middle80PercentSeconds = middle,
        middle80PercentConversionsPerSecond = middle > 0 ? 0.8 * count / middle : 0,
    };
}

/// <param name="Apis">--api: one API's URL, or several separated by commas (their shoppers shared out among them).</param>
/// <param name="Name">--name: the result's file name and its row in summary.md (the scenario's own by default).</param>
internal sealed record BenchOptions(IReadOnlyList<Uri> Apis, string Scenario, string Name, int Shoppers, int Concurrency, string Output, string[] Args)
{
    public static BenchOptions Parse(string[] args)
    {
        var parsed = new BenchOptions([], "", "", 0, 0, "", args);
        var scenario = parsed.Value("--scenario");
        return parsed with
        {
            Apis = [.. parsed.Value("--api").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(url => new Uri(url))],
            Scenario = scenario,
            Name = parsed.Value("--name", scenario),
            Shoppers = int.Parse(parsed.Value("--shoppers", "1000"), CultureInfo.InvariantCulture),
            Concurrency = int.Parse(parsed.Value("--concurrency", "256"), CultureInfo.InvariantCulture),
            Output = parsed.Value("--out", "bench/results"),
        };
    }

    /// <summary>The soak's switches (bench/run.sh passes them); the Worker and the metrics ports are optional.</summary>
    public SoakOptions Soak(string connectionString)
    {
        double Number(string name, string? fallback = null) => double.Parse(Value(name, fallback), CultureInfo.InvariantCulture);
        int? Optional(string name) => Value(name, "") is { Length: > 0 } text ? int.Parse(text, CultureInfo.InvariantCulture) : null;
        return new SoakOptions(
            Number("--rate", "50"),
            TimeSpan.FromMinutes(Number("--minutes", "10")),
            TimeSpan.FromSeconds(Number("--sample-seconds", "5")),
            TimeSpan.FromSeconds(Number("--token-lifetime-seconds")),
            (int)Number("--api-pid"),
            Optional("--worker-pid"),
            Optional("--api-metrics-port"),
            Optional("--worker-metrics-port"),
            connectionString);
    }

    private string Value(string name, string? fallback = null)
    {
        var index = Array.IndexOf(Args, name);
        return index >= 0 && index + 1 < Args.Length ? Args[index + 1]
            : fallback ?? throw new ArgumentException($"{name} is required.");
    }
}
