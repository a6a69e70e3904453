using System.Collections.Concurrent;
using FlashPurchase.Application.Abstractions;
using FlashPurchase.Application.Queue.ConvertQueueTokens;
using Mediator;

namespace FlashPurchase.WebApi.FunctionalTests.Hosting;

/// <summary>
/// Every conversion the Worker host of a real-stack app ran: each batch its consumer took from the broker (first
/// deliveries and retries alike) and what became of its queue tokens. A mediator pipeline behaviour of the test's
/// Worker host, around the real handler.
/// </summary>
public sealed class WorkerConversionLog
{
    private readonly ConcurrentQueue<Conversion> _conversions = new();

    /// <summary>One run of ConvertQueueTokens: the queue tokens of the batch, and the report (null when it threw).</summary>
    public sealed record Conversion(IReadOnlyList<Guid> QueueTokenIds, ConversionReport? Report, string? Failure);

    public IReadOnlyList<Conversion> Conversions => [.. _conversions];

    /// <summary>The conversions of batches that carried <paramref name="queueTokenId"/>, in order.</summary>
    public IReadOnlyList<Conversion> Of(Guid queueTokenId) => Conversions.Where(c => c.QueueTokenIds.Contains(queueTokenId)).ToList();

    internal void Add(Conversion conversion) => _conversions.Enqueue(conversion);

    /// <summary>Registered in the Worker host: records each ConvertQueueTokens command and its outcome.</summary>
    public sealed class Recorder(WorkerConversionLog log) : IPipelineBehavior<ConvertQueueTokensCommand, Result<ConversionReport>>
    {
        public async ValueTask<Result<ConversionReport>> Handle(
            ConvertQueueTokensCommand message,
            MessageHandlerDelegate<ConvertQueueTokensCommand, Result<ConversionReport>> next,
            CancellationToken cancellationToken)
        {
            var ids = message.QueueTokens.Select(t => t.QueueTokenId).ToList();
            try
            {
                var result = await next(message, cancellationToken);
                log.Add(new Conversion(ids, result.IsSuccess ? result.Value : null, result.IsSuccess ? null : result.Error.Code));
                return result;
            }
            catch (Exception e)
            {
                log.Add(new Conversion(ids, null, e.GetType().Name));
                throw;
            }
        }
    }
}
