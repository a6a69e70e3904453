using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using MySqlConnector;

namespace FlashPurchase.Infrastructure.Persistence;

internal static class UniqueKeyViolation
{
    private const int SqliteConstraintUnique = 2067;
    private const int SqliteConstraintPrimaryKey = 1555;

    /// <summary>True when the save failed because a unique key already holds the value: an expected race, not a fault.</summary>
    public static bool Is(DbUpdateException exception) => exception.InnerException is DbException inner && Is(inner);

    /// <inheritdoc cref="Is(DbUpdateException)"/>
    public static bool Is(DbException exception) => exception switch
    {
        MySqlException mySql => mySql.ErrorCode == MySqlErrorCode.DuplicateKeyEntry,
        SqliteException sqlite => sqlite.SqliteExtendedErrorCode is SqliteConstraintUnique or SqliteConstraintPrimaryKey,
        _ => false,
    };
}
