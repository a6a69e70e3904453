using FlashPurchase.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace FlashPurchase.Infrastructure.IntegrationTests.Support;

/// <summary>A database of its own for one test class, with the schema the start-up initializer builds.</summary>
public abstract class DatabaseFixture : IAsyncLifetime
{
    private ServiceProvider? _services;

    public IServiceProvider Services => _services ?? throw new InvalidOperationException("The fixture is not initialized.");

    public abstract string Provider { get; }

    public async Task InitializeAsync()
    {
        _services = InfrastructureServices.Build(await CreateDatabaseAsync());
        await _services.InitializeDatabaseAsync();
    }

    public async Task DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        await DropDatabaseAsync();
    }

    /// <summary>Creates the empty database and returns the settings that point the infrastructure at it.</summary>
    protected abstract Task<Dictionary<string, string?>> CreateDatabaseAsync();

    protected abstract Task DropDatabaseAsync();
}

public sealed class MariaDbFixture : DatabaseFixture
{
    private ThrowawayDatabase? _database;

    public override string Provider => "MariaDB";

    protected override async Task<Dictionary<string, string?>> CreateDatabaseAsync()
    {
        _database = await ThrowawayDatabase.CreateAsync();
        return InfrastructureServices.MariaDb(_database.ConnectionString);
    }

    protected override async Task DropDatabaseAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}

public sealed class SqliteFixture : DatabaseFixture
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"fptest-{Guid.NewGuid():N}.db");

    public override string Provider => "SQLite";

    protected override Task<Dictionary<string, string?>> CreateDatabaseAsync() =>
        Task.FromResult(InfrastructureServices.Sqlite(_path));

    protected override Task DropDatabaseAsync()
    {
        // Pooled connections keep the file open; WAL mode leaves -wal and -shm files next to it.
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm" })
        {
            File.Delete(file);
        }

        return Task.CompletedTask;
    }
}

/// <summary>
/// The MariaDB classes that open a hundred connections at once take turns: together they would exceed the server's
/// default max_connections (151).
/// </summary>
[CollectionDefinition(Name)]
public sealed class MariaDbRaces
{
    public const string Name = "MariaDB races";
}
