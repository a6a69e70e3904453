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

    /// <summary>
    /// The most queue token messages a worker converts in one batch (two reads and one insert per batch). A batch
    /// starts as soon as this many are waiting, or <see cref="ConversionBatchWait"/> after its first message.
    /// </summary>
    public int ConversionBatchSize { get; set; } = 500;

    /// <summary>How long a batch waits for more messages after its first: a short wait, since shoppers poll for the result.</summary>
    public TimeSpan ConversionBatchWait { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>How many batches a worker converts at once: one fills while another is in the database.</summary>
    public int ConsumerConcurrency { get; set; } = 2;
}
