using FlashPurchase.Domain.Sales;
using FlashPurchase.Infrastructure.Sales;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FlashPurchase.Infrastructure.Persistence;

/// <summary>
/// Brings the schema up to date when the host starts (migrations on MySQL, the model itself on SQLite) and, in the
/// API, creates the default sale into an empty database. A hosted service rather than code in Program.cs, so that
/// tools that run Program.cs without starting the host (NSwag) touch no database.
/// </summary>
internal sealed class DatabaseInitializer(
    IServiceScopeFactory scopes,
    IOptions<FlashSaleOptions> sale,
    TimeProvider clock,
    DatabaseInitializerOptions options,
    ILogger<DatabaseInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FlashPurchaseDbContext>();

        if (db.Database.IsSqlite())
        {
            await db.Database.EnsureCreatedAsync(cancellationToken);

            // Readers never wait for the writer, and the writer waits (not fails) for another writer.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
        else
        {
            await db.Database.MigrateAsync(cancellationToken);
        }

        if (options.SeedDefaultSale && !await db.Sales.AnyAsync(cancellationToken))
        {
            await SeedDefaultSaleAsync(db, cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task SeedDefaultSaleAsync(FlashPurchaseDbContext db, CancellationToken cancellationToken)
    {
        var o = sale.Value;
        db.Sales.Add(Sale.Schedule(FlashSaleOptions.DefaultSaleId, o.ProductName, o.Price, o.Currency, o.Stock,
            o.OpensAt ?? clock.GetUtcNow(), o.Duration, o.QueueCapacity));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            logger.LogInformation("Created the default sale: {Stock} x {Product}", o.Stock, o.ProductName);
        }
        catch (DbUpdateException e) when (UniqueKeyViolation.Is(e))
        {
            logger.LogInformation("Another process created the default sale first");
        }
    }
}

/// <param name="SeedDefaultSale">True in the API; the worker only needs the schema.</param>
internal sealed record DatabaseInitializerOptions(bool SeedDefaultSale);
