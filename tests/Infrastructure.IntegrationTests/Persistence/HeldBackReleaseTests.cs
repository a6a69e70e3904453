using System.Collections.Concurrent;
using System.Diagnostics;
using FlashPurchase.Application.Abstractions;
using FlashPurchase.Domain.Queue;
using FlashPurchase.Infrastructure.IntegrationTests.Support;
using FlashPurchase.Infrastructure.Messaging.Outbox;
using FlashPurchase.Infrastructure.Persistence;
using FlashPurchase.Infrastructure.Persistence.Configurations;
using FlashPurchase.Infrastructure.Persistence.Repositories;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace FlashPurchase.Infrastructure.IntegrationTests.Persistence;

/// <summary>
/// A pause holds the release of purchase tokens back, exactly: what the worker converts while the sale is paused (or
/// while places held back earlier still wait) is marked held back instead of stored, and released later in queue
/// order, in batches, by <see cref="IPurchaseTokenRepository.ReleaseHeldBackAsync"/>. Same tests on MariaDB and SQLite.
/// </summary>
public abstract class HeldBackReleaseTests(DatabaseFixture fixture)
{
    private IServiceProvider Services => fixture.Services;

    [Fact]
    public async Task AddNewAsync_WhileTheSaleIsPaused_StoresNothing_MarksThePlacesHeldBack_AndFlagsTheSale()
    {
        var (sale, places) = await SaleWithPlacesAsync(3);
        var bystander = await Services.AdmitAsync(sale, (await Services.AddUserAsync()).Id);
        await SetPausedAsync(sale, true);

        var release = await AddNewAsync(sale, TestData.PurchaseTokensFor(places));

        release.HeldBack.Should().BeTrue();
        release.Added.Should().BeEmpty();
        (await PurchaseTokenCountAsync(sale)).Should().Be(0, "a paused sale releases no purchase token");
        (await HeldBackPositionsAsync(sale)).Should().Equal(places.Select(p => p.Position), "only the places converted are held");
        (await HeldBackPositionsAsync(sale)).Should().NotContain(bystander.Position);
        (await HasHeldBackAsync(sale)).Should().BeTrue();
    }

    [Fact]
    public async Task AddNewAsync_WhenTheSaleIsNotPaused_StoresThePurchaseTokens_AndHoldsNothingBack()
    {
        // On MariaDB this also shows that the conditional UPDATE that takes the sale's lock (it sets has_held_back to the
        // false it already is) counts the row it found, not the rows it changed: counted as changed, nothing would ever
        // be released.
        var (sale, places) = await SaleWithPlacesAsync(3);

        var release = await AddNewAsync(sale, TestData.PurchaseTokensFor(places));

        release.HeldBack.Should().BeFalse();
        release.Added.Should().BeEquivalentTo(places.Select(p => p.Id));
        (await PurchaseTokenCountAsync(sale)).Should().Be(3);
        (await HeldBackPositionsAsync(sale)).Should().BeEmpty();
        (await HasHeldBackAsync(sale)).Should().BeFalse();
    }

    [Fact]
    public async Task AddNewAsync_AfterAResume_HoldsNewConversionsBehindTheHeldBackPlaces_UntilTheyAreDrained()
    {
        var (sale, places) = await SaleWithPlacesAsync(6);
        await SetPausedAsync(sale, true);
        (await AddNewAsync(sale, TestData.PurchaseTokensFor(places.Take(3)))).HeldBack.Should().BeTrue();
        await SetPausedAsync(sale, false);

        // Resumed, but places 1-3 still wait: 4 and 5 must not overtake them.
        var behind = await AddNewAsync(sale, TestData.PurchaseTokensFor(places.Skip(3).Take(2)));

        behind.HeldBack.Should().BeTrue("places held back earlier are released first");
        behind.Added.Should().BeEmpty();
        (await PurchaseTokenCountAsync(sale)).Should().Be(0);
        (await HeldBackPositionsAsync(sale)).Should().Equal(1L, 2L, 3L, 4L, 5L);
        (await SalesWithHeldBackPlacesAsync()).Should().Contain(sale);

        var released = new List<long>();
        (await ReleaseHeldBackAsync(sale, 500, released)).Should().Be(5);

        released.Should().Equal(1L, 2L, 3L, 4L, 5L);
        (await PurchaseTokenCountAsync(sale)).Should().Be(5);
        (await HasHeldBackAsync(sale)).Should().BeFalse("none is left");
        (await SalesWithHeldBackPlacesAsync()).Should().NotContain(sale);

        // Drained: the next conversion is released straight away again.
        var after = await AddNewAsync(sale, TestData.PurchaseTokensFor(places.Skip(5)));
        after.HeldBack.Should().BeFalse();
        after.Added.Should().Equal(places[5].Id);
        (await PurchaseTokenCountAsync(sale)).Should().Be(6);
    }

