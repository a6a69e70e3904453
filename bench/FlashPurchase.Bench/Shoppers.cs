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
/// Creates the benchmark's shoppers straight in the database and mints their access tokens with the configured key,
/// through the application's own Infrastructure: the benchmark measures the sale, not account creation (a PBKDF2
/// hash per shopper would dominate). These accounts have no usable password.
/// </summary>
public static class Shoppers
{
    private const int BatchSize = 1_000;

    public static async Task<IReadOnlyList<Shopper>> CreateAsync(IConfiguration configuration, int count, string prefix)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddInfrastructure(configuration, new HostingEnvironment { EnvironmentName = "Development" });
        await using var provider = services.BuildServiceProvider();
        var tokens = provider.GetRequiredService<ITokenService>();

        var shoppers = new List<Shopper>(count);
        for (var start = 0; start < count; start += BatchSize)
        {
            await using var scope = provider.CreateAsyncScope();
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
    public static async Task<(int Count, DateTimeOffset? First, DateTimeOffset? Last)> PurchaseTokensAsync(IConfiguration configuration)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddInfrastructure(configuration, new HostingEnvironment { EnvironmentName = "Development" });
        await using var provider = services.BuildServiceProvider();
        await using var scope = provider.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FlashPurchaseDbContext>();
        var issued = db.PurchaseTokens.Select(t => t.IssuedAt);
        var count = await issued.CountAsync();
        if (count == 0)
        {
            return (0, null, null);
        }

        return (count, await issued.MinAsync(), await issued.MaxAsync());
    }
}
