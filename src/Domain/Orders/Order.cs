using FlashPurchase.Domain.Sales;

namespace FlashPurchase.Domain.Orders;

/// <summary>One unit bought by one shopper with one purchase token. Unique per (sale, user) and per purchase token.</summary>
public sealed class Order
{
    private Order()
    {
        ProductName = string.Empty;
        Currency = string.Empty;
    }

    public Guid Id { get; private set; }
    public Guid SaleId { get; private set; }
    public Guid UserId { get; private set; }
    public Guid PurchaseTokenId { get; private set; }

    // Copied from the sale: an order keeps what the shopper paid for even if the sale is edited later.
    public string ProductName { get; private set; }
    public decimal Price { get; private set; }
    public string Currency { get; private set; }
    public DateTimeOffset PlacedAt { get; private set; }

    public static Order Place(Sale sale, Guid userId, Guid purchaseTokenId, DateTimeOffset placedAt) => new()
    {
        Id = Guid.NewGuid(),
        SaleId = sale.Id,
        UserId = userId,
        PurchaseTokenId = purchaseTokenId,
        ProductName = sale.ProductName,
        Price = sale.Price,
        Currency = sale.Currency,
        PlacedAt = placedAt,
    };
}
