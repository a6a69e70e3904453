using FlashPurchase.Application.Abstractions;
using Mediator;

namespace FlashPurchase.Application.Queue.EnterQueue;

/// <param name="UserId">The shopper joining.</param>
/// <param name="SaleId">The sale to join; null: the current sale (a v1 client names none).</param>
/// <param name="ChallengeSolution">The <c>Queue-Challenge</c> header, <c>&lt;challenge&gt;:&lt;nonce&gt;</c>, if sent.</param>
public sealed record EnterQueueCommand(Guid UserId, Guid? SaleId = null, string? ChallengeSolution = null)
    : ICommand<Result<QueueTicket>>;

/// <summary>A place in the queue: the signed queue token (QT) and the 1-based position it stands for.</summary>
public sealed record QueueTicket(string QueueToken, DateTimeOffset ExpiresAt, Guid SaleId, long Position);
