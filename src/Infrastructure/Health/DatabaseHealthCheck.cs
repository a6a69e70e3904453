using FlashPurchase.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FlashPurchase.Infrastructure.Health;

internal sealed class DatabaseHealthCheck(FlashPurchaseDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            // What Database.CanConnectAsync asks, without its catch-all: that one turns every failure into a bare
            // false, and the report could not say why the database cannot be reached.
            return await db.GetService<IRelationalDatabaseCreator>().ExistsAsync(cancellationToken)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("The database cannot be reached.");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The report (and the health check service's log) keeps the failure; /health/ready shows only the check's name.
            return HealthCheckResult.Unhealthy("The database cannot be reached.", e);
        }
    }
}
