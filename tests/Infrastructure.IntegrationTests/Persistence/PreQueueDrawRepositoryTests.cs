using FlashPurchase.Application.Abstractions;
using FlashPurchase.Domain.Queue;
using FlashPurchase.Domain.Sales;
using FlashPurchase.Infrastructure.IntegrationTests.Support;
using FlashPurchase.Infrastructure.Persistence.Configurations;
using FlashPurchase.Infrastructure.Persistence.Repositories;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FlashPurchase.Infrastructure.IntegrationTests.Persistence;

/// <summary>
/// The pre-queue on the database: places taken before the opening are marked pre-queued, the draw stores the order it
/// drew (a permutation of the places' own positions, written past the unique key on (sale, position)), once, and the
/// shoppers who joined after the opening keep their arrival order behind. Same tests on MariaDB and SQLite.
/// </summary>
public abstract class PreQueueDrawRepositoryTests(DatabaseFixture fixture)
{
    private static readonly Func<IReadOnlyList<long>, IReadOnlyList<long>> Reversed = positions => positions.Reverse().ToList();

    private IServiceProvider Services => fixture.Services;

    /// <summary>A sale opening in 10 minutes whose 30-minute pre-queue is open now (the system clock's now).</summary>
    private async Task<Sale> AddSaleInItsPreQueueAsync()
    {
        var sale = Sale.Schedule(Guid.NewGuid(), "Test Phone", 699.00m, "EUR", 10, DateTimeOffset.UtcNow.AddMinutes(10),
            TimeSpan.FromHours(1), queueCapacity: 0, new WaitingRoom(TimeSpan.FromMinutes(30), 0, 0, null, 0));
        await Services.QueryAsync(db =>
        {
            db.Sales.Add(sale);
            return db.SaveChangesAsync();
        });
        return sale;
    }

