using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using FlashPurchase.FaultTests.Client;
using FlashPurchase.TestSupport;
using MySqlConnector;
using Xunit.Abstractions;

namespace FlashPurchase.FaultTests.Stack;

/// <summary>
/// One test's FlashPurchase: a database and a virtual host of its own on the private servers, one signing key, and the
/// API and Worker processes the test starts, kills and restarts, all configured by environment variables as an
/// operator would. Disposing it kills every process it started (also when the test failed) and drops the database.
/// </summary>
public sealed class FaultStack : IAsyncDisposable
{
    public const string QueueName = "queue-token-issued";
    public const string ErrorQueueName = "queue-token-issued_error";

    private readonly List<AppProcess> _processes = [];
    private readonly ITestOutputHelper _output;
    private readonly Dictionary<string, string?> _settings;
    private int _apis;
    private int _workers;

    private FaultStack(
        PrivateServices services, ThrowawayDatabase database, string vhost, string logDirectory, ITestOutputHelper output,
        Dictionary<string, string?> settings, string signingKey)
    {
        Services = services;
        Database = database;
        Vhost = vhost;
        LogDirectory = logDirectory;
        _output = output;
        _settings = settings;
        SigningKey = signingKey;
    }

    public PrivateServices Services { get; }

    public ThrowawayDatabase Database { get; }

    public string Vhost { get; }

    public string AmqpUri => Services.Broker.AmqpUri(Vhost);

    public string SigningKey { get; }

    /// <summary>TestResults/faults/&lt;run&gt;/&lt;test&gt;: the logs of this test's API and Worker processes.</summary>
    public string LogDirectory { get; }

    /// <summary>The app account's connection string to this test's database, without pooling (servers come and go).</summary>
    public string ProbeConnectionString =>
        new MySqlConnectionStringBuilder(Database.ConnectionString) { Pooling = false }.ConnectionString;

    public IReadOnlyList<AppProcess> Processes => _processes;

