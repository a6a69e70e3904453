using FlashPurchase.Application.Abstractions;
using FlashPurchase.Application.Sales;
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
    ISaleRepository sales,
    CurrentSaleCache saleCache,
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

        var newTokens = new List<PurchaseToken>();
        var created = new List<Guid>();
        var heldBack = new List<Guid>();
        foreach (var queued in unconverted.Where(stored.Contains).Select(id => live[id]).GroupBy(t => t.SaleId))
        {
            // The sale's purchase window, as of at most a second ago: an operator's change applies to the next releases.
            var sale = await saleCache.FindAsync(sales, queued.Key, cancellationToken)
                ?? throw new InvalidOperationException($"Queue places of sale {queued.Key} are stored, but the sale is not.");
            var saleTokens = queued.Select(t => tokens.NewPurchaseToken(t.QueueTokenId, sale, t.UserId, now)).ToList();
            newTokens.AddRange(saleTokens);
            var release = await purchaseTokens.AddNewAsync(sale.Id, saleTokens, cancellationToken);
            created.AddRange(release.Added);
            if (release.HeldBack)
            {
                heldBack.AddRange(saleTokens.Select(t => t.QueueTokenId));
            }
        }

        return new ConversionReport(
            Created: created,
            AlreadyConverted: [.. converted, .. newTokens.Select(t => t.QueueTokenId).Except(created).Except(heldBack)],
            Expired: expired,
            NotStored: unconverted.Where(id => !stored.Contains(id)).ToList(),
            HeldBack: heldBack);
    }
}
