using System.Globalization;
using System.Text;
using System.Text.Json;

namespace FlashPurchase.Bench;

/// <summary>Turns one run's JSON files into summary.md: one table of request figures, then the scenario-specific ones.</summary>
public static class Report
{
    private static readonly string[] Order =
    [
        "ceiling", "enter", "conversion-backlog", "conversion-drain", "purchase", "funnel", "funnel-capped", "soak",
        "scaling-backlog-1", "scaling-drain-1", "scaling-backlog-2", "scaling-drain-2", "scaling-funnel-1", "scaling-funnel-2",
    ];

    public static string Write(string directory)
    {
        var md = new StringBuilder();
        md.AppendLine($"# Benchmark run {Path.GetFileName(Path.GetFullPath(directory))}").AppendLine();
        md.AppendLine($"Machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}.").AppendLine();
        md.AppendLine(Conditions()).AppendLine();
        if (File.Exists(Path.Combine(directory, "wrk.md")))
        {
            md.AppendLine("## The GET bursts with wrk (wrk.md, wrk.json)").AppendLine();
            md.AppendLine(File.ReadAllText(Path.Combine(directory, "wrk.md")));
        }

        md.AppendLine("## The C# generator's scenarios").AppendLine();
        md.AppendLine("| scenario | requests | req/s | p50 ms | p95 ms | p99 ms | max ms | answers | load generator cores |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|");

        var documents = Order
            .Select(name => (name, path: Path.Combine(directory, $"{name}.json")))
            .Where(f => File.Exists(f.path))
            .Select(f => (f.name, json: JsonDocument.Parse(File.ReadAllText(f.path)).RootElement))
            .ToList();

        foreach (var (name, json) in documents)
        {
            var result = json.GetProperty("result");
            var requests = result.TryGetProperty("requests", out var r) && r.ValueKind == JsonValueKind.Object ? r : result;
            if (!requests.TryGetProperty("requestsPerSecond", out _))
            {
                continue;
            }

            md.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {requests.GetProperty("requests").GetInt32()} | {requests.GetProperty("requestsPerSecond").GetDouble():F0} " +
                $"| {requests.GetProperty("p50Ms").GetDouble():F1} | {requests.GetProperty("p95Ms").GetDouble():F1} " +
                $"| {requests.GetProperty("p99Ms").GetDouble():F1} | {requests.GetProperty("maxMs").GetDouble():F0} " +
                $"| {Answers(requests.GetProperty("responses"))} | {GeneratorCores(json):F2} |"));
        }

        md.AppendLine();
        var throughput = documents.ToDictionary(d => d.name, d => d.json.GetProperty("result"));
        if (throughput.TryGetValue("ceiling", out var ceiling) && throughput.TryGetValue("enter", out var enter))
        {
            double Rps(JsonElement e) => e.GetProperty("requestsPerSecond").GetDouble();
            md.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"- **enter / ceiling, both with the C# generator** (which limits the ceiling by itself: the wrk figures above are the ones to cite): {Rps(enter):F0} / {Rps(ceiling):F0} req/s = **{Rps(enter) / Rps(ceiling):P1}** of the ceiling " +
                $"(p99 {enter.GetProperty("p99Ms").GetDouble():F1} ms vs {ceiling.GetProperty("p99Ms").GetDouble():F1} ms)."));
        }

        foreach (var (name, json) in documents)
        {
            var result = json.GetProperty("result");
            var scenario = json.GetProperty("scenario").GetString();
            if (name == "conversion-drain")
            {
                md.AppendLine(string.Create(CultureInfo.InvariantCulture,
                    $"- **Conversion**: {result.GetProperty("purchaseTokens").GetInt32()} of {result.GetProperty("expected").GetInt32()} " +
                    $"queue tokens converted at **{result.GetProperty("conversionsPerSecond").GetDouble():F0} per second** " +
                    $"(first to last purchase token: {result.GetProperty("firstToLastSeconds").GetDouble():F1} s; " +
                    $"the middle 80 % at {result.GetProperty("middle80PercentConversionsPerSecond").GetDouble():F0} per second)."));
            }
            else if (scenario is "funnel" or "funnel-capped")
            {
                var fiveHundreds = result.GetProperty("requests").GetProperty("responses").EnumerateObject()
                    .Where(p => p.Name.StartsWith('5')).Sum(p => p.Value.GetInt32());
                md.AppendLine(string.Create(CultureInfo.InvariantCulture,
                    $"- **{name switch { "funnel" => "Funnel", "funnel-capped" => "Funnel, queue capacity twice the stock", _ => name }}**: {result.GetProperty("shoppers").GetInt32()} shoppers for {result.GetProperty("stockTotal").GetInt32()} units: " +
                    $"last unit sold at **{result.GetProperty("lastUnitSoldAtSeconds").GetDouble():F1} s**, every shopper answered at " +
                    $"**{result.GetProperty("everyoneAnsweredAtSeconds").GetDouble():F1} s**, orders {result.GetProperty("orders").GetInt32()}, " +
                    $"oversell **{result.GetProperty("oversell").GetInt32()}**, 5xx **{fiveHundreds}**; outcomes: " +
                    $"{Answers(result.GetProperty("outcomes"))}. {Database(result)}"));
            }
            else if (scenario == "purchase")
            {
                md.AppendLine($"- **Purchase**: {Database(result)}");
            }
        }

        Scaling(md, documents.ToDictionary(d => d.name, d => d.json.GetProperty("result")));

        md.AppendLine().AppendLine("Peak resident memory (VmHWM, MB; the largest of several processes) and CPU seconds used during the scenario (API and Worker since they started, summed over several; MariaDB and RabbitMQ since the scenario's stack started):").AppendLine();
        md.AppendLine("| scenario | API MB | Worker MB | API CPU s | Worker CPU s | MariaDB CPU s | RabbitMQ CPU s |").AppendLine("|---|---|---|---|---|---|---|");
        foreach (var path in Directory.GetFiles(directory, "*.memory.json").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(path)[..^".memory.json".Length];
            var memory = JsonDocument.Parse(File.ReadAllText(path)).RootElement;
            md.AppendLine($"| {name} | {memory.GetProperty("apiPeakMb")} | {memory.GetProperty("workerPeakMb")} " +
                $"| {memory.GetProperty("apiCpuSeconds")} | {memory.GetProperty("workerCpuSeconds")} | {memory.GetProperty("mariadbCpuSeconds")} " +
                $"| {(memory.TryGetProperty("rabbitmqCpuSeconds", out var rabbit) ? rabbit : "–")} |");
        }

        // One chart per scenario: requests per second and latency over time.
        md.AppendLine();
        foreach (var (name, json) in documents)
        {
            var result = json.GetProperty("result");
            var requests = result.TryGetProperty("requests", out var r) && r.ValueKind == JsonValueKind.Object ? r : result;
            // The soak empties its per-second timeline: soak.svg is its own chart (soak.md).
            if (requests.TryGetProperty("timeline", out var timeline) && timeline.GetArrayLength() > 0)
            {
                File.WriteAllText(Path.Combine(directory, $"{name}.svg"), Chart.Svg($"{name}: requests per second and latency", timeline));
                md.AppendLine($"![{name}]({name}.svg)").AppendLine();
            }
        }

        if (File.Exists(Path.Combine(directory, "soak.md")))
        {
            md.AppendLine("The soak's growth table, outcomes and chart: [soak.md](soak.md).").AppendLine();
        }

        var text = md.ToString();
        File.WriteAllText(Path.Combine(directory, "summary.md"), text);
        return text;
    }

    /// <summary>
    /// The switches every figure was measured with that a reader could get wrong: rate limits, Redis, and the settings
    /// given to the API or the Worker alone (bench/run.sh's API_ENV and WORKER_ENV, for an A/B).
    /// </summary>
    private static string Conditions()
    {
        var settings = Environment.GetEnvironmentVariables().Keys.Cast<string>()
            .Where(k => k.StartsWith("RateLimiting__", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(k => $"`{k}={Environment.GetEnvironmentVariable(k)}`")
            .ToList();
        var limits = Environment.GetEnvironmentVariable("RateLimiting__Enabled") is { } enabled && !bool.Parse(enabled)
            ? "**Rate limits: off** (RateLimiting__Enabled=false)."
            : "**Rate limits: on.** The per-shopper limits (RateLimiting:Enter, RateLimiting:Exchange) as shipped unless set below; " +
              "the per-address limits lifted, since the whole crowd comes from 127.0.0.1";
        var redis = Environment.GetEnvironmentVariable("ConnectionStrings__Redis") is { Length: > 0 }
            ? "**Redis: configured** (limits shared by the API processes)."
            : "**Redis: not configured** (each API process keeps its own limits in memory).";
        var alone = string.Concat(new[] { ("API_ENV", "the API"), ("WORKER_ENV", "the Worker") }
            .Where(v => Environment.GetEnvironmentVariable(v.Item1) is { Length: > 0 })
            .Select(v => $" **Settings for {v.Item2} alone ({v.Item1}):** `{Environment.GetEnvironmentVariable(v.Item1)}`."));
        return $"{limits}{(settings.Count > 0 ? ": " + string.Join(", ", settings) + "." : "")} {redis}{alone}";
    }

    /// <summary>The sale as the database has it after the scenario (bench/run.sh counts it there, not from the answers).</summary>
    private static string Database(JsonElement result)
    {
        if (!result.TryGetProperty("database", out var db) || db.ValueKind != JsonValueKind.Object)
        {
            return "";
        }

        int Get(string name) => db.GetProperty(name).GetInt32();
        return string.Create(CultureInfo.InvariantCulture,
            $"From the database: {Get("orders")} orders, stock {Get("stockTotal")} with {Get("stockRemaining")} left, " +
            $"**oversell {Get("oversell")}**, **shoppers with more than one order {Get("shoppersWithMoreThanOneOrder")}**, " +
            $"units neither sold nor left {Get("unitsUnaccounted")}.");
    }

    /// <summary>bench/run.sh --only scaling: one Worker against two on the same backlog, one API against two on the same funnel.</summary>
    private static void Scaling(StringBuilder md, Dictionary<string, JsonElement> results)
    {
        if (!results.ContainsKey("scaling-drain-1") && !results.ContainsKey("scaling-funnel-1"))
        {
            return;
        }

        md.AppendLine().AppendLine("## Scaling on one box (each on a fresh stack, same size)").AppendLine();
        md.AppendLine("| what | 1 process | 2 processes | 2 / 1 |").AppendLine("|---|---|---|---|");
        void Row(string what, string one, string two, Func<JsonElement, double> figure)
        {
            if (results.TryGetValue(one, out var a) && results.TryGetValue(two, out var b))
            {
                md.AppendLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {what} | {figure(a):N1} | {figure(b):N1} | {figure(b) / figure(a):F2} |"));
            }
        }

        Row("Workers: conversion, QT → PT per second (first to last)", "scaling-drain-1", "scaling-drain-2", r => r.GetProperty("conversionsPerSecond").GetDouble());
        Row("Workers: conversion, QT → PT per second (middle 80 %)", "scaling-drain-1", "scaling-drain-2", r => r.GetProperty("middle80PercentConversionsPerSecond").GetDouble());
        Row("APIs: funnel req/s", "scaling-funnel-1", "scaling-funnel-2", r => r.GetProperty("requests").GetProperty("requestsPerSecond").GetDouble());
        Row("APIs: funnel p99 ms", "scaling-funnel-1", "scaling-funnel-2", r => r.GetProperty("requests").GetProperty("p99Ms").GetDouble());
        Row("APIs: funnel, every shopper answered at s", "scaling-funnel-1", "scaling-funnel-2", r => r.GetProperty("everyoneAnsweredAtSeconds").GetDouble());
        Row("APIs: funnel, last unit sold at s", "scaling-funnel-1", "scaling-funnel-2", r => r.GetProperty("lastUnitSoldAtSeconds").GetDouble());
        md.AppendLine().AppendLine("The load generator's cores in each are in the first table (scaling-funnel-1, scaling-funnel-2).");
    }

    // The soak's own figure covers the load alone, not the seeding of its shoppers before it.
    private static double GeneratorCores(JsonElement json) =>
        (json.GetProperty("result").TryGetProperty("generatorCores", out var soak) ? soak : json.GetProperty("loadGenerator").GetProperty("coresUsed")).GetDouble();

    private static string Answers(JsonElement counts) =>
        string.Join(", ", counts.EnumerateObject().Select(p => $"{p.Name}: {p.Value.GetInt32()}"));
}
