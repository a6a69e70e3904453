using FlashPurchase.Application.Abstractions;
using FlashPurchase.Domain.Queue;
using FlashPurchase.Infrastructure.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FlashPurchase.Infrastructure.IntegrationTests.Persistence;

/// <summary>
/// Joining the queue: positions are handed out without gaps or repeats, the capacity holds, a shopper gets one place,
/// and a place exists only if its message reached the broker. Same tests on MariaDB and SQLite.
/// </summary>
public abstract class QueuePlaceRepositoryTests(DatabaseFixture fixture)
{
    private static readonly Func<QueuePlace, CancellationToken, Task<bool>> BrokerConfirms = (_, _) => Task.FromResult(true);

    private IServiceProvider Services => fixture.Services;

    [Fact]
    public async Task AdmitAsync_WhenAHundredShoppersJoinAtOnce_HandsOutPositionsOneToAHundred()
    {
        var sale = await Services.AddSaleAsync(stock: 10);
        var users = await Services.AddUsersAsync(100);

        var results = await Race.RunAsync(Services, 100, (i, scope) => AdmitAsync(scope, sale.Id, users[i].Id));

        var positions = results.Should().AllBeOfType<AdmissionResult.Admitted>().Subject
            .Select(a => a.Place.Position).Order().ToList();
        positions.Should().Equal(Enumerable.Range(1, 100).Select(p => (long)p));
        (await Services.ReadSaleAsync(sale.Id)).QueueLength.Should().Be(100);
        var stored = await Services.QueryAsync(db => db.QueuePlaces.Where(p => p.SaleId == sale.Id).Select(p => p.Position).ToListAsync());
        stored.Should().BeEquivalentTo(positions);
    }

    [Fact]
    public async Task AdmitAsync_WhenTheCapacityIsReached_RefusesTheRestWithQueueFull()
    {
        var sale = await Services.AddSaleAsync(stock: 10, queueCapacity: 10);
        var users = await Services.AddUsersAsync(30);

        var results = await Race.RunAsync(Services, 30, (i, scope) => AdmitAsync(scope, sale.Id, users[i].Id));

        results.OfType<AdmissionResult.Admitted>().Select(a => a.Place.Position).Should()
            .BeEquivalentTo(Enumerable.Range(1, 10).Select(p => (long)p));
        results.OfType<AdmissionResult.QueueFull>().Should().HaveCount(20);
        (await Services.ReadSaleAsync(sale.Id)).QueueLength.Should().Be(10);
        (await Services.QueryAsync(db => db.QueuePlaces.CountAsync(p => p.SaleId == sale.Id))).Should().Be(10);
    }

    [Fact]
    public async Task AdmitAsync_WhenOneShopperJoinsTenTimesAtOnce_AdmitsOnceAndGivesTheOthersThatSamePlace()
    {
        var sale = await Services.AddSaleAsync(stock: 10);
        var user = await Services.AddUserAsync();

        var results = await Race.RunAsync(Services, 10, (_, scope) => AdmitAsync(scope, sale.Id, user.Id));

        var admitted = results.OfType<AdmissionResult.Admitted>().Should().ContainSingle().Subject;
        var others = results.Where(r => r is not AdmissionResult.Admitted).ToList();
        others.Should().HaveCount(9).And.AllBeOfType<AdmissionResult.AlreadyQueued>();
        others.Cast<AdmissionResult.AlreadyQueued>().Should().AllSatisfy(q =>
        {
            q.Place.Id.Should().Be(admitted.Place.Id);
            q.Place.Position.Should().Be(admitted.Place.Position);
        });
        // The losers' position increments were rolled back with their inserts: no holes in the queue.
        (await Services.ReadSaleAsync(sale.Id)).QueueLength.Should().Be(1);
        (await Services.QueryAsync(db => db.QueuePlaces.CountAsync(p => p.SaleId == sale.Id))).Should().Be(1);
    }

    [Fact]
    public async Task AdmitAsync_WhenTheBrokerDoesNotConfirm_StoresNoPlaceAndLeavesNoGap()
    {
        var sale = await Services.AddSaleAsync(stock: 10);
        var refused = await Services.AddUserAsync();
        var next = await Services.AddUserAsync();

        var result = await Admit(sale.Id, refused.Id, publish: (_, _) => Task.FromResult(false));

        result.Should().BeOfType<AdmissionResult.NotPublished>();
        (await Services.ReadSaleAsync(sale.Id)).QueueLength.Should().Be(0);
        (await Services.QueryAsync(db => db.QueuePlaces.CountAsync(p => p.SaleId == sale.Id))).Should().Be(0);

        // The refused shopper's position went back: the next shopper is first, and the refused one can try again.
        (await Admit(sale.Id, next.Id)).Should().BeOfType<AdmissionResult.Admitted>().Which.Place.Position.Should().Be(1);
        (await Admit(sale.Id, refused.Id)).Should().BeOfType<AdmissionResult.Admitted>().Which.Place.Position.Should().Be(2);
    }

    [Fact]
    public async Task AdmitAsync_WhenPublishingThrows_StoresNoPlace()
    {
        var sale = await Services.AddSaleAsync(stock: 10);
        var user = await Services.AddUserAsync();

        var admit = () => Admit(sale.Id, user.Id, publish: (_, _) => throw new InvalidOperationException("broker exploded"));

        await admit.Should().ThrowAsync<InvalidOperationException>();
        (await Services.ReadSaleAsync(sale.Id)).QueueLength.Should().Be(0);
        (await Services.QueryAsync(db => db.QueuePlaces.CountAsync(p => p.SaleId == sale.Id))).Should().Be(0);
    }

