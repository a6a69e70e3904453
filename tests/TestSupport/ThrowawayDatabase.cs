using MySqlConnector;

namespace FlashPurchase.TestSupport;

/// <summary>An empty MariaDB/MySQL database of its own for one test fixture, dropped when disposed.</summary>
public sealed class ThrowawayDatabase : IAsyncDisposable
{
    private readonly string _adminConnectionString;

    private ThrowawayDatabase(string name, string connectionString, string adminConnectionString)
    {
        Name = name;
        ConnectionString = connectionString;
        _adminConnectionString = adminConnectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    /// <summary>On the server scripts/test.sh starts (<see cref="TestServers.MySqlAdminConnectionString"/>).</summary>
    public static Task<ThrowawayDatabase> CreateAsync() => CreateAsync(TestServers.MySqlAdminConnectionString);

    /// <summary>On another server, through an account that may create and drop databases named fptest_*.</summary>
    public static async Task<ThrowawayDatabase> CreateAsync(string adminConnectionString)
    {
        // The test account may create and drop only databases named fptest_*.
        var name = $"fptest_{Guid.NewGuid():N}";
        await ExecuteAsync(adminConnectionString, $"CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci");
        var builder = new MySqlConnectionStringBuilder(adminConnectionString)
        {
            Database = name,
            MaximumPoolSize = 200,
        };
        return new ThrowawayDatabase(name, builder.ConnectionString, adminConnectionString);
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
        await ExecuteAsync(_adminConnectionString, $"DROP DATABASE IF EXISTS `{Name}`");
    }

    private static async Task ExecuteAsync(string adminConnectionString, string sql)
    {
        await using var connection = new MySqlConnection(adminConnectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
