using FlashPurchase.Application.Abstractions;
using FlashPurchase.Application.IntegrationEvents;
using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FlashPurchase.Infrastructure.Messaging;

/// <remarks>
/// MassTransit 8.5 has no batch publish on RabbitMQ.Client 7 (the host's batch-publish settings are validated but no
/// longer used, and SendBatch is a Task.WhenAll of sends). What batches is the channel: the sends of a batch are
/// started together on the endpoint's one channel, RabbitMQ.Client writes their frames back to back without waiting
/// for each confirmation, and the broker acknowledges them in groups (multiple=true). So a batch costs one round of
/// confirmations; what this adds per batch instead of per message is the deadline and the failure's log line.
/// </remarks>
internal sealed class QueueTokenPublisher(IBus bus, IOptions<MessagingOptions> options, ILogger<QueueTokenPublisher> logger)
    : IQueueTokenPublisher
{
    public async Task<bool> TryPublishAsync(QueueTokenIssued message, CancellationToken cancellationToken) =>
        (await TryPublishAllAsync([message], static _ => null, cancellationToken))[0];

    public async Task<IReadOnlyList<bool>> TryPublishAllAsync(
        IReadOnlyList<QueueTokenIssued> messages, Func<QueueTokenIssued, IDisposable?> aroundEach, CancellationToken cancellationToken)
    {
        // One deadline for the batch: its messages go out together and are confirmed together.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.PublishTimeout);

        var failures = await Task.WhenAll(messages.Select(message => PublishAsync(message, aroundEach, timeout.Token)));
        cancellationToken.ThrowIfCancellationRequested();

        var failed = failures.Count(f => f is not null);
        if (failed > 0)
        {
            logger.LogWarning(failures.First(f => f is not null), "The broker did not confirm {Failed} of {Count} queue tokens within {Timeout}",
                failed, messages.Count, options.Value.PublishTimeout);
        }

        return Array.ConvertAll(failures, f => f is null);
    }

    /// <returns>Null once the broker confirmed the message; why not otherwise.</returns>
    private async Task<Exception?> PublishAsync(
        QueueTokenIssued message, Func<QueueTokenIssued, IDisposable?> aroundEach, CancellationToken cancellationToken)
    {
        using var scope = aroundEach(message);
        try
        {
            // Returns once the broker has confirmed the message (publisher confirms are on). Mandatory: a message no
            // queue would take (the queue deleted under a running API) comes back as a failure instead of being dropped.
            await bus.Publish(message, static context => context.Mandatory = true, cancellationToken);
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }
}
