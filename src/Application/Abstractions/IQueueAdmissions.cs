using FlashPurchase.Domain.Queue;

namespace FlashPurchase.Application.Abstractions;

/// <summary>
/// A shopper's request for a place in a sale's queue, with the queue token (QT) already signed for it, and the id of
/// the bot challenge the shopper solved (signature, binding and expiry checked), if any.
/// </summary>
public sealed record AdmissionRequest(
    Guid SaleId, Guid UserId, Guid QueueTokenId, string QueueToken, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt,
    Guid? ChallengeId = null);

/// <summary>
/// Admits shoppers to a sale's queue. <see cref="AdmissionPolicy"/> decides, on what the database holds under the sale
/// row's lock: the sale's window, the account, a purchase already made, the stock, a place already held (then that
/// place is the answer) and the queue's room. A new place is handed out only once its message is confirmed by the broker and its
/// row is committed, so a queue token that is handed out always reaches the worker.
/// </summary>
/// <remarks>
/// The implementation may admit many concurrent requests in one transaction and one round of broker confirmations:
/// that is what lets a flash crowd in at the speed of the hardware rather than of one round trip per shopper.
/// </remarks>
public interface IQueueAdmissions
{
    Task<AdmissionResult> AdmitAsync(AdmissionRequest request, CancellationToken cancellationToken);
}

public abstract record AdmissionResult
{
    /// <summary>A new place, committed, its message in the broker.</summary>
    public sealed record Admitted(QueuePlace Place) : AdmissionResult;

    /// <summary>The shopper already holds an unexpired place (perhaps taken by a concurrent request): this is it.</summary>
    public sealed record AlreadyQueued(QueuePlace Place) : AdmissionResult;

    /// <summary>
    /// Refused by <see cref="AdmissionPolicy"/> under the lock, for <paramref name="Reason"/> (never
    /// <see cref="AdmissionDecision.Admit"/> or <see cref="AdmissionDecision.AlreadyQueued"/>, which have results of
    /// their own).
    /// </summary>
    public sealed record Refused(AdmissionDecision Reason) : AdmissionResult
    {
        /// <summary>
        /// With <see cref="AdmissionDecision.SaleNotOpen"/>: when the sale opens, as read under the lock (an operator
        /// may have moved it since the caller's copy of the sale was read).
        /// </summary>
        public DateTimeOffset? OpensAt { get; init; }
    }

    /// <summary>The broker did not confirm the message: no place was stored.</summary>
    public sealed record NotPublished : AdmissionResult;
}
