using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace FlashPurchase.Infrastructure.Persistence;

/// <summary>
/// For <c>dotnet ef migrations add</c>: the migrations are MySQL's (SQLite's schema is created from the model). No
/// connection is opened: the server version is given, not detected.
/// </summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<FlashPurchaseDbContext>
{
    public FlashPurchaseDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<FlashPurchaseDbContext>()
            .UseMySql("Server=localhost;Database=flashpurchase", ServerVersion.Parse(new DatabaseOptions().ServerVersion))
            .Options);
}
