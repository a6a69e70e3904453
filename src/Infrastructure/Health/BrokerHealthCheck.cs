using Microsoft.Extensions.Diagnostics.HealthChecks;
using RabbitMQ.Client;

namespace FlashPurchase.Infrastructure.Health;

/// <summary>
/// The broker can be reached: an AMQP connection to the configured broker and virtual host opens. MassTransit's own
/// bus check follows only receive endpoints, so in the API, which only sends, it stays Healthy while the broker is
/// down (MassTransit issue #2716) and readiness would not say that joining the queue cannot work.
/// </summary>
internal sealed class BrokerHealthCheck(Uri broker) : IHealthCheck
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(3);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var factory = new ConnectionFactory
        {
            Uri = broker,
            RequestedConnectionTimeout = Patience,
            HandshakeContinuationTimeout = Patience,
            AutomaticRecoveryEnabled = false,
            TopologyRecoveryEnabled = false,
            ClientProvidedName = "flashpurchase-readiness",
        };
        try
        {
            await using var connection = await factory.CreateConnectionAsync(cancellationToken);
            await connection.CloseAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The report (and the health check service's log) keeps the failure; /health/ready shows only the check's name.
            return HealthCheckResult.Unhealthy("The message broker cannot be reached.", e);
        }
    }
}