    /// <param name="stock">Units of the sale the migrate command creates.</param>
    /// <param name="overrides">More settings, by configuration key (e.g. <c>Messaging__PublishTimeout</c>).</param>
    public static async Task<FaultStack> CreateAsync(
        PrivateServices services, ITestOutputHelper output, int stock,
        IReadOnlyDictionary<string, string?>? overrides = null, [CallerMemberName] string testName = "")
    {
        await services.EnsureRunningAsync();
        var database = await ThrowawayDatabase.CreateAsync(services.Database.AdminConnectionString);
        string vhost;
        try
        {
            vhost = await services.Broker.CreateVhostAsync();
        }
        catch
        {
            await database.DisposeAsync();
            throw;
        }

        var logDirectory = Path.Combine(services.LogDirectory, testName);
        Directory.CreateDirectory(logDirectory);
        var signingKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
        var settings = new Dictionary<string, string?>
        {
            // Production: a real signing key is required, no developer conveniences.
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["Database__Provider"] = "MySql",
            ["Database__ServerVersion"] = services.Database.ServerVersion,
            ["ConnectionStrings__Database"] = services.Database.AppConnectionString(database.Name),
            ["Messaging__Transport"] = "RabbitMq",
            ["ConnectionStrings__RabbitMq"] = services.Broker.AmqpUri(vhost),
            ["Tokens__SigningKey"] = signingKey,
            ["Tokens__PurchaseSigningKey"] = PurchaseSigningKey.NewPem(),
            ["FlashSale__Stock"] = stock.ToString(CultureInfo.InvariantCulture),
            ["FlashSale__Duration"] = "02:00:00",
            ["Passwords__HashIterations"] = "1000",
            // The API may rate-limit one client; these tests are one client playing a crowd.
            ["RateLimiting__Enabled"] = "false",
            ["Logging__LogLevel__Default"] = "Information",
            ["Logging__LogLevel__Microsoft.AspNetCore"] = "Warning",
            ["Logging__LogLevel__Microsoft.EntityFrameworkCore"] = "Warning",
            ["Logging__Console__FormatterName"] = "simple",
            ["Logging__Console__FormatterOptions__TimestampFormat"] = "HH:mm:ss.fff ",
            ["Logging__Console__FormatterOptions__SingleLine"] = "true",
            ["Logging__Console__FormatterOptions__UseUtcTimestamp"] = "true",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        output.WriteLine($"database {database.Name}, vhost {vhost}, logs in {logDirectory}");
        var stack = new FaultStack(services, database, vhost, logDirectory, output, settings, signingKey);
        try
        {
            await stack.MigrateAsync();
        }
        catch
        {
            await stack.DisposeAsync();
            throw;
        }

        return stack;
    }

    /// <summary>
    /// The API's migrate command, once, as an operator runs it before starting the API and the Worker: in Production
    /// they only check the schema. It also creates the sale.
    /// </summary>
    private async Task MigrateAsync()
    {
        var output = await CommandLine.RunCheckedAsync(BuildOutput.DotnetHost, [BuildOutput.WebApiDll, "migrate"], _settings,
            Services.RunMarker, TimeSpan.FromMinutes(2), Path.GetDirectoryName(BuildOutput.WebApiDll));
        await File.WriteAllTextAsync(Path.Combine(LogDirectory, "migrate.log"), output);
    }

    /// <summary>
    /// Starts an API process on <paramref name="port"/> (a free one when not given) and waits until /health/ready
    /// answers 200. <paramref name="settings"/>: this process's own, over the stack's (e.g. its Management__Port).
    /// </summary>
    public async Task<AppProcess> StartApiAsync(int? port = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var number = Interlocked.Increment(ref _apis);
        var address = new Uri($"http://127.0.0.1:{port ?? FreePorts.Next()}");
        var environment = SettingsWith(settings);
        environment["ASPNETCORE_URLS"] = address.ToString().TrimEnd('/');
        var child = ChildProcess.Start($"api-{number}", BuildOutput.DotnetHost, [BuildOutput.WebApiDll], environment,
            Path.Combine(LogDirectory, $"api-{number}.log"), Services.RunMarker, Path.GetDirectoryName(BuildOutput.WebApiDll));
        var api = new AppProcess(child, address);
        Track(api);

        using var client = new ApiClient(address, TimeSpan.FromSeconds(10));
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        Answer ready;
        while ((ready = await client.ReadyAsync()).Status != 200)
        {
            if (child.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"{child} did not become ready: {ready}\n{child.LogTail()}");
            }

            await Task.Delay(250);
        }

        _output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} started {child} on {address}");
        return api;
    }

    /// <summary>
    /// Starts a Worker process and, unless told not to, waits until the broker lists its consumer on the queue (a test
    /// that must catch the Worker early in a backlog watches the database instead). <paramref name="settings"/>: this
    /// process's own, over the stack's.
    /// </summary>
    public async Task<AppProcess> StartWorkerAsync(bool waitUntilConsuming = true, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var number = Interlocked.Increment(ref _workers);
        var consumersBefore = (await QueueAsync())?.Consumers ?? 0;
        var child = ChildProcess.Start($"worker-{number}", BuildOutput.DotnetHost, [BuildOutput.WorkerDll], SettingsWith(settings),
            Path.Combine(LogDirectory, $"worker-{number}.log"), Services.RunMarker, Path.GetDirectoryName(BuildOutput.WorkerDll));
        var worker = new AppProcess(child, null);
        Track(worker);
        if (!waitUntilConsuming)
        {
            _output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} starting {child}");
            return worker;
        }

        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (((await QueueAsync())?.Consumers ?? 0) <= consumersBefore)
        {
            if (child.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"{child} never consumed from {QueueName}.\n{child.LogTail()}");
            }

            await Task.Delay(250);
        }

        _output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} started {child}");
        return worker;
    }

    // A test may start an API and a Worker at once (a rolling restart boots a replacement while it stops the next).
    private void Track(AppProcess process)
    {
        lock (_processes)
        {
            _processes.Add(process);
        }
    }

    private Dictionary<string, string?> SettingsWith(IReadOnlyDictionary<string, string?>? settings)
    {
        var all = new Dictionary<string, string?>(_settings);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        return all;
    }

    /// <summary>SIGKILL (no graceful shutdown: nothing in flight is finished, acknowledged or committed), and waits for the exit.</summary>
    public async Task KillAsync(AppProcess process)
    {
        await process.Child.KillAsync();
        _output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} killed {process.Child}");
    }

    /// <summary>SIGTERM: a graceful stop, as a process manager or a rolling restart would ask for it.</summary>
    public void Terminate(AppProcess process)
    {
        process.Child.Terminate();
        _output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} sent SIGTERM to {process.Child}");
    }

    /// <summary>
    /// A backlog, made while no Worker runs: <paramref name="count"/> shoppers join through <paramref name="api"/>, each
    /// gets a place, and every queue token's message waits in the queue. Returns the shoppers and their answers.
    /// </summary>
    public async Task<(IReadOnlyList<Shopper> Shoppers, Answer[] Entered)> JoinBacklogAsync(ApiClient api, int count, string prefix)
    {
        var shoppers = await SeedShoppersAsync(count, prefix);
        var entered = await Flow.ForEachAsync(shoppers, 64, (shopper, _) => api.EnterAsync(shopper));
        entered.Should().OnlyContain(e => e.Status == 200, "{0}", entered.FirstOrDefault(e => e.Status != 200));
        await WaitForAsync(QueueAsync, q => q?.Ready == count, TimeSpan.FromSeconds(30), "the whole backlog in the queue");
        return (shoppers, entered);
    }

    /// <summary>The orders in the database: what the shop's fulfilment must hear of, each once.</summary>
    public async Task<IReadOnlyList<(Guid OrderId, Guid SaleId, Guid UserId)>> OrdersAsync()
    {
        var orders = new List<(Guid, Guid, Guid)>();
        await using var connection = new MySqlConnection(ProbeConnectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand("SELECT id, sale_id, user_id FROM orders", connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            orders.Add((reader.GetGuid(0), reader.GetGuid(1), reader.GetGuid(2)));
        }

        return orders;
    }

    public ApiClient Client(AppProcess api, TimeSpan? timeout = null) =>
        new(api.BaseAddress ?? throw new ArgumentException($"{api} is not an API."), timeout);

    public Task<QueueCounts?> QueueAsync() => Services.Broker.QueueAsync(Vhost, QueueName);

    public Task<QueueCounts?> ErrorQueueAsync() => Services.Broker.QueueAsync(Vhost, ErrorQueueName);

    /// <summary>Waits until <paramref name="condition"/> holds, polling every <paramref name="every"/> (250 ms by default).</summary>
    public static Task<T> WaitForAsync<T>(
        Func<Task<T>> probe, Func<T, bool> condition, TimeSpan timeout, string what, TimeSpan? every = null) =>
        Eventually.WaitForAsync(probe, condition, timeout, what, every);

    /// <summary>A scalar query on this test's database, behind the API's back.</summary>
    public async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new MySqlConnection(ProbeConnectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    public Task<IReadOnlyList<Shopper>> SeedShoppersAsync(int count, string prefix) =>
        Shoppers.SeedAsync(ProbeConnectionString, SigningKey, count, prefix);

    public void Log(string message) => _output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {message}");

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await process.Child.DisposeAsync();
        }

        _output.WriteLine($"logs: {string.Join(", ", _processes.Select(p => p.Child.LogPath).Distinct())}");

        try
        {
            await Services.EnsureRunningAsync();
            await Services.Broker.DeleteVhostAsync(Vhost);
        }
        finally
        {
            await Database.DisposeAsync();
        }
    }
}

/// <summary>An API (with its address) or a Worker process of a <see cref="FaultStack"/>.</summary>
public sealed record AppProcess(ChildProcess Child, Uri? BaseAddress)
{
    public bool IsRunning => !Child.HasExited;

    public override string ToString() => Child.ToString();
}
