using System.Diagnostics;
using System.Globalization;
using System.Text;
using MySqlConnector;

namespace FlashPurchase.Bench;

/// <summary>What the soak drives and watches (bench/run.sh --only soak passes them; see bench/README.md).</summary>
public sealed record SoakOptions(
    double ShoppersPerSecond, TimeSpan Duration, TimeSpan SampleEvery, TimeSpan TokenLifetime,
    int ApiPid, int? WorkerPid, int? ApiMetricsPort, int? WorkerMetricsPort, string DatabaseConnectionString)
{
    /// <summary>The first fifth of the run, at most 2 minutes: JIT, pools and caches filling up are not growth.</summary>
    public TimeSpan WarmUp => TimeSpan.FromTicks(Math.Min(TimeSpan.FromMinutes(2).Ticks, Duration.Ticks / 5));

    /// <summary>
    /// Arrivals ramp up linearly over the first half of the warm-up: a cold API (JIT, empty pools) hit at full rate at
    /// once builds a backlog whose connections and buffers would still be draining when the comparison starts.
    /// </summary>
    public TimeSpan RampUp => WarmUp / 2;

    /// <summary>How many shoppers should have arrived <paramref name="seconds"/> after the start, ramp-up included.</summary>
    public int ArrivedBy(double seconds)
    {
        var ramp = RampUp.TotalSeconds;
        var arrived = seconds < ramp ? ShoppersPerSecond * seconds * seconds / (2 * ramp) : ShoppersPerSecond * (seconds - (ramp / 2));
        return (int)arrived;
    }

    /// <summary>The span averaged at each end of the comparison: a minute, or a quarter of what follows the warm-up.</summary>
    public TimeSpan Window => TimeSpan.FromTicks(Math.Min(TimeSpan.FromMinutes(1).Ticks, (Duration - WarmUp).Ticks / 4));
}

/// <summary>One look at a process: resident memory, managed heap (from its /metrics, when reachable), threads, handles, CPU.</summary>
public sealed record ProcessSample(double RssMb, double? HeapMb, int Threads, int Handles, double Cores, int? Timers);

/// <summary>One look at everything, every few seconds of the soak.</summary>
public sealed record SoakSample(
    double At, ProcessSample Api, ProcessSample? Worker, int? DatabaseConnections, int? ServerConnections,
    int ShoppersInFlight, double RequestsPerSecond, double GeneratorCores);

/// <summary>A series' average over the first window after the warm-up and over the last window, and its growth.</summary>
public sealed record SoakSeries(string Name, string Unit, double? First, double? Last, double? GrowthPercent, bool Gated, bool Pass);

public sealed record SoakResult(
    double ShoppersPerSecond, double DurationSeconds, double WarmUpSeconds, double WindowSeconds, double SampleSeconds,
    double TokenLifetimeSeconds, int ShoppersStarted, int ShoppersFinished, double GeneratorCores, int MachineCores,
    bool Pass, IReadOnlyList<SoakSeries> Series, IReadOnlyDictionary<string, int> Outcomes, Summary Requests,
    IReadOnlyList<SoakSample> Samples);

/// <summary>
/// The soak: shoppers join at a fixed rate for the whole run and take one of four paths, while a sampler watches the
/// API's and the Worker's memory, threads and handles and the database's connections. Pass: no gated series grows by
/// more than <see cref="AllowedGrowthPercent"/> between the first window after the warm-up and the last window.
/// </summary>
public sealed class Soak(ApiClient api, Scenarios scenarios, SoakOptions options, TextWriter progress)
{
    public const double AllowedGrowthPercent = 10;

    /// <summary>What a count (threads, handles, timers, connections) may grow by in absolute terms and still pass.</summary>
    public const double CountSlack = 2;

    private readonly HttpClient _metrics = new() { Timeout = TimeSpan.FromSeconds(2) };
    private readonly LoadRecorder _recorder = new();
    private readonly Dictionary<string, int> _outcomes = [];
    private int _inFlight;
    private int _finished;

    /// <summary>The paths, by shopper index modulo 20: half buy, a quarter leave (before or after their PT), a quarter let the PT lapse.</summary>
    private static string PathOf(int index) => (index % 20) switch
    {
        < 10 => "buy",
        < 13 => "leave-holding",
        < 15 => "leave-waiting",
        _ => "lapse",
    };

