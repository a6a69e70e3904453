using FlashPurchase.Application.IntegrationEvents;
using FlashPurchase.Application.Queue.ConvertQueueTokens;
using MassTransit;
using Microsoft.Extensions.Logging;
using ISender = Mediator.ISender;

namespace FlashPurchase.Infrastructure.Messaging.Consumers;

/// <summary>
/// A thin adapter: each batch of queue token messages becomes one ConvertQueueTokens command. The messages are
/// acknowledged only when this returns, that is once their purchase tokens are committed; a worker killed before
/// that leaves them in the broker for the next one, and the conversion is idempotent.
/// </summary>
internal sealed class QueueTokenIssuedConsumer(ISender sender, ILogger<QueueTokenIssuedConsumer> logger)
    : IConsumer<Batch<QueueTokenIssued>>
{
    public async Task Consume(ConsumeContext<Batch<QueueTokenIssued>> context)
    {
        var queued = context.Message.Select(m => new QueuedToken(m.Message.QueueTokenId, m.Message.SaleId, m.Message.UserId, m.Message.ExpiresAt));
        var result = await sender.Send(new ConvertQueueTokensCommand(queued.ToList()), context.CancellationToken);

        if (!result.IsSuccess)
        {
            // A refusal (the command failed validation: a malformed message) is the same on every delivery: let it go
            // to the error queue. Database failures are exceptions, retried by the definition's policies.
            throw new InvalidOperationException($"A batch of queue token messages was refused: {result.Error.Code} ({result.Error.Detail}).");
        }

        var report = result.Value;
        if (report.Expired.Count > 0)
        {
            logger.LogWarning("{Count} queue tokens expired before they were converted", report.Expired.Count);
        }

        if (report.NotStored.Count > 0)
        {
            // The broker confirms a message before the API commits its place: most often the commit is a moment
            // away. Failing the batch makes the retry policy deliver it again (the converted ones are skipped then).
            throw new QueuePlaceNotStoredException(report.NotStored);
        }
    }
}

/// <summary>Queue token messages whose queue place is not (yet) in the database.</summary>
internal sealed class QueuePlaceNotStoredException(IReadOnlyList<Guid> queueTokenIds)
    : Exception($"{queueTokenIds.Count} queue token(s) have no stored queue place yet, e.g. {queueTokenIds[0]}.")
{
    public IReadOnlyList<Guid> QueueTokenIds { get; } = queueTokenIds;
}