    [Fact]
    public async Task ReleaseHeldBackAsync_ReleasesInQueueOrder_BatchByBatch_AndClearsTheFlagOnceDrained()
    {
        var (sale, places) = await SaleWithPlacesAsync(7);
        await SetPausedAsync(sale, true);
        // The worker's batches reach it in any order (several consumers, redeliveries): positions 5 2 | 7 1 4 | 3 6.
        foreach (var positions in new[] { new[] { 5, 2 }, [7, 1, 4], [3, 6] })
        {
            (await AddNewAsync(sale, TestData.PurchaseTokensFor(positions.Select(p => places[p - 1])))).HeldBack.Should().BeTrue();
        }

        await SetPausedAsync(sale, false);
        var released = new List<long>();

        (await ReleaseHeldBackAsync(sale, 3, released)).Should().Be(3);
        released.Should().Equal(1L, 2L, 3L);
        (await HeldBackPositionsAsync(sale)).Should().Equal(4L, 5L, 6L, 7L);
        (await HasHeldBackAsync(sale)).Should().BeTrue("four places still wait");

        (await ReleaseHeldBackAsync(sale, 3, released)).Should().Be(3);
        (await ReleaseHeldBackAsync(sale, 3, released)).Should().Be(1, "fewer than a batch: the last one");

        released.Should().Equal(1L, 2L, 3L, 4L, 5L, 6L, 7L);
        (await HeldBackPositionsAsync(sale)).Should().BeEmpty();
        (await HasHeldBackAsync(sale)).Should().BeFalse();
        (await ReleaseHeldBackAsync(sale, 3, released)).Should().Be(0);

        // Each place got its purchase token in its batch, batches one after the other: issued in queue order.
        var issued = await IssuedByPositionAsync(sale);
        issued.Select(i => i.Position).Should().Equal(1L, 2L, 3L, 4L, 5L, 6L, 7L);
        issued.Select(i => i.IssuedAt).Should().BeInAscendingOrder();
        issued.Select(i => i.IssuedAt).Distinct().Should().HaveCount(3, "three batches, three release times");
    }

    [Fact]
    public async Task ReleaseHeldBackAsync_WhenAFullBatchEmptiesTheBacklog_ReleasesConversionsAtOnceAgain()
    {
        var (sale, places) = await SaleWithPlacesAsync(5);
        await SetPausedAsync(sale, true);
        await AddNewAsync(sale, TestData.PurchaseTokensFor(places.Take(4)));
        await SetPausedAsync(sale, false);

        (await ReleaseHeldBackAsync(sale, 2)).Should().Be(2);
        (await HasHeldBackAsync(sale)).Should().BeTrue("two places are still held back");
        (await ReleaseHeldBackAsync(sale, 2)).Should().Be(2);

        (await HasHeldBackAsync(sale)).Should().BeFalse("the batch took the last held-back place");
        var last = await AddNewAsync(sale, TestData.PurchaseTokensFor(places.Skip(4)));
        last.HeldBack.Should().BeFalse();
        last.Added.Should().Equal(places[4].Id);
        (await PurchaseTokenCountAsync(sale)).Should().Be(5, "nothing held back is lost");
    }

