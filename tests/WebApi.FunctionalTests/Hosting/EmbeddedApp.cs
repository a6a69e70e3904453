using Microsoft.Data.Sqlite;

namespace FlashPurchase.WebApi.FunctionalTests.Hosting;

/// <summary>The embedded default: a SQLite file of its own and the in-memory transport, the worker inside the API.</summary>
public class EmbeddedApp(
    IReadOnlyDictionary<string, string?>? overrides = null, bool useKestrel = false, string environment = "Development")
    : TestApp(overrides, useKestrel, environment)
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"fp-functional-{Guid.NewGuid():N}.db");

    public string DatabasePath => _path;

    private string ConnectionString => $"Data Source={_path}";

    public override IDatabaseProbe Database => new SqliteProbe(_path);

    /// <summary>A started embedded app for one test (dispose it with <c>await using</c>).</summary>
    public static async Task<EmbeddedApp> StartAsync(
        IReadOnlyDictionary<string, string?>? overrides = null, string environment = "Development")
    {
        var app = new EmbeddedApp(overrides, environment: environment);
        try
        {
            await app.InitializeAsync();
            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    protected override Task<IReadOnlyDictionary<string, string?>> PrepareStackAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, string?>>(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["ConnectionStrings:Database"] = ConnectionString,
            ["Messaging:Transport"] = "InMemory",
        });

    protected override ValueTask DisposeStackAsync()
    {
        DeleteDatabaseFile(_path);
        return ValueTask.CompletedTask;
    }

    /// <summary>Closes the pooled connections to the SQLite file at <paramref name="path"/> and deletes it with its companions.</summary>
    internal static void DeleteDatabaseFile(string path)
    {
        // This file's pool only: ClearAllPools would also close connections that other apps of the run (test classes
        // run in parallel) are using at that moment, and their requests fail with a disposed SQLite handle.
        using (var connection = new SqliteConnection($"Data Source={path}"))
        {
            SqliteConnection.ClearPool(connection);
        }

        foreach (var file in new[] { path, path + "-wal", path + "-shm", path + "-journal" })
        {
            try
            {
                File.Delete(file);
            }
            catch (IOException)
            {
                // Best effort: a temp file left behind is not worth failing a test run for.
            }
        }
    }
}
