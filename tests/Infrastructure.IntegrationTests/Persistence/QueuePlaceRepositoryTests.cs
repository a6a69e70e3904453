using FlashPurchase.Application.Abstractions;
using FlashPurchase.Application.IntegrationEvents;
using FlashPurchase.Domain.Orders;
using FlashPurchase.Domain.Queue;
using FlashPurchase.Infrastructure.Admissions;
using FlashPurchase.Infrastructure.IntegrationTests.Support;
using FlashPurchase.Infrastructure.Persistence.Configurations;
using FlashPurchase.Infrastructure.Persistence.Repositories;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace FlashPurchase.Infrastructure.IntegrationTests.Persistence;

/// <summary>
/// Joining the queue, in batches: positions are handed out without repeats, the capacity holds, a shopper gets one
/// place, and a place exists only if its message reached the broker. Same tests on MariaDB and SQLite.
/// </summary>
public abstract class QueuePlaceRepositoryTests(DatabaseFixture fixture)
{
    private static readonly PublishPlaces BrokerConfirms = (places, _) => Task.FromResult<IReadOnlyList<bool>>(places.Select(_ => true).ToArray());

    private IServiceProvider Services => fixture.Services;

    [Fact]
    public async Task Admissions_WhenAHundredShoppersJoinAtOnce_HandOutPositionsOneToAHundred()
    {
        var sale = await Services.AddSaleAsync(stock: 10);
        var users = await Services.AddUsersAsync(100);
        var broker = new RecordingPublisher();
        await using var admissions = Admissions(broker);

        var results = await Race.RunAsync(Services, 100, (i, _) => admissions.AdmitAsync(Request(sale.Id, users[i].Id), CancellationToken.None));

        var places = results.Should().AllBeOfType<AdmissionResult.Admitted>().Subject.Select(a => a.Place).ToList();
        places.Select(p => p.Position).Order().Should().Equal(Enumerable.Range(1, 100).Select(p => (long)p));
        (await Services.ReadSaleAsync(sale.Id)).QueueLength.Should().Be(100);
        var stored = await Services.QueryAsync(db => db.QueuePlaces.Where(p => p.SaleId == sale.Id).Select(p => p.Position).ToListAsync());
        stored.Should().BeEquivalentTo(places.Select(p => p.Position));
        broker.Sent.Should().BeEquivalentTo(places.Select(p => new QueueTokenIssued(p.Id, sale.Id, p.UserId, p.Position, p.ExpiresAt)),
            "every place handed out has its message, carrying its position");
    }

    [Fact]
    public async Task Admissions_WhenTheCapacityIsReached_RefuseTheRestWithQueueFull()
    {
        var sale = await Services.AddSaleAsync(stock: 10, queueCapacity: 10);
        var users = await Services.AddUsersAsync(30);
        await using var admissions = Admissions(new RecordingPublisher());

        var results = await Race.RunAsync(Services, 30, (i, _) => admissions.AdmitAsync(Request(sale.Id, users[i].Id), CancellationToken.None));

        results.OfType<AdmissionResult.Admitted>().Select(a => a.Place.Position).Should()
            .BeEquivalentTo(Enumerable.Range(1, 10).Select(p => (long)p));
        results.OfType<AdmissionResult.Refused>().Should().HaveCount(20).And.OnlyContain(r => r.Reason == AdmissionDecision.QueueFull);
        (await Services.ReadSaleAsync(sale.Id)).QueueLength.Should().Be(10, "the positions reserved for the refused went back");
        (await Services.QueryAsync(db => db.QueuePlaces.CountAsync(p => p.SaleId == sale.Id))).Should().Be(10);
    }

