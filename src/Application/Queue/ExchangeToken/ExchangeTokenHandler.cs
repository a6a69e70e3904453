using FlashPurchase.Application.Abstractions;
using FlashPurchase.Application.Queue.Waiting;
using FlashPurchase.Application.Sales;
using FlashPurchase.Domain.Errors;
using FlashPurchase.Domain.Sales;
using Mediator;

namespace FlashPurchase.Application.Queue.ExchangeToken;

public sealed class ExchangeTokenHandler(
    ITokenService tokens,
    ISaleRepository sales,
    CurrentSaleCache saleCache,
    IOrderRepository orders,
    IQueuePlaceRepository places,
    IPurchaseTokenRepository purchaseTokens,
    WaitEstimator waitEstimator,
    TimeProvider clock) : ICommandHandler<ExchangeTokenCommand, Result<ExchangeOutcome>>
{
    public async ValueTask<Result<ExchangeOutcome>> Handle(ExchangeTokenCommand command, CancellationToken cancellationToken)
    {
        var claims = await tokens.ReadSaleTokenAsync(TokenKind.Queue, command.QueueToken);
        if (claims is null)
        {
            return DomainErrors.InvalidToken;
        }

        if (claims.UserId != command.UserId)
        {
            return DomainErrors.TokenNotYours;
        }

        var now = clock.GetUtcNow();
        if (claims.ExpiresAt <= now)
        {
            return DomainErrors.TokenExpired;
        }

        // Up to a second old, like enter's: a shopper polling in the crowd adds no read of the sale row. A stock that
        // ran out meanwhile is caught at the purchase, which takes the unit under the row's lock.
        var sale = await saleCache.FindAsync(sales, claims.SaleId, cancellationToken);
        if (sale is null)
        {
            return DomainErrors.InvalidToken;
        }

        if (await orders.ExistsForUserAsync(sale.Id, command.UserId, cancellationToken))
        {
            return DomainErrors.AlreadyPurchased;
        }

        // A purchase token after the sale would only be refused at the purchase: say so now.
        if (sale.StatusAt(now) == SaleStatus.Closed)
        {
            return DomainErrors.SaleClosed;
        }

        if (sale.IsSoldOut)
        {
            return DomainErrors.SoldOut;
        }

        var purchaseToken = await purchaseTokens.FindByQueueTokenIdAsync(claims.TokenId, cancellationToken);
        if (purchaseToken is not null)
        {
            // A released token the shopper let lapse or gave up is over: they may join again, at the back.
            return purchaseToken.IsRevoked ? DomainErrors.TokenRevoked
                : purchaseToken.ExpiresAt <= now ? DomainErrors.TokenExpired
                : new ExchangeOutcome.Converted(purchaseToken.Token, purchaseToken.ExpiresAt);
        }

        // A correctly signed token that the queue never handed out (no place) will never be converted.
        var place = await places.FindByQueueTokenIdAsync(claims.TokenId, cancellationToken);
        if (place is null)
        {
            return DomainErrors.InvalidToken;
        }

        if (place.IsRevoked)
        {
            return DomainErrors.TokenRevoked;
        }

        var estimate = await waitEstimator.EstimateAsync(place, sale.ReleaseRate, cancellationToken);
        // Before the pre-queue's draw the place has no rank yet: its arrival number says nothing of who is ahead.
        return new ExchangeOutcome.Pending(place.PreQueued ? null : estimate.Ahead, estimate.RetryAfterSeconds);
    }
}
