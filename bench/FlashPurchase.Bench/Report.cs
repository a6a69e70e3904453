using System.Globalization;
using System.Text;
using System.Text.Json;

namespace FlashPurchase.Bench;

/// <summary>Turns one run's JSON files into summary.md: one table of request figures, then the scenario-specific ones.</summary>
public static class Report
{
    private static readonly string[] Order = ["ceiling", "enter", "conversion-backlog", "conversion-drain", "purchase", "funnel", "funnel-capped", "soak"];

    public static string Write(string directory)
    {
        var md = new StringBuilder();
        md.AppendLine($"# Benchmark run {Path.GetFileName(Path.GetFullPath(directory))}").AppendLine();
        md.AppendLine($"Machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}.").AppendLine();
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
                $"- **enter / ceiling**: {Rps(enter):F0} / {Rps(ceiling):F0} req/s = **{Rps(enter) / Rps(ceiling):P1}** of the ceiling " +
                $"(p99 {enter.GetProperty("p99Ms").GetDouble():F1} ms vs {ceiling.GetProperty("p99Ms").GetDouble():F1} ms)."));
        }

        foreach (var (name, json) in documents)
        {
            var result = json.GetProperty("result");
            if (name == "conversion-drain")
            {
                md.AppendLine(string.Create(CultureInfo.InvariantCulture,
                    $"- **Conversion**: {result.GetProperty("purchaseTokens").GetInt32()} of {result.GetProperty("expected").GetInt32()} " +
                    $"queue tokens converted at **{result.GetProperty("conversionsPerSecond").GetDouble():F0} per second** " +
                    $"(first to last purchase token: {result.GetProperty("firstToLastSeconds").GetDouble():F1} s)."));
            }
            else if (name is "funnel" or "funnel-capped")
            {
                var fiveHundreds = result.GetProperty("requests").GetProperty("responses").EnumerateObject()
                    .Where(p => p.Name.StartsWith('5')).Sum(p => p.Value.GetInt32());
                md.AppendLine(string.Create(CultureInfo.InvariantCulture,
                    $"- **{(name == "funnel" ? "Funnel" : "Funnel, queue capacity twice the stock")}**: {result.GetProperty("shoppers").GetInt32()} shoppers for {result.GetProperty("stockTotal").GetInt32()} units: " +
                    $"last unit sold at **{result.GetProperty("lastUnitSoldAtSeconds").GetDouble():F1} s**, every shopper answered at " +
                    $"**{result.GetProperty("everyoneAnsweredAtSeconds").GetDouble():F1} s**, orders {result.GetProperty("orders").GetInt32()}, " +
                    $"oversell **{result.GetProperty("oversell").GetInt32()}**, 5xx **{fiveHundreds}**; outcomes: " +
                    $"{Answers(result.GetProperty("outcomes"))}."));
            }
        }

        md.AppendLine().AppendLine("Peak resident memory (VmHWM, MB) and CPU seconds used during the scenario (API and Worker since they started; MariaDB and RabbitMQ since the scenario's stack started):").AppendLine();
        md.AppendLine("| scenario | API MB | Worker MB | API CPU s | Worker CPU s | MariaDB CPU s | RabbitMQ CPU s |").AppendLine("|---|---|---|---|---|---|---|");
        foreach (var name in new[] { "enter", "conversion", "purchase", "funnel", "funnel-capped", "soak" })
        {
            var path = Path.Combine(directory, $"{name}.memory.json");
            if (File.Exists(path))
            {
                var memory = JsonDocument.Parse(File.ReadAllText(path)).RootElement;
                md.AppendLine($"| {name} | {memory.GetProperty("apiPeakMb")} | {memory.GetProperty("workerPeakMb")} " +
                    $"| {memory.GetProperty("apiCpuSeconds")} | {memory.GetProperty("workerCpuSeconds")} | {memory.GetProperty("mariadbCpuSeconds")} " +
                    $"| {(memory.TryGetProperty("rabbitmqCpuSeconds", out var rabbit) ? rabbit : "–")} |");
            }
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

    // The soak's own figure covers the load alone, not the seeding of its shoppers before it.
    private static double GeneratorCores(JsonElement json) =>
        (json.GetProperty("result").TryGetProperty("generatorCores", out var soak) ? soak : json.GetProperty("loadGenerator").GetProperty("coresUsed")).GetDouble();

    private static string Answers(JsonElement counts) =>
        string.Join(", ", counts.EnumerateObject().Select(p => $"{p.Name}: {p.Value.GetInt32()}"));
}
