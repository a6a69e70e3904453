using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace FlashPurchase.Infrastructure.Persistence;

/// <summary>The context on SQLite (the embedded default): its migrations are in Migrations/Sqlite.</summary>
internal sealed class SqliteFlashPurchaseDbContext(DbContextOptions<SqliteFlashPurchaseDbContext> options)
    : FlashPurchaseDbContext(options);

/// <summary>
/// For <c>dotnet ef migrations add Name --context SqliteFlashPurchaseDbContext --output-dir Persistence/Migrations/Sqlite</c>.
/// </summary>
internal sealed class SqliteDesignTimeDbContextFactory : IDesignTimeDbContextFactory<SqliteFlashPurchaseDbContext>
{
    public SqliteFlashPurchaseDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteFlashPurchaseDbContext>()
            .UseSqlite(DatabaseOptions.DefaultConnectionString)
            .Options);
}
