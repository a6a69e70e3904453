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

    /// <summary>1-based place in the sale's queue.</summary>
    public long Position { get; private set; }

    public string QueueToken { get; private set; }
    public DateTimeOffset IssuedAt { get; private set; }
    public DateTimeOffset ExpiresAt { get; private set; }

    public static QueuePlace Create(
        Guid queueTokenId, Guid saleId, Guid userId, long position, string queueToken,
        DateTimeOffset issuedAt, DateTimeOffset expiresAt)
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
        };
    }

    public bool IsValidAt(DateTimeOffset now) => now < ExpiresAt;
}
