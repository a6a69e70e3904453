namespace FlashPurchase.Infrastructure.Health;

public static class HealthTags
{
    /// <summary>The checks behind /health/ready: the database and the broker (MassTransit tags its bus check so).</summary>
    public const string Ready = "ready";
}
