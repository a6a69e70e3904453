namespace FlashPurchase.Infrastructure.Messaging.Events;

/// <summary>
/// An event for downstream systems (a shop's checkout, fulfilment, support), written to the outbox in the transaction of
/// the change it reports and published by the relay after that commit, at least once. <see cref="EventId"/> is the
/// message's MessageId on the broker too: a consumer that saw it before has seen this event.
/// </summary>
/// <remarks>
/// The contracts live here rather than beside QueueTokenIssued in Application: their stable names are MassTransit's
/// [MessageUrn] and [EntityName] attributes, and the architecture tests keep MassTransit out of Application. A
/// downstream consumer needs none of these types: it declares its own record with the same URN (see docs/events.md).
/// </remarks>
public interface IIntegrationEvent
{
    Guid EventId { get; }
}
