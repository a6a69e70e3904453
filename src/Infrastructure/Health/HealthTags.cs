namespace FlashPurchase.Infrastructure.Health;

public static class HealthTags
{
    /// <summary>
    /// The checks behind /health/ready: the database, the broker (on RabbitMQ) and MassTransit's bus (which MassTransit
    /// tags so).
    /// </summary>
    public const string Ready = "ready";
}
