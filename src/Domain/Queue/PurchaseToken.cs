namespace FlashPurchase.Domain.Queue;

/// <summary>
/// The right to buy one unit, created by the queue worker from a queue token that went through the broker
/// (one per queue token: <see cref="QueueTokenId"/> is unique). <see cref="Id"/> is the PT's <c>jti</c>.
/// </summary>
public sealed class PurchaseToken
{
    private PurchaseToken()
    {
        Token = string.Empty;
    }

    public Guid Id { get; private set; }
    public Guid QueueTokenId { get; private set; }
    public Guid SaleId { get; private set; }
    public Guid UserId { get; private set; }
    public string Token { get; private set; }
    public DateTimeOffset IssuedAt { get; private set; }
    public DateTimeOffset ExpiresAt { get; private set; }

    /// <summary>When its shopper left the queue: from then on it buys nothing (<c>token_revoked</c>).</summary>
    public DateTimeOffset? RevokedAt { get; private set; }

    public bool IsRevoked => RevokedAt is not null;

    public static PurchaseToken Create(
        Guid id, Guid queueTokenId, Guid saleId, Guid userId, string token,
        DateTimeOffset issuedAt, DateTimeOffset expiresAt)
    {
        ArgumentException.ThrowIfNullOrEmpty(token);
        return new PurchaseToken
        {
            Id = id,
            QueueTokenId = queueTokenId,
            SaleId = saleId,
            UserId = userId,
            Token = token,
            IssuedAt = issuedAt,
            ExpiresAt = expiresAt,
        };
    }
}
