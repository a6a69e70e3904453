using FlashPurchase.Application.Abstractions;
using FlashPurchase.Application.IntegrationEvents;
using FlashPurchase.Application.Queue.ConvertQueueTokens;
using FlashPurchase.Infrastructure.Telemetry;
using MassTransit;
using Microsoft.Extensions.Logging;
using ISender = Mediator.ISender;

namespace FlashPurchase.Infrastructure.Messaging.Consumers;

/// <summary>
/// A thin adapter: each batch of queue token messages becomes one ConvertQueueTokens command. The messages are
/// acknowledged only when this returns, that is once their purchase tokens are committed; a worker killed before
/// that leaves them in the broker for the next one, and the conversion is idempotent.
/// </summary>
internal sealed class QueueTokenIssuedConsumer(ISender sender, FlashPurchaseMetrics metrics, ILogger<QueueTokenIssuedConsumer> logger)
    : IConsumer<Batch<QueueTokenIssued>>
{
    public async Task Consume(ConsumeContext<Batch<QueueTokenIssued>> context)
    {
        var queued = context.Message.Select(m => new QueuedToken(m.Message.QueueTokenId, m.Message.SaleId, m.Message.UserId, m.Message.ExpiresAt));

        // MassTransit's consume span of a batch belongs to one trace at most: each message's conversion gets a span in
        // the trace its sender (the join) propagated. Ended in reverse order, so that Activity.Current unwinds.
        var spans = new List<System.Diagnostics.Activity>();
        foreach (var message in context.Message)
        {
            if (FlashPurchaseActivities.StartQueueTokenConversion(
                    message.Headers.Get<string>(FlashPurchaseActivities.MessageTraceHeader), message.Message.QueueTokenId) is { } span)
            {
                spans.Add(span);
            }
        }

        Result<ConversionReport> result;
        try
        {
            result = await sender.Send(new ConvertQueueTokensCommand(queued.ToList()), context.CancellationToken);
        }
        finally
        {
            for (var i = spans.Count - 1; i >= 0; i--)
            {
                spans[i].Dispose();
            }
        }

        if (!result.IsSuccess)
        {
            // A refusal (the command failed validation: a malformed message) is the same on every delivery: let it go
            // to the error queue. Database failures are exceptions, retried by the definition's policies.
            throw new InvalidOperationException($"A batch of queue token messages was refused: {result.Error.Code} ({result.Error.Detail}).");
        }

        var report = result.Value;
        metrics.RecordConverted(report.Created.Count + report.HeldBack.Count);
        metrics.RecordReleased(report.Created.Count);
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
