namespace FlashPurchase.Domain.Queue;

/// <summary>
/// A shopper's place in a sale's queue. Its <see cref="Id"/> is the id (<c>jti</c>) of the queue token (QT) handed
/// out for it; the signed token itself is kept so that joining again returns the very same QT.
/// </summary>
public sealed class QueuePlace
{
    private QueuePlace()
    {
        QueueToken = string.Empty;
    }

    public Guid Id { get; private set; }
    public Guid SaleId { get; private set; }
    public Guid UserId { get; private set; }

    /// <summary>
    /// 1-based place in the sale's queue. For a place taken in the pre-queue, an arrival number until the draw at the
    /// opening gives it its drawn place (<see cref="PreQueued"/> false from then on).
    /// </summary>
    public long Position { get; private set; }

    /// <summary>Taken in the pre-queue and not drawn yet: <see cref="Position"/> is not the shopper's place yet.</summary>
    public bool PreQueued { get; private set; }

    /// <summary>When the shopper left the queue: the place's queue and purchase tokens no longer work.</summary>
    public DateTimeOffset? RevokedAt { get; private set; }

    /// <summary>The proof-of-work challenge that bought this place, if the sale asked one: each admits once.</summary>
    public Guid? ChallengeId { get; private set; }

    public string QueueToken { get; private set; }
    public DateTimeOffset IssuedAt { get; private set; }
    public DateTimeOffset ExpiresAt { get; private set; }

    public static QueuePlace Create(
        Guid queueTokenId, Guid saleId, Guid userId, long position, string queueToken,
        DateTimeOffset issuedAt, DateTimeOffset expiresAt, bool preQueued = false, Guid? challengeId = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(position, 1);
        ArgumentException.ThrowIfNullOrEmpty(queueToken);
        return new QueuePlace
        {
            Id = queueTokenId,
            SaleId = saleId,
            UserId = userId,
            Position = position,
            QueueToken = queueToken,
            IssuedAt = issuedAt,
            ExpiresAt = expiresAt,
            PreQueued = preQueued,
            ChallengeId = challengeId,
        };
    }

    /// <summary>Its queue token is unexpired and the shopper has not left.</summary>
    public bool IsValidAt(DateTimeOffset now) => now < ExpiresAt && RevokedAt is null;

    public bool IsRevoked => RevokedAt is not null;
}
