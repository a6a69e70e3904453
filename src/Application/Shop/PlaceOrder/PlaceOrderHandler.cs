using FlashPurchase.Application.Abstractions;
using FlashPurchase.Application.Orders;
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

        // A retry of a purchase that went through answers the same order, even once the token has expired.
        if (await orders.FindByPurchaseTokenAsync(claims.TokenId, cancellationToken) is { } placed)
        {
            return new PlacedOrder(OrderView.From(placed), Created: false);
        }

        var now = clock.GetUtcNow();
        if (claims.ExpiresAt <= now)
        {
            return DomainErrors.TokenExpired;
        }

        var sale = await sales.FindAsync(claims.SaleId, cancellationToken);
        if (sale is null || await purchaseTokens.FindAsync(claims.TokenId, cancellationToken) is null)
        {
            return DomainErrors.InvalidToken;
        }

        if (await orders.ExistsForUserAsync(sale.Id, command.UserId, cancellationToken))
        {
            return DomainErrors.AlreadyPurchased;
        }

        if (sale.StatusAt(now) == SaleStatus.Closed)
        {
            return DomainErrors.SaleClosed;
        }

        var order = Order.Place(sale, command.UserId, claims.TokenId, now);
        switch (await orders.PlaceAsync(order, cancellationToken))
        {
            case PlaceOrderOutcome.Placed:
                return new PlacedOrder(OrderView.From(order), Created: true);
            case PlaceOrderOutcome.SoldOut:
                return DomainErrors.SoldOut;
            default:
                // Lost a race to a concurrent request: the same token (a retry) or another token of the same shopper.
                return await orders.FindByPurchaseTokenAsync(claims.TokenId, cancellationToken) is { } winner
                    ? new PlacedOrder(OrderView.From(winner), Created: false)
                    : DomainErrors.AlreadyPurchased;
        }
    }
}
