using System.Text;
using FlashPurchase.Application.Abstractions;
using FlashPurchase.Domain.Users;
using FlashPurchase.Infrastructure.Tokens;
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
/// The development signing key is in the source code, so anyone could sign tokens with it: outside Development the
/// host must refuse to start with it, and with any key too short for HS256, rather than fail at the first request.
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
    public async Task StartAsync_InProductionWithASecretKeyOf32Bytes_StartsAndSignsWithThatKey()
    {
        var key = new string('k', TokenOptions.MinimumSigningKeyBytes);
        using var host = BuildHost("Production", key);

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
    private IHost BuildHost(string environment, string? signingKey, string? json = null)
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
