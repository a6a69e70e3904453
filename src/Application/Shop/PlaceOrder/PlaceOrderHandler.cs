using FlashPurchase.Application.Abstractions;
using FlashPurchase.Application.Orders;
using FlashPurchase.Application.Sales;
using FlashPurchase.Domain.Errors;
using FlashPurchase.Domain.Orders;
using FlashPurchase.Domain.Sales;
using Mediator;

namespace FlashPurchase.Application.Shop.PlaceOrder;

public sealed class PlaceOrderHandler(
    ITokenService tokens,
    ISaleRepository sales,
    IOrderRepository orders,
    IPurchaseTokenRepository purchaseTokens,
    IOrderPlacements placements,
    CurrentSaleCache saleCache,
    TimeProvider clock) : ICommandHandler<PlaceOrderCommand, Result<PlacedOrder>>
{
    public async ValueTask<Result<PlacedOrder>> Handle(PlaceOrderCommand command, CancellationToken cancellationToken)
    {
        var claims = await tokens.ReadSaleTokenAsync(TokenKind.Purchase, command.PurchaseToken);
        if (claims is null)
        {
            return DomainErrors.InvalidToken;
        }

        if (claims.UserId != command.UserId)
        {
            return DomainErrors.TokenNotYours;
        }

        // A retry of a purchase that went through answers the same order, even once the token has expired. The same
        // read says whether the shopper bought already, which is answered after the token's own refusals below.
        var existing = await orders.FindForPurchaseAsync(claims.TokenId, claims.SaleId, command.UserId, cancellationToken);
        if (existing.ByToken is { } placed)
        {
            return new PlacedOrder(OrderView.From(placed), Created: false);
        }

        var now = clock.GetUtcNow();
        if (claims.ExpiresAt <= now)
        {
            return DomainErrors.TokenExpired;
        }

        var sale = await saleCache.FindAsync(sales, claims.SaleId, cancellationToken);
        var purchaseToken = sale is null ? null : await purchaseTokens.FindAsync(claims.TokenId, cancellationToken);
        if (sale is null || purchaseToken is null)
        {
            return DomainErrors.InvalidToken;
        }

        // The shopper left the queue: the slot went to the next shopper. (A purchase overlapping the leave may still
        // go through; then the token is spent, not active, and the slot is free all the same.)
        if (purchaseToken.IsRevoked)
        {
            return DomainErrors.TokenRevoked;
        }

        // With another token: an order of this token would have been found by the same read above.
        if (existing.ShopperHasOrder)
        {
            return DomainErrors.AlreadyPurchased;
        }

        if (sale.StatusAt(now) == SaleStatus.Closed)
        {
            return DomainErrors.SaleClosed;
        }

        // Once this process knows the stock is gone, the crowd's purchases are refused without a transaction. A sale
        // shown in stock may be a moment old: the database takes the unit under the row's lock, or refuses.
        if (sale.IsSoldOut)
        {
            return DomainErrors.SoldOut;
        }

        var order = Order.Place(sale, command.UserId, claims.TokenId, now);
        switch (await placements.PlaceAsync(order, cancellationToken))
        {
            case PlaceOrderOutcome.Placed:
                saleCache.StockChanged(sale.Id);
                return new PlacedOrder(OrderView.From(order), Created: true);
            case PlaceOrderOutcome.SoldOut:
                saleCache.StockChanged(sale.Id);
                return DomainErrors.SoldOut;
            default:
                return await AnswerExistingOrderAsync(claims.TokenId, cancellationToken);
        }
    }

    /// <summary>
    /// The shopper already has an order, placed by a request that overlapped this one: when it was placed with this
    /// same token, this request is a retry and answers that order; otherwise it is a second purchase.
    /// </summary>
    private async ValueTask<Result<PlacedOrder>> AnswerExistingOrderAsync(Guid purchaseTokenId, CancellationToken cancellationToken) =>
        await orders.FindByPurchaseTokenAsync(purchaseTokenId, cancellationToken) is { } placed
            ? new PlacedOrder(OrderView.From(placed), Created: false)
            : DomainErrors.AlreadyPurchased;
}
