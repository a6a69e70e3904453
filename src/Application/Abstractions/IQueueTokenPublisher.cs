using FlashPurchase.Application.IntegrationEvents;

namespace FlashPurchase.Application.Abstractions;

public interface IQueueTokenPublisher
{
    /// <summary>
    /// Hands the message to the broker and waits for its confirmation. False when the broker did not confirm in
    /// time (down, unreachable, refusing): the queue token must then not be handed out.
    /// </summary>
    Task<bool> TryPublishAsync(QueueTokenIssued message, CancellationToken cancellationToken);

    /// <summary>
    /// Hands a batch of messages to the broker together and waits for their confirmations: one result per message, in
    /// order, true only where the broker confirmed. <paramref name="aroundEach"/> is opened as each message's send
    /// starts and disposed once the broker answered it (the admissions put each send in the trace of its join).
    /// By default each message is published by itself.
    /// </summary>
    async Task<IReadOnlyList<bool>> TryPublishAllAsync(
        IReadOnlyList<QueueTokenIssued> messages, Func<QueueTokenIssued, IDisposable?> aroundEach, CancellationToken cancellationToken) =>
        await Task.WhenAll(messages.Select(async message =>
        {
            using var scope = aroundEach(message);
            return await TryPublishAsync(message, cancellationToken);
        }));
}
