using System.Text.Json;
using FlashPurchase.Infrastructure.Messaging.Events;

namespace FlashPurchase.Infrastructure.Messaging.Outbox;

/// <summary>
/// One integration event waiting to be published (or published, until pruned): a row of <c>outbox_messages</c>,
/// written in the transaction of the change it reports.
/// </summary>
internal sealed class OutboxMessage
{
    private OutboxMessage()
    {
        Type = string.Empty;
        Payload = string.Empty;
    }

    /// <summary>The event's <see cref="IIntegrationEvent.EventId"/>, also the MessageId it is published with.</summary>
    public Guid Id { get; private set; }

    /// <summary>The event's stable name (its URN, see <see cref="IntegrationEventTypes"/>).</summary>
    public string Type { get; private set; }

    public string Payload { get; private set; }

    public DateTimeOffset OccurredAt { get; private set; }

    /// <summary>When the broker confirmed it; null while it waits.</summary>
    public DateTimeOffset? SentAt { get; private set; }

    /// <summary>Until when a relay holds it (publishing it, or waiting out a failure); null: free to take.</summary>
    public DateTimeOffset? LeaseUntil { get; private set; }

    /// <summary>The relay round that took it last: a relay publishes only the rows its own round took.</summary>
    public Guid? ClaimId { get; private set; }

    /// <summary>Failed attempts to publish it.</summary>
    public int Attempts { get; private set; }

    public static OutboxMessage For<TEvent>(TEvent integrationEvent, DateTimeOffset occurredAt)
        where TEvent : class, IIntegrationEvent => new()
        {
            Id = integrationEvent.EventId,
            Type = IntegrationEventTypes.UrnOf(typeof(TEvent)),
            Payload = JsonSerializer.Serialize(integrationEvent, JsonSerializerOptions.Web),
            OccurredAt = occurredAt,
        };

    /// <summary>The event this row holds, as its contract type.</summary>
    public object ToEvent() =>
        JsonSerializer.Deserialize(Payload, IntegrationEventTypes.TypeOf(Type), JsonSerializerOptions.Web)
        ?? throw new InvalidOperationException($"Outbox message {Id} holds no event.");
}
