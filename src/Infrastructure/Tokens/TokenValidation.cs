using System.Text;
using FlashPurchase.Application.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace FlashPurchase.Infrastructure.Tokens;

/// <summary>The signing key and the validation rules of each token kind, built once from <see cref="TokenOptions"/>.</summary>
public sealed class TokenValidation
{
    public const string SaleIdClaim = "sale_id";

    /// <summary>The access token's role claim: <see cref="FlashPurchase.Domain.Users.Roles.Admin"/> for an operator.</summary>
    public const string RoleClaim = "role";

    private readonly Dictionary<TokenKind, TokenValidationParameters> _parameters;

    public TokenValidation(IOptions<TokenOptions> options)
    {
        Options = options.Value;
        SigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(Options.SigningKey));
        SigningCredentials = new SigningCredentials(SigningKey, SecurityAlgorithms.HmacSha256);
        _parameters = Enum.GetValues<TokenKind>().ToDictionary(kind => kind, Build);
    }

    public TokenOptions Options { get; }

    public SecurityKey SigningKey { get; }

    public SigningCredentials SigningCredentials { get; }

    public TokenValidationParameters For(TokenKind kind) => _parameters[kind];

    private TokenValidationParameters Build(TokenKind kind) => new()
    {
        ValidIssuer = Options.Issuer,
        ValidAudience = TokenKinds.Audience(kind),
        ValidTypes = [TokenKinds.Type(kind)],
        IssuerSigningKey = SigningKey,
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
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