    public async Task<SoakResult> RunAsync(IReadOnlyList<Shopper> shoppers)
    {
        using var endOfRun = new CancellationTokenSource();
        var samples = new List<SoakSample>();
        var sampling = SampleAsync(samples, endOfRun.Token);
        var cpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;
        var walks = new List<Task>(shoppers.Count);
        using (var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(100)))
        {
            // Shoppers due by now are started: a fixed arrival rate however slow the answers get (no closed loop).
            // The run ends at its duration, with some seeded shoppers left over (the ramp-up's share).
            while (_recorder.ElapsedSeconds < options.Duration.TotalSeconds && walks.Count < shoppers.Count)
            {
                var due = Math.Min(shoppers.Count, options.ArrivedBy(_recorder.ElapsedSeconds));
                while (walks.Count < due)
                {
                    walks.Add(WalkAsync(shoppers[walks.Count], walks.Count, endOfRun.Token));
                }

                await tick.WaitForNextTickAsync();
            }
        }

        var loadSeconds = _recorder.ElapsedSeconds;
        var generatorCores = (Process.GetCurrentProcess().TotalProcessorTime - cpuAtStart).TotalSeconds / loadSeconds;
        await endOfRun.CancelAsync(); // the sampler stops; lapsing shoppers stop waiting for their PT to expire
        await sampling;
        await Task.WhenAll(walks);