    [Fact]
    public async Task ReleaseHeldBackAsync_SkipsPlacesThatExpiredMeanwhile_ButClearsThem()
    {
        var sale = await Services.AddSaleAsync(stock: 10);
        var users = await Services.AddUsersAsync(3);
        var first = await Services.AdmitAsync(sale.Id, users[0].Id);
        var shortLived = await Services.AdmitAsync(sale.Id, users[1].Id, lifetime: TimeSpan.FromMinutes(1));
        var third = await Services.AdmitAsync(sale.Id, users[2].Id);
        await SetPausedAsync(sale.Id, true);
        await AddNewAsync(sale.Id, TestData.PurchaseTokensFor([first, shortLived, third]));
        await SetPausedAsync(sale.Id, false);
        var tenMinutesLater = new FakeTimeProvider(DateTimeOffset.UtcNow.AddMinutes(10));

        var offered = new List<long>();
        (await ReleaseHeldBackAsync(sale.Id, 500, offered, tenMinutesLater)).Should().Be(2, "the expired one is cleared, not released");

        offered.Should().Equal(first.Position, third.Position);
        var converted = await Services.QueryAsync(db => db.PurchaseTokens.Where(t => t.SaleId == sale.Id).Select(t => t.QueueTokenId).ToListAsync());
        converted.Should().BeEquivalentTo([first.Id, third.Id], "an expired queue token gets no purchase token");
        (await HeldBackPositionsAsync(sale.Id)).Should().BeEmpty();
        (await HasHeldBackAsync(sale.Id)).Should().BeFalse();
    }

    [Fact]
    public async Task ReleaseHeldBackAsync_WhileTheSaleIsPaused_ReleasesNothing()
    {
        var (sale, places) = await SaleWithPlacesAsync(3);
        await SetPausedAsync(sale, true);
        await AddNewAsync(sale, TestData.PurchaseTokensFor(places));

        var offered = new List<long>();
        (await ReleaseHeldBackAsync(sale, 500, offered)).Should().Be(0);

        offered.Should().BeEmpty("the release is not even asked for purchase tokens");
        (await PurchaseTokenCountAsync(sale)).Should().Be(0);
        (await HeldBackPositionsAsync(sale)).Should().Equal(1L, 2L, 3L);
        (await HasHeldBackAsync(sale)).Should().BeTrue();
        (await SalesWithHeldBackPlacesAsync()).Should().NotContain(sale);
    }

    [Fact]
    public async Task SalesWithHeldBackPlacesAsync_ListsTheSalesThatAreNotPausedAndHoldPlacesBack()
    {
        var (resumed, resumedPlaces) = await SaleWithPlacesAsync(2);
        var (stillPaused, pausedPlaces) = await SaleWithPlacesAsync(2);
        var (untouched, untouchedPlaces) = await SaleWithPlacesAsync(2);
        foreach (var (sale, places) in new[] { (resumed, resumedPlaces), (stillPaused, pausedPlaces) })
        {
            await SetPausedAsync(sale, true);
            await AddNewAsync(sale, TestData.PurchaseTokensFor(places));
        }

        await SetPausedAsync(resumed, false);
        await AddNewAsync(untouched, TestData.PurchaseTokensFor(untouchedPlaces));

        var listed = await SalesWithHeldBackPlacesAsync();

        listed.Should().Contain(resumed).And.NotContain(stillPaused).And.NotContain(untouched);
    }

    [Fact]
    public Task APause_CommittedWhileConversionsStorePurchaseTokens_IsExact_NoneIsStoredAfterIt() =>
        PauseInTheMiddleOfItAllAsync(heldBeforehand: 0);

    [Fact]
    public Task APause_CommittedWhileTheReleaseLoopWorksOffABacklog_IsExact_NoneIsStoredAfterIt() =>
        PauseInTheMiddleOfItAllAsync(heldBeforehand: 200);

