using FlashPurchase.Application.Abstractions;
using Mediator;

namespace FlashPurchase.Application.Queue.ReleaseHeldBack;

/// <summary>
/// Sent by the queue worker several times a second: releases, in queue order, the places held back — while their sale
/// was paused, or because it releases at a pace or to a limited number of active shoppers, or before its pre-queue
/// was drawn — as far as the sale's controls allow now (see <see cref="Domain.Queue.ReleasePolicy"/>). Returns how many
/// places it released.
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
                    (sale, places) => places.Select(p => tokens.NewPurchaseToken(p.Id, sale, p.UserId, now)).ToList(),
                    cancellationToken);
                total += done;
            }
            while (done == BatchSize);
        }

        return total;
    }
}
