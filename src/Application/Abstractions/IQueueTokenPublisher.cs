using FlashPurchase.Application.IntegrationEvents;

namespace FlashPurchase.Application.Abstractions;

public interface IQueueTokenPublisher
{
    /// <summary>
    /// Hands the message to the broker and waits for its confirmation. False when the broker did not confirm in
    /// time (down, unreachable, refusing): the queue token must then not be handed out.
    /// </summary>
    Task<bool> TryPublishAsync(QueueTokenIssued message, CancellationToken cancellationToken);
}
