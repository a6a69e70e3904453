using FlashPurchase.Application.Abstractions;
using FlashPurchase.Domain.Orders;
using FlashPurchase.Domain.Queue;
using FlashPurchase.Domain.Sales;
using FlashPurchase.Infrastructure.IntegrationTests.Support;
using FlashPurchase.Infrastructure.Messaging.Outbox;
using FlashPurchase.Infrastructure.Persistence;
using FlashPurchase.Infrastructure.Persistence.Repositories;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace FlashPurchase.Infrastructure.IntegrationTests.Persistence;

/// <summary>
/// The waiting-room controls as the database keeps them: a paced sale's conversions are held back and released in
/// queue order at the pace, never more active purchase tokens than the limit, and a shopper who leaves (or whose
/// purchase window lapses) frees their slot for the next one. The clock is the test's, so the pace is exact.
/// Same tests on MariaDB and SQLite.
/// </summary>
public abstract class PacedReleaseTests(DatabaseFixture fixture)
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);

    private IServiceProvider Services => fixture.Services;

    [Fact]
    public async Task AConversionOfAPacedSale_IsHeldBack_NotReleased()
    {
        var (sale, places) = await SaleWithConvertedPlacesAsync(3, WaitingRoom.Off with { ReleaseRate = 60 });

        (await PurchaseTokenCountAsync(sale.Id)).Should().Be(0);
        (await SalesWithHeldBackPlacesAsync()).Should().Contain(sale.Id);
        places.Should().HaveCount(3);
    }

    [Fact]
    public async Task ReleaseAtSixtyAMinute_ReleasesOneASecond_InQueueOrder()
    {
        var (sale, places) = await SaleWithConvertedPlacesAsync(5, WaitingRoom.Off with { ReleaseRate = 60 });

        (await ReleaseAsync(sale.Id)).Should().Be(1, "the first slot is now");
        (await ReleaseAsync(sale.Id)).Should().Be(0, "the next slot is a second away");
        _clock.Advance(TimeSpan.FromMilliseconds(999));
        (await ReleaseAsync(sale.Id)).Should().Be(0);
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        (await ReleaseAsync(sale.Id)).Should().Be(1);
        _clock.Advance(TimeSpan.FromSeconds(1));
        (await ReleaseAsync(sale.Id)).Should().Be(1);

        (await ReleasedPositionsAsync(sale.Id)).Should().Equal(places.Take(3).Select(p => p.Position));
    }

    [Fact]
    public async Task ReleaseLoopsOfSeveralWorkersAtOnce_ShareOneSlotAndOneLimit_NotOneEach()
    {
        var paced = await SaleWithConvertedPlacesAsync(8, WaitingRoom.Off with { ReleaseRate = 60 });
        var limited = await SaleWithConvertedPlacesAsync(8, WaitingRoom.Off with { MaxActiveShoppers = 3 });

        var pacedReleases = await Race.RunAsync(Services, 6, (_, _) => ReleaseAsync(paced.Sale.Id));
        var limitedReleases = await Race.RunAsync(Services, 6, (_, _) => ReleaseAsync(limited.Sale.Id));

        pacedReleases.Sum().Should().Be(1, "one slot of the pace is now, whichever Worker takes it");
        limitedReleases.Sum().Should().Be(3, "three active shoppers at most, whichever Workers release them");
        (await ReleasedPositionsAsync(limited.Sale.Id)).Should().Equal(limited.Places.Take(3).Select(p => p.Position));
    }

    [Fact]
    public async Task APacedSaleLeftIdle_SavesNoSlots_SoACrowdAfterAQuietSpellIsNotReleasedInABurst()
    {
        var sale = await Services.AddSaleAsync(stock: 10, WaitingRoom.Off with { ReleaseRate = 60 });
        var first = await ConvertAsync(sale, await Services.AddUsersAsync(1));
        (await ReleaseAsync(sale.Id)).Should().Be(1);

        _clock.Advance(TimeSpan.FromMinutes(1));
        await ConvertAsync(sale, await Services.AddUsersAsync(5));

        (await ReleaseAsync(sale.Id)).Should().Be(1, "a minute of nobody waiting is not sixty releases owed");
        first.Should().ContainSingle();
    }

    [Fact]
    public async Task MaxActiveShoppers_ReleasesUpToTheLimit_AndTheNextOnlyWhenASlotFrees()
    {
        var (sale, places) = await SaleWithConvertedPlacesAsync(6, WaitingRoom.Off with { MaxActiveShoppers = 2 });

        (await ReleaseAsync(sale.Id)).Should().Be(2);
        (await ReleaseAsync(sale.Id)).Should().Be(0, "two active purchase tokens fill the limit");

        // Three ways a slot frees: an order, leaving, and a purchase window that lapses.
        await PlaceOrderAsync(sale, places[0]);
        (await ReleaseAsync(sale.Id)).Should().Be(1, "the first shopper bought");
        (await RevokeAsync(sale.Id, places[1].UserId)).Should().BeTrue();
        (await ReleaseAsync(sale.Id)).Should().Be(1, "the second shopper left");
        (await ReleaseAsync(sale.Id)).Should().Be(0);
        _clock.Advance(TimeSpan.FromHours(2));
        (await ReleaseAsync(sale.Id)).Should().Be(0, "the queue tokens expired too: nobody is left to release");

        (await ReleasedPositionsAsync(sale.Id)).Should().Equal(places.Take(4).Select(p => p.Position));
    }

    [Fact]
    public async Task APurchaseWindowThatLapses_FreesTheSlot_ForTheNextInLine()
    {
        var room = WaitingRoom.Off with { MaxActiveShoppers = 1, PurchaseWindow = TimeSpan.FromMinutes(2) };
        var (sale, places) = await SaleWithConvertedPlacesAsync(2, room);
        (await ReleaseAsync(sale.Id)).Should().Be(1);

        _clock.Advance(TimeSpan.FromMinutes(2) - TimeSpan.FromMilliseconds(1));
        (await ReleaseAsync(sale.Id)).Should().Be(0, "the first shopper's window is still open");
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        (await ReleaseAsync(sale.Id)).Should().Be(1);

        var tokens = await Services.QueryAsync(db => db.PurchaseTokens.Where(t => t.SaleId == sale.Id).OrderBy(t => t.IssuedAt).ToListAsync());
        tokens.Select(t => t.QueueTokenId).Should().Equal(places.Select(p => p.Id));
        tokens.Should().OnlyContain(t => t.ExpiresAt - t.IssuedAt == TimeSpan.FromMinutes(2), "a released token lasts the purchase window");
    }

    [Fact]
    public async Task APaceAndALimitTogether_TheStricterOneHolds()
    {
        var (sale, _) = await SaleWithConvertedPlacesAsync(10, WaitingRoom.Off with { ReleaseRate = 600, MaxActiveShoppers = 3 });

        (await ReleaseAsync(sale.Id)).Should().Be(1, "600 a minute is one every 100 ms, the first now");
        _clock.Advance(TimeSpan.FromMilliseconds(500));
        (await ReleaseAsync(sale.Id)).Should().Be(2, "five slots came due, but only two of the three active slots are free");
        _clock.Advance(TimeSpan.FromMilliseconds(100));
        (await ReleaseAsync(sale.Id)).Should().Be(0, "three are active: the limit holds though the pace would allow more");
    }

    [Fact]
    public async Task Leaving_RevokesThePlaceAndItsUnusedPurchaseToken_Once()
    {
        var sale = await Services.AddSaleAsync(stock: 10);
        var user = await Services.AddUserAsync();
        var place = await Services.AdmitAsync(sale.Id, user.Id);
        var token = await Services.ConvertAsync(place, DateTimeOffset.UtcNow);

        (await RevokeAsync(sale.Id, user.Id)).Should().BeTrue();
        (await RevokeAsync(sale.Id, user.Id)).Should().BeFalse("nothing is left to leave");
        (await RevokeAsync(sale.Id, (await Services.AddUserAsync()).Id)).Should().BeFalse("a shopper who never joined");

        (await Services.QueryAsync(db => db.QueuePlaces.SingleAsync(p => p.Id == place.Id))).RevokedAt.Should().BeCloseTo(_clock.GetUtcNow(), TimeSpan.FromMilliseconds(1));
        (await Services.QueryAsync(db => db.PurchaseTokens.SingleAsync(t => t.Id == token.Id))).RevokedAt.Should().BeCloseTo(_clock.GetUtcNow(), TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public async Task Leaving_BeforeTheWorkerConverts_MeansNoPurchaseTokenIsEverReleased()
    {
        var sale = await Services.AddSaleAsync(stock: 10);
        var users = await Services.AddUsersAsync(2);
        var places = await Services.AdmitAllAsync(sale.Id, users);
        await RevokeAsync(sale.Id, users[0].Id);

        var release = await AddNewAsync(sale.Id, TestData.PurchaseTokensFor(places));

        release.Added.Should().Equal(places[1].Id);
        (await ReleasedPositionsAsync(sale.Id)).Should().Equal(places[1].Position);
    }

    [Fact]
    public async Task Leaving_WhileHeldBack_TakesTheShopperOutOfTheLine()
    {
        var (sale, places) = await SaleWithConvertedPlacesAsync(3, WaitingRoom.Off with { MaxActiveShoppers = 1 });
        await RevokeAsync(sale.Id, places[0].UserId);

        (await ReleaseAsync(sale.Id)).Should().Be(1);

        (await ReleasedPositionsAsync(sale.Id)).Should().Equal(places[1].Position);
    }

    [Fact]
    public async Task Leaving_AfterBuying_LeavesTheSpentTokenAsItIs()
    {
        var sale = await Services.AddSaleAsync(stock: 10);
        var user = await Services.AddUserAsync();
        var place = await Services.AdmitAsync(sale.Id, user.Id);
        var token = await Services.ConvertAsync(place, DateTimeOffset.UtcNow);
        await PlaceOrderAsync(sale, place);

        await RevokeAsync(sale.Id, user.Id);

        (await Services.QueryAsync(db => db.PurchaseTokens.SingleAsync(t => t.Id == token.Id))).RevokedAt.Should().BeNull();
    }

    private async Task<(Sale Sale, IReadOnlyList<QueuePlace> Places)> SaleWithConvertedPlacesAsync(int count, WaitingRoom room)
    {
        var sale = await Services.AddSaleAsync(stock: count, room);
        return (sale, await ConvertAsync(sale, await Services.AddUsersAsync(count)));
    }

    /// <summary>Places for <paramref name="users"/>, and the worker's conversion of them (held back by a paced sale).</summary>
    private async Task<IReadOnlyList<QueuePlace>> ConvertAsync(Sale sale, IReadOnlyList<Domain.Users.User> users)
    {
        var places = await Services.AdmitAllAsync(sale.Id, users);
        (await AddNewAsync(sale.Id, TestData.PurchaseTokensFor(places))).HeldBack.Should().Be(sale.PacesReleases);
        return places;
    }

    private async Task<TokenRelease> AddNewAsync(Guid saleId, IReadOnlyList<PurchaseToken> tokens)
    {
        await using var scope = Services.CreateAsyncScope();
        return await Repository(scope).AddNewAsync(saleId, tokens, CancellationToken.None);
    }

    /// <summary>One look of the release loop at the test's clock, with the purchase window the handler gives tokens.</summary>
    private async Task<int> ReleaseAsync(Guid saleId)
    {
        await using var scope = Services.CreateAsyncScope();
        var now = _clock.GetUtcNow();
        return await Repository(scope).ReleaseHeldBackAsync(saleId, 500, (sale, places) => places
            .Select(p => PurchaseToken.Create(
                Guid.NewGuid(), p.Id, p.SaleId, p.UserId, "signed-purchase-token", now,
                now + sale.WaitingRoom.PurchaseWindowOr(TimeSpan.FromHours(1))))
            .ToList(), CancellationToken.None);
    }

    private async Task<bool> RevokeAsync(Guid saleId, Guid userId)
    {
        await using var scope = Services.CreateAsyncScope();
        return await Repository(scope).RevokeAsync(saleId, userId, _clock.GetUtcNow(), CancellationToken.None);
    }

    private async Task PlaceOrderAsync(Sale sale, QueuePlace place)
    {
        var token = await Services.QueryAsync(db => db.PurchaseTokens.SingleAsync(t => t.QueueTokenId == place.Id));
        await using var scope = Services.CreateAsyncScope();
        (await scope.ServiceProvider.GetRequiredService<IOrderRepository>()
            .PlaceAsync(Order.Place(sale, place.UserId, token.Id, _clock.GetUtcNow()), CancellationToken.None))
            .Should().Be(PlaceOrderOutcome.Placed);
    }

    private async Task<IReadOnlyList<Guid>> SalesWithHeldBackPlacesAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        return await Repository(scope).SalesWithHeldBackPlacesAsync(CancellationToken.None);
    }

    private PurchaseTokenRepository Repository(AsyncServiceScope scope) =>
        new(scope.ServiceProvider.GetRequiredService<FlashPurchaseDbContext>(), _clock, new OutboxSignal());

    private Task<int> PurchaseTokenCountAsync(Guid saleId) =>
        Services.QueryAsync(db => db.PurchaseTokens.CountAsync(t => t.SaleId == saleId));

    private async Task<List<long>> ReleasedPositionsAsync(Guid saleId)
    {
        var rows = await Services.QueryAsync(db => db.QueuePlaces.Where(p => p.SaleId == saleId)
            .Join(db.PurchaseTokens, p => p.Id, t => t.QueueTokenId, (p, t) => p.Position)
            .ToListAsync());
        return rows.Order().ToList();
    }
}

public sealed class MariaDbPacedReleaseTests(MariaDbFixture fixture)
    : PacedReleaseTests(fixture), IClassFixture<MariaDbFixture>;

public sealed class SqlitePacedReleaseTests(SqliteFixture fixture)
    : PacedReleaseTests(fixture), IClassFixture<SqliteFixture>;