    [Fact]
    public async Task Admissions_WhenOneShopperJoinsTenTimesAtOnce_AdmitOnceAndGiveTheOthersThatSamePlace()
    {
        var sale = await Services.AddSaleAsync(stock: 10);
        var user = await Services.AddUserAsync();
        await using var admissions = Admissions(new RecordingPublisher());

        var results = await Race.RunAsync(Services, 10, (_, _) => admissions.AdmitAsync(Request(sale.Id, user.Id), CancellationToken.None));

        var admitted = results.OfType<AdmissionResult.Admitted>().Should().ContainSingle().Subject;
        var others = results.Where(r => r is not AdmissionResult.Admitted).ToList();
        others.Should().HaveCount(9).And.AllBeOfType<AdmissionResult.AlreadyQueued>();
        others.Cast<AdmissionResult.AlreadyQueued>().Should().AllSatisfy(q =>
        {
            q.Place.Id.Should().Be(admitted.Place.Id);
            q.Place.Position.Should().Be(admitted.Place.Position);
        });
        (await Services.ReadSaleAsync(sale.Id)).QueueLength.Should().Be(1, "a shopper already queued takes no position");
        (await Services.QueryAsync(db => db.QueuePlaces.CountAsync(p => p.SaleId == sale.Id))).Should().Be(1);
    }

    [Fact]
    public async Task AdmitBatch_WithTheSameShopperTwiceInOneBatch_AdmitsOnceAndSharesThePlace()
    {
        var sale = await Services.AddSaleAsync(stock: 10);
        var users = await Services.AddUsersAsync(2);

        var results = await AdmitBatch(sale.Id, [Request(sale.Id, users[0].Id), Request(sale.Id, users[1].Id), Request(sale.Id, users[0].Id)]);

        var first = results[0].Should().BeOfType<AdmissionResult.Admitted>().Subject.Place;
        results[1].Should().BeOfType<AdmissionResult.Admitted>().Which.Place.Position.Should().Be(2);
        results[2].Should().BeOfType<AdmissionResult.AlreadyQueued>().Which.Place.Should().BeEquivalentTo(first);
        (await Services.ReadSaleAsync(sale.Id)).QueueLength.Should().Be(2);
    }

    [Fact]
    public async Task AdmitBatch_WhenTheBrokerConfirmsNothing_StoresNoPlaceAndLeavesNoGap()
    {
        var sale = await Services.AddSaleAsync(stock: 10);
        var refused = await Services.AddUsersAsync(2);
        var next = await Services.AddUserAsync();

        var results = await AdmitBatch(sale.Id, [Request(sale.Id, refused[0].Id), Request(sale.Id, refused[1].Id)],
            publish: (places, _) => Task.FromResult<IReadOnlyList<bool>>(places.Select(_ => false).ToArray()));

        results.Should().AllBeOfType<AdmissionResult.NotPublished>();
        (await Services.ReadSaleAsync(sale.Id)).QueueLength.Should().Be(0);
        (await Services.QueryAsync(db => db.QueuePlaces.CountAsync(p => p.SaleId == sale.Id))).Should().Be(0);

        // The positions went back: the next shopper is first, and the refused ones can try again.
        (await AdmitBatch(sale.Id, [Request(sale.Id, next.Id)]))[0].Should().BeOfType<AdmissionResult.Admitted>().Which.Place.Position.Should().Be(1);
        (await AdmitBatch(sale.Id, [Request(sale.Id, refused[0].Id)]))[0].Should().BeOfType<AdmissionResult.Admitted>().Which.Place.Position.Should().Be(2);
    }

    [Fact]
    public async Task AdmitBatch_WhenTheBrokerConfirmsOnlySome_StoresOnlyTheConfirmedPlaces()
    {
        var sale = await Services.AddSaleAsync(stock: 10);
        var users = await Services.AddUsersAsync(3);

        var results = await AdmitBatch(sale.Id, users.Select(u => Request(sale.Id, u.Id)).ToList(),
            publish: (places, _) => Task.FromResult<IReadOnlyList<bool>>(places.Select(p => p.UserId != users[1].Id).ToArray()));

        results[0].Should().BeOfType<AdmissionResult.Admitted>().Which.Place.Position.Should().Be(1);
        results[1].Should().BeOfType<AdmissionResult.NotPublished>();
        results[2].Should().BeOfType<AdmissionResult.Admitted>().Which.Place.Position.Should().Be(3);
        var stored = await Services.QueryAsync(db => db.QueuePlaces.Where(p => p.SaleId == sale.Id).Select(p => p.UserId).ToListAsync());
        stored.Should().BeEquivalentTo([users[0].Id, users[2].Id], "a place whose message is not in the broker must not exist");
    }

