using FlashPurchase.Domain.Queue;
using FlashPurchase.Domain.Users;

namespace FlashPurchase.Application.Abstractions;

/// <summary>The three kinds of token. None is accepted in another's place (distinct type and audience).</summary>
public enum TokenKind
{
    Access,
    Queue,
    Purchase,
}

public sealed record SignedToken(string Token, DateTimeOffset ExpiresAt);

/// <summary>What a queue or purchase token says: whose it is, for which sale, and for how long.</summary>
public sealed record SaleTokenClaims(Guid TokenId, Guid UserId, Guid SaleId, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt);

public interface ITokenService
{
    /// <summary>How long a queue or purchase token lives.</summary>
    TimeSpan SaleTokenLifetime { get; }

    SignedToken IssueAccessToken(User user);

    /// <summary>Signs a queue or purchase token carrying <paramref name="claims"/>.</summary>
    string SignSaleToken(TokenKind kind, SaleTokenClaims claims);

    /// <summary>
    /// The claims of a queue or purchase token of the given kind, or null when it is malformed, forged, unsigned or
    /// of another kind. Expiry is NOT checked here: callers compare <see cref="SaleTokenClaims.ExpiresAt"/> with their
    /// clock, so that an expired token is told apart from an invalid one.
    /// </summary>
    ValueTask<SaleTokenClaims?> ReadSaleTokenAsync(TokenKind kind, string token);
}

public static class TokenServiceExtensions
{
    /// <summary>A purchase token for a queue token, released <paramref name="now"/>: the one way every release makes one.</summary>
    public static PurchaseToken NewPurchaseToken(this ITokenService tokens, Guid queueTokenId, Guid saleId, Guid userId, DateTimeOffset now)
    {
        var claims = new SaleTokenClaims(Guid.NewGuid(), userId, saleId, now, now + tokens.SaleTokenLifetime);
        return PurchaseToken.Create(
            claims.TokenId, queueTokenId, saleId, userId, tokens.SignSaleToken(TokenKind.Purchase, claims),
            claims.IssuedAt, claims.ExpiresAt);
    }
}
