using FlashPurchase.Application.Abstractions;
using Mediator;

namespace FlashPurchase.Application.Queue.EnterQueue;

public sealed record EnterQueueCommand(Guid UserId) : ICommand<Result<QueueTicket>>;

/// <summary>A place in the queue: the signed queue token (QT) and the 1-based position it stands for.</summary>
public sealed record QueueTicket(string QueueToken, DateTimeOffset ExpiresAt, Guid SaleId, long Position);
