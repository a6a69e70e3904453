using FlashPurchase.Domain.Queue;
using FlashPurchase.Domain.Sales;
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
    /// <summary>
    /// A purchase token for a queue token of <paramref name="sale"/>, released <paramref name="now"/>: the one way every
    /// release makes one. It lasts the sale's purchase window (by default, the token lifetime).
    /// </summary>
    public static PurchaseToken NewPurchaseToken(this ITokenService tokens, Guid queueTokenId, Sale sale, Guid userId, DateTimeOffset now)
    {
        var window = sale.WaitingRoom.PurchaseWindowOr(tokens.SaleTokenLifetime);
        var claims = new SaleTokenClaims(Guid.NewGuid(), userId, sale.Id, now, now + window);
        return PurchaseToken.Create(
            claims.TokenId, queueTokenId, sale.Id, userId, tokens.SignSaleToken(TokenKind.Purchase, claims),
            claims.IssuedAt, claims.ExpiresAt);
    }
}
