using FlashPurchase.Application.Abstractions;
using FlashPurchase.Domain.Queue;
using Mediator;

namespace FlashPurchase.Application.Queue.GetChallenge;

/// <param name="UserId">The shopper who will solve it.</param>
/// <param name="SaleId">The sale to join; null: the current sale (as enter).</param>
public sealed record GetChallengeQuery(Guid UserId, Guid? SaleId = null) : IQuery<Result<QueueChallenge>>;
