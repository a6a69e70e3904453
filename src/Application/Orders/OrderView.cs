using FlashPurchase.Domain.Orders;

namespace FlashPurchase.Application.Orders;

public sealed record OrderView(Guid OrderId, Guid SaleId, string ProductName, decimal Price, string Currency, DateTimeOffset PlacedAt)
{
    public static OrderView From(Order order) =>
        new(order.Id, order.SaleId, order.ProductName, order.Price, order.Currency, order.PlacedAt);
}
