using FlashPurchase.Application.Abstractions;
using FlashPurchase.Infrastructure.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FlashPurchase.Infrastructure.IntegrationTests.Persistence;

/// <summary>
/// The queue worker may get the same message twice (redelivery): the unique key on the queue token makes the second
/// conversion a no-op rather than a second purchase token.
/// </summary>
public abstract class PurchaseTokenRepositoryTests(DatabaseFixture fixture)
{
    private IServiceProvider Services => fixture.Services;

    [Fact]
    public async Task TryAddAsync_WhenTheQueueTokenAlreadyHasAPurchaseToken_ReturnsFalseAndKeepsTheFirst()
    {
        var sale = await Services.AddSaleAsync(stock: 1);
        var user = await Services.AddUserAsync();
        var queueTokenId = Guid.NewGuid();
        var first = TestData.NewPurchaseToken(sale.Id, user.Id, queueTokenId);
        var redelivered = TestData.NewPurchaseToken(sale.Id, user.Id, queueTokenId);

        (await TryAddAsync(first)).Should().BeTrue();
        (await TryAddAsync(redelivered)).Should().BeFalse();

        var stored = await Services.QueryAsync(db => db.PurchaseTokens.Where(t => t.QueueTokenId == queueTokenId).ToListAsync());
        stored.Should().ContainSingle().Which.Id.Should().Be(first.Id);
    }

    [Fact]
    public async Task TryAddAsync_WhenTwoWorkersConvertTheSameQueueTokenAtOnce_StoresOne()
    {
        var sale = await Services.AddSaleAsync(stock: 1);
        var user = await Services.AddUserAsync();
        var queueTokenId = Guid.NewGuid();

        var added = await Race.RunAsync(Services, 2, (_, scope) => scope.GetRequiredService<IPurchaseTokenRepository>()
            .TryAddAsync(TestData.NewPurchaseToken(sale.Id, user.Id, queueTokenId), CancellationToken.None));

        added.Should().BeEquivalentTo([true, false]);
        (await Services.QueryAsync(db => db.PurchaseTokens.CountAsync(t => t.QueueTokenId == queueTokenId))).Should().Be(1);
    }

    [Fact]
    public async Task FindByQueueTokenIdAsync_ReturnsTheStoredTokenWithItsTimes()
    {
        var sale = await Services.AddSaleAsync(stock: 1);
        var user = await Services.AddUserAsync();
        var token = TestData.NewPurchaseToken(sale.Id, user.Id, Guid.NewGuid());
        await TryAddAsync(token);

        await using var scope = Services.CreateAsyncScope();
        var found = await scope.ServiceProvider.GetRequiredService<IPurchaseTokenRepository>()
            .FindByQueueTokenIdAsync(token.QueueTokenId, CancellationToken.None);

        // Expiry decisions compare these instants: they must come back as the same moment (to the microsecond MySQL keeps).
        found.Should().NotBeNull();
        found!.Id.Should().Be(token.Id);
        found.UserId.Should().Be(user.Id);
        found.ExpiresAt.Should().BeCloseTo(token.ExpiresAt, TimeSpan.FromMilliseconds(1));
        found.ExpiresAt.Offset.Should().Be(TimeSpan.Zero);
    }

    private async Task<bool> TryAddAsync(Domain.Queue.PurchaseToken token)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IPurchaseTokenRepository>().TryAddAsync(token, CancellationToken.None);
    }
}

public sealed class MariaDbPurchaseTokenRepositoryTests(MariaDbFixture fixture)
    : PurchaseTokenRepositoryTests(fixture), IClassFixture<MariaDbFixture>;

public sealed class SqlitePurchaseTokenRepositoryTests(SqliteFixture fixture)
    : PurchaseTokenRepositoryTests(fixture), IClassFixture<SqliteFixture>;
