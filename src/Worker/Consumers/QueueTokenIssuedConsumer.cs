using FlashPurchase.Application.IntegrationEvents;
using FlashPurchase.Application.Queue.ConvertQueueToken;
using MassTransit;
using ISender = Mediator.ISender;

namespace FlashPurchase.Worker.Consumers;

/// <summary>A thin adapter: each queue token message becomes a ConvertQueueToken command.</summary>
public sealed class QueueTokenIssuedConsumer(ISender sender, ILogger<QueueTokenIssuedConsumer> logger)
    : IConsumer<QueueTokenIssued>
{
    public async Task Consume(ConsumeContext<QueueTokenIssued> context)
    {
        var message = context.Message;
        var result = await sender.Send(
            new ConvertQueueTokenCommand(message.QueueTokenId, message.SaleId, message.UserId, message.ExpiresAt),
            context.CancellationToken);

        if (!result.IsSuccess)
        {
            // Only a malformed message gets here; retrying cannot fix it, so let it fall through to the error queue.
            throw new InvalidOperationException(
                $"Queue token message {message.QueueTokenId} was refused: {result.Error.Code} ({result.Error.Detail}).");
        }

        if (result.Value == ConversionOutcome.QueueTokenExpired)
        {
            logger.LogWarning("Queue token {QueueTokenId} expired before it was converted", message.QueueTokenId);
        }
    }
}
