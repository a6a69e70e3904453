using FlashPurchase.Application.Abstractions;
using FlashPurchase.Domain.Queue;
using Mediator;

namespace FlashPurchase.Application.Queue.ConvertQueueTokens;

/// <summary>
/// Turns a batch of queue tokens into purchase tokens with two reads and one insert, whatever the batch size: this is
/// where the worker's throughput comes from. Idempotent: a queue token gets one purchase token however often its
/// message is delivered (the unique key on the queue token decides a race, not the reads).
/// </summary>
public sealed class ConvertQueueTokensHandler(
    IPurchaseTokenRepository purchaseTokens,
    IQueuePlaceRepository places,
    ITokenService tokens,
    TimeProvider clock) : ICommandHandler<ConvertQueueTokensCommand, Result<ConversionReport>>
{
    public async ValueTask<Result<ConversionReport>> Handle(ConvertQueueTokensCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var expired = new List<Guid>();
        var live = new Dictionary<Guid, QueuedToken>();
        foreach (var token in command.QueueTokens)
        {
            if (token.ExpiresAt <= now)
            {
                expired.Add(token.QueueTokenId);
            }
            else
            {
                live.TryAdd(token.QueueTokenId, token);
            }
        }

        var converted = await purchaseTokens.FindConvertedAsync(live.Keys, cancellationToken);
        var unconverted = live.Keys.Where(id => !converted.Contains(id)).ToList();
        var stored = await places.FindStoredAsync(unconverted, cancellationToken);

        var newTokens = unconverted.Where(stored.Contains).Select(id => NewPurchaseToken(live[id], now)).ToList();
        var created = new List<Guid>();
        var heldBack = new List<Guid>();
        foreach (var sale in newTokens.GroupBy(t => t.SaleId))
        {
            var release = await purchaseTokens.AddNewAsync(sale.Key, sale.ToList(), cancellationToken);
            created.AddRange(release.Added);
            if (release.HeldBack)
            {
                heldBack.AddRange(sale.Select(t => t.QueueTokenId));
            }
        }

        return new ConversionReport(
            Created: created,
            AlreadyConverted: [.. converted, .. newTokens.Select(t => t.QueueTokenId).Except(created).Except(heldBack)],
            Expired: expired,
            NotStored: unconverted.Where(id => !stored.Contains(id)).ToList(),
            HeldBack: heldBack);
    }

    private PurchaseToken NewPurchaseToken(QueuedToken queued, DateTimeOffset now) =>
        tokens.NewPurchaseToken(queued.QueueTokenId, queued.SaleId, queued.UserId, now);
}
