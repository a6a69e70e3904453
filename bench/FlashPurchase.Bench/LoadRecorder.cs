using System.Collections.Concurrent;
using System.Diagnostics;

namespace FlashPurchase.Bench;

/// <summary>One answered (or failed) request: when it started (since the scenario began), how long it took, what it got.</summary>
public readonly record struct Sample(double StartedAtSeconds, double LatencyMs, int Status, string? Code);

/// <summary>Collects every request of a scenario from many tasks at once and summarises them.</summary>
public sealed class LoadRecorder
{
    private readonly ConcurrentBag<Sample> _samples = [];
    private readonly long _started = Stopwatch.GetTimestamp();

    public double ElapsedSeconds => Stopwatch.GetElapsedTime(_started).TotalSeconds;

    public int Count => _samples.Count;

    public void Add(long requestStarted, int status, string? code) =>
        _samples.Add(new Sample(
            Stopwatch.GetElapsedTime(_started, requestStarted).TotalSeconds,
            Stopwatch.GetElapsedTime(requestStarted).TotalMilliseconds,
            status,
            code));

    public Summary Summarise(string name, double durationSeconds)
    {
        var samples = _samples.ToArray();
        var latencies = samples.Select(s => s.LatencyMs).Order().ToArray();
        return new Summary(
            name,
            samples.Length,
            durationSeconds,
            samples.Length / Math.Max(durationSeconds, 1e-9),
            Percentile(latencies, 50),
            Percentile(latencies, 95),
            Percentile(latencies, 99),
            latencies.Length == 0 ? 0 : latencies[^1],
            samples.GroupBy(s => s.Code is null ? $"{s.Status}" : $"{s.Status} {s.Code}")
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Count()),
            Timeline(samples));
    }

    private static double Percentile(double[] sorted, double percent) =>
        sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(percent / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static List<Second> Timeline(Sample[] samples) =>
        samples.GroupBy(s => (int)s.StartedAtSeconds)
            .OrderBy(g => g.Key)
            .Select(g =>
            {
                var sorted = g.Select(s => s.LatencyMs).Order().ToArray();
                return new Second(g.Key, g.Count(), Percentile(sorted, 50), Percentile(sorted, 99));
            })
            .ToList();
}

/// <param name="Responses">Count by "status code" (e.g. "409 sold_out"), or "0 error" for a failed connection.</param>
public sealed record Summary(
    string Name, int Requests, double DurationSeconds, double RequestsPerSecond,
    double P50Ms, double P95Ms, double P99Ms, double MaxMs,
    IReadOnlyDictionary<string, int> Responses, IReadOnlyList<Second> Timeline);

public sealed record Second(int At, int Requests, double P50Ms, double P99Ms);
