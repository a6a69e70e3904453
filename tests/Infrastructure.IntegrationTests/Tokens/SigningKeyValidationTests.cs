using FlashPurchase.Infrastructure.Tokens;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

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
    public async Task StartAsync_InProductionWithASecretKeyOf32Bytes_Starts()
    {
        using var host = BuildHost("Production", new string('k', TokenOptions.MinimumSigningKeyBytes));

        await host.StartAsync();
        await host.StopAsync();
    }

    [Fact]
    public async Task StartAsync_InDevelopmentWithTheDevelopmentKey_Starts()
    {
        using var host = BuildHost("Development", signingKey: null);

        await host.StartAsync();
        await host.StopAsync();
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