    /// <summary>
    /// Three workers convert batches of 4 places while a release loop runs (batches of 5, as HeldBackReleaseLoop's of
    /// 500), the first <paramref name="heldBeforehand"/> places held back by an earlier pause; an operator pauses while
    /// purchase tokens are being stored, and the conversions and releases go on after the pause committed.
    /// </summary>
    private async Task PauseInTheMiddleOfItAllAsync(int heldBeforehand)
    {
        const int chunksBeforePause = 15;
        var (sale, places) = await SaleWithPlacesAsync(heldBeforehand + 240);
        if (heldBeforehand > 0)
        {
            await SetPausedAsync(sale, true);
            foreach (var chunk in places.Take(heldBeforehand).Chunk(50))
            {
                await AddNewAsync(sale, TestData.PurchaseTokensFor(chunk));
            }

            await SetPausedAsync(sale, false);
        }

        var toConvert = new ConcurrentQueue<QueuePlace[]>(places.Skip(heldBeforehand).Chunk(4));
        var conversions = new ConcurrentBag<Call>();
        var releases = new ConcurrentBag<Call>();
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource();
        var pausedAt = TimeSpan.MaxValue;
        var pauseCommitted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var chunksTaken = 0;

        // Some batches are converted before the pause, the rest after it.
        var releaser = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var started = clock.Elapsed;
                var count = await ReleaseHeldBackAsync(sale, 5);
                releases.Add(new Call(started, clock.Elapsed, count, HeldBack: false));
                await Task.Delay(1);
            }
        });
        var converters = Enumerable.Range(0, 3).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                if (!pauseCommitted.Task.IsCompleted && Volatile.Read(ref chunksTaken) >= chunksBeforePause)
                {
                    await Task.Delay(1);
                    continue;
                }

                if (!toConvert.TryDequeue(out var chunk))
                {
                    return;
                }

                Interlocked.Increment(ref chunksTaken);
                var started = clock.Elapsed;
                var release = await AddNewAsync(sale, TestData.PurchaseTokensFor(chunk));
                conversions.Add(new Call(started, clock.Elapsed, release.Added.Count, release.HeldBack));
            }
        })).ToList();

        // The operator pauses once releases are under way, in the middle of it all.
        await WaitUntilAsync(() => releases.Sum(r => r.Count) + conversions.Sum(c => c.Count) > 0 && conversions.Count >= 3
            && (heldBeforehand == 0 || releases.Any(r => r.Count > 0)));
        var storedAtPause = -1;
        var pauseReturnedAt = DateTimeOffset.MaxValue;
        var pauser = Task.Run(async () =>
        {
            await using var scope = Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<FlashPurchaseDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            (await scope.ServiceProvider.GetRequiredService<ISaleRepository>()
                .SetPausedAsync(sale, true, DateTimeOffset.UtcNow, CancellationToken.None)).Should().BeTrue();
            // What is stored when the pause commits: counted in the pause's own transaction, under its lock.
            storedAtPause = await db.PurchaseTokens.CountAsync(t => t.SaleId == sale);
            await transaction.CommitAsync();
            pausedAt = clock.Elapsed;
            pauseReturnedAt = DateTimeOffset.UtcNow;
            pauseCommitted.SetResult();
        });
        await pauseCommitted.Task;

        // Releases and conversions go on after the pause committed: none of them may store anything.
        await WaitUntilAsync(() => releases.Count(r => r.Started > pausedAt) >= 10 && conversions.Count(c => c.Started > pausedAt) >= 10);
        await stop.CancelAsync();
        await Task.WhenAll([releaser, pauser, .. converters]);

        (await PurchaseTokenCountAsync(sale)).Should().Be(storedAtPause, "no purchase token is stored after the pause committed");
        storedAtPause.Should().BeGreaterThan(0, "the pause came while purchase tokens were being stored");
        var issuedLast = await Services.QueryAsync(db =>
            db.PurchaseTokens.Where(t => t.SaleId == sale).MaxAsync(t => (DateTimeOffset?)t.IssuedAt));
        issuedLast.Should().BeBefore(pauseReturnedAt.AddMilliseconds(1), "nothing was released, or even made, after the pause");
        releases.Where(r => r.Started > pausedAt).Should().OnlyContain(r => r.Count == 0);
        conversions.Where(c => c.Started > pausedAt).Should().OnlyContain(c => c.HeldBack && c.Count == 0);
        (await PurchaseTokenCountAsync(sale)).Should().Be(
            conversions.Sum(c => c.Count) + releases.Sum(r => r.Count), "every stored purchase token was counted by its call");
        (await Services.QueryAsync(db => db.QueuePlaces.CountAsync(p => p.SaleId == sale
            && EF.Property<bool>(p, SaleReleaseColumns.HeldBack)
            && db.PurchaseTokens.Any(t => t.QueueTokenId == p.Id)))).Should().Be(0, "a place is either released or held back");

        // Resumed: the places still held back are released in queue order, and every place converted has its token.
        await SetPausedAsync(sale, false);
        var drained = new List<long>();
        int batch;
        do
        {
            batch = await ReleaseHeldBackAsync(sale, 25, drained);
        }
        while (batch > 0);

        drained.Should().BeInAscendingOrder().And.OnlyHaveUniqueItems().And.NotBeEmpty("what was converted during the pause waits");
        var attempted = heldBeforehand + (conversions.Count * 4); // 240 places, batches of 4
        (await PurchaseTokenCountAsync(sale)).Should().Be(attempted);
        (await HasHeldBackAsync(sale)).Should().BeFalse();
    }

    private sealed record Call(TimeSpan Started, TimeSpan Ended, int Count, bool HeldBack);

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            deadline.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(30), "the race should get there quickly");
            await Task.Delay(5);
        }
    }

    private async Task<(Guid Sale, IReadOnlyList<QueuePlace> Places)> SaleWithPlacesAsync(int count)
    {
        var sale = await Services.AddSaleAsync(stock: count);
        var places = await Services.AdmitAllAsync(sale.Id, await Services.AddUsersAsync(count));
        places.Select(p => p.Position).Should().Equal(Enumerable.Range(1, count).Select(p => (long)p));
        return (sale.Id, places);
    }

    private async Task SetPausedAsync(Guid saleId, bool paused)
    {
        await using var scope = Services.CreateAsyncScope();
        (await scope.ServiceProvider.GetRequiredService<ISaleRepository>()
            .SetPausedAsync(saleId, paused, DateTimeOffset.UtcNow, CancellationToken.None)).Should().BeTrue();
    }

    private async Task<TokenRelease> AddNewAsync(Guid saleId, IReadOnlyList<PurchaseToken> tokens)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IPurchaseTokenRepository>().AddNewAsync(saleId, tokens, CancellationToken.None);
    }

    /// <summary>One batch of the release, as the handler makes it; <paramref name="offered"/> gets the positions it was asked for.</summary>
    private async Task<int> ReleaseHeldBackAsync(Guid saleId, int batchSize, List<long>? offered = null, TimeProvider? clock = null)
    {
        await using var scope = Services.CreateAsyncScope();
        var repository = new PurchaseTokenRepository(
            scope.ServiceProvider.GetRequiredService<FlashPurchaseDbContext>(), clock ?? TimeProvider.System, new OutboxSignal());
        return await repository.ReleaseHeldBackAsync(saleId, batchSize, (_, places) =>
        {
            // Batches run one after the other: a clock that moves on between two of them tells them apart.
            Thread.Sleep(2);
            offered?.AddRange(places.Select(p => p.Position));
            return TestData.PurchaseTokensFor(places, DateTimeOffset.UtcNow);
        }, CancellationToken.None);
    }

    private async Task<IReadOnlyList<Guid>> SalesWithHeldBackPlacesAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IPurchaseTokenRepository>().SalesWithHeldBackPlacesAsync(CancellationToken.None);
    }

    private Task<int> PurchaseTokenCountAsync(Guid saleId) =>
        Services.QueryAsync(db => db.PurchaseTokens.CountAsync(t => t.SaleId == saleId));

    private Task<List<long>> HeldBackPositionsAsync(Guid saleId) =>
        Services.QueryAsync(db => db.QueuePlaces
            .Where(p => p.SaleId == saleId && EF.Property<bool>(p, SaleReleaseColumns.HeldBack))
            .OrderBy(p => p.Position).Select(p => p.Position).ToListAsync());

    private Task<bool> HasHeldBackAsync(Guid saleId) =>
        Services.QueryAsync(db => db.Sales.Where(s => s.Id == saleId)
            .Select(s => EF.Property<bool>(s, SaleReleaseColumns.HasHeldBack)).SingleAsync());

    private async Task<List<(long Position, DateTimeOffset IssuedAt)>> IssuedByPositionAsync(Guid saleId)
    {
        var rows = await Services.QueryAsync(db => db.QueuePlaces.Where(p => p.SaleId == saleId)
            .Join(db.PurchaseTokens, p => p.Id, t => t.QueueTokenId, (p, t) => new { p.Position, t.IssuedAt })
            .ToListAsync());
        return rows.OrderBy(r => r.Position).Select(r => (r.Position, r.IssuedAt)).ToList();
    }
}

