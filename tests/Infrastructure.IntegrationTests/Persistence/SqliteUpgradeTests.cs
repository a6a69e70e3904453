using FlashPurchase.Infrastructure.IntegrationTests.Support;
using FlashPurchase.Infrastructure.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace FlashPurchase.Infrastructure.IntegrationTests.Persistence;

/// <summary>
/// The embedded database file has migrations now. A file made before them, by EnsureCreated (no migration history),
/// is adopted and upgraded at start-up with its rows; a file from before that schema is refused, untouched; a file an
/// earlier version migrated is migrated on and goes on selling. Each test has a file of its own.
/// </summary>
public sealed class SqliteUpgradeTests : IDisposable
{
    private static readonly string PreviousSchema = File.ReadAllText(
        Path.Combine(AppContext.BaseDirectory, "Persistence", "PreviousSchemas", "sqlite-ensurecreated-f52dc94.sql"));

    /// <summary>The SQLite migrations the version before SalesRunByOperators had: this one alone.</summary>
    private const string BeforeSalesRunByOperators = "InitialSchema";

    private readonly string _path = Path.Combine(Path.GetTempPath(), $"fptest-upgrade-{Guid.NewGuid():N}.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm", _path + "-journal" })
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task StartUp_OnAFileMadeByEnsureCreated_AdoptsIt_AppliesEveryLaterMigration_AndKeepsItsRows()
    {
        await CreatePreviousVersionFileAsync(PreviousSchema, withRows: true);
        await using var services = Build(environment: "Production"); // SQLite migrates by default, in any environment

        await services.InitializeDatabaseAsync();

        var migrations = await services.QueryAsync(db => Task.FromResult(db.Database.GetMigrations().ToList()));
        (await services.QueryAsync(db => db.Database.GetAppliedMigrationsAsync())).Should().Equal(migrations);
        (await services.QueryAsync(db => db.Database.GetPendingMigrationsAsync())).Should().BeEmpty();
        await PreviousVersionRows.AssertKeptAsync(services);
        await PreviousVersionRows.AssertNewColumnsDefaultedAsync(services);
        (await ScalarAsync("PRAGMA journal_mode")).Should().Be("wal");

        // A restart changes nothing more.
        await services.InitializeDatabaseAsync();
        (await services.QueryAsync(db => db.Database.GetAppliedMigrationsAsync())).Should().Equal(migrations);
        await PreviousVersionRows.AssertKeptAsync(services);
    }

    [Fact]
    public async Task StartUp_OnAFileAtTheMigrationBeforeSalesRunByOperators_AppliesIt_KeepsItsRows_AndGoesOnSelling()
    {
        // What the version before SalesRunByOperators left: a file migrated to InitialSchema, with a shopper's rows.
        await using (var previous = Build())
        {
            await using var scope = previous.CreateAsyncScope();
            var database = scope.ServiceProvider.GetRequiredService<FlashPurchaseDbContext>().Database;
            await database.GetService<IMigrator>().MigrateAsync(BeforeSalesRunByOperators);
            (await database.GetAppliedMigrationsAsync()).Should().ContainSingle().Which.Should().EndWith(BeforeSalesRunByOperators);
        }

        await using (var connection = new SqliteConnection($"Data Source={_path};Pooling=false"))
        {
            await connection.OpenAsync();
            await PreviousVersionRows.InsertIntoSqliteAsync(connection);
        }

        await using var services = Build(clock: new FakeTimeProvider(PreviousVersionRows.DuringTheSale));

        await services.InitializeDatabaseAsync();

        var migrations = await services.QueryAsync(db => Task.FromResult(db.Database.GetMigrations().ToList()));
        migrations.Should().HaveCountGreaterThan(1, "there is something to upgrade");
        (await services.QueryAsync(db => db.Database.GetAppliedMigrationsAsync())).Should().Equal(migrations);
        await PreviousVersionRows.AssertKeptAsync(services);
        await PreviousVersionRows.AssertNewColumnsDefaultedAsync(services);
        await PreviousVersionRows.AssertPastTransitionsMarkedAnnouncedAsync(services);
        await PreviousVersionRows.AssertStillSellsAsync(services);
    }

    [Fact]
    public async Task StartUp_OfSeveralProcessesAtOnceOnAFileMadeByEnsureCreated_AdoptsItOnce()
    {
        await CreatePreviousVersionFileAsync(PreviousSchema, withRows: true);
        var processes = Enumerable.Range(0, 4).Select(_ => Build()).ToList();
        try
        {
            await Task.WhenAll(processes.Select(p => Task.Run(() => p.InitializeDatabaseAsync())));

            var migrations = await processes[0].QueryAsync(db => Task.FromResult(db.Database.GetMigrations().ToList()));
            (await processes[0].QueryAsync(db => db.Database.GetAppliedMigrationsAsync())).Should().Equal(migrations);
            await PreviousVersionRows.AssertKeptAsync(processes[0]);
        }
        finally
        {
            foreach (var process in processes)
            {
                await process.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task TheFirstMigration_BuildsExactlyTheSchemaEnsureCreatedMade()
    {
        // What adoption relies on: a file EnsureCreated made is the first migration's, to the letter.
        await CreatePreviousVersionFileAsync(PreviousSchema, withRows: false);
        var made = await SchemaAsync(_path);
        var migrated = Path.Combine(Path.GetTempPath(), $"fptest-upgrade-{Guid.NewGuid():N}.db");
        try
        {
            await using (var services = Build(migrated))
            {
                await using var scope = services.CreateAsyncScope();
                var database = scope.ServiceProvider.GetRequiredService<FlashPurchaseDbContext>().Database;
                await database.GetService<IMigrator>().MigrateAsync(database.GetMigrations().First());
            }

            (await SchemaAsync(migrated)).Should().Equal(made);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(migrated);
        }
    }

    [Fact]
    public async Task StartUp_OnAFileOfAnOlderSchema_RefusesItInOneLineSayingWhatToDo_AndLeavesItAsItWas()
    {
        // Before the purchase tokens' (sale_id, issued_at) index, EnsureCreated made a plain sale_id index.
        var older = PreviousSchema.Replace(
            "CREATE INDEX \"ix_purchase_tokens_sale_issued\" ON \"purchase_tokens\" (\"sale_id\", \"issued_at\");",
            "CREATE INDEX \"IX_purchase_tokens_sale_id\" ON \"purchase_tokens\" (\"sale_id\");");
        older.Should().NotBe(PreviousSchema);
        await CreatePreviousVersionFileAsync(older, withRows: true);
        var before = await SchemaAsync(_path);
        await using var services = Build();

        var start = () => services.InitializeDatabaseAsync();

        var refusal = (await start.Should().ThrowAsync<DatabaseNotMigratedException>()).Which.Message;
        refusal.Should().Contain(_path).And.Contain("move it aside").And.NotContain("\n");
        (await SchemaAsync(_path)).Should().Equal(before);
        (await ScalarAsync("SELECT COUNT(*) FROM sqlite_master WHERE name LIKE '\\_\\_EF%' ESCAPE '\\'")).Should().Be(0L);
        (await ScalarAsync("SELECT COUNT(*) FROM orders")).Should().Be(1L);
    }

    [Fact]
    public async Task StartUp_WithMigrateOnStartupOff_OnAFileMadeByEnsureCreated_FailsSayingWhatToRun_AndChangesNothing()
    {
        await CreatePreviousVersionFileAsync(PreviousSchema, withRows: true);
        var before = await SchemaAsync(_path);
        await using var services = Build(migrateOnStartup: false);

        var start = () => services.InitializeDatabaseAsync();

        var refusal = (await start.Should().ThrowAsync<DatabaseNotMigratedException>()).Which.Message;
        refusal.Should().Contain("InitialSchema").And.Contain("Database:MigrateOnStartup is off")
            .And.Contain("FlashPurchase.WebApi.dll migrate").And.NotContain("\n");
        (await SchemaAsync(_path)).Should().Equal(before, "nothing is adopted or migrated");
        (await ScalarAsync("SELECT COUNT(*) FROM sqlite_master WHERE name LIKE '\\_\\_EF%' ESCAPE '\\'")).Should().Be(0L);
        (await ScalarAsync("PRAGMA journal_mode")).Should().Be("delete");
    }

    [Fact]
    public async Task TheMigrateCommand_WithMigrateOnStartupOff_UpgradesAFileMadeByEnsureCreated()
    {
        await CreatePreviousVersionFileAsync(PreviousSchema, withRows: true);
        // Outside Development: there, a database whose sales have all closed would get a fresh default sale.
        await using var services = Build(migrateOnStartup: false, seedDefaultSale: true, environment: "Production");

        (await MigrateCommand.RunAsync(services)).Should().Be(0);

        (await services.QueryAsync(db => db.Database.GetPendingMigrationsAsync())).Should().BeEmpty();
        await PreviousVersionRows.AssertKeptAsync(services); // and no second sale: the database holds one already
        await services.InitializeDatabaseAsync(); // the check at start-up now passes
    }

    private ServiceProvider Build(
        string? path = null, string environment = "Development", bool? migrateOnStartup = null, bool seedDefaultSale = false,
        TimeProvider? clock = null)
    {
        var settings = InfrastructureServices.Sqlite(path ?? _path);
        if (migrateOnStartup is { } migrate)
        {
            settings["Database:MigrateOnStartup"] = migrate ? "true" : "false";
        }

        return InfrastructureServices.Build(settings, setup => setup.SeedDefaultSale = seedDefaultSale, clock, environment: environment);
    }

    /// <summary>The file the previous version made: its schema and, optionally, a shopper's rows.</summary>
    private async Task CreatePreviousVersionFileAsync(string schema, bool withRows)
    {
        await using var connection = new SqliteConnection($"Data Source={_path};Pooling=false");
        await connection.OpenAsync();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = schema;
            await command.ExecuteNonQueryAsync();
        }

        if (withRows)
        {
            await PreviousVersionRows.InsertIntoSqliteAsync(connection);
        }
    }

    private async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={_path};Pooling=false");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    /// <summary>Our tables and indexes as SQLite keeps them (EF's history and lock tables aside).</summary>
    private static async Task<List<string>> SchemaAsync(string path)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=false");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT type || ' ' || name || ': ' || COALESCE(sql, '') FROM sqlite_master " +
            "WHERE tbl_name NOT LIKE '\\_\\_EF%' ESCAPE '\\' ORDER BY type, name";
        var objects = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            objects.Add(reader.GetString(0));
        }

        return objects;
    }
}
