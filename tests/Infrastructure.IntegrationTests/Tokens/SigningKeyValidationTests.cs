using System.Security.Cryptography;
using System.Text;
using FlashPurchase.Application.Abstractions;
using FlashPurchase.Domain.Users;
using FlashPurchase.Infrastructure.Tokens;
using FlashPurchase.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FlashPurchase.Infrastructure.IntegrationTests.Tokens;

/// <summary>
/// The development signing keys are in the source code, so anyone could sign tokens with them: outside Development the
/// host must refuse to start with them, with any key too short for HS256, and with a purchase key that is not a P-256
/// key in PEM, rather than fail at the first request.
/// </summary>
public sealed class SigningKeyValidationTests : IDisposable
{
    private readonly string _databasePath = Path.Combine(Path.GetTempPath(), $"fptest-{Guid.NewGuid():N}.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _databasePath, _databasePath + "-wal", _databasePath + "-shm" })
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task StartAsync_InProductionWithTheDevelopmentKey_Throws()
    {
        using var host = BuildHost("Production", signingKey: null);

        var start = () => host.StartAsync();

        (await start.Should().ThrowAsync<OptionsValidationException>()).WithMessage("*Tokens:SigningKey*development key*");
    }

    [Fact]
    public async Task StartAsync_InProductionWithTheDevelopmentKeySetExplicitly_Throws()
    {
        using var host = BuildHost("Production", TokenOptions.DevelopmentSigningKey);

        var start = () => host.StartAsync();

        (await start.Should().ThrowAsync<OptionsValidationException>()).WithMessage("*Tokens:SigningKey*");
    }

    [Theory]
    [InlineData("Development")]
    [InlineData("Production")]
    public async Task StartAsync_WithAKeyShorterThan32Bytes_Throws(string environment)
    {
        using var host = BuildHost(environment, new string('k', TokenOptions.MinimumSigningKeyBytes - 1));

        var start = () => host.StartAsync();

        (await start.Should().ThrowAsync<OptionsValidationException>()).WithMessage("*Tokens:SigningKey*32 bytes*");
    }

    [Fact]
    public async Task StartAsync_WithAnEmptyKey_Throws()
    {
        // What `Tokens__SigningKey=` (set, but to nothing) gives.
        using var host = BuildHost("Production", signingKey: "");

        var start = () => host.StartAsync();

        (await start.Should().ThrowAsync<OptionsValidationException>()).WithMessage("*Tokens:SigningKey*32 bytes*");
    }

    [Fact]
    public async Task StartAsync_WithANullKeyInASettingsFile_ThrowsAValidationErrorNamingTheKey()
    {
        // A settings file with a `"SigningKey": null` placeholder binds null: start-up must still say which setting is
        // wrong rather than fail deep inside with an ArgumentNullException.
        using var host = BuildHost("Production", signingKey: null, json: """{ "Tokens": { "SigningKey": null } }""");

        var start = () => host.StartAsync();

        (await start.Should().ThrowAsync<OptionsValidationException>()).WithMessage("*Tokens:SigningKey*32 bytes*");
    }

    [Fact]
    public async Task StartAsync_InProductionWithoutAPurchaseKey_ThrowsNamingTheSetting()
    {
        // A deployment that set the HS256 secret only: its purchase tokens would carry the public development key.
        using var host = BuildHost("Production", new string('k', TokenOptions.MinimumSigningKeyBytes));

        var start = () => host.StartAsync();

        (await start.Should().ThrowAsync<OptionsValidationException>())
            .WithMessage("*Tokens:PurchaseSigningKey is the public development key*Tokens__PurchaseSigningKey*");
    }

    [Theory]
    [InlineData("Tokens:PurchaseSigningKey")]
    [InlineData("Tokens:PreviousPurchaseKeys:0")]
    public async Task StartAsync_InProductionWithTheDevelopmentPurchaseKeySetExplicitly_Throws(string setting)
    {
        // Published as a previous key, it would still verify purchase tokens anyone can sign.
        using var host = BuildHost("Production", new string('k', TokenOptions.MinimumSigningKeyBytes), new()
        {
            ["Tokens:PurchaseSigningKey"] = PurchaseSigningKey.NewPem(),
            [setting] = TokenOptions.DevelopmentPurchaseSigningKey.Replace("\n", "\r\n"),
        });

        var start = () => host.StartAsync();

        (await start.Should().ThrowAsync<OptionsValidationException>()).WithMessage($"*{setting} is the public development key*");
    }

    public static TheoryData<string, string, string> BadPurchaseKeys()
    {
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        using var rsa = RSA.Create(2048);
        var current = "Tokens:PurchaseSigningKey";
        var previous = "Tokens:PreviousPurchaseKeys:0";
        return new()
        {
            { current, "", "*Tokens:PurchaseSigningKey is not set*" },
            { current, "not a key", "*Tokens:PurchaseSigningKey is not a readable EC key in PEM*" },
            { current, "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----", "*Tokens:PurchaseSigningKey is not a readable EC key in PEM*" },
            { current, rsa.ExportPkcs8PrivateKeyPem(), "*Tokens:PurchaseSigningKey is not a readable EC key in PEM*" },
            { current, p384.ExportPkcs8PrivateKeyPem(), "*Tokens:PurchaseSigningKey is a key on the curve*not P-256*" },
            { current, PurchaseSigningKey.PublicPem(PurchaseSigningKey.NewPem()), "*Tokens:PurchaseSigningKey is a public key*" },
            { previous, "not a key", "*Tokens:PreviousPurchaseKeys:0 is not a readable EC key in PEM*" },
            { previous, p384.ExportSubjectPublicKeyInfoPem(), "*Tokens:PreviousPurchaseKeys:0 is a key on the curve*not P-256*" },
        };
    }

    [Theory]
    [MemberData(nameof(BadPurchaseKeys))]
    public async Task StartAsync_WithAPurchaseKeyThatIsNotAP256KeyInPem_ThrowsNamingTheSetting(string setting, string pem, string message)
    {
        foreach (var environment in new[] { "Development", "Production" })
        {
            using var host = BuildHost(environment, new string('k', TokenOptions.MinimumSigningKeyBytes), new()
            {
                ["Tokens:PurchaseSigningKey"] = PurchaseSigningKey.NewPem(),
                [setting] = pem,
            });

            var start = () => host.StartAsync();

            (await start.Should().ThrowAsync<OptionsValidationException>(environment)).WithMessage(message);
        }
    }

    [Theory]
    [InlineData("pkcs8")]
    [InlineData("sec1")]
    [InlineData("one line, \\n escaped")]
    public async Task StartAsync_InProductionWithAP256PurchaseKey_StartsAndSignsPurchaseTokensWithIt(string form)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var pem = form switch
        {
            "pkcs8" => key.ExportPkcs8PrivateKeyPem(),
            "sec1" => key.ExportECPrivateKeyPem(),
            _ => key.ExportPkcs8PrivateKeyPem().ReplaceLineEndings("\\n"),
        };
        using var host = BuildHost("Production", new string('k', TokenOptions.MinimumSigningKeyBytes), new() { ["Tokens:PurchaseSigningKey"] = pem });

        await host.StartAsync();
        try
        {
            var tokens = host.Services.GetRequiredService<ITokenService>();
            var now = DateTimeOffset.UtcNow;
            var token = tokens.SignSaleToken(TokenKind.Purchase, new SaleTokenClaims(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), now, now.AddHours(1)));

            new JsonWebToken(token).Kid.Should().Be(PurchaseKeys.Thumbprint(key));
            var rules = host.Services.GetRequiredService<TokenValidation>().For(TokenKind.Purchase).Clone();
            rules.IssuerSigningKeys = [new ECDsaSecurityKey(ECDsa.Create(key.ExportParameters(false))) { KeyId = PurchaseKeys.Thumbprint(key) }];
            (await new JsonWebTokenHandler().ValidateTokenAsync(token, rules)).IsValid.Should().BeTrue("the configured key's public half verifies it");
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Fact]
    public async Task StartAsync_InProductionWithASecretKeyOf32Bytes_StartsAndSignsWithThatKey()
    {
        var key = new string('k', TokenOptions.MinimumSigningKeyBytes);
        using var host = BuildHost("Production", key, new() { ["Tokens:PurchaseSigningKey"] = PurchaseSigningKey.NewPem() });

        await host.StartAsync();
        try
        {
            await ShouldSignAndValidateWithAsync(host, key);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Fact]
    public async Task StartAsync_InDevelopmentWithTheDevelopmentKey_StartsAndSignsWithIt()
    {
        using var host = BuildHost("Development", signingKey: null);

        await host.StartAsync();
        try
        {
            await ShouldSignAndValidateWithAsync(host, TokenOptions.DevelopmentSigningKey);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    /// <summary>
    /// The started host uses exactly <paramref name="key"/>: its tokens verify with that key (and not with another),
    /// and it accepts a token that someone holding that key signed.
    /// </summary>
    private static async Task ShouldSignAndValidateWithAsync(IHost host, string key)
    {
        host.Services.GetRequiredService<IOptions<TokenOptions>>().Value.SigningKey.Should().Be(key);
        var tokens = host.Services.GetRequiredService<ITokenService>();
        var rules = host.Services.GetRequiredService<TokenValidation>().For(TokenKind.Access);
        var now = DateTimeOffset.UtcNow;
        var accessToken = tokens.IssueAccessToken(User.Register("shopper_1", "hash", now)).Token;

        (await ValidateAsync(accessToken, rules, key)).IsValid.Should().BeTrue("the host signs access tokens with the configured key");
        (await ValidateAsync(accessToken, rules, key + "-other")).IsValid.Should().BeFalse("the control: another key does not verify them");
        (await new JsonWebTokenHandler().ValidateTokenAsync(accessToken, rules)).IsValid.Should().BeTrue("the host verifies its own tokens");

        var claims = new SaleTokenClaims(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), now, now.AddHours(1));
        var signedWithKey = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = host.Services.GetRequiredService<IOptions<TokenOptions>>().Value.Issuer,
            Audience = TokenKinds.Audience(TokenKind.Queue),
            TokenType = TokenKinds.Type(TokenKind.Queue),
            Claims = new Dictionary<string, object>
            {
                [JwtRegisteredClaimNames.Sub] = claims.UserId.ToString(),
                [JwtRegisteredClaimNames.Jti] = claims.TokenId.ToString(),
                [TokenValidation.SaleIdClaim] = claims.SaleId.ToString(),
            },
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = claims.ExpiresAt.UtcDateTime,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)), SecurityAlgorithms.HmacSha256),
        });
        (await tokens.ReadSaleTokenAsync(TokenKind.Queue, signedWithKey)).Should()
            .Be(claims with { IssuedAt = Seconds(now), ExpiresAt = Seconds(claims.ExpiresAt) }, "a queue token signed with the configured key is read");
    }

    private static DateTimeOffset Seconds(DateTimeOffset time) => DateTimeOffset.FromUnixTimeSeconds(time.ToUnixTimeSeconds());

    private static Task<TokenValidationResult> ValidateAsync(string token, TokenValidationParameters rules, string key)
    {
        var withKey = rules.Clone();
        withKey.IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key));
        return new JsonWebTokenHandler().ValidateTokenAsync(token, withKey);
    }

    /// <param name="signingKey">Tokens:SigningKey, or null to leave it unset (the development key is the default).</param>
    /// <param name="settings">More settings (the purchase keys).</param>
    private IHost BuildHost(string environment, string? signingKey, Dictionary<string, string?>? settings = null, string? json = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            EnvironmentName = environment,
            DisableDefaults = true,
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["ConnectionStrings:Database"] = $"Data Source={_databasePath}",
            ["Messaging:Transport"] = "InMemory",
        });
        if (signingKey is not null)
        {
            builder.Configuration.AddInMemoryCollection([new("Tokens:SigningKey", signingKey)]);
        }

        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        if (json is not null)
        {
            builder.Configuration.AddJsonStream(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json)));
        }

        // See InfrastructureServices: MassTransit holds on to the first logger factory of the process.
        builder.Services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddInfrastructure(builder.Configuration, builder.Environment);
        return builder.Build();
    }
}
