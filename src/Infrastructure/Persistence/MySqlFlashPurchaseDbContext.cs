using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace FlashPurchase.Infrastructure.Persistence;

/// <summary>The context on MySQL/MariaDB: its migrations are in Migrations/MySql.</summary>
internal sealed class MySqlFlashPurchaseDbContext(DbContextOptions<MySqlFlashPurchaseDbContext> options)
    : FlashPurchaseDbContext(options);

/// <summary>
/// For <c>dotnet ef migrations add Name --context MySqlFlashPurchaseDbContext --output-dir Persistence/Migrations/MySql</c>.
/// No connection is opened: the server version is given, not detected.
/// </summary>
internal sealed class MySqlDesignTimeDbContextFactory : IDesignTimeDbContextFactory<MySqlFlashPurchaseDbContext>
{
    public MySqlFlashPurchaseDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<MySqlFlashPurchaseDbContext>()
            .UseMySql("Server=localhost;Database=flashpurchase", ServerVersion.Parse(new DatabaseOptions().ServerVersion))
            .Options);
}
