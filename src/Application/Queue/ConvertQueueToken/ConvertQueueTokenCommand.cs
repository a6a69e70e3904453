using FlashPurchase.Application.Abstractions;
using Mediator;

namespace FlashPurchase.Application.Queue.ConvertQueueToken;

/// <summary>Sent by the queue worker for each queue token message it receives from the broker.</summary>
public sealed record ConvertQueueTokenCommand(Guid QueueTokenId, Guid SaleId, Guid UserId, DateTimeOffset QueueTokenExpiresAt)
    : ICommand<Result<ConversionOutcome>>;

public enum ConversionOutcome
{
    Created,

    /// <summary>A purchase token already existed for this queue token (a redelivered message): nothing changed.</summary>
    AlreadyConverted,

    /// <summary>The queue token expired before the worker reached it: no purchase token is made.</summary>
    QueueTokenExpired,
}
