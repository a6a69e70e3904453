using FlashPurchase.Application.Abstractions;
using FlashPurchase.Infrastructure.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FlashPurchase.Infrastructure.IntegrationTests.Persistence;

/// <summary>
/// The queue worker stores purchase tokens in batches, and may get the same message twice (redelivery, or two workers):
/// the unique key on the queue token makes the second conversion a no-op rather than a second purchase token.
/// </summary>
public abstract class PurchaseTokenRepositoryTests(DatabaseFixture fixture)
{
    private IServiceProvider Services => fixture.Services;

    [Fact]
    public async Task AddNewAsync_StoresTheWholeBatch()
    {
        var sale = await Services.AddSaleAsync(stock: 1);
        var users = await Services.AddUsersAsync(50);
        var tokens = users.Select(u => TestData.NewPurchaseToken(sale.Id, u.Id, Guid.NewGuid())).ToList();

        var added = await AddNewAsync(tokens);

        added.Should().BeEquivalentTo(tokens.Select(t => t.QueueTokenId));
        (await Services.QueryAsync(db => db.PurchaseTokens.CountAsync(t => t.SaleId == sale.Id))).Should().Be(50);
    }

    [Fact]
    public async Task AddNewAsync_WhenOneQueueTokenAlreadyHasAPurchaseToken_StoresTheOthersAndKeepsTheFirst()
    {
        var sale = await Services.AddSaleAsync(stock: 1);
        var users = await Services.AddUsersAsync(3);
        var first = TestData.NewPurchaseToken(sale.Id, users[1].Id, Guid.NewGuid());
        await AddNewAsync([first]);
        var batch = new[]
        {
            TestData.NewPurchaseToken(sale.Id, users[0].Id, Guid.NewGuid()),
            TestData.NewPurchaseToken(sale.Id, users[1].Id, first.QueueTokenId), // redelivered
            TestData.NewPurchaseToken(sale.Id, users[2].Id, Guid.NewGuid()),
        };

        var added = await AddNewAsync(batch);

        added.Should().BeEquivalentTo([batch[0].QueueTokenId, batch[2].QueueTokenId]);
        var stored = await Services.QueryAsync(db => db.PurchaseTokens.Where(t => t.QueueTokenId == first.QueueTokenId).ToListAsync());
        stored.Should().ContainSingle().Which.Id.Should().Be(first.Id);
        (await Services.QueryAsync(db => db.PurchaseTokens.CountAsync(t => t.SaleId == sale.Id))).Should().Be(3);
    }

    [Fact]
    public async Task AddNewAsync_WhenTwoWorkersConvertTheSameBatchAtOnce_StoresEachQueueTokenOnce()
    {
        var sale = await Services.AddSaleAsync(stock: 1);
        var users = await Services.AddUsersAsync(20);
        var queueTokenIds = users.Select(_ => Guid.NewGuid()).ToList();

        var added = await Race.RunAsync(Services, 2, (_, scope) => scope.GetRequiredService<IPurchaseTokenRepository>()
            .AddNewAsync(sale.Id, users.Select((u, i) => TestData.NewPurchaseToken(sale.Id, u.Id, queueTokenIds[i])).ToList(), CancellationToken.None));

        added.SelectMany(a => a.Added).Should().BeEquivalentTo(queueTokenIds, "each queue token was stored by exactly one of the two");
        (await Services.QueryAsync(db => db.PurchaseTokens.CountAsync(t => t.SaleId == sale.Id))).Should().Be(20);
    }

    [Fact]
    public async Task FindConvertedAsync_ReturnsOnlyTheQueueTokensThatHaveAPurchaseToken()
    {
        var sale = await Services.AddSaleAsync(stock: 1);
        var user = await Services.AddUserAsync();
        var converted = TestData.NewPurchaseToken(sale.Id, user.Id, Guid.NewGuid());
        await AddNewAsync([converted]);
        var unconverted = Guid.NewGuid();

        await using var scope = Services.CreateAsyncScope();
        var found = await scope.ServiceProvider.GetRequiredService<IPurchaseTokenRepository>()
            .FindConvertedAsync([converted.QueueTokenId, unconverted], CancellationToken.None);

        found.Should().BeEquivalentTo([converted.QueueTokenId]);
    }

    [Fact]
    public async Task FindByQueueTokenIdAsync_ReturnsTheStoredTokenWithItsTimes()
    {
        var sale = await Services.AddSaleAsync(stock: 1);
        var user = await Services.AddUserAsync();
        var token = TestData.NewPurchaseToken(sale.Id, user.Id, Guid.NewGuid());
        await AddNewAsync([token]);

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

    private async Task<IReadOnlyList<Guid>> AddNewAsync(IReadOnlyList<Domain.Queue.PurchaseToken> tokens)
    {
        await using var scope = Services.CreateAsyncScope();
        var release = await scope.ServiceProvider.GetRequiredService<IPurchaseTokenRepository>()
            .AddNewAsync(tokens[0].SaleId, tokens, CancellationToken.None);
        return release.Added;
    }
}

public sealed class MariaDbPurchaseTokenRepositoryTests(MariaDbFixture fixture)
    : PurchaseTokenRepositoryTests(fixture), IClassFixture<MariaDbFixture>;

public sealed class SqlitePurchaseTokenRepositoryTests(SqliteFixture fixture)
    : PurchaseTokenRepositoryTests(fixture), IClassFixture<SqliteFixture>;
