using MassTransit;

namespace FlashPurchase.Infrastructure.Messaging.Events;

/// <summary>The order placed at <see cref="At"/> took a sale's last unit.</summary>
[MessageUrn(Urn)]
[EntityName(Urn)]
public sealed record SaleSoldOut(Guid EventId, Guid SaleId, DateTimeOffset At) : IIntegrationEvent
{
    public const string Urn = "flashpurchase:events:sale-sold-out:v1";
}
