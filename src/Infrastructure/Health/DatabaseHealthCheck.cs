using FlashPurchase.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FlashPurchase.Infrastructure.Health;

internal sealed class DatabaseHealthCheck(FlashPurchaseDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            return await db.Database.CanConnectAsync(cancellationToken)
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
