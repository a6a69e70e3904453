using System.Text;
using FlashPurchase.Application.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace FlashPurchase.Infrastructure.Tokens;

/// <summary>
/// The signing keys and the validation rules of each token kind, built once from <see cref="TokenOptions"/>: access and
/// queue tokens are HS256 (only this server reads them), purchase tokens ES256 (a shop verifies them too).
/// </summary>
public sealed class TokenValidation
{
    public const string SaleIdClaim = "sale_id";

    /// <summary>The access token's role claim: <see cref="FlashPurchase.Domain.Users.Roles.Admin"/> for an operator.</summary>
    public const string RoleClaim = "role";

    private readonly Dictionary<TokenKind, TokenValidationParameters> _parameters;

    private readonly PurchaseKeys _purchaseKeys;

    public TokenValidation(IOptions<TokenOptions> options, PurchaseKeys purchaseKeys)
    {
        Options = options.Value;
        _purchaseKeys = purchaseKeys;
        SigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(Options.SigningKey));
        SigningCredentials = new SigningCredentials(SigningKey, SecurityAlgorithms.HmacSha256);
        _parameters = Enum.GetValues<TokenKind>().ToDictionary(kind => kind, Build);
    }

    public TokenOptions Options { get; }

    public SecurityKey SigningKey { get; }

    public SigningCredentials SigningCredentials { get; }

    public SigningCredentials CredentialsFor(TokenKind kind) =>
        kind == TokenKind.Purchase ? _purchaseKeys.SigningCredentials : SigningCredentials;

    public TokenValidationParameters For(TokenKind kind) => _parameters[kind];

    private TokenValidationParameters Build(TokenKind kind) => new()
    {
        ValidIssuer = Options.Issuer,
        ValidAudience = TokenKinds.Audience(kind),
        ValidTypes = [TokenKinds.Type(kind)],
        IssuerSigningKey = kind == TokenKind.Purchase ? null : SigningKey,
        IssuerSigningKeys = kind == TokenKind.Purchase ? _purchaseKeys.All : null,
        ValidAlgorithms = [kind == TokenKind.Purchase ? PurchaseKeys.Algorithm : SecurityAlgorithms.HmacSha256],

        // A purchase token names its key (kid): a token naming none, or a key no longer configured, is not tried
        // against the others.
        TryAllIssuerSigningKeys = kind != TokenKind.Purchase,
        RequireSignedTokens = true,
        RequireExpirationTime = true,
        RoleClaimType = RoleClaim,

        // Access tokens are checked by JwtBearer against the wall clock. Queue and purchase token expiry is checked
        // by the use cases against the injected clock, so that "expired" is told apart from "invalid".
        ValidateLifetime = kind == TokenKind.Access,
        ClockSkew = TimeSpan.FromSeconds(30),
        NameClaimType = "unique_name",
    };
}
