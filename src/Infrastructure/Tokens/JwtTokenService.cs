using FlashPurchase.Application.Abstractions;
using FlashPurchase.Domain.Users;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FlashPurchase.Infrastructure.Tokens;

internal sealed class JwtTokenService(TokenValidation validation, TimeProvider clock) : ITokenService
{
    // Times come from our clock, not the handler's.
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };

    public TimeSpan SaleTokenLifetime => validation.Options.Lifetime;

    public SignedToken IssueAccessToken(User user)
    {
        var now = clock.GetUtcNow();
        var expires = now + validation.Options.AccessTokenLifetime;
        var claims = new Dictionary<string, object>
        {
            [JwtRegisteredClaimNames.Sub] = user.Id.ToString(),
            [JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString(),
            [JwtRegisteredClaimNames.UniqueName] = user.Username,
        };
        if (user.IsAdmin)
        {
            claims[TokenValidation.RoleClaim] = Roles.Admin;
        }

        var token = Sign(TokenKind.Access, now, expires, claims);
        return new SignedToken(token, expires);
    }

    public string SignSaleToken(TokenKind kind, SaleTokenClaims claims)
    {
        EnsureSaleToken(kind);
        return Sign(kind, claims.IssuedAt, claims.ExpiresAt, new Dictionary<string, object>
        {
            [JwtRegisteredClaimNames.Sub] = claims.UserId.ToString(),
            [JwtRegisteredClaimNames.Jti] = claims.TokenId.ToString(),
            [TokenValidation.SaleIdClaim] = claims.SaleId.ToString(),
        });
    }

    public async ValueTask<SaleTokenClaims?> ReadSaleTokenAsync(TokenKind kind, string token)
    {
        EnsureSaleToken(kind);
        var result = await _handler.ValidateTokenAsync(token, validation.For(kind));
        if (!result.IsValid || result.SecurityToken is not JsonWebToken jwt)
        {
            return null;
        }

        return Guid.TryParse(jwt.Subject, out var userId)
            && Guid.TryParse(jwt.Id, out var tokenId)
            && jwt.TryGetPayloadValue<string>(TokenValidation.SaleIdClaim, out var saleClaim)
            && Guid.TryParse(saleClaim, out var saleId)
                ? new SaleTokenClaims(tokenId, userId, saleId,
                    new DateTimeOffset(jwt.IssuedAt, TimeSpan.Zero), new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero))
                : null;
    }

    private string Sign(TokenKind kind, DateTimeOffset issuedAt, DateTimeOffset expires, Dictionary<string, object> claims) =>
        _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = validation.Options.Issuer,
            Audience = TokenKinds.Audience(kind),
            TokenType = TokenKinds.Type(kind),
            IssuedAt = issuedAt.UtcDateTime,
            NotBefore = issuedAt.UtcDateTime,
            Expires = expires.UtcDateTime,
            Claims = claims,
            SigningCredentials = validation.CredentialsFor(kind),
        });

    private static void EnsureSaleToken(TokenKind kind)
    {
        if (kind == TokenKind.Access)
        {
            throw new ArgumentException("Access tokens are validated by the authentication middleware.", nameof(kind));
        }
    }
}
