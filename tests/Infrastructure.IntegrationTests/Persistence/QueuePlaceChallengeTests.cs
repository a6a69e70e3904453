using FlashPurchase.Application.Abstractions;
using FlashPurchase.Domain.Queue;
using FlashPurchase.Domain.Sales;
using FlashPurchase.Infrastructure.IntegrationTests.Support;
using FlashPurchase.Infrastructure.Persistence;
using FlashPurchase.Infrastructure.Persistence.Repositories;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FlashPurchase.Infrastructure.IntegrationTests.Persistence;

/// <summary>
/// The admission at a sale that asks a bot challenge: the challenge id is stored on the place it buys, and a solution
/// admits once — not again once stored, not twice in one batch — while a request without one is asked for one unless
/// the shopper holds a place. Same tests on MariaDB and SQLite.
/// </summary>
public abstract class QueuePlaceChallengeTests(DatabaseFixture fixture)
{
    private IServiceProvider Services => fixture.Services;

    private async Task<Sale> AddChallengeSaleAsync()
    {
        var sale = Sale.Schedule(Guid.NewGuid(), "Test Phone", 699.00m, "EUR", 10, DateTimeOffset.UtcNow.AddMinutes(-1),
            TimeSpan.FromHours(1), queueCapacity: 0, WaitingRoom.Off with { ChallengeDifficulty = 8 });
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FlashPurchaseDbContext>();
        db.Sales.Add(sale);
        await db.SaveChangesAsync();
        return sale;
    }

    private static AdmissionRequest Request(Guid saleId, Guid userId, Guid? challengeId, TimeSpan? lifetime = null) =>
        TestData.NewAdmissionRequest(saleId, userId, lifetime) with { ChallengeId = challengeId };

    private async Task<IReadOnlyList<AdmissionResult>> AdmitAsync(Guid saleId, params AdmissionRequest[] requests)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<QueuePlaceRepository>().AdmitBatchAsync(
            saleId, requests, (places, _) => Task.FromResult<IReadOnlyList<bool>>(places.Select(_ => true).ToArray()),
            CancellationToken.None);
    }

    [Fact]
    public async Task Admission_StoresTheChallengeIdOnThePlace()
    {
        var sale = await AddChallengeSaleAsync();
        var user = await Services.AddUserAsync();
        var challengeId = Guid.NewGuid();

        var result = await AdmitAsync(sale.Id, Request(sale.Id, user.Id, challengeId));

        result.Should().ContainSingle().Which.Should().BeOfType<AdmissionResult.Admitted>();
        (await Services.QueryAsync(db => db.QueuePlaces.SingleAsync(p => p.SaleId == sale.Id))).ChallengeId.Should().Be(challengeId);
    }

    [Fact]
    public async Task Admission_WithoutASolution_IsChallengeRequired_AndTakesNoPosition()
    {
        var sale = await AddChallengeSaleAsync();
        var user = await Services.AddUserAsync();

        var result = await AdmitAsync(sale.Id, Request(sale.Id, user.Id, challengeId: null));

        result.Should().ContainSingle().Which.Should().Be(new AdmissionResult.Refused(AdmissionDecision.ChallengeRequired));
        (await Services.ReadSaleAsync(sale.Id)).QueueLength.Should().Be(0);
    }

    // The solution bought a place that expired: the same challenge id does not buy the shopper another.
    [Fact]
    public async Task Admission_WithAChallengeIdAPlaceAlreadyHolds_IsChallengeRequired()
    {
        var sale = await AddChallengeSaleAsync();
        var user = await Services.AddUserAsync();
        var challengeId = Guid.NewGuid();
        await AdmitAsync(sale.Id, Request(sale.Id, user.Id, challengeId, lifetime: TimeSpan.FromMilliseconds(1)));
        await Task.Delay(50);

        var again = await AdmitAsync(sale.Id, Request(sale.Id, user.Id, challengeId));
        var fresh = await AdmitAsync(sale.Id, Request(sale.Id, user.Id, Guid.NewGuid()));

        again.Should().ContainSingle().Which.Should().Be(new AdmissionResult.Refused(AdmissionDecision.ChallengeRequired));
        fresh.Should().ContainSingle().Which.Should().BeOfType<AdmissionResult.Admitted>();
    }

    [Fact]
    public async Task Admission_TwoShoppersWithOneChallengeIdInOneBatch_AdmitsOnlyTheFirst()
    {
        var sale = await AddChallengeSaleAsync();
        var users = await Services.AddUsersAsync(2);
        var challengeId = Guid.NewGuid();

        var results = await AdmitAsync(sale.Id, Request(sale.Id, users[0].Id, challengeId), Request(sale.Id, users[1].Id, challengeId));

        results[0].Should().BeOfType<AdmissionResult.Admitted>();
        results[1].Should().Be(new AdmissionResult.Refused(AdmissionDecision.ChallengeRequired));
        (await Services.QueryAsync(db => db.QueuePlaces.CountAsync(p => p.ChallengeId == challengeId))).Should().Be(1);
    }

    [Fact]
    public async Task Admission_AShopperHoldingAPlace_GetsItBackWithoutASolution()
    {
        var sale = await AddChallengeSaleAsync();
        var user = await Services.AddUserAsync();
        var place = ((AdmissionResult.Admitted)(await AdmitAsync(sale.Id, Request(sale.Id, user.Id, Guid.NewGuid())))[0]).Place;

        var again = await AdmitAsync(sale.Id, Request(sale.Id, user.Id, challengeId: null));

        again.Should().ContainSingle().Which.Should().BeOfType<AdmissionResult.AlreadyQueued>().Which.Place.Id.Should().Be(place.Id);
    }
}

[Collection(MariaDbRaces.Name)]
public sealed class MariaDbQueuePlaceChallengeTests(MariaDbFixture fixture)
    : QueuePlaceChallengeTests(fixture), IClassFixture<MariaDbFixture>;

public sealed class SqliteQueuePlaceChallengeTests(SqliteFixture fixture)
    : QueuePlaceChallengeTests(fixture), IClassFixture<SqliteFixture>;
