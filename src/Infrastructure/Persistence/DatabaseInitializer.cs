using FlashPurchase.Domain.Sales;
using FlashPurchase.Infrastructure.Sales;
using FlashPurchase.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FlashPurchase.Infrastructure.Persistence;

/// <summary>
/// The database step of start-up. Where <c>Database:MigrateOnStartup</c> is on, brings the schema up to date (an
/// embedded file made before SQLite had migrations included); where it is off, refuses to start on a database with a
/// pending migration, saying what to run. Then, in the API, creates the default sale into an empty database (and, on the
/// embedded default in Development, a fresh one when every sale has closed) and the first operator. The
/// <c>migrate</c> command runs the same with migration on (<see cref="MigrateCommand"/>). A hosted service rather than
/// code in Program.cs, so that tools that run Program.cs without starting the host (NSwag) touch no database.
/// </summary>
internal sealed class DatabaseInitializer(
    IServiceScopeFactory scopes,
    IOptions<FlashSaleOptions> sale,
    FirstOperator operators,
    TimeProvider clock,
    DatabaseInitializerOptions options,
    ILogger<DatabaseInitializer> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => RunAsync(options.MigrateOnStartup, cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task RunAsync(bool migrate, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FlashPurchaseDbContext>();

        try
        {
            if (migrate)
            {
                await MigrateAsync(db, cancellationToken);
            }
            else
            {
                await EnsureNothingPendingAsync(db, cancellationToken);
            }
        }
        catch (DatabaseNotMigratedException e)
        {
            logger.LogCritical("{Reason}", e.Message);
            throw;
        }

        if (db.Database.IsSqlite())
        {
            // Readers never wait for the writer, and the writer waits (not fails) for another writer.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }

        if (!options.SeedDefaultSale)
        {
            return;
        }

        if (!await db.Sales.AnyAsync(cancellationToken))
        {
            await SeedDefaultSaleAsync(db, FlashSaleOptions.DefaultSaleId, fresh: false, cancellationToken);
        }
        else if (options.FreshDefaultSaleWhenAllClosed && !await db.Sales.AnyAsync(s => s.ClosesAt > clock.GetUtcNow(), cancellationToken))
        {
            // A newcomer's embedded database from yesterday: without this, every shopper would hear "sale_closed".
            logger.LogInformation(
                "Every sale in this embedded database has closed: creating a fresh default sale (Development only)");
            await SeedDefaultSaleAsync(db, Guid.NewGuid(), fresh: true, cancellationToken);
        }

        await operators.EnsureFirstOperatorAsync(db, cancellationToken);
    }

    private async Task MigrateAsync(FlashPurchaseDbContext db, CancellationToken cancellationToken)
    {
        if (db.Database.IsSqlite() && await SqliteEnsureCreatedAdoption.AdoptAsync(db, cancellationToken) is { } baseline)
        {
            logger.LogInformation(
                "Adopted a database file made before SQLite had migrations: recorded {Baseline} as applied", baseline);
        }

        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        await db.Database.MigrateAsync(cancellationToken);
        if (pending.Count > 0)
        {
            logger.LogInformation("Migrated the database: {Migrations}", string.Join(", ", pending));
        }
    }

    private static async Task EnsureNothingPendingAsync(FlashPurchaseDbContext db, CancellationToken cancellationToken)
    {
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count > 0)
        {
            throw new DatabaseNotMigratedException(
                $"The database is missing {pending.Count} migration(s) of this version ({string.Join(", ", pending)}) and " +
                "Database:MigrateOnStartup is off here: run the migrate command once with the same settings " +
                $"({MigrateCommand.Usage}), then start again.");
        }
    }

    private async Task SeedDefaultSaleAsync(FlashPurchaseDbContext db, Guid saleId, bool fresh, CancellationToken cancellationToken)
    {
        var o = sale.Value;
        var now = clock.GetUtcNow();
        var opensAt = o.OpensAt ?? now;
        if (fresh && opensAt + o.Duration <= now)
        {
            // Yesterday's FlashSale:OpensAt still configured: as configured, the fresh sale would be over before it
            // began (shoppers would still hear sale_closed, and every start-up would add another closed sale).
            opensAt = now;
        }

        db.Sales.Add(Sale.Schedule(saleId, o.ProductName, o.Price, o.Currency, o.Stock,
            opensAt, o.Duration, o.QueueCapacity));
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

/// <param name="SeedDefaultSale">True in the API (the default sale and the first operator); the worker only needs the schema.</param>
/// <param name="MigrateOnStartup">Database:MigrateOnStartup with its default (<see cref="DatabaseOptions.MigratesOnStartup"/>).</param>
/// <param name="FreshDefaultSaleWhenAllClosed">
/// On the embedded default in Development: when every sale has closed, create a new default sale opening now.
/// </param>
internal sealed record DatabaseInitializerOptions(bool SeedDefaultSale, bool MigrateOnStartup, bool FreshDefaultSaleWhenAllClosed = false);
