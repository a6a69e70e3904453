using MySqlConnector;

namespace FlashPurchase.TestSupport;

/// <summary>An empty MariaDB/MySQL database of its own for one test fixture, dropped when disposed.</summary>
public sealed class ThrowawayDatabase : IAsyncDisposable
{
    private ThrowawayDatabase(string name, string connectionString)
    {
        Name = name;
        ConnectionString = connectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    public static async Task<ThrowawayDatabase> CreateAsync()
    {
        // The test account may create and drop only databases named fptest_*.
        var name = $"fptest_{Guid.NewGuid():N}";
        await ExecuteAsync($"CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci");
        var builder = new MySqlConnectionStringBuilder(TestServers.MySqlAdminConnectionString)
        {
            Database = name,
            MaximumPoolSize = 200,
        };
        return new ThrowawayDatabase(name, builder.ConnectionString);
    }

    /// <summary>Runs a scalar query on this database (for checking invariants behind the API's back).</summary>
    public async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new MySqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    public async ValueTask DisposeAsync()
    {
        MySqlConnection.ClearAllPools();
        await ExecuteAsync($"DROP DATABASE IF EXISTS `{Name}`");
    }

    private static async Task ExecuteAsync(string sql)
    {
        await using var connection = new MySqlConnection(TestServers.MySqlAdminConnectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