    /// <summary>Moves the sale's opening to a second ago, as the clock reaching it would.</summary>
    private Task OpenNowAsync(Guid saleId)
    {
        var opensAt = DateTimeOffset.UtcNow.AddSeconds(-1);
        return Services.QueryAsync(db => db.Sales.Where(s => s.Id == saleId)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.OpensAt, opensAt)));
    }

    private async Task<int?> DrawAsync(Guid saleId, Func<IReadOnlyList<long>, IReadOnlyList<long>> draw)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IPreQueueDraws>().DrawAsync(saleId, DateTimeOffset.UtcNow, draw, CancellationToken.None);
    }

    private Task<List<QueuePlace>> PlacesAsync(Guid saleId) =>
        Services.QueryAsync(db => db.QueuePlaces.AsNoTracking().Where(p => p.SaleId == saleId).ToListAsync());

    private Task<bool> DrawnAsync(Guid saleId) =>
        Services.QueryAsync(db => db.Sales.Where(s => s.Id == saleId)
            .Select(s => EF.Property<bool>(s, SaleReleaseColumns.PreQueueDrawn)).SingleAsync());

    private async Task<IReadOnlyList<Guid>> DueAsync(DateTimeOffset now)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IPreQueueDraws>().SalesDueAsync(now, CancellationToken.None);
    }

    [Fact]
    public async Task Admission_InThePreQueue_MarksThePlacesPreQueued_InArrivalOrder()
    {
        var sale = await AddSaleInItsPreQueueAsync();
        var users = await Services.AddUsersAsync(3);

        var places = await Services.AdmitAllAsync(sale.Id, users);

        places.Select(p => p.Position).Should().Equal(1, 2, 3);
        (await PlacesAsync(sale.Id)).Should().HaveCount(3).And.OnlyContain(p => p.PreQueued);
    }

    [Fact]
    public async Task Admission_BeforeThePreQueueOpens_RefusesWithSaleNotOpen()
    {
        var sale = Sale.Schedule(Guid.NewGuid(), "Test Phone", 699.00m, "EUR", 10, DateTimeOffset.UtcNow.AddMinutes(40),
            TimeSpan.FromHours(1), queueCapacity: 0, new WaitingRoom(TimeSpan.FromMinutes(30), 0, 0, null, 0));
        await Services.QueryAsync(db =>
        {
            db.Sales.Add(sale);
            return db.SaveChangesAsync();
        });
        var user = await Services.AddUserAsync();

        await using var scope = Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<QueuePlaceRepository>().AdmitBatchAsync(
            sale.Id, [TestData.NewAdmissionRequest(sale.Id, user.Id)],
            (places, _) => Task.FromResult<IReadOnlyList<bool>>(places.Select(_ => true).ToArray()), CancellationToken.None);

        result[0].Should().BeOfType<AdmissionResult.Refused>().Which.Reason.Should().Be(AdmissionDecision.SaleNotOpen);
    }

    [Fact]
    public async Task Draw_StoresTheDrawnOrder_ClearsTheMark_AndMarksTheSaleDrawn()
    {
        var sale = await AddSaleInItsPreQueueAsync();
        var users = await Services.AddUsersAsync(6);
        var places = await Services.AdmitAllAsync(sale.Id, users);
        await OpenNowAsync(sale.Id);

        // Reversed: every place moves onto a position another place holds, which a naive UPDATE would collide on.
        (await DrawAsync(sale.Id, Reversed)).Should().Be(6);

        var stored = (await PlacesAsync(sale.Id)).ToDictionary(p => p.Id);
        places.Select(p => stored[p.Id].Position).Should().Equal(6, 5, 4, 3, 2, 1);
        stored.Values.Should().OnlyContain(p => !p.PreQueued);
        (await DrawnAsync(sale.Id)).Should().BeTrue();
    }

    [Fact]
    public async Task Draw_WithTheCryptographicSource_StoresExactlyWhatItDrew()
    {
        var sale = await AddSaleInItsPreQueueAsync();
        var users = await Services.AddUsersAsync(20);
        var places = await Services.AdmitAllAsync(sale.Id, users);
        await OpenNowAsync(sale.Id);
        IReadOnlyList<long>? drawn = null;

        await DrawAsync(sale.Id, positions => drawn = PreQueueDraw.Draw(positions, PreQueueDraw.Cryptographic));

        var stored = (await PlacesAsync(sale.Id)).ToDictionary(p => p.Id);
        drawn.Should().NotBeNull();
        places.Select(p => stored[p.Id].Position).Should().Equal(drawn!, "the i-th place in arrival order got the i-th drawn position");
        stored.Values.Select(p => p.Position).Order().Should().Equal(Enumerable.Range(1, 20).Select(p => (long)p));
    }

    [Fact]
    public async Task Draw_HappensOnce_ASecondIsANoOp()
    {
        var sale = await AddSaleInItsPreQueueAsync();
        var places = await Services.AdmitAllAsync(sale.Id, await Services.AddUsersAsync(4));
        await OpenNowAsync(sale.Id);
        (await DueAsync(DateTimeOffset.UtcNow)).Should().Contain(sale.Id);

        (await DrawAsync(sale.Id, Reversed)).Should().Be(4);
        (await DrawAsync(sale.Id, Reversed)).Should().BeNull("the sale is drawn");

        var stored = (await PlacesAsync(sale.Id)).ToDictionary(p => p.Id);
        places.Select(p => stored[p.Id].Position).Should().Equal([4L, 3L, 2L, 1L], "reversing again would have undone it");
        (await DueAsync(DateTimeOffset.UtcNow)).Should().NotContain(sale.Id);
    }

    [Fact]
    public async Task Draw_ByWorkersRacing_HappensOnce()
    {
        var sale = await AddSaleInItsPreQueueAsync();
        var places = await Services.AdmitAllAsync(sale.Id, await Services.AddUsersAsync(8));
        await OpenNowAsync(sale.Id);

        var results = await Race.RunAsync(Services, 4, (_, _) => DrawAsync(sale.Id, Reversed));

        results.Count(r => r is not null).Should().Be(1);
        var stored = (await PlacesAsync(sale.Id)).ToDictionary(p => p.Id);
        places.Select(p => stored[p.Id].Position).Should().Equal(8, 7, 6, 5, 4, 3, 2, 1);
    }

    [Fact]
    public async Task Draw_BeforeTheOpening_DoesNothing()
    {
        var sale = await AddSaleInItsPreQueueAsync();
        await Services.AdmitAllAsync(sale.Id, await Services.AddUsersAsync(2));

        (await DueAsync(DateTimeOffset.UtcNow)).Should().NotContain(sale.Id);
        (await DrawAsync(sale.Id, Reversed)).Should().BeNull();

        (await PlacesAsync(sale.Id)).Should().OnlyContain(p => p.PreQueued);
        (await DrawnAsync(sale.Id)).Should().BeFalse();
    }

    [Fact]
    public async Task ShoppersJoiningAfterTheOpening_KeepTheirArrivalOrder_BehindThePreQueue()
    {
        var sale = await AddSaleInItsPreQueueAsync();
        var early = await Services.AdmitAllAsync(sale.Id, await Services.AddUsersAsync(4));
        await OpenNowAsync(sale.Id);
        // Joined after the opening, before the worker drew: not pre-queued.
        var late = await Services.AdmitAllAsync(sale.Id, await Services.AddUsersAsync(3));
        late.Select(p => p.Position).Should().Equal(5, 6, 7);
        late.Should().OnlyContain(p => !p.PreQueued);

        await DrawAsync(sale.Id, positions => PreQueueDraw.Draw(positions, PreQueueDraw.Cryptographic));
        var afterDraw = await Services.AdmitAllAsync(sale.Id, await Services.AddUsersAsync(2));

        var stored = (await PlacesAsync(sale.Id)).ToDictionary(p => p.Id);
        early.Select(p => stored[p.Id].Position).Should().BeEquivalentTo([1L, 2L, 3L, 4L]);
        late.Select(p => stored[p.Id].Position).Should().Equal(5, 6, 7);
        afterDraw.Select(p => p.Position).Should().Equal(8, 9);
        afterDraw.Should().OnlyContain(p => !p.PreQueued);
    }

    [Fact]
    public async Task Draw_DealsOnlyTheShoppersCurrentPlaces_AmongTheirOwnPositions()
    {
        var sale = await AddSaleInItsPreQueueAsync();
        var users = await Services.AddUsersAsync(2);
        // The first shopper's place expires at once; joining again in the pre-queue, they get a new one, at the back.
        var expired = await Services.AdmitAsync(sale.Id, users[0].Id, lifetime: TimeSpan.FromMilliseconds(1));
        var second = await Services.AdmitAsync(sale.Id, users[1].Id);
        await Task.Delay(10);
        var rejoined = await Services.AdmitAsync(sale.Id, users[0].Id);
        rejoined.Position.Should().Be(3);
        await OpenNowAsync(sale.Id);

        (await DrawAsync(sale.Id, Reversed)).Should().Be(2);

        var stored = (await PlacesAsync(sale.Id)).ToDictionary(p => p.Id);
        stored[expired.Id].Position.Should().Be(1, "a replaced place is not drawn");
        stored[expired.Id].PreQueued.Should().BeFalse("but it is no longer waiting for a draw either");
        stored[second.Id].Position.Should().Be(3);
        stored[rejoined.Id].Position.Should().Be(2);
    }

    [Fact]
    public async Task Draw_OfASaleWithoutPreQueuedPlaces_OnlyMarksItDrawn()
    {
        var sale = await Services.AddSaleAsync(stock: 10);
        var place = await Services.AdmitAsync(sale.Id, (await Services.AddUserAsync()).Id);

        (await DrawAsync(sale.Id, Reversed)).Should().Be(0);

        (await PlacesAsync(sale.Id)).Single().Position.Should().Be(place.Position);
        (await DrawnAsync(sale.Id)).Should().BeTrue();
    }
}

[Collection(MariaDbRaces.Name)]
public sealed class MariaDbPreQueueDrawRepositoryTests(MariaDbFixture fixture)
    : PreQueueDrawRepositoryTests(fixture), IClassFixture<MariaDbFixture>;

public sealed class SqlitePreQueueDrawRepositoryTests(SqliteFixture fixture)
    : PreQueueDrawRepositoryTests(fixture), IClassFixture<SqliteFixture>;
