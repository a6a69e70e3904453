using Microsoft.Extensions.Options;

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

    /// <summary>
    /// The queue token queue's type: <c>classic</c> (one broker), or <c>quorum</c> (replicated across a RabbitMQ
    /// cluster). RabbitMQ cannot change an existing queue's type: drain and delete the queue (and its _error and
    /// _skipped queues) before changing it.
    /// </summary>
    public string QueueTokenQueueType { get; set; } = QueueTokenTopology.Classic;

    /// <summary>
    /// How the API writes queue token messages: <c>raw</c> (plain JSON) or <c>envelope</c> (MassTransit's JSON
    /// envelope, the only format Workers before this setting read: keep it until every Worker is upgraded).
    /// </summary>
    public string QueueTokenFormat { get; set; } = QueueTokenTopology.Raw;

    /// <summary>A misspelt queue type or format stops the start with the setting's name, not with a broker error later.</summary>
    internal sealed class Validation : IValidateOptions<MessagingOptions>
    {
        public ValidateOptionsResult Validate(string? name, MessagingOptions options) =>
            QueueTokenTopology.Problems(options).ToList() is { Count: > 0 } problems
                ? ValidateOptionsResult.Fail(problems)
                : ValidateOptionsResult.Success;
    }
}
