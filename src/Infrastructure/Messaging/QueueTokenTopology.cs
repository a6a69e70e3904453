using FlashPurchase.Application.IntegrationEvents;
using MassTransit;
using MassTransit.Serialization;

namespace FlashPurchase.Infrastructure.Messaging;

/// <summary>
/// How queue token messages travel, set up alike by the API (which publishes them) and the Worker (which consumes
/// them): the type of their queue, which both sides declare and must declare with the same arguments (RabbitMQ
/// refuses a declaration that differs from the queue's: PRECONDITION_FAILED), and their format on the wire.
/// </summary>
internal static class QueueTokenTopology
{
    public const string Classic = "classic";
    public const string Quorum = "quorum";
    public const string Raw = "raw";
    public const string Envelope = "envelope";

    /// <summary>What is wrong with the settings, by name; empty when they are valid.</summary>
    public static IEnumerable<string> Problems(MessagingOptions options)
    {
        if (!IsOneOf(options.QueueTokenQueueType, Classic, Quorum))
        {
            yield return $"Messaging:QueueTokenQueueType must be '{Classic}' or '{Quorum}', not '{options.QueueTokenQueueType}'.";
        }

        if (!IsOneOf(options.QueueTokenFormat, Raw, Envelope))
        {
            yield return $"Messaging:QueueTokenFormat must be '{Raw}' or '{Envelope}', not '{options.QueueTokenFormat}'.";
        }
    }

    /// <summary>
    /// Both formats are read by every host, whatever it writes: during a rolling upgrade a Worker converts the
    /// enveloped messages of APIs not yet upgraded. Only the queue token message is written raw; the integration
    /// events keep MassTransit's envelope (docs/events.md).
    /// </summary>
    public static void ConfigureSerialization(IBusFactoryConfigurator bus, MessagingOptions options)
    {
        bus.AddRawJsonSerializer();
        if (string.Equals(options.QueueTokenFormat, Raw, StringComparison.OrdinalIgnoreCase))
        {
            // Plain JSON of the record, its headers (trace, message type) in the AMQP headers: the Worker deserialises
            // the message alone instead of an envelope around it, which dominated its CPU profile.
            bus.Send<QueueTokenIssued>(send => send.UseSerializer(SystemTextJsonRawMessageSerializer.JsonContentType));
        }
    }

    /// <summary>
    /// The API's side: publishing a queue token declares its queue and binds it to the message type's exchange, so a
    /// token waits in the queue even when no Worker has ever run. (The Worker's endpoint binds that exchange to the
    /// queue through the endpoint's exchange as well; RabbitMQ delivers a message once to a queue however many paths
    /// lead there.)
    /// </summary>
    public static void ConfigurePublish(IRabbitMqBusFactoryConfigurator rabbit, MessagingOptions options) =>
        rabbit.Publish<QueueTokenIssued>(publish =>
            publish.BindQueue(publish.Exchange.ExchangeName, MessagingEndpoints.QueueTokenIssued, queue => DeclareQueue(queue, options)));

    /// <summary>Both sides declare the queue with this, so their arguments always agree.</summary>
    public static void DeclareQueue(IRabbitMqQueueConfigurator queue, MessagingOptions options)
    {
        // Classic gets no argument at all, as every earlier version declared it: the queues already on a broker match.
        // MassTransit declares the endpoint's error and skipped queues with the same arguments.
        if (string.Equals(options.QueueTokenQueueType, Quorum, StringComparison.OrdinalIgnoreCase))
        {
            queue.SetQuorumQueue();
        }
    }

    private static bool IsOneOf(string? value, params string[] allowed) =>
        allowed.Any(a => string.Equals(a, value, StringComparison.OrdinalIgnoreCase));
}