        var series = Compare(samples);
        lock (_outcomes)
        {
            return new SoakResult(
                options.ShoppersPerSecond, loadSeconds, options.WarmUp.TotalSeconds, options.Window.TotalSeconds,
                options.SampleEvery.TotalSeconds, options.TokenLifetime.TotalSeconds, walks.Count, _finished, generatorCores,
                Environment.ProcessorCount, series.Where(s => s.Gated).All(s => s.Pass), series,
                _outcomes.OrderBy(o => o.Key, StringComparer.Ordinal).ToDictionary(),
                _recorder.Summarise("soak", loadSeconds) with { Timeline = [] }, samples);
        }
    }

    private async Task WalkAsync(Shopper shopper, int index, CancellationToken endOfRun)
    {
        var path = PathOf(index);
        Interlocked.Increment(ref _inFlight);
        try
        {
            var outcome = await WalkPathAsync(path, shopper, endOfRun);
            lock (_outcomes)
            {
                _outcomes[$"{path}: {outcome}"] = _outcomes.GetValueOrDefault($"{path}: {outcome}") + 1;
                _finished++;
            }
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    /// <summary>Walks one path; the outcome is the last answer that mattered ("201", "410 token_revoked"...).</summary>
    private async Task<string> WalkPathAsync(string path, Shopper shopper, CancellationToken endOfRun)
    {
        var entered = await api.SendAsync(_recorder, HttpMethod.Get, "/api/queue/enter", shopper.AccessToken);
        if (entered.Status != 200)
        {
            return $"{entered.Status} {entered.Code} at enter";
        }

        var queueToken = entered.Body.GetProperty("queueToken").GetString()!;
        var saleId = entered.Body.GetProperty("saleId").GetString();
        if (path == "leave-waiting")
        {
            // Leaves right after joining, then the QT must be dead: exchange answers 410 token_revoked.
            var left = await LeaveAsync(shopper, saleId);
            return left.Status != 204 ? $"{left.Status} {left.Code} at leave"
                : Said(await api.SendAsync(_recorder, HttpMethod.Post, "/api/queue/exchange-qt-for-pt", shopper.AccessToken, new { queueToken }));
        }

        var exchanged = await scenarios.ExchangeAsync(_recorder, shopper, queueToken);
        if (exchanged.Status != 200)
        {
            return $"{exchanged.Status} {exchanged.Code} at exchange";
        }

        var purchaseToken = exchanged.Body.GetProperty("purchaseToken").GetString();
        switch (path)
        {
            case "leave-holding":
                var left = await LeaveAsync(shopper, saleId);
                if (left.Status != 204)
                {
                    return $"{left.Status} {left.Code} at leave";
                }

                break; // then the PT must be dead: 410 token_revoked
            case "lapse":
                // Idle past the PT's lifetime (the purchase window), then the PT must be dead: 410 token_expired.
                // Not "in flight" meanwhile: that series tells whether the stack keeps up with the walking shoppers.
                Interlocked.Decrement(ref _inFlight);
                try
                {
                    await Task.Delay(options.TokenLifetime + TimeSpan.FromSeconds(2), endOfRun);
                }
                catch (OperationCanceledException)
                {
                    return "still holding an unexpired PT when the run ended";
                }
                finally
                {
                    Interlocked.Increment(ref _inFlight);
                }

                break;
        }

        return Said(await api.SendAsync(_recorder, HttpMethod.Post, "/api/shop/purchase", shopper.AccessToken, new { purchaseToken }));
    }

    private Task<Answer> LeaveAsync(Shopper shopper, string? saleId) =>
        api.SendAsync(_recorder, HttpMethod.Delete, $"/api/queue/place?saleId={saleId}", shopper.AccessToken);

    private static string Said(Answer answer) => answer.Code is null ? $"{answer.Status}" : $"{answer.Status} {answer.Code}";

    private async Task SampleAsync(List<SoakSample> samples, CancellationToken endOfRun)
    {
        var builder = new MySqlConnectionStringBuilder(options.DatabaseConnectionString);
        var database = builder.Database;
        builder.Database = ""; // the sampler's own connection is not one of the stack's
        builder.Pooling = false;
        await using var connection = new MySqlConnection(builder.ConnectionString);
        await connection.OpenAsync(endOfRun);
        var api = new ProcessWatch(options.ApiPid, options.ApiMetricsPort, _metrics);
        var worker = options.WorkerPid is { } pid ? new ProcessWatch(pid, options.WorkerMetricsPort, _metrics) : null;
        var generator = new ProcessWatch(Environment.ProcessId, null, _metrics);
        var requestsBefore = 0;
        using var tick = new PeriodicTimer(options.SampleEvery);
        try
        {
            while (await tick.WaitForNextTickAsync(endOfRun))
            {
                var requests = _recorder.Count;
                var (ours, server) = await ConnectionsAsync(connection, database);
                var sample = new SoakSample(
                    Math.Round(_recorder.ElapsedSeconds, 1), await api.SampleAsync(), worker is null ? null : await worker.SampleAsync(),
                    ours, server, Volatile.Read(ref _inFlight), (requests - requestsBefore) / options.SampleEvery.TotalSeconds,
                    (await generator.SampleAsync()).Cores);
                requestsBefore = requests;
                samples.Add(sample);
                progress.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"[soak] {sample.At,5:F0} s, {sample.RequestsPerSecond,5:F0} req/s, API {sample.Api.RssMb:F0} MB {sample.Api.Threads} threads {sample.Api.Handles} fds, " +
                    $"Worker {sample.Worker?.RssMb:F0} MB {sample.Worker?.Threads} threads {sample.Worker?.Handles} fds, DB connections {sample.DatabaseConnections}, in flight {sample.ShoppersInFlight}"));
            }
        }
        catch (OperationCanceledException)
        {
            // the end of the run
        }
    }

    /// <summary>The connections open on the stack's database (processlist), and on the whole server (Threads_connected).</summary>
    private static async Task<(int? Ours, int? Server)> ConnectionsAsync(MySqlConnection connection, string database)
    {
        await using var command = new MySqlCommand(
            "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE DB = @db; SHOW GLOBAL STATUS LIKE 'Threads_connected'", connection);
        command.Parameters.AddWithValue("@db", database);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        var ours = Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture);
        await reader.NextResultAsync();
        await reader.ReadAsync();
        return (ours, int.Parse(reader.GetString(1), CultureInfo.InvariantCulture));
    }

    private List<SoakSeries> Compare(IReadOnlyList<SoakSample> samples)
    {
        var warmUp = options.WarmUp.TotalSeconds;
        var end = samples.Count == 0 ? 0 : samples[^1].At;
        var window = options.Window.TotalSeconds;

        // count: a handful of threads, timers or connections more is one request in flight at the sample, not a leak,
        // so a count also passes when it grew by at most CountSlack (2 of 19 threads would be 10.5 %).
        SoakSeries Series(string name, string unit, Func<SoakSample, double?> value, bool gated = true, bool count = false)
        {
            double? Average(double from, double to) =>
                samples.Where(s => s.At > from && s.At <= to).Select(value).Where(v => v.HasValue).Average();
            var first = Average(warmUp, warmUp + window);
            var last = Average(end - window, end);
            double? growth = first is > 0 && last.HasValue ? (last.Value - first.Value) / first.Value * 100 : null;
            var pass = growth is null or <= AllowedGrowthPercent || (count && last - first <= CountSlack);
            return new SoakSeries(name, unit, first, last, growth, gated, pass);
        }

        var series = new List<SoakSeries>
        {
            Series("API resident memory", "MB", s => s.Api.RssMb),
            Series("API managed heap", "MB", s => s.Api.HeapMb),
            Series("API threads", "", s => s.Api.Threads, count: true),
            Series("API handles", "", s => s.Api.Handles, count: true),
            Series("API timers", "", s => s.Api.Timers, count: true),
        };
        if (options.WorkerPid is not null)
        {
            series.AddRange(
            [
                Series("Worker resident memory", "MB", s => s.Worker?.RssMb),
                Series("Worker managed heap", "MB", s => s.Worker?.HeapMb),
                Series("Worker threads", "", s => s.Worker?.Threads, count: true),
                Series("Worker handles", "", s => s.Worker?.Handles, count: true),
                Series("Worker timers", "", s => s.Worker?.Timers, count: true),
            ]);
        }

        series.Add(Series("DB connections of this stack", "", s => s.DatabaseConnections, count: true));
        // Not gated: the MariaDB server is shared with whatever else runs on this machine (tests, other benchmarks).
        series.Add(Series("MariaDB Threads_connected (whole server)", "", s => s.ServerConnections, gated: false));
        // The load itself, to show it was steady (not gated: it is the input, not a leak).
        series.Add(Series("requests per second", "", s => s.RequestsPerSecond, gated: false));
        // Gated: shoppers piling up means the stack fell behind the arrival rate, and then everything grows with the
        // backlog (connections, heap): lower --soak-rate rather than read it as a leak.
        series.Add(Series("shoppers in flight", "", s => s.ShoppersInFlight));
        return series;
    }

    /// <summary>soak.md (the comparison table) and soak.svg (memory, threads, handles, connections and load over time).</summary>
    public static void WriteReport(string directory, SoakResult result)
    {
        static string Figure(double? value) => value is null ? "–" : value.Value.ToString(value.Value < 100 ? "0.0" : "N0", CultureInfo.InvariantCulture);
        var md = new StringBuilder();
        md.AppendLine($"# Soak {Path.GetFileName(Path.GetFullPath(directory))}: {(result.Pass ? "PASS" : "FAIL")}").AppendLine();
        md.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"{result.ShoppersPerSecond:F0} new shoppers per second for {result.DurationSeconds / 60:F1} minutes ({result.ShoppersStarted:N0} shoppers, " +
            $"{result.Requests.Requests:N0} requests, {result.Requests.RequestsPerSecond:F0} req/s, p50 {result.Requests.P50Ms:F1} ms, p99 {result.Requests.P99Ms:F1} ms); " +
            $"a sample every {result.SampleSeconds:F0} s. Warm-up: the first {result.WarmUpSeconds:F0} s, arrivals ramping up over its first half. Compared: the {result.WindowSeconds:F0} s after the warm-up " +
            $"against the last {result.WindowSeconds:F0} s; pass if no gated series grows by more than {AllowedGrowthPercent:F0} % " +
            $"(a count also passes if it grew by at most {CountSlack:F0}). Load generator: " +
            $"{result.GeneratorCores:F2} cores of {result.MachineCores} while the load ran.")).AppendLine();
        md.AppendLine("| series | first window after warm-up | last window | growth | verdict |").AppendLine("|---|---|---|---|---|");
        foreach (var s in result.Series)
        {
            var unit = s.Unit.Length > 0 ? $" {s.Unit}" : "";
            var growth = s.GrowthPercent is { } g ? g.ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture) + " %" : "–";
            md.AppendLine($"| {s.Name} | {Figure(s.First)}{unit} | {Figure(s.Last)}{unit} | {growth} | {(s.Gated ? (s.Pass ? "pass" : "**FAIL**") : "not gated")} |");
        }

        md.AppendLine().AppendLine("Outcomes by path (the last answer that mattered):").AppendLine();
        foreach (var (outcome, count) in result.Outcomes)
        {
            md.AppendLine(string.Create(CultureInfo.InvariantCulture, $"- {outcome}: {count:N0}"));
        }

        md.AppendLine().AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"Answers: {string.Join(", ", result.Requests.Responses.Select(r => $"{r.Key}: {r.Value:N0}"))}.")).AppendLine();
        md.AppendLine("![soak](soak.svg)");
        File.WriteAllText(Path.Combine(directory, "soak.md"), md.ToString());
        File.WriteAllText(Path.Combine(directory, "soak.svg"), Svg(result));
    }

    private static string Svg(SoakResult result)
    {
        const string Api = "#4878a8", Worker = "#d0503c", ApiHeap = "#9cc0e0", WorkerHeap = "#f0a898";
        IReadOnlyList<(double, double)> Points(Func<SoakSample, double?> value) =>
            [.. result.Samples.Where(s => value(s).HasValue).Select(s => (s.At, value(s)!.Value))];
        var panels = new List<Chart.Panel>
        {
            new("memory MB", [("API RSS", Api, Points(s => s.Api.RssMb)), ("API heap", ApiHeap, Points(s => s.Api.HeapMb)),
                ("Worker RSS", Worker, Points(s => s.Worker?.RssMb)), ("Worker heap", WorkerHeap, Points(s => s.Worker?.HeapMb))]),
            new("threads", [("API", Api, Points(s => s.Api.Threads)), ("Worker", Worker, Points(s => s.Worker?.Threads))]),
            new("handles (open fds)", [("API", Api, Points(s => s.Api.Handles)), ("Worker", Worker, Points(s => s.Worker?.Handles))]),
            new("DB connections", [("this stack", "#2a9d5c", Points(s => s.DatabaseConnections)), ("whole server", "#999", Points(s => s.ServerConnections))]),
            new("load", [("requests / s", "#555", Points(s => s.RequestsPerSecond)), ("shoppers in flight", "#b07cc6", Points(s => s.ShoppersInFlight))]),
        };
        var end = result.DurationSeconds;
        return Chart.SmallMultiples(
            string.Create(CultureInfo.InvariantCulture, $"soak: {result.ShoppersPerSecond:F0} shoppers/s for {end / 60:F0} min (grey: warm-up; green: the windows compared)"),
            end, panels,
            [(0, result.WarmUpSeconds, "#eeeeee"), (result.WarmUpSeconds, result.WarmUpSeconds + result.WindowSeconds, "#e4f4e4"),
                (end - result.WindowSeconds, end, "#e4f4e4")]);
    }

    /// <summary>Reads one process's /proc entries (and its /metrics for the managed heap and timers) between samples.</summary>
    private sealed class ProcessWatch(int pid, int? metricsPort, HttpClient http)
    {
        private static readonly double TicksPerSecond = 100; // USER_HZ, 100 on Linux
        private double _cpuBefore = Cpu(pid);
        private long _before = Stopwatch.GetTimestamp();

        public async Task<ProcessSample> SampleAsync()
        {
            var status = File.ReadAllLines($"/proc/{pid}/status");
            double Field(string name) => double.Parse(
                status.First(l => l.StartsWith(name + ":", StringComparison.Ordinal))[(name.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            var cpu = Cpu(pid);
            var cores = (cpu - _cpuBefore) / Stopwatch.GetElapsedTime(_before).TotalSeconds;
            (_cpuBefore, _before) = (cpu, Stopwatch.GetTimestamp());
            var (heap, timers) = await MetricsAsync();
            return new ProcessSample(Math.Round(Field("VmRSS") / 1024, 1), heap, (int)Field("Threads"),
                Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd").Count(), Math.Round(cores, 3), timers);
        }

        private static double Cpu(int pid)
        {
            // Fields 14 and 15 of /proc/<pid>/stat (utime, stime), counted after the command name's closing parenthesis.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
        }

        /// <summary>The runtime meter's heap size after the last GC (summed over generations) and timer count; null without a management port.</summary>
        private async Task<(double? HeapMb, int? Timers)> MetricsAsync()
        {
            if (metricsPort is null)
            {
                return (null, null);
            }

            string text;
            try
            {
                text = await http.GetStringAsync($"http://127.0.0.1:{metricsPort}/metrics");
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                return (null, null);
            }

            double? heap = null, timers = null;
            foreach (var line in text.Split('\n'))
            {
                if (line.StartsWith("dotnet_gc_last_collection_heap_size_bytes{", StringComparison.Ordinal))
                {
                    heap = (heap ?? 0) + Value(line);
                }
                else if (line.StartsWith("dotnet_timer_count", StringComparison.Ordinal))
                {
                    timers = Value(line);
                }
            }

            return (heap is null ? null : Math.Round(heap.Value / 1024 / 1024, 1), (int?)timers);
        }

        // A sample line is "name{labels} value [timestamp]".
        private static double Value(string line) =>
            double.Parse(line[(line.Contains('}') ? line.LastIndexOf('}') + 1 : line.IndexOf(' '))..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }
}
