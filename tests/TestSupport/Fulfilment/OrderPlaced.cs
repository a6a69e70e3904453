using MassTransit;

namespace FlashPurchase.TestSupport.Fulfilment;

/// <summary>
/// The shop's own copy of FlashPurchase's OrderPlaced contract, as docs/events.md gives it: it references none of
/// FlashPurchase's assemblies. The URN and the exchange name are what tie it to the events FlashPurchase publishes.
/// </summary>
[MessageUrn("flashpurchase:events:order-placed:v1")]
[EntityName("flashpurchase:events:order-placed:v1")]
public sealed record OrderPlaced(
    Guid EventId, Guid OrderId, Guid SaleId, Guid UserId, string ProductName, decimal Price, string Currency, DateTimeOffset PlacedAt);
