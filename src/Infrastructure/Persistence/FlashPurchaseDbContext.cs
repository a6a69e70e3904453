using FlashPurchase.Domain.Orders;
using FlashPurchase.Domain.Queue;
using FlashPurchase.Domain.Sales;
using FlashPurchase.Domain.Users;
using FlashPurchase.Infrastructure.Messaging.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace FlashPurchase.Infrastructure.Persistence;

/// <summary>
/// The application's context. Each engine has a subclass of its own (<see cref="MySqlFlashPurchaseDbContext"/>,
/// <see cref="SqliteFlashPurchaseDbContext"/>) only so that each has its own migrations: EF finds a context's
/// migrations by its type. Everything else asks for this type.
/// </summary>
public abstract class FlashPurchaseDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<User> Users => Set<User>();
    public DbSet<Sale> Sales => Set<Sale>();
    public DbSet<QueuePlace> QueuePlaces => Set<QueuePlace>();
    public DbSet<PurchaseToken> PurchaseTokens => Set<PurchaseToken>();
    public DbSet<Order> Orders => Set<Order>();
    internal DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(FlashPurchaseDbContext).Assembly);

        // "Alice" and "alice" are one user on both engines, whatever the database's default collation.
        modelBuilder.Entity<User>().Property(u => u.Username)
            .UseCollation(Database.IsSqlite() ? "NOCASE" : "utf8mb4_unicode_ci");
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        if (Database.IsSqlite())
        {
            // SQLite has no date type: store UTC ticks, which sort and compare like the instants they are.
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
        }
    }

    private sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
        value => value.UtcTicks,
        ticks => new DateTimeOffset(ticks, TimeSpan.Zero));
}
