using System.Data.Common;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace FlashPurchase.Infrastructure.Persistence;

/// <summary>
/// Until commit f52dc94 the SQLite file was made by <c>EnsureCreated</c>: our tables, and no migration history. Such a
/// file whose schema is exactly the first SQLite migration's is adopted: that migration is recorded as applied, nothing
/// else changes, and the migrations after it then upgrade the file with its data. A file with any other schema (made by
/// an even older version) is refused with a line that says what to do, and left as it was.
/// </summary>
internal static partial class SqliteEnsureCreatedAdoption
{
    /// <returns>The migration recorded as applied, or null when the file needed no adoption (new, or migrated).</returns>
    public static async Task<string?> AdoptAsync(FlashPurchaseDbContext db, CancellationToken cancellationToken)
    {
        var database = db.Database;
        var history = database.GetService<IHistoryRepository>();

        // BEGIN IMMEDIATE (Microsoft.Data.Sqlite's default): a second process starting on the same file waits here,
        // then finds the history this one wrote.
        await using var transaction = await database.BeginTransactionAsync(cancellationToken);
        if (await history.ExistsAsync(cancellationToken))
        {
            return null;
        }

        var schema = await ReadSchemaAsync(database.GetDbConnection(), cancellationToken);
        if (schema.Count == 0)
        {
            return null; // a new, empty file: the migrations build it
        }

        var baseline = database.GetMigrations().First();
        if (!schema.SequenceEqual(await BaselineSchemaAsync(baseline, cancellationToken)))
        {
            throw new DatabaseNotMigratedException(
                $"The database file {database.GetDbConnection().DataSource} was made by a version of FlashPurchase older than its first SQLite migration " +
                $"({baseline}) and cannot be upgraded: move it aside (its data stays in it) and start again, which " +
                "creates a new file.");
        }

        await database.ExecuteSqlRawAsync(history.GetCreateIfNotExistsScript(), cancellationToken);
        await database.ExecuteSqlRawAsync(
            history.GetInsertScript(new HistoryRow(baseline, ProductInfo.GetVersion())), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return baseline;
    }

    /// <summary>The schema the first migration builds, in a scratch database in memory.</summary>
    private static async Task<List<string>> BaselineSchemaAsync(string baseline, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection("Data Source=:memory:");
        await connection.OpenAsync(cancellationToken);
        await using (var scratch = new SqliteFlashPurchaseDbContext(
            new DbContextOptionsBuilder<SqliteFlashPurchaseDbContext>().UseSqlite(connection).Options))
        {
            await scratch.GetService<IMigrator>().MigrateAsync(baseline, cancellationToken);
        }

        return await ReadSchemaAsync(connection, cancellationToken);
    }

    /// <summary>Our tables and indexes as SQLite keeps them: type, name and the statement that made each.</summary>
    private static async Task<List<string>> ReadSchemaAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText =
            "SELECT type, name, sql FROM sqlite_master " +
            @"WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite\_%' ESCAPE '\' AND name NOT LIKE '\_\_EF%' ESCAPE '\' " +
            "ORDER BY type, name";
        var objects = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            objects.Add($"{reader.GetString(0)} {reader.GetString(1)}: {Whitespace().Replace(reader.GetString(2), " ")}");
        }

        return objects;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
