using FlashPurchase.Application.Abstractions;
using FlashPurchase.Application.IntegrationEvents;
using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FlashPurchase.Infrastructure.Messaging;

internal sealed class QueueTokenPublisher(IBus bus, IOptions<MessagingOptions> options, ILogger<QueueTokenPublisher> logger)
    : IQueueTokenPublisher
{
    private static readonly Uri Destination = new($"queue:{MessagingEndpoints.QueueTokenIssued}");

    public async Task<bool> TryPublishAsync(QueueTokenIssued message, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.PublishTimeout);
        try
        {
            // With RabbitMQ, Send returns once the broker has confirmed the message (publisher confirms are on).
            var endpoint = await bus.GetSendEndpoint(Destination);
            await endpoint.Send(message, timeout.Token);
            return true;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(e, "The broker did not confirm queue token {QueueTokenId} within {Timeout}",
                message.QueueTokenId, options.Value.PublishTimeout);
            return false;
        }
    }
}
