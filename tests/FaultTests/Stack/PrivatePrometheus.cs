using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace FlashPurchase.FaultTests.Stack;

/// <summary>
/// Debian's <c>prometheus</c> (scripts/ensure-services.sh installs it) as a child process of one test: its own
/// configuration scraping the given targets every second, its own port on 127.0.0.1 and its own storage, so the
/// package's service (which would scrape :9090 and keep running) is never used. Read through its HTTP API.
/// </summary>
public sealed class PrivatePrometheus : IAsyncDisposable
{
    private const string Executable = "/usr/bin/prometheus";

    private readonly ChildProcess _process;
    private readonly HttpClient _http;

    private PrivatePrometheus(ChildProcess process, Uri address)
    {
        _process = process;
        _http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(10) };
    }

    /// <param name="targets">Job name to a host:port serving /metrics.</param>
    public static async Task<PrivatePrometheus> StartAsync(
        IReadOnlyDictionary<string, string> targets, string directory, string runMarker)
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException(
                $"{Executable} is missing: run scripts/ensure-services.sh as root (it installs Debian's prometheus).");
        }

        Directory.CreateDirectory(directory);
        var config = Path.Combine(directory, "prometheus.yml");
        var jobs = string.Concat(targets.Select(target => $"""
              - job_name: {target.Key}
                static_configs:
                  - targets: ["{target.Value}"]

            """));
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
            scrape_configs:
            {jobs}
            """);

        var address = new Uri($"http://127.0.0.1:{FreePorts.Next()}");
        var process = ChildProcess.Start("prometheus", Executable,
            [$"--config.file={config}", $"--web.listen-address={address.Authority}",
             $"--storage.tsdb.path={Path.Combine(directory, "data")}"],
            new Dictionary<string, string?>(), Path.Combine(directory, "prometheus.log"), runMarker, directory);
        return new PrivatePrometheus(process, address);
    }

    /// <summary>The value of an instant query that yields one number; null while it yields nothing (no series yet).</summary>
    public async Task<double?> QueryAsync(string promql)
    {
        try
        {
            var answer = await _http.GetFromJsonAsync<JsonElement>($"/api/v1/query?query={Uri.EscapeDataString(promql)}");
            var result = answer.GetProperty("data").GetProperty("result");
            return result.GetArrayLength() == 0
                ? null
                : double.Parse(result[0].GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);
        }
        catch (HttpRequestException)
        {
            return null; // not listening yet
        }
    }

    /// <summary>Every metric name Prometheus holds a series of.</summary>
    public async Task<IReadOnlySet<string>> MetricNamesAsync()
    {
        var answer = await _http.GetFromJsonAsync<JsonElement>("/api/v1/label/__name__/values");
        return answer.GetProperty("data").EnumerateArray().Select(name => name.GetString()!).ToHashSet();
    }

    /// <summary>Prometheus's error for a query it cannot run (a parse error), or null when it runs.</summary>
    public async Task<string?> QueryErrorAsync(string promql)
    {
        using var answer = await _http.GetAsync($"/api/v1/query?query={Uri.EscapeDataString(promql)}");
        return answer.IsSuccessStatusCode ? null : await answer.Content.ReadAsStringAsync();
    }

    public override string ToString() => _process.ToString();

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _process.DisposeAsync();
    }
}
