using MassTransit;

namespace FlashPurchase.Infrastructure.Messaging.Events;

/// <summary>A sale's window ended at <see cref="At"/>: its closesAt, or the moment an operator closed it early.</summary>
[MessageUrn(Urn)]
[EntityName(Urn)]
public sealed record SaleClosed(Guid EventId, Guid SaleId, DateTimeOffset At) : IIntegrationEvent
{
    public const string Urn = "flashpurchase:events:sale-closed:v1";
}
