using FlashPurchase.Application.Abstractions;
using Mediator;

namespace FlashPurchase.Application.Queue.ReleaseHeldBack;

/// <summary>
/// Sent by the queue worker every second: releases, in queue order, the places held back while their sale was paused
/// (its queue tokens reached the worker meanwhile). Returns how many places it went through.
/// </summary>
public sealed record ReleaseHeldBackCommand : ICommand<int>;

public sealed class ReleaseHeldBackHandler(IPurchaseTokenRepository purchaseTokens, ITokenService tokens, TimeProvider clock)
    : ICommandHandler<ReleaseHeldBackCommand, int>
{
    /// <summary>Places per transaction: the sale row stays locked for one batch, not for the whole backlog.</summary>
    public const int BatchSize = 500;

    public async ValueTask<int> Handle(ReleaseHeldBackCommand command, CancellationToken cancellationToken)
    {
        var total = 0;
        foreach (var saleId in await purchaseTokens.SalesWithHeldBackPlacesAsync(cancellationToken))
        {
            int done;
            do
            {
                var now = clock.GetUtcNow();
                done = await purchaseTokens.ReleaseHeldBackAsync(saleId, BatchSize,
                    places => places.Select(p => tokens.NewPurchaseToken(p.Id, p.SaleId, p.UserId, now)).ToList(),
                    cancellationToken);
                total += done;
            }
            while (done == BatchSize);
        }

        return total;
    }
}
