using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FlashPurchase.Infrastructure.Persistence;

/// <summary>
/// The one place migrations run on the real stack: <c>dotnet FlashPurchase.WebApi.dll migrate</c>, once, before the
/// API and the Worker start (they only check the schema there). It brings the schema up to date whatever
/// <c>Database:MigrateOnStartup</c> says, creates the default sale when the host seeds one, and exits.
/// </summary>
public static class MigrateCommand
{
    public const string Name = "migrate";

    public const string Usage = "dotnet FlashPurchase.WebApi.dll migrate, or dotnet run --project src/WebApi -- migrate";

    /// <returns>The process's exit code: 0 when the schema is up to date.</returns>
    public static async Task<int> RunAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(MigrateCommand).FullName!);
        try
        {
            await services.GetRequiredService<DatabaseInitializer>().RunAsync(migrate: true, cancellationToken);
            logger.LogInformation("The database is up to date");
            return 0;
        }
        catch (DatabaseNotMigratedException)
        {
            return 1; // its one line is logged already
        }
        catch (Exception e)
        {
            logger.LogCritical(e, "Migrating the database failed: {Reason}", e.Message);
            return 1;
        }
    }
}
