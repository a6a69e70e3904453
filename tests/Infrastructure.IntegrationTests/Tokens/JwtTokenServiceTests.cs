using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using FlashPurchase.Application.Abstractions;
using FlashPurchase.Domain.Users;
using FlashPurchase.Infrastructure.IntegrationTests.Support;
using FlashPurchase.Infrastructure.Tokens;
using FlashPurchase.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FlashPurchase.Infrastructure.IntegrationTests.Tokens;

/// <summary>
/// The three kinds of token are signed by the server and none is accepted in another's place; anything forged,
/// tampered with or malformed reads as null (an invalid token), never as someone's claims. Purchase tokens are ES256
/// under a key named by its kid; a previous key still verifies them until it is removed from configuration.
/// </summary>
public sealed class JwtTokenServiceTests : IDisposable
{
    // Whole seconds: JWT times are seconds since the epoch.
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());

    private readonly FakeTimeProvider _clock = new(Now);
    private readonly ServiceProvider _services;
    private readonly ITokenService _tokens;
    private readonly TokenValidation _validation;

    public JwtTokenServiceTests()
    {
        // The token service needs no database: the default (unused) SQLite settings stay untouched.
        _services = InfrastructureServices.Build(new Dictionary<string, string?>(), clock: _clock);
        _tokens = _services.GetRequiredService<ITokenService>();
        _validation = _services.GetRequiredService<TokenValidation>();
    }

    public void Dispose() => _services.Dispose();

    [Theory]
    [InlineData(TokenKind.Queue)]
    [InlineData(TokenKind.Purchase)]
    public async Task ReadSaleTokenAsync_ReturnsTheClaimsTheTokenWasSignedWith(TokenKind kind)
    {
        var claims = NewClaims();

        var read = await _tokens.ReadSaleTokenAsync(kind, _tokens.SignSaleToken(kind, claims));

        read.Should().Be(claims);
    }

    [Theory]
    [InlineData(TokenKind.Queue, TokenKind.Purchase)]
    [InlineData(TokenKind.Purchase, TokenKind.Queue)]
    public async Task ReadSaleTokenAsync_WhenTheTokenIsOfTheOtherKind_ReturnsNull(TokenKind signedAs, TokenKind readAs)
    {
        var token = _tokens.SignSaleToken(signedAs, NewClaims());

        (await _tokens.ReadSaleTokenAsync(readAs, token)).Should().BeNull();
    }

    [Theory]
    [InlineData(TokenKind.Queue)]
    [InlineData(TokenKind.Purchase)]
    public async Task ReadSaleTokenAsync_WhenGivenAnAccessToken_ReturnsNull(TokenKind readAs)
    {
        var access = _tokens.IssueAccessToken(NewUser()).Token;

        (await _tokens.ReadSaleTokenAsync(readAs, access)).Should().BeNull();
    }

    [Fact]
    public async Task ReadSaleTokenAsync_WhenThePayloadWasTamperedWith_ReturnsNull()
    {
        // A shopper rewrites the owner of someone else's purchase token to their own id and keeps the signature.
        var parts = _tokens.SignSaleToken(TokenKind.Purchase, NewClaims()).Split('.');
        var payload = JsonNode.Parse(Base64UrlEncoder.Decode(parts[1]))!;
        payload["sub"] = Guid.NewGuid().ToString();
        var tampered = $"{parts[0]}.{Base64UrlEncoder.Encode(payload.ToJsonString())}.{parts[2]}";

        (await _tokens.ReadSaleTokenAsync(TokenKind.Purchase, tampered)).Should().BeNull();
    }

    [Theory]
    [InlineData(TokenKind.Queue)]
    [InlineData(TokenKind.Purchase)]
    public async Task ReadSaleTokenAsync_WhenSignedWithAnotherKey_ReturnsNull(TokenKind kind)
    {
        // Another deployment: its own HS256 key for queue tokens, its own ES256 key (and kid) for purchase tokens.
        await using var otherServer = Server(new()
        {
            ["Tokens:SigningKey"] = "another-deployment-with-its-own-secret-signing-key",
            ["Tokens:PurchaseSigningKey"] = PurchaseSigningKey.NewPem(),
        });
        var forged = otherServer.GetRequiredService<ITokenService>().SignSaleToken(kind, NewClaims());

        (await _tokens.ReadSaleTokenAsync(kind, forged)).Should().BeNull();
    }

    [Fact]
    public void SignSaleToken_SignsPurchaseTokensWithES256_NamingTheKeyByItsThumbprint()
    {
        var token = new JsonWebToken(_tokens.SignSaleToken(TokenKind.Purchase, NewClaims()));

        token.Alg.Should().Be("ES256");
        token.Typ.Should().Be("pt+jwt");
        // RFC 7638 computed by IdentityModel, not by our code: the kid a shop can recompute from the published key.
        var published = _services.GetRequiredService<PurchaseKeys>().Published.Keys.Single();
        var jwk = new JsonWebKey { Kty = "EC", Crv = "P-256", X = published.X, Y = published.Y };
        token.Kid.Should().Be(Base64UrlEncoder.Encode(jwk.ComputeJwkThumbprint())).And.Be(published.Kid);
    }

    [Fact]
    public void SignSaleToken_KeepsQueueTokensOnHS256()
    {
        var token = new JsonWebToken(_tokens.SignSaleToken(TokenKind.Queue, NewClaims()));

        token.Alg.Should().Be("HS256");
        token.TryGetHeaderValue<string>("kid", out _).Should().BeFalse();
    }

    [Fact]
    public async Task PurchaseToken_VerifiesWithNothingButThePublishedKey()
    {
        var token = _tokens.SignSaleToken(TokenKind.Purchase, NewClaims());
        var published = _services.GetRequiredService<PurchaseKeys>().Published.Keys.Single();
        var shopsView = new JsonWebKey { Kty = published.Kty, Crv = published.Crv, X = published.X, Y = published.Y, Kid = published.Kid };

        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            IssuerSigningKey = shopsView,
            ValidAlgorithms = ["ES256"],
            ValidateIssuer = false,
            ValidateAudience = false,
            ValidateLifetime = false,
        });

        result.IsValid.Should().BeTrue(result.Exception?.Message);
    }

    [Fact]
    public async Task ReadSaleTokenAsync_WhenAPurchaseTokenIsSignedWithTheHs256Key_ReturnsNull()
    {
        // The secret of access and queue tokens does not sign purchase tokens any more: only ES256 is accepted for them.
        var token = SignWith(SecurityAlgorithms.HmacSha256, TokenKind.Purchase, _validation.Options.Issuer);

        (await _tokens.ReadSaleTokenAsync(TokenKind.Purchase, token)).Should().BeNull();
    }

    [Fact]
    public async Task ReadSaleTokenAsync_WhenAnotherEs256KeyClaimsOurKid_ReturnsNull()
    {
        // A forger names our key in the header and signs with theirs: the kid picks our key, whose check fails.
        using var forgersKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var ourKid = _services.GetRequiredService<PurchaseKeys>().Published.Keys[0].Kid;
        var forged = SignWith(new SigningCredentials(new ECDsaSecurityKey(forgersKey) { KeyId = ourKid }, SecurityAlgorithms.EcdsaSha256),
            TokenKind.Purchase, _validation.Options.Issuer);

        (await _tokens.ReadSaleTokenAsync(TokenKind.Purchase, forged)).Should().BeNull();
    }

    [Fact]
    public async Task ReadSaleTokenAsync_WhenAPurchaseTokenNamesNoKey_ReturnsNull()
    {
        // Our key, our claims, but no kid: we never sign such a token, and no key is tried blindly.
        var ourKey = _services.GetRequiredService<PurchaseKeys>().All[0];
        var token = SignWith(new SigningCredentials(new ECDsaSecurityKey(ourKey.ECDsa), SecurityAlgorithms.EcdsaSha256),
            TokenKind.Purchase, _validation.Options.Issuer);
        var control = SignWith(new SigningCredentials(ourKey, SecurityAlgorithms.EcdsaSha256), TokenKind.Purchase, _validation.Options.Issuer);

        (await _tokens.ReadSaleTokenAsync(TokenKind.Purchase, token)).Should().BeNull();
        (await _tokens.ReadSaleTokenAsync(TokenKind.Purchase, control)).Should().NotBeNull("the same token naming the key is ours");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ReadSaleTokenAsync_APurchaseTokenOfThePreviousKey_IsReadWhileThatKeyIsListed_AndNotOnceRemoved(bool listedAsPublicKey)
    {
        var keyA = PurchaseSigningKey.NewPem();
        var keyB = PurchaseSigningKey.NewPem();
        await using var beforeRotation = Server(new() { ["Tokens:PurchaseSigningKey"] = keyA });
        var claims = NewClaims();
        var token = beforeRotation.GetRequiredService<ITokenService>().SignSaleToken(TokenKind.Purchase, claims);

        await using var afterRotation = Server(new()
        {
            ["Tokens:PurchaseSigningKey"] = keyB,
            ["Tokens:PreviousPurchaseKeys:0"] = listedAsPublicKey ? PurchaseSigningKey.PublicPem(keyA) : keyA,
        });
        await using var afterRemoval = Server(new() { ["Tokens:PurchaseSigningKey"] = keyB });

        (await afterRotation.GetRequiredService<ITokenService>().ReadSaleTokenAsync(TokenKind.Purchase, token)).Should().Be(claims);
        (await afterRemoval.GetRequiredService<ITokenService>().ReadSaleTokenAsync(TokenKind.Purchase, token)).Should().BeNull();
        var newToken = new JsonWebToken(afterRotation.GetRequiredService<ITokenService>().SignSaleToken(TokenKind.Purchase, claims));
        var published = afterRotation.GetRequiredService<PurchaseKeys>().Published.Keys.Select(k => k.Kid).ToList();
        published.Should().Equal(newToken.Kid, new JsonWebToken(token).Kid);
        afterRemoval.GetRequiredService<PurchaseKeys>().Published.Keys.Select(k => k.Kid).Should().Equal(newToken.Kid);
    }

    [Fact]
    public void PreviousKeys_ThatRepeatTheCurrentKeyOrAreBlank_AreNotPublishedTwice()
    {
        var key = PurchaseSigningKey.NewPem();
        using var server = Server(new()
        {
            ["Tokens:PurchaseSigningKey"] = key,
            ["Tokens:PreviousPurchaseKeys:0"] = "",
            ["Tokens:PreviousPurchaseKeys:1"] = PurchaseSigningKey.PublicPem(key),
        });

        server.GetRequiredService<PurchaseKeys>().Published.Keys.Should().ContainSingle();
    }

    [Fact]
    public async Task ReadSaleTokenAsync_WhenTheTokenIsUnsigned_AlgNone_ReturnsNull()
    {
        // The classic forgery: same claims, "alg": "none" and an empty signature.
        var parts = _tokens.SignSaleToken(TokenKind.Purchase, NewClaims()).Split('.');
        var header = JsonNode.Parse(Base64UrlEncoder.Decode(parts[0]))!;
        header["alg"] = "none";
        var unsigned = $"{Base64UrlEncoder.Encode(header.ToJsonString())}.{parts[1]}.";

        (await _tokens.ReadSaleTokenAsync(TokenKind.Purchase, unsigned)).Should().BeNull();
    }

    [Fact]
    public async Task ReadSaleTokenAsync_WhenSignedWithTheRightKeyButAnotherAlgorithm_ReturnsNull()
    {
        // Only HS256 is accepted for queue tokens: the algorithm is pinned, not taken from the token's header.
        var token = SignWith(SecurityAlgorithms.HmacSha384, TokenKind.Queue, _validation.Options.Issuer);

        (await _tokens.ReadSaleTokenAsync(TokenKind.Queue, token)).Should().BeNull();
    }

    [Fact]
    public async Task ReadSaleTokenAsync_WhenIssuedBySomeoneElse_ReturnsNull()
    {
        var ourKey = _services.GetRequiredService<PurchaseKeys>().SigningCredentials;
        var token = SignWith(ourKey, TokenKind.Purchase, issuer: "someone-else");
        var control = SignWith(ourKey, TokenKind.Purchase, _validation.Options.Issuer);

        (await _tokens.ReadSaleTokenAsync(TokenKind.Purchase, token)).Should().BeNull();
        (await _tokens.ReadSaleTokenAsync(TokenKind.Purchase, control)).Should().NotBeNull();
    }

    [Fact]
    public async Task ReadSaleTokenAsync_WhenTheTokenIsTruncated_ReturnsNull()
    {
        var token = _tokens.SignSaleToken(TokenKind.Queue, NewClaims());

        (await _tokens.ReadSaleTokenAsync(TokenKind.Queue, token[..^10])).Should().BeNull();
        (await _tokens.ReadSaleTokenAsync(TokenKind.Queue, token[..token.LastIndexOf('.')])).Should().BeNull();
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("garbage")]
    [InlineData("a.b.c")]
    [InlineData("....")]
    [InlineData("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.AAAA")]
    public async Task ReadSaleTokenAsync_WhenGivenGarbage_ReturnsNull(string garbage)
    {
        (await _tokens.ReadSaleTokenAsync(TokenKind.Queue, garbage)).Should().BeNull();
    }

    [Fact]
    public async Task ReadSaleTokenAsync_WhenTheSignedClaimsAreNotIds_ReturnsNull()
    {
        // Correctly signed, right kind, but the subject is not a user id: not something this server issued.
        var token = SignWith(SecurityAlgorithms.HmacSha256, TokenKind.Queue, _validation.Options.Issuer, subject: "admin");

        (await _tokens.ReadSaleTokenAsync(TokenKind.Queue, token)).Should().BeNull();
    }

    [Fact]
    public async Task ReadSaleTokenAsync_WhenTheTokenHasExpired_StillReadsIt_SoTheCallerCanSayExpired()
    {
        // Expiry is the handlers' decision (410 token_expired), told apart from an invalid token (400).
        var claims = NewClaims() with { IssuedAt = Now.AddHours(-3), ExpiresAt = Now.AddHours(-2) };

        var read = await _tokens.ReadSaleTokenAsync(TokenKind.Queue, _tokens.SignSaleToken(TokenKind.Queue, claims));

        read.Should().Be(claims);
    }

    [Fact]
    public async Task ReadSaleTokenAsync_ForAccessTokens_IsRefused()
    {
        // Access tokens are the authentication middleware's business, with wall-clock expiry.
        var read = async () => await _tokens.ReadSaleTokenAsync(TokenKind.Access, "whatever");

        await read.Should().ThrowAsync<ArgumentException>();
    }

    [Fact]
    public async Task IssueAccessToken_ValidatesAsAnAccessToken_WithTheUsersIdentity()
    {
        var user = NewUser();

        var issued = _tokens.IssueAccessToken(user);

        issued.ExpiresAt.Should().Be(Now + _validation.Options.AccessTokenLifetime);
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(issued.Token, _validation.For(TokenKind.Access));
        result.IsValid.Should().BeTrue(result.Exception?.Message);
        result.ClaimsIdentity.Name.Should().Be(user.Username);
        ((JsonWebToken)result.SecurityToken).Subject.Should().Be(user.Id.ToString());
    }

    [Theory]
    [InlineData(TokenKind.Queue)]
    [InlineData(TokenKind.Purchase)]
    public async Task IssueAccessToken_DoesNotValidateAsASaleToken(TokenKind kind)
    {
        var issued = _tokens.IssueAccessToken(NewUser());

        var result = await new JsonWebTokenHandler().ValidateTokenAsync(issued.Token, _validation.For(kind));

        result.IsValid.Should().BeFalse();
    }

    [Theory]
    [InlineData(TokenKind.Queue)]
    [InlineData(TokenKind.Purchase)]
    public async Task SaleTokens_DoNotValidateAsAccessTokens(TokenKind kind)
    {
        // A queue or purchase token must never authenticate an API call.
        var token = _tokens.SignSaleToken(kind, NewClaims());

        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, _validation.For(TokenKind.Access));

        result.IsValid.Should().BeFalse();
    }

    [Fact]
    public async Task AccessToken_WhenExpired_DoesNotValidate()
    {
        // Unlike queue and purchase tokens, access tokens are checked against the wall clock by the validation itself.
        _clock.AdjustTime(DateTimeOffset.UtcNow - _validation.Options.AccessTokenLifetime - TimeSpan.FromMinutes(5));
        var issued = _tokens.IssueAccessToken(NewUser());

        var result = await new JsonWebTokenHandler().ValidateTokenAsync(issued.Token, _validation.For(TokenKind.Access));

        result.IsValid.Should().BeFalse();
        result.Exception.Should().BeOfType<SecurityTokenExpiredException>();
    }

    private static SaleTokenClaims NewClaims() =>
        new(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Now, Now.AddHours(1));

    private static User NewUser() => User.Register("shopper_1", "hash", Now);

    private ServiceProvider Server(Dictionary<string, string?> settings) => InfrastructureServices.Build(settings, clock: _clock);

    private string SignWith(string algorithm, TokenKind kind, string issuer, string? subject = null) =>
        SignWith(new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(_validation.Options.SigningKey)), algorithm),
            kind, issuer, subject);

    private static string SignWith(SigningCredentials credentials, TokenKind kind, string issuer, string? subject = null) =>
        new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = TokenKinds.Audience(kind),
            TokenType = TokenKinds.Type(kind),
            IssuedAt = Now.UtcDateTime,
            NotBefore = Now.UtcDateTime,
            Expires = Now.AddHours(1).UtcDateTime,
            Claims = new Dictionary<string, object>
            {
                [JwtRegisteredClaimNames.Sub] = subject ?? Guid.NewGuid().ToString(),
                [JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString(),
                [TokenValidation.SaleIdClaim] = Guid.NewGuid().ToString(),
            },
            SigningCredentials = credentials,
        });
}