    [Fact]
    public async Task AdmitBatch_WhenPublishingThrows_StoresNoPlace()
    {
        var sale = await Services.AddSaleAsync(stock: 10);
        var user = await Services.AddUserAsync();

        var admit = () => AdmitBatch(sale.Id, [Request(sale.Id, user.Id)], publish: (_, _) => throw new InvalidOperationException("broker exploded"));

        await admit.Should().ThrowAsync<InvalidOperationException>();
        (await Services.ReadSaleAsync(sale.Id)).QueueLength.Should().Be(0);
        (await Services.QueryAsync(db => db.QueuePlaces.CountAsync(p => p.SaleId == sale.Id))).Should().Be(0);
    }

    [Fact]
    public async Task AdmitBatch_WhenThePublisherIsCalled_ThePlacesAreNotYetVisibleToOthers()
    {
        // The messages go out inside the transaction: another request must not see (and hand out) a place before the
        // broker has confirmed it.
        var sale = await Services.AddSaleAsync(stock: 10);
        var user = await Services.AddUserAsync();
        QueuePlace? seenByOthers = null;

        var results = await AdmitBatch(sale.Id, [Request(sale.Id, user.Id)], publish: async (places, ct) =>
        {
            seenByOthers = await Services.QueryAsync(db => db.QueuePlaces.AsNoTracking().FirstOrDefaultAsync(p => p.Id == places[0].Id, ct));
            return [true];
        });

        results[0].Should().BeOfType<AdmissionResult.Admitted>();
        seenByOthers.Should().BeNull();
    }

    [Fact]
    public async Task AdmitBatch_WhenTheShopperHoldsAnUnexpiredPlace_ReturnsItAndPublishesNothing()
    {
        var sale = await Services.AddSaleAsync(stock: 10);
        var user = await Services.AddUserAsync();
        var held = await Services.AdmitAsync(sale.Id, user.Id);
        var published = 0;

        var results = await AdmitBatch(sale.Id, [Request(sale.Id, user.Id)], publish: (places, _) =>
        {
            published += places.Count;
            return Task.FromResult<IReadOnlyList<bool>>(places.Select(_ => true).ToArray());
        });

        var returned = results[0].Should().BeOfType<AdmissionResult.AlreadyQueued>().Subject.Place;
        (returned.Id, returned.Position, returned.QueueToken).Should().Be((held.Id, held.Position, held.QueueToken));
        published.Should().Be(0);
        (await Services.ReadSaleAsync(sale.Id)).QueueLength.Should().Be(1);
    }

    [Fact]
    public async Task AdmitBatch_WhenTheShopperHoldsAnExpiredPlace_ReplacesItWithTheNextPosition()
    {
        var sale = await Services.AddSaleAsync(stock: 10);
        var user = await Services.AddUserAsync();
        var other = await Services.AddUserAsync();
        var expired = await Services.AdmitAsync(sale.Id, user.Id, lifetime: TimeSpan.FromMinutes(-1));
        await Services.AdmitAsync(sale.Id, other.Id);

        var results = await AdmitBatch(sale.Id, [Request(sale.Id, user.Id)]);

        var renewed = results[0].Should().BeOfType<AdmissionResult.Admitted>().Subject.Place;
        renewed.Id.Should().NotBe(expired.Id);
        renewed.Position.Should().Be(3);
        var places = await Services.QueryAsync(db => db.QueuePlaces.Where(p => p.SaleId == sale.Id && p.UserId == user.Id)
            .Select(p => new { p.Id, Live = EF.Property<Guid?>(p, SaleReleaseColumns.LiveUserId) }).ToListAsync());
        places.Should().BeEquivalentTo(
            [new { expired.Id, Live = (Guid?)null }, new { renewed.Id, Live = (Guid?)user.Id }],
            "the expired place stays, so its token can still say why it stopped working, but it is no longer the shopper's");
    }

    [Fact]
    public async Task AdmitBatch_WithCapacity_CountsOnlyThePlacesStillHeld()
    {
        var sale = await Services.AddSaleAsync(stock: 10, queueCapacity: 2);
        var users = await Services.AddUsersAsync(4);
        await Services.AdmitAsync(sale.Id, users[0].Id, lifetime: TimeSpan.FromMinutes(-1)); // its queue token has expired
        await Services.AdmitAsync(sale.Id, users[1].Id);

        var results = await AdmitBatch(sale.Id, [Request(sale.Id, users[2].Id), Request(sale.Id, users[3].Id)]);

        results[0].Should().BeOfType<AdmissionResult.Admitted>("the expired place no longer holds one of the two");
        results[1].Should().Be(new AdmissionResult.Refused(AdmissionDecision.QueueFull), "two unexpired places are held");
    }

