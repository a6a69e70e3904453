using FlashPurchase.Application.Abstractions;
using FlashPurchase.Domain.Users;
using FlashPurchase.Infrastructure;
using FlashPurchase.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting.Internal;

namespace FlashPurchase.Bench;

public sealed record Shopper(Guid UserId, string AccessToken);

/// <summary>
/// The benchmark's way into the database, through the application's own Infrastructure (built once per run): it
/// creates shoppers straight in the database and mints their access tokens with the configured key, so the benchmark
/// measures the sale, not account creation (a PBKDF2 hash per shopper would dominate; these accounts have no usable
/// password), and it counts the purchase tokens the worker has made.
/// </summary>
public sealed class Shoppers : IAsyncDisposable
{
    private const int BatchSize = 1_000;

    private readonly ServiceProvider _provider;

    public Shoppers(IConfiguration configuration)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddInfrastructure(configuration, new HostingEnvironment { EnvironmentName = "Development" });
        _provider = services.BuildServiceProvider();
    }

    /// <summary>The token service of the configured keys (also what the token-cost scenario measures).</summary>
    public ITokenService Tokens => _provider.GetRequiredService<ITokenService>();

    public async Task<IReadOnlyList<Shopper>> CreateAsync(int count, string prefix)
    {
        var tokens = Tokens;
        var shoppers = new List<Shopper>(count);
        for (var start = 0; start < count; start += BatchSize)
        {
            await using var scope = _provider.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<FlashPurchaseDbContext>();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            var users = Enumerable.Range(start, Math.Min(BatchSize, count - start))
                .Select(i => User.Register($"{prefix}{i}", "benchmark-account-without-password", DateTimeOffset.UtcNow))
                .ToList();
            db.Users.AddRange(users);
            await db.SaveChangesAsync();
            shoppers.AddRange(users.Select(u => new Shopper(u.Id, tokens.IssueAccessToken(u).Token)));
        }

        return shoppers;
    }

    /// <summary>How many purchase tokens the worker has made in the database (for the conversion scenario).</summary>
    public async Task<(int Count, DateTimeOffset? First, DateTimeOffset? Last)> PurchaseTokensAsync()
    {
        await using var scope = _provider.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FlashPurchaseDbContext>();
        var issued = db.PurchaseTokens.Select(t => t.IssuedAt);
        var count = await issued.CountAsync();
        return count == 0 ? (0, null, null) : (count, await issued.MinAsync(), await issued.MaxAsync());
    }

    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}
