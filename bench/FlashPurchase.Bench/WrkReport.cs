using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace FlashPurchase.Bench;

/// <summary>One wrk burst as bench/run.sh saved it: wrk's --latency output, the Lua script's token count and GNU time's CPU line.</summary>
public sealed record WrkBurst(
    string Target, int Round, long Requests, double RequestsPerSecond, double P50Ms, double P90Ms, double P99Ms,
    long Not2xx, long SocketErrors, int Tokens, double WrkCores)
{
    /// <summary>How often the busiest token was sent (the script goes round its tokens in order).</summary>
    public long UsesPerToken => Tokens == 0 ? 0 : (Requests + Tokens - 1) / Tokens;
}

/// <summary>
/// Turns the wrk bursts of one run (bench/run.sh: <c>wrk-{bare,ceiling,enter}-{1,2}.txt</c>) into wrk.json and wrk.md:
/// per round, req/s, latency percentiles, answers that were not 2xx, wrk's own CPU, and the ratios enter / pipeline
/// ceiling, enter / bare ceiling and pipeline / bare.
/// </summary>
public static partial class WrkReport
{
    private static readonly (string Target, string Label)[] Targets =
        [("bare", "bare ceiling"), ("ceiling", "pipeline ceiling"), ("enter", "enter")];

    public static string Write(string directory)
    {
        var bursts = new List<WrkBurst>();
        foreach (var round in new[] { 1, 2 })
        {
            foreach (var (target, _) in Targets)
            {
                var path = Path.Combine(directory, $"wrk-{target}-{round}.txt");
                if (File.Exists(path))
                {
                    bursts.Add(Parse(target, round, File.ReadAllText(path)));
                }
            }
        }

        var md = new StringBuilder();
        md.AppendLine("| burst | requests | req/s | p50 ms | p90 ms | p99 ms | not 2xx | socket errors | uses per token | wrk cores |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var b in bursts)
        {
            md.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {Targets.Single(t => t.Target == b.Target).Label}, round {b.Round} | {b.Requests:N0} | {b.RequestsPerSecond:N0} " +
                $"| {b.P50Ms:F1} | {b.P90Ms:F1} | {b.P99Ms:F1} | {b.Not2xx} | {b.SocketErrors} | {b.UsesPerToken} | {b.WrkCores:F2} |"));
        }

        md.AppendLine();
        var ratios = new List<object>();
        foreach (var round in bursts.Select(b => b.Round).Distinct())
        {
            double? Rps(string target) => bursts.SingleOrDefault(b => b.Round == round && b.Target == target)?.RequestsPerSecond;
            var (bare, pipeline, enter) = (Rps("bare"), Rps("ceiling"), Rps("enter"));
            ratios.Add(new { round, enterPerPipeline = enter / pipeline, enterPerBare = enter / bare, pipelinePerBare = pipeline / bare });
            md.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"- round {round}: **enter / pipeline ceiling {enter / pipeline:P1}**, enter / bare ceiling {enter / bare:P1}, " +
                $"**pipeline / bare {pipeline / bare:P1}**"));
        }

        // A reused token in enter is a repeated join (a cheaper path); more uses than the Enter bucket's burst would be refused.
        if (bursts.Any(b => b.Target == "enter" && b.UsesPerToken > 1))
        {
            md.AppendLine("- **enter reused tokens** (uses per token > 1): those requests were repeated joins, a cheaper path; " +
                "raise WRK_ENTER_TOKENS_PER_SECOND in bench/run.sh");
        }

        var json = JsonSerializer.Serialize(new { bursts, ratios }, new JsonSerializerOptions(JsonSerializerOptions.Web) { WriteIndented = true });
        File.WriteAllText(Path.Combine(directory, "wrk.json"), json);
        var text = md.ToString();
        File.WriteAllText(Path.Combine(directory, "wrk.md"), text);
        return text;
    }

    public static WrkBurst Parse(string target, int round, string output)
    {
        double Latency(string percent)
        {
            var match = Regex.Match(output, $@"^\s+{percent}%\s+([\d.]+)(us|ms|s)\s*$", RegexOptions.Multiline);
            if (!match.Success)
            {
                return double.NaN;
            }

            var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            return match.Groups[2].Value switch { "us" => value / 1000, "s" => value * 1000, _ => value };
        }

        long Number(Regex pattern) => pattern.Match(output) is { Success: true } m ? long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        var cpu = CpuLine().Match(output);
        var socketErrors = SocketErrorsLine().Match(output);
        return new WrkBurst(
            target,
            round,
            Number(RequestsLine()),
            RequestsPerSecondLine().Match(output) is { Success: true } rps ? double.Parse(rps.Groups[1].Value, CultureInfo.InvariantCulture) : 0,
            Latency("50"),
            Latency("90"),
            Latency("99"),
            Number(Not2xxLine()),
            socketErrors.Success ? socketErrors.Groups.Values.Skip(1).Sum(g => long.Parse(g.Value, CultureInfo.InvariantCulture)) : 0,
            (int)Number(TokensLine()),
            cpu.Success
                ? (double.Parse(cpu.Groups[1].Value, CultureInfo.InvariantCulture) + double.Parse(cpu.Groups[2].Value, CultureInfo.InvariantCulture))
                    / double.Parse(cpu.Groups[3].Value, CultureInfo.InvariantCulture)
                : double.NaN);
    }

    [GeneratedRegex(@"^\s*(\d+) requests in", RegexOptions.Multiline)]
    private static partial Regex RequestsLine();

    [GeneratedRegex(@"^Requests/sec:\s+([\d.]+)", RegexOptions.Multiline)]
    private static partial Regex RequestsPerSecondLine();

    // wrk counts every status above 399 here: a 429 from a rate limit shows as not 2xx.
    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+(\d+)")]
    private static partial Regex Not2xxLine();

    [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")]
    private static partial Regex SocketErrorsLine();

    [GeneratedRegex(@"^tokens: (\d+),", RegexOptions.Multiline)]
    private static partial Regex TokensLine();

    [GeneratedRegex(@"^wrk cpu: ([\d.]+) user \+ ([\d.]+) system seconds in ([\d.]+) s", RegexOptions.Multiline)]
    private static partial Regex CpuLine();
}
