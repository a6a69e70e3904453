using MassTransit;

namespace FlashPurchase.Infrastructure.Messaging.Events;

/// <summary>A shopper bought one unit: what the shop's fulfilment ships.</summary>
[MessageUrn(Urn)]
[EntityName(Urn)]
public sealed record OrderPlaced(
    Guid EventId, Guid OrderId, Guid SaleId, Guid UserId, string ProductName, decimal Price, string Currency, DateTimeOffset PlacedAt)
    : IIntegrationEvent
{
    public const string Urn = "flashpurchase:events:order-placed:v1";
}