    [Fact]
    public async Task AdmitBatch_WhileTheSaleIsPaused_RefusesNewcomers_AndGivesAHolderTheirPlaceBack()
    {
        var sale = await Services.AddSaleAsync(stock: 10);
        var users = await Services.AddUsersAsync(3);
        var holder = await Services.AdmitAsync(sale.Id, users[0].Id);
        await using (var scope = Services.CreateAsyncScope())
        {
            (await scope.ServiceProvider.GetRequiredService<ISaleRepository>()
                .SetPausedAsync(sale.Id, true, DateTimeOffset.UtcNow, CancellationToken.None)).Should().BeTrue();
        }

        var results = await AdmitBatch(sale.Id, [Request(sale.Id, users[1].Id), Request(sale.Id, users[0].Id), Request(sale.Id, users[2].Id)]);

        results[0].Should().Be(new AdmissionResult.Refused(AdmissionDecision.QueuePaused));
        results[1].Should().BeOfType<AdmissionResult.AlreadyQueued>().Which.Place.Id.Should().Be(holder.Id);
        results[2].Should().Be(new AdmissionResult.Refused(AdmissionDecision.QueuePaused));
        (await Services.ReadSaleAsync(sale.Id)).QueueLength.Should().Be(1, "the positions reserved for the refused went back");
        (await Services.QueryAsync(db => db.QueuePlaces.CountAsync(p => p.SaleId == sale.Id))).Should().Be(1);
    }

    [Fact]
    public async Task AdmitBatch_WhenTheShopperAlreadyBought_RefusesWithAlreadyPurchasedEvenWhenSoldOut()
    {
        var sale = await Services.AddSaleAsync(stock: 1);
        var buyer = await Services.AddUserAsync();
        var latecomer = await Services.AddUserAsync();
        var token = await Services.AddPurchaseTokenAsync(sale, buyer);
        await using (var scope = Services.CreateAsyncScope())
        {
            (await scope.ServiceProvider.GetRequiredService<IOrderRepository>()
                .PlaceAsync(Order.Place(sale, buyer.Id, token.Id, DateTimeOffset.UtcNow), CancellationToken.None))
                .Should().Be(PlaceOrderOutcome.Placed);
        }

        var results = await AdmitBatch(sale.Id, [Request(sale.Id, buyer.Id), Request(sale.Id, latecomer.Id)]);

        results[0].Should().Be(new AdmissionResult.Refused(AdmissionDecision.AlreadyPurchased));
        results[1].Should().Be(new AdmissionResult.Refused(AdmissionDecision.SoldOut), "the last unit went while the sale shown was still in stock");
        (await Services.ReadSaleAsync(sale.Id)).QueueLength.Should().Be(0);
    }

    [Fact]
    public async Task Admissions_WhenTwoRequestsReplaceTheSameExpiredPlaceAtOnce_AdmitOnce()
    {
        var sale = await Services.AddSaleAsync(stock: 10);
        var user = await Services.AddUserAsync();
        await Services.AdmitAsync(sale.Id, user.Id, lifetime: TimeSpan.FromMinutes(-1));
        await using var admissions = Admissions(new RecordingPublisher());

        var results = await Race.RunAsync(Services, 2, (_, _) => admissions.AdmitAsync(Request(sale.Id, user.Id), CancellationToken.None));

        var admitted = results.OfType<AdmissionResult.Admitted>().Should().ContainSingle().Subject;
        results.OfType<AdmissionResult.AlreadyQueued>().Should().ContainSingle().Which.Place.Id.Should().Be(admitted.Place.Id);
        (await Services.QueryAsync(db => db.QueuePlaces.CountAsync(
            p => p.SaleId == sale.Id && EF.Property<Guid?>(p, SaleReleaseColumns.LiveUserId) != null))).Should().Be(1, "one current place");
    }