    [Fact]
    public async Task AdmitAsync_WhenThePublisherIsCalled_ThePlaceIsNotYetVisibleToOthers()
    {
        // The message goes out inside the transaction: another request must not see (and hand out) the place before
        // the broker has confirmed it.
        var sale = await Services.AddSaleAsync(stock: 10);
        var user = await Services.AddUserAsync();
        QueuePlace? seenByOthers = null;

        var result = await Admit(sale.Id, user.Id, publish: async (place, ct) =>
        {
            seenByOthers = await Services.QueryAsync(db => db.QueuePlaces.AsNoTracking().FirstOrDefaultAsync(p => p.Id == place.Id, ct));
            return true;
        });

        result.Should().BeOfType<AdmissionResult.Admitted>();
        seenByOthers.Should().BeNull();
    }

    [Fact]
    public async Task AdmitAsync_WhenTheShopperHoldsAnExpiredPlace_ReplacesItWithTheNextPosition()
    {
        var sale = await Services.AddSaleAsync(stock: 10);
        var user = await Services.AddUserAsync();
        var other = await Services.AddUserAsync();
        var expired = ((AdmissionResult.Admitted)await Admit(sale.Id, user.Id)).Place;
        await Admit(sale.Id, other.Id);

        var result = await Admit(sale.Id, user.Id, expiredPlaceId: expired.Id);

        var renewed = result.Should().BeOfType<AdmissionResult.Admitted>().Subject.Place;
        renewed.Id.Should().NotBe(expired.Id);
        renewed.Position.Should().Be(3);
        var places = await Services.QueryAsync(db => db.QueuePlaces.Where(p => p.SaleId == sale.Id && p.UserId == user.Id).ToListAsync());
        places.Should().ContainSingle().Which.Id.Should().Be(renewed.Id);
        await using var scope = Services.CreateAsyncScope();
        (await scope.ServiceProvider.GetRequiredService<IQueuePlaceRepository>().FindByQueueTokenIdAsync(expired.Id, CancellationToken.None))
            .Should().BeNull("the expired queue token's place is gone");
    }

    [Fact]
    public async Task AdmitAsync_WithCapacity_CountsOnlyThePlacesStillHeld()
    {
        var sale = await Services.AddSaleAsync(stock: 10, queueCapacity: 2);
        var users = await Services.AddUsersAsync(4);
        await Admit(sale.Id, users[0].Id, lifetime: TimeSpan.FromMinutes(-1)); // its queue token has expired
        await Admit(sale.Id, users[1].Id);

        var third = await Admit(sale.Id, users[2].Id);
        var fourth = await Admit(sale.Id, users[3].Id);

        third.Should().BeOfType<AdmissionResult.Admitted>("the expired place no longer holds one of the two");
        fourth.Should().BeOfType<AdmissionResult.QueueFull>("two unexpired places are held");
    }

    [Fact]
    public async Task AdmitAsync_WhenTwoRequestsReplaceTheSameExpiredPlaceAtOnce_AdmitsOnce()
    {
        var sale = await Services.AddSaleAsync(stock: 10);
        var user = await Services.AddUserAsync();
        var expired = ((AdmissionResult.Admitted)await Admit(sale.Id, user.Id)).Place;

        var results = await Race.RunAsync(Services, 2, (_, scope) => AdmitAsync(scope, sale.Id, user.Id, expiredPlaceId: expired.Id));

        var admitted = results.OfType<AdmissionResult.Admitted>().Should().ContainSingle().Subject;
        results.OfType<AdmissionResult.AlreadyQueued>().Should().ContainSingle().Which.Place.Id.Should().Be(admitted.Place.Id);
        (await Services.QueryAsync(db => db.QueuePlaces.CountAsync(p => p.SaleId == sale.Id))).Should().Be(1);
    }

    private async Task<AdmissionResult> Admit(
        Guid saleId, Guid userId, Guid? expiredPlaceId = null, Func<QueuePlace, CancellationToken, Task<bool>>? publish = null,
        TimeSpan? lifetime = null)
    {
        await using var scope = Services.CreateAsyncScope();
        return await AdmitAsync(scope.ServiceProvider, saleId, userId, expiredPlaceId, publish, lifetime);
    }

    private static Task<AdmissionResult> AdmitAsync(
        IServiceProvider scope, Guid saleId, Guid userId, Guid? expiredPlaceId = null,
        Func<QueuePlace, CancellationToken, Task<bool>>? publish = null, TimeSpan? lifetime = null)
    {
        var now = DateTimeOffset.UtcNow;
        return scope.GetRequiredService<IQueuePlaceRepository>().AdmitAsync(
            saleId, userId, expiredPlaceId,
            position => QueuePlace.Create(Guid.NewGuid(), saleId, userId, position, "signed-queue-token", now,
                now + (lifetime ?? TimeSpan.FromHours(1))),
            publish ?? BrokerConfirms,
            CancellationToken.None);
    }
}

[Collection(MariaDbRaces.Name)]
public sealed class MariaDbQueuePlaceRepositoryTests(MariaDbFixture fixture)
    : QueuePlaceRepositoryTests(fixture), IClassFixture<MariaDbFixture>;

public sealed class SqliteQueuePlaceRepositoryTests(SqliteFixture fixture)
    : QueuePlaceRepositoryTests(fixture), IClassFixture<SqliteFixture>;