public sealed class MariaDbHeldBackReleaseTests(MariaDbFixture fixture)
    : HeldBackReleaseTests(fixture), IClassFixture<MariaDbFixture>
{
    [Fact]
    public async Task TheConditionalUpdates_CountTheRowsTheyFind_EvenWhenTheConnectionStringAsksForAffectedRows()
    {
        // The sale's lock is an UPDATE that writes the value the row already has: MySQL reports it as found, not changed.
        // MySqlConnector reports found rows unless UseAffectedRows=true; Pomelo insists on found rows whatever an
        // operator's connection string says. Were the changed rows counted, no purchase token would ever be released.
        await using var database = await TestSupport.ThrowawayDatabase.CreateAsync();
        var settings = InfrastructureServices.MariaDb(database.ConnectionString + ";UseAffectedRows=true");
        await using var services = InfrastructureServices.Build(settings);
        await services.InitializeDatabaseAsync();
        var sale = await services.AddSaleAsync(stock: 2);
        var places = await services.AdmitAllAsync(sale.Id, await services.AddUsersAsync(2));

        await using var scope = services.CreateAsyncScope();
        var release = await scope.ServiceProvider.GetRequiredService<IPurchaseTokenRepository>()
            .AddNewAsync(sale.Id, TestData.PurchaseTokensFor(places), CancellationToken.None);

        release.HeldBack.Should().BeFalse();
        release.Added.Should().HaveCount(2);
        (await scope.ServiceProvider.GetRequiredService<ISaleRepository>()
            .SetPausedAsync(sale.Id, false, DateTimeOffset.UtcNow, CancellationToken.None)).Should().BeTrue();

        // What it guards against: the same statement through a bare connection that asks for affected rows counts none.
        (await UnchangingUpdateAsync(database.ConnectionString + ";UseAffectedRows=true", sale.Id)).Should().Be(0);
        (await UnchangingUpdateAsync(database.ConnectionString, sale.Id)).Should().Be(1);
    }

    private static async Task<int> UnchangingUpdateAsync(string connectionString, Guid saleId)
    {
        await using var connection = new MySqlConnector.MySqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new MySqlConnector.MySqlCommand("UPDATE sales SET has_held_back = has_held_back WHERE id = @id", connection);
        command.Parameters.AddWithValue("@id", saleId.ToString());
        return await command.ExecuteNonQueryAsync();
    }
}

public sealed class SqliteHeldBackReleaseTests(SqliteFixture fixture)
    : HeldBackReleaseTests(fixture), IClassFixture<SqliteFixture>;
