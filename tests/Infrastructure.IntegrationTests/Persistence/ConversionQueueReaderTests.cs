using FlashPurchase.Application.Abstractions;
using FlashPurchase.Domain.Queue;
using FlashPurchase.Infrastructure.IntegrationTests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace FlashPurchase.Infrastructure.IntegrationTests.Persistence;

/// <summary>
/// The figures behind the 202's position and retryAfterSeconds: which places still wait for the worker, and how many
/// purchase tokens it created lately. Same tests on MariaDB and SQLite.
/// </summary>
public abstract class ConversionQueueReaderTests(DatabaseFixture fixture)
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(10);

    private IServiceProvider Services => fixture.Services;

    [Fact]
    public async Task ReadAsync_ListsThePlacesNeitherConvertedNorExpired_InPositionOrder()
    {
        var sale = await Services.AddSaleAsync(stock: 10);
        var users = await Services.AddUsersAsync(6);
        var places = new List<QueuePlace>();
        for (var i = 0; i < users.Count; i++)
        {
            // Position 2's queue token expired before the worker reached it: the worker drops it, nobody waits on it.
            places.Add(await Services.AdmitAsync(sale.Id, users[i].Id, lifetime: i == 1 ? TimeSpan.FromMinutes(-1) : null));
        }

        await Services.ConvertAsync(places[0], DateTimeOffset.UtcNow);
        await Services.ConvertAsync(places[3], DateTimeOffset.UtcNow);

        var reading = await ReadAsync(sale.Id, fromPosition: 1);

        reading.QueueLength.Should().Be(6);
        reading.WaitingPositions.Should().Equal(3, 5, 6);
    }

    [Fact]
    public async Task ReadAsync_FromAPosition_LeavesOutThePlacesBelowIt()
    {
        var sale = await Services.AddSaleAsync(stock: 10);
        foreach (var user in await Services.AddUsersAsync(5))
        {
            await Services.AdmitAsync(sale.Id, user.Id);
        }

        (await ReadAsync(sale.Id, fromPosition: 4)).WaitingPositions.Should().Equal(4, 5);
        (await ReadAsync(sale.Id, fromPosition: 6)).WaitingPositions.Should().BeEmpty();
    }

    [Fact]
    public async Task ReadAsync_SeesOnlyItsOwnSale()
    {
        var sale = await Services.AddSaleAsync(stock: 10);
        var other = await Services.AddSaleAsync(stock: 10);
        var users = await Services.AddUsersAsync(3);
        await Services.AdmitAsync(sale.Id, users[0].Id);
        var elsewhere = await Services.AdmitAsync(other.Id, users[1].Id);
        await Services.AdmitAsync(other.Id, users[2].Id);
        await Services.ConvertAsync(elsewhere, DateTimeOffset.UtcNow);

        var reading = await ReadAsync(sale.Id, fromPosition: 1);

        reading.Should().BeEquivalentTo(new { QueueLength = 1L, WaitingPositions = new[] { 1L }, ConversionsSince = 0 });
        reading.OldestConversionSince.Should().BeNull();
    }

    [Fact]
    public async Task ReadAsync_CountsThePurchaseTokensIssuedWithinTheWindow_AndWhenTheOldestOfThemWas()
    {
        var now = DateTimeOffset.UtcNow;
        var sale = await Services.AddSaleAsync(stock: 10);
        var users = await Services.AddUsersAsync(4);
        var places = new List<QueuePlace>();
        foreach (var user in users)
        {
            places.Add(await Services.AdmitAsync(sale.Id, user.Id));
        }

        await Services.ConvertAsync(places[0], now - Window - TimeSpan.FromSeconds(20)); // before the window
        await Services.ConvertAsync(places[1], now.AddSeconds(-3));
        await Services.ConvertAsync(places[2], now.AddSeconds(-1));

        var reading = await ReadAsync(sale.Id, fromPosition: 1, now);

        reading.ConversionsSince.Should().Be(2);
        reading.OldestConversionSince.Should().BeCloseTo(now.AddSeconds(-3), TimeSpan.FromMilliseconds(1));
        reading.WaitingPositions.Should().Equal(4);
    }

    [Fact]
    public async Task ReadAsync_OfASaleWithoutPlaces_IsEmpty()
    {
        var sale = await Services.AddSaleAsync(stock: 10);

        var reading = await ReadAsync(sale.Id, fromPosition: 1);

        reading.Should().BeEquivalentTo(new ConversionQueueReading(0, [], 0, null));
    }

    private async Task<ConversionQueueReading> ReadAsync(Guid saleId, long fromPosition, DateTimeOffset? now = null)
    {
        var at = now ?? DateTimeOffset.UtcNow;
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IConversionQueueReader>()
            .ReadAsync(saleId, fromPosition, at, at - Window, CancellationToken.None);
    }
}

public sealed class MariaDbConversionQueueReaderTests(MariaDbFixture fixture)
    : ConversionQueueReaderTests(fixture), IClassFixture<MariaDbFixture>;

public sealed class SqliteConversionQueueReaderTests(SqliteFixture fixture)
    : ConversionQueueReaderTests(fixture), IClassFixture<SqliteFixture>;
