using FlashPurchase.Application.Abstractions;
using FlashPurchase.Domain.Queue;
using FlashPurchase.Domain.Sales;
using FlashPurchase.Domain.Users;
using FlashPurchase.Infrastructure.Persistence;
using FlashPurchase.Infrastructure.Persistence.Repositories;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FlashPurchase.Infrastructure.IntegrationTests.Support;

/// <summary>
/// Rows the tests start from, written straight through the DbContext. Every test makes its own sale and users, so the
/// tests of a class share one database without seeing each other's rows.
/// </summary>
internal static class TestData
{
    public static async Task<Sale> AddSaleAsync(this IServiceProvider services, int stock, int queueCapacity = 0)
    {
        var sale = Sale.Schedule(Guid.NewGuid(), "Test Phone", 699.00m, "EUR", stock,
            DateTimeOffset.UtcNow.AddMinutes(-1), TimeSpan.FromHours(1), queueCapacity);
        await AddAsync(services, db => db.Sales.Add(sale));
        return sale;
    }

    /// <summary>An open sale with waiting-room controls.</summary>
    public static async Task<Sale> AddSaleAsync(this IServiceProvider services, int stock, WaitingRoom waitingRoom)
    {
        var sale = Sale.Schedule(Guid.NewGuid(), "Test Phone", 699.00m, "EUR", stock,
            DateTimeOffset.UtcNow.AddMinutes(-1), TimeSpan.FromHours(1), queueCapacity: 0, waitingRoom);
        await AddAsync(services, db => db.Sales.Add(sale));
        return sale;
    }

    /// <summary>A sale of its own window: scheduled, open or closed relative to the clock of the test.</summary>
    public static async Task<Sale> AddSaleAsync(
        this IServiceProvider services, DateTimeOffset opensAt, TimeSpan duration, int stock = 10, string productName = "Test Phone")
    {
        var sale = Sale.Schedule(Guid.NewGuid(), productName, 699.00m, "EUR", stock, opensAt, duration, queueCapacity: 0);
        await AddAsync(services, db => db.Sales.Add(sale));
        return sale;
    }

    public static async Task<IReadOnlyList<User>> AddUsersAsync(this IServiceProvider services, int count)
    {
        var users = Enumerable.Range(0, count)
            .Select(i => User.Register($"shopper-{Guid.NewGuid():N}"[..30] + $"-{i}", "not-a-real-hash", DateTimeOffset.UtcNow))
            .ToList();
        await AddAsync(services, db => db.Users.AddRange(users));
        return users;
    }

    public static async Task<User> AddUserAsync(this IServiceProvider services) => (await services.AddUsersAsync(1))[0];

    public static async Task<PurchaseToken> AddPurchaseTokenAsync(this IServiceProvider services, Sale sale, User user)
    {
        var token = NewPurchaseToken(sale.Id, user.Id, queueTokenId: Guid.NewGuid());
        await AddAsync(services, db => db.PurchaseTokens.Add(token));
        return token;
    }

    public static PurchaseToken NewPurchaseToken(Guid saleId, Guid userId, Guid queueTokenId, DateTimeOffset? issuedAt = null)
    {
        var issued = issuedAt ?? DateTimeOffset.UtcNow;
        return PurchaseToken.Create(Guid.NewGuid(), queueTokenId, saleId, userId, "signed-purchase-token", issued, issued.AddHours(1));
    }

    /// <summary>What the worker stores when it converts <paramref name="place"/>'s queue token at <paramref name="issuedAt"/>.</summary>
    public static async Task<PurchaseToken> ConvertAsync(this IServiceProvider services, QueuePlace place, DateTimeOffset issuedAt)
    {
        var token = NewPurchaseToken(place.SaleId, place.UserId, place.Id, issuedAt);
        await AddAsync(services, db => db.PurchaseTokens.Add(token));
        return token;
    }

    /// <summary>A place taken the way the API takes it (the next position of the sale), its message confirmed.</summary>
    public static async Task<QueuePlace> AdmitAsync(this IServiceProvider services, Guid saleId, Guid userId, TimeSpan? lifetime = null)
    {
        await using var scope = services.CreateAsyncScope();
        var admission = await scope.ServiceProvider.GetRequiredService<QueuePlaceRepository>().AdmitBatchAsync(
            saleId, [NewAdmissionRequest(saleId, userId, lifetime)],
            (places, _) => Task.FromResult<IReadOnlyList<bool>>(places.Select(_ => true).ToArray()),
            CancellationToken.None);
        return ((AdmissionResult.Admitted)admission[0]).Place;
    }

    /// <summary>
    /// Places for all of <paramref name="users"/> in one admission (positions in the order of the list), messages confirmed;
    /// returned in position order.
    /// </summary>
    public static async Task<IReadOnlyList<QueuePlace>> AdmitAllAsync(
        this IServiceProvider services, Guid saleId, IReadOnlyList<User> users, TimeSpan? lifetime = null)
    {
        await using var scope = services.CreateAsyncScope();
        var admissions = await scope.ServiceProvider.GetRequiredService<QueuePlaceRepository>().AdmitBatchAsync(
            saleId, users.Select(u => NewAdmissionRequest(saleId, u.Id, lifetime)).ToList(),
            (places, _) => Task.FromResult<IReadOnlyList<bool>>(places.Select(_ => true).ToArray()),
            CancellationToken.None);
        return admissions.Cast<AdmissionResult.Admitted>().Select(a => a.Place).OrderBy(p => p.Position).ToList();
    }

    /// <summary>The purchase tokens the worker makes for <paramref name="places"/> at <paramref name="issuedAt"/>.</summary>
    public static IReadOnlyList<PurchaseToken> PurchaseTokensFor(IEnumerable<QueuePlace> places, DateTimeOffset? issuedAt = null) =>
        places.Select(p => NewPurchaseToken(p.SaleId, p.UserId, p.Id, issuedAt)).ToList();

    public static AdmissionRequest NewAdmissionRequest(Guid saleId, Guid userId, TimeSpan? lifetime = null)
    {
        var now = DateTimeOffset.UtcNow;
        return new AdmissionRequest(saleId, userId, Guid.NewGuid(), "signed-queue-token", now, now + (lifetime ?? TimeSpan.FromHours(1)));
    }

    /// <summary>The sale as the database holds it now, read in a fresh scope (nothing cached).</summary>
    public static Task<Sale> ReadSaleAsync(this IServiceProvider services, Guid saleId) =>
        QueryAsync(services, db => db.Sales.SingleAsync(s => s.Id == saleId));

    public static async Task<T> QueryAsync<T>(this IServiceProvider services, Func<FlashPurchaseDbContext, Task<T>> query)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FlashPurchaseDbContext>();
        return await query(db);
    }

    private static async Task AddAsync(IServiceProvider services, Action<FlashPurchaseDbContext> add)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FlashPurchaseDbContext>();
        add(db);
        await db.SaveChangesAsync();
    }
}
