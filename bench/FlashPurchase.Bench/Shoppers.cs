using FlashPurchase.Application.Abstractions;
using FlashPurchase.Domain.Users;
using FlashPurchase.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FlashPurchase.Bench;

public sealed record Shopper(Guid UserId, string AccessToken);

/// <summary>
/// What the database holds after a scenario, summed over its sales (one per fresh database). <paramref name="Oversell"/>
/// (orders beyond a sale's stock, or stock below zero) and <paramref name="ShoppersWithMoreThanOneOrder"/> must be 0.
/// </summary>
public sealed record DatabaseCheck(int Sales, int StockTotal, int StockRemaining, int Orders, int ShoppersWithMoreThanOneOrder, int Oversell)
{
    /// <summary>Units neither sold nor left (each order takes its unit in the same transaction): must be 0.</summary>
    public int UnitsUnaccounted => StockTotal - StockRemaining - Orders;
}

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
        _provider = ProductServices.Build(configuration);
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

    /// <summary>When the worker wrote the purchase token at <paramref name="fraction"/> of those it wrote (0.1: the 10th percentile).</summary>
    public async Task<DateTimeOffset> PurchaseTokenIssuedAtAsync(int count, double fraction)
    {
        await using var scope = _provider.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FlashPurchaseDbContext>();
        return await db.PurchaseTokens.Select(t => t.IssuedAt).OrderBy(t => t)
            .Skip(Math.Clamp((int)(fraction * count), 0, count - 1)).FirstAsync();
    }

    /// <summary>
    /// The sales as the database has them after a scenario: stock, orders and shoppers holding more than one order,
    /// counted from the tables rather than from the answers the load generator saw.
    /// </summary>
    public async Task<DatabaseCheck> CheckSalesAsync()
    {
        await using var scope = _provider.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FlashPurchaseDbContext>();
        var sales = await db.Sales.AsNoTracking().Select(s => new { s.Id, s.StockTotal, s.StockRemaining }).ToListAsync();
        var orders = await db.Orders.GroupBy(o => o.SaleId).Select(g => new { SaleId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.SaleId, g => g.Count);
        var duplicates = await db.Orders.GroupBy(o => new { o.SaleId, o.UserId }).Where(g => g.Count() > 1).CountAsync();
        return new DatabaseCheck(
            sales.Count,
            sales.Sum(s => s.StockTotal),
            sales.Sum(s => s.StockRemaining),
            orders.Values.Sum(),
            duplicates,
            // Per sale: one sale's unsold units do not excuse another's oversell.
            sales.Sum(s => Math.Max(0, orders.GetValueOrDefault(s.Id) - s.StockTotal) + Math.Max(0, -s.StockRemaining)));
    }

    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}
