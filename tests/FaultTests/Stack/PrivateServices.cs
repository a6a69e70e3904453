namespace FlashPurchase.FaultTests.Stack;

/// <summary>
/// The private MariaDB server and RabbitMQ node of one run of the fault tests (an xunit collection fixture: started
/// once, shared by every fault test, which run one at a time). Each test gets a database and a virtual host of its
/// own on them; the tests that stop a server start it again, and <see cref="EnsureRunningAsync"/> repairs what a failed
/// test may have left stopped.
/// </summary>
public sealed class PrivateServices : IAsyncLifetime
{
    private string? _dataDirectory;

    public PrivateMariaDb Database { get; private set; } = null!;

    public PrivateRabbitMq Broker { get; private set; } = null!;

    /// <summary>TestResults/faults/&lt;time&gt;: the servers' logs, and a folder per test with its processes' logs.</summary>
    public string LogDirectory { get; private set; } = null!;

    /// <summary>Marks every process of this run (see <see cref="ProcessJanitor"/>).</summary>
    public string RunMarker => _dataDirectory ?? throw new InvalidOperationException("Not initialized.");

    public async Task InitializeAsync()
    {
        ProcessJanitor.CleanUpAbandonedRuns();
        _dataDirectory = RunDirectories.CreateDataDirectory();
        LogDirectory = RunDirectories.CreateLogDirectory();
        var services = Path.Combine(LogDirectory, "services");
        Directory.CreateDirectory(services);

        var database = PrivateMariaDb.StartAsync(_dataDirectory, services);
        var broker = PrivateRabbitMq.StartAsync(_dataDirectory, services);
        try
        {
            await Task.WhenAll(database, broker);
        }
        catch
        {
            await DisposeStartedAsync(database, broker);
            throw;
        }

        Database = database.Result;
        Broker = broker.Result;
    }

    /// <summary>Both servers up, whatever the previous test did to them.</summary>
    public async Task EnsureRunningAsync()
    {
        if (!Database.IsRunning)
        {
            await Database.StartServerAsync();
        }

        if (!await Broker.IsAppRunningAsync())
        {
            await Broker.StartAppAsync();
        }
    }

    public async Task DisposeAsync()
    {
        try
        {
            if (Broker is not null)
            {
                await Broker.DisposeAsync();
            }

            if (Database is not null)
            {
                await Database.DisposeAsync();
            }
        }
        finally
        {
            if (_dataDirectory is not null)
            {
                ProcessJanitor.EndProcessesOf(_dataDirectory);
                try
                {
                    Directory.Delete(_dataDirectory, recursive: true);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // Best effort; the next run's janitor removes it.
                }
            }
        }
    }

    private async Task DisposeStartedAsync(Task<PrivateMariaDb> database, Task<PrivateRabbitMq> broker)
    {
        if (database.IsCompletedSuccessfully)
        {
            await database.Result.DisposeAsync();
        }

        if (broker.IsCompletedSuccessfully)
        {
            await broker.Result.DisposeAsync();
        }

        ProcessJanitor.EndProcessesOf(_dataDirectory!);
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FaultCollection : ICollectionFixture<PrivateServices>
{
    public const string Name = "Fault";
}
