using FlashPurchase.TestSupport;
using Microsoft.Data.Sqlite;

namespace FlashPurchase.WebApi.FunctionalTests.Hosting;

/// <summary>Reads the app's database behind the API's back, to check invariants the HTTP answers cannot prove.</summary>
public interface IDatabaseProbe
{
    Task<long> ScalarAsync(string sql);
}

public sealed class SqliteProbe(string path) : IDatabaseProbe
{
    public async Task<long> ScalarAsync(string sql)
    {
        // No pooling: the file is deleted when the app is disposed.
        await using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }
}

public sealed class MySqlProbe(ThrowawayDatabase database) : IDatabaseProbe
{
    public Task<long> ScalarAsync(string sql) => database.ScalarAsync(sql);
}