    [Fact]
    public async Task Admissions_WhenTheDatabaseFailsTheBatch_FailEveryRequestOfItAndKeepServingTheNext()
    {
        var users = await Services.AddUsersAsync(2);
        var sale = await Services.AddSaleAsync(stock: 10);
        await using var admissions = Admissions(new RecordingPublisher());

        var missingSale = () => admissions.AdmitAsync(Request(Guid.NewGuid(), users[0].Id), CancellationToken.None);

        await missingSale.Should().ThrowAsync<InvalidOperationException>();
        (await admissions.AdmitAsync(Request(sale.Id, users[1].Id), CancellationToken.None))
            .Should().BeOfType<AdmissionResult.Admitted>();
    }

    [Fact]
    public async Task AdmitBatch_WithAShopperTheDatabaseDoesNotKnow_RefusesThatOneAndAdmitsTheRest()
    {
        // A token signed for a user id with no row would break the batch's insert (foreign key) for everyone in it.
        var sale = await Services.AddSaleAsync(stock: 10);
        var user = await Services.AddUserAsync();

        var results = await AdmitBatch(sale.Id, [Request(sale.Id, Guid.NewGuid()), Request(sale.Id, user.Id)]);

        results[0].Should().Be(new AdmissionResult.Refused(AdmissionDecision.UnknownShopper));
        results[1].Should().BeOfType<AdmissionResult.Admitted>().Which.Place.Position.Should().Be(1);
        (await Services.ReadSaleAsync(sale.Id)).QueueLength.Should().Be(1);
    }

    [Fact]
    public async Task FindStoredAsync_ReturnsOnlyTheQueueTokensWhosePlaceIsCommitted()
    {
        var sale = await Services.AddSaleAsync(stock: 10);
        var user = await Services.AddUserAsync();
        var place = await Services.AdmitAsync(sale.Id, user.Id);
        var neverStored = Guid.NewGuid();

        await using var scope = Services.CreateAsyncScope();
        var stored = await scope.ServiceProvider.GetRequiredService<IQueuePlaceRepository>()
            .FindStoredAsync([place.Id, neverStored], CancellationToken.None);

        stored.Should().BeEquivalentTo([place.Id]);
    }

    [Fact]
    public async Task Admissions_AfterTheBrokerRefusedAWholeBatch_AnswerAtOnceForAMoment_ThenTryTheBrokerAgain()
    {
        // A broker that is down makes each batch wait the publish timeout with the sale row locked; the batches right
        // after are refused without waiting, until the retry interval has passed.
        var sale = await Services.AddSaleAsync(stock: 10);
        var users = await Services.AddUsersAsync(3);
        var broker = new RecordingPublisher { Confirms = false };
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var admissions = Admissions(broker, clock);

        (await admissions.AdmitAsync(Request(sale.Id, users[0].Id), CancellationToken.None)).Should().BeOfType<AdmissionResult.NotPublished>();
        broker.Confirms = true;
        var refusedAtOnce = await admissions.AdmitAsync(Request(sale.Id, users[1].Id), CancellationToken.None);
        clock.Advance(BatchingQueueAdmissions.BrokerRetryInterval);
        var triedAgain = await admissions.AdmitAsync(Request(sale.Id, users[2].Id), CancellationToken.None);

        refusedAtOnce.Should().BeOfType<AdmissionResult.NotPublished>();
        triedAgain.Should().BeOfType<AdmissionResult.Admitted>();
        broker.Sent.Select(m => m.UserId).Should().Equal([users[0].Id, users[2].Id], "the broker was not asked in between");
        (await Services.QueryAsync(db => db.QueuePlaces.CountAsync(p => p.SaleId == sale.Id))).Should().Be(1);
    }

