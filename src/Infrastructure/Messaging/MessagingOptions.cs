namespace FlashPurchase.Infrastructure.Messaging;

public enum MessagingTransport
{
    /// <summary>In-process: the queue worker runs inside the API process. The embedded default.</summary>
    InMemory,

    RabbitMq,
}

public sealed class MessagingOptions
{
    public const string SectionName = "Messaging";
    public const string ConnectionStringName = "RabbitMq";
    public const string DefaultConnectionString = "amqp://guest:guest@127.0.0.1:5672/";

    public MessagingTransport Transport { get; set; } = MessagingTransport.InMemory;

    /// <summary>
    /// How long "join the queue" waits for the broker to confirm a queue token before answering
    /// <c>503 queue_unavailable</c>: a broker outage must not hang shoppers for their whole client timeout.
    /// </summary>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>How many queue token messages a worker handles at once.</summary>
    public int ConsumerConcurrency { get; set; } = 32;
}
