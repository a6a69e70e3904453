using MassTransit;

namespace FlashPurchase.Infrastructure.Messaging.Events;

/// <summary>A sale's window opened at <see cref="At"/> (its opensAt); announced once, shortly after.</summary>
[MessageUrn(Urn)]
[EntityName(Urn)]
public sealed record SaleOpened(Guid EventId, Guid SaleId, DateTimeOffset At) : IIntegrationEvent
{
    public const string Urn = "flashpurchase:events:sale-opened:v1";
}