    [Fact]
    public async Task Admissions_WhenTheHostStops_AdmitEveryQueuedJoinBeforeStopping_AndRefuseLaterOnesAsNotPublished()
    {
        var sale = await Services.AddSaleAsync(stock: 10);
        var users = await Services.AddUsersAsync(4);
        var broker = new RecordingPublisher { Hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        var admissions = Admissions(broker);

        // The first join's batch waits for the broker; two more joins queue up behind it; then the host stops.
        var first = admissions.AdmitAsync(Request(sale.Id, users[0].Id), CancellationToken.None);
        await broker.Asked.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var queued = new[] { users[1], users[2] }.Select(u => admissions.AdmitAsync(Request(sale.Id, u.Id), CancellationToken.None)).ToList();
        var stopping = admissions.StopAsync();
        var late = await admissions.AdmitAsync(Request(sale.Id, users[3].Id), CancellationToken.None);
        stopping.IsCompleted.Should().BeFalse("the queued joins are not admitted yet");

        broker.Hold.SetResult();
        await stopping.WaitAsync(TimeSpan.FromSeconds(30));

        first.IsCompleted.Should().BeTrue();
        (await first).Should().BeOfType<AdmissionResult.Admitted>();
        (await Task.WhenAll(queued)).Should().AllBeOfType<AdmissionResult.Admitted>("a join queued before the stop is admitted");
        late.Should().BeOfType<AdmissionResult.NotPublished>("a join after the stop began is refused, at once, to be retried");
        broker.Sent.Select(m => m.UserId).Should().BeEquivalentTo([users[0].Id, users[1].Id, users[2].Id]);
        var stored = await Services.QueryAsync(db => db.QueuePlaces.Where(p => p.SaleId == sale.Id).Select(p => p.UserId).ToListAsync());
        stored.Should().BeEquivalentTo(broker.Sent.Select(m => m.UserId), "every place stored has its message, and no more");
    }

    /// <summary>Started like the host starts it; <c>await using</c> stops it as the host would.</summary>
    private RunningAdmissions Admissions(IQueueTokenPublisher publisher, TimeProvider? clock = null)
    {
        var admissions = new BatchingQueueAdmissions(Services.GetRequiredService<IServiceScopeFactory>(), publisher,
            clock ?? TimeProvider.System, NullLogger<BatchingQueueAdmissions>.Instance);
        admissions.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
        return new RunningAdmissions(admissions);
    }

    private sealed class RunningAdmissions(BatchingQueueAdmissions admissions) : IQueueAdmissions, IAsyncDisposable
    {
        public Task<AdmissionResult> AdmitAsync(AdmissionRequest request, CancellationToken cancellationToken) =>
            admissions.AdmitAsync(request, cancellationToken);

        public Task StopAsync() => admissions.StopAsync(CancellationToken.None);

        public async ValueTask DisposeAsync()
        {
            await StopAsync();
            admissions.Dispose();
        }
    }

    private async Task<IReadOnlyList<AdmissionResult>> AdmitBatch(Guid saleId, IReadOnlyList<AdmissionRequest> requests, PublishPlaces? publish = null)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<QueuePlaceRepository>()
            .AdmitBatchAsync(saleId, requests, publish ?? BrokerConfirms, CancellationToken.None);
    }

    private static AdmissionRequest Request(Guid saleId, Guid userId) => TestData.NewAdmissionRequest(saleId, userId);

    /// <summary>A broker that confirms every message (unless told not to) and keeps what it was sent.</summary>
    private sealed class RecordingPublisher : IQueueTokenPublisher
    {
        private readonly List<QueueTokenIssued> _sent = [];

        public bool Confirms { get; set; } = true;

        /// <summary>When set, every publish waits for it (a slow broker).</summary>
        public TaskCompletionSource? Hold { get; init; }

        /// <summary>Completed when the first publish starts.</summary>
        public TaskCompletionSource Asked { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public IReadOnlyList<QueueTokenIssued> Sent
        {
            get
            {
                lock (_sent)
                {
                    return _sent.ToList();
                }
            }
        }

        public async Task<bool> TryPublishAsync(QueueTokenIssued message, CancellationToken cancellationToken)
        {
            Asked.TrySetResult();
            if (Hold is not null)
            {
                await Hold.Task;
            }

            lock (_sent)
            {
                _sent.Add(message);
            }

            return Confirms;
        }
    }
}

[Collection(MariaDbRaces.Name)]
public sealed class MariaDbQueuePlaceRepositoryTests(MariaDbFixture fixture)
    : QueuePlaceRepositoryTests(fixture), IClassFixture<MariaDbFixture>;

public sealed class SqliteQueuePlaceRepositoryTests(SqliteFixture fixture)
    : QueuePlaceRepositoryTests(fixture), IClassFixture<SqliteFixture>;
