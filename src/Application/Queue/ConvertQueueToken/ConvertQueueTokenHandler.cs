using FlashPurchase.Application.Abstractions;
using FlashPurchase.Domain.Queue;
using Mediator;

namespace FlashPurchase.Application.Queue.ConvertQueueToken;

public sealed class ConvertQueueTokenHandler(
    IPurchaseTokenRepository purchaseTokens,
    ITokenService tokens,
    TimeProvider clock) : ICommandHandler<ConvertQueueTokenCommand, Result<ConversionOutcome>>
{
    public async ValueTask<Result<ConversionOutcome>> Handle(ConvertQueueTokenCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (command.QueueTokenExpiresAt <= now)
        {
            return ConversionOutcome.QueueTokenExpired;
        }

        if (await purchaseTokens.FindByQueueTokenIdAsync(command.QueueTokenId, cancellationToken) is not null)
        {
            return ConversionOutcome.AlreadyConverted;
        }

        var claims = new SaleTokenClaims(Guid.NewGuid(), command.UserId, command.SaleId, now, now + tokens.SaleTokenLifetime);
        var purchaseToken = PurchaseToken.Create(
            claims.TokenId, command.QueueTokenId, command.SaleId, command.UserId,
            tokens.SignSaleToken(TokenKind.Purchase, claims), claims.IssuedAt, claims.ExpiresAt);

        // The unique key on the queue token decides a race between two deliveries, not the read above.
        return await purchaseTokens.TryAddAsync(purchaseToken, cancellationToken)
            ? ConversionOutcome.Created
            : ConversionOutcome.AlreadyConverted;
    }
}
