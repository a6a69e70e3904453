using MassTransit;

namespace FlashPurchase.Infrastructure.Messaging.Events;

/// <summary>A shopper's purchase token became usable: it may buy until <see cref="ExpiresAt"/>.</summary>
[MessageUrn(Urn)]
[EntityName(Urn)]
public sealed record ShopperReleased(Guid EventId, Guid SaleId, Guid UserId, Guid PurchaseTokenId, DateTimeOffset ExpiresAt)
    : IIntegrationEvent
{
    public const string Urn = "flashpurchase:events:shopper-released:v1";
}
