using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using MySqlConnector;

namespace FlashPurchase.WebApi.FunctionalTests.Problems;

/// <summary>Real failures of the database drivers, as the repositories would see them.</summary>
internal static class DatabaseFailures
{
    /// <summary>What a stopped MariaDB looks like to the driver: nothing listens on port 1.</summary>
    public static async Task<MySqlException> ServerNotThereAsync()
    {
        await using var connection = new MySqlConnection("Server=127.0.0.1;Port=1;User ID=nobody;Connection Timeout=2");
        try
        {
            await connection.OpenAsync();
        }
        catch (MySqlException e)
        {
            return e;
        }

        throw new InvalidOperationException("Something listens on 127.0.0.1:1.");
    }

    /// <summary>A statement the database refuses for good: a unique key violation, wrapped as EF Core wraps it.</summary>
    public static DbUpdateException UniqueKeyViolation()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "CREATE TABLE users (name TEXT UNIQUE); INSERT INTO users VALUES ('alice'); INSERT INTO users VALUES ('alice');";
        try
        {
            command.ExecuteNonQuery();
        }
        catch (SqliteException e)
        {
            return new DbUpdateException("An error occurred while saving the entity changes.", e);
        }

        throw new InvalidOperationException("SQLite took a duplicate of a unique key.");
    }
}
