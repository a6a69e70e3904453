using System.Diagnostics;
using FlashPurchase.TestSupport;
using FlashPurchase.WebApi.FunctionalTests.Client;
using FlashPurchase.WebApi.FunctionalTests.Hosting;
using Xunit.Abstractions;

namespace FlashPurchase.WebApi.FunctionalTests.Races;

/// <summary>
/// An operator pauses a sale while a crowd joins it: newcomers are asked to come back (409 queue_paused), shoppers who
/// hold a place keep it, purchase tokens already released still buy, and no purchase token is released until the
/// resume, after which every shopper queued gets one, the places held back in queue order.
/// </summary>
/// <remarks>
/// The worker waits <see cref="BatchWait"/> for each batch of queue tokens, so that the crowd's tokens reach it after
/// the pause: they are the ones held back. The app's clock is moved at known points (<c>T0</c> before the pause,
/// <c>T1</c> = T0 + 1 min while paused, <c>T2</c> = T1 + 1 min at the resume), so that the database tells when each
/// purchase token was released.
/// </remarks>
public abstract class PauseDuringACrowdTests<TApp>(TApp app, ITestOutputHelper output) where TApp : TestApp
{
    public static readonly TimeSpan BatchWait = TimeSpan.FromSeconds(3);

    private const int Early = 20;
    private const int Crowd = 80;
    private const int PauseAfterJoins = 40;
    private const int Newcomers = 10;

    [Fact]
    public async Task APauseDuringACrowd_HoldsEveryReleaseBack_AndTheResumeReleasesTheHeldPlacesInQueueOrder()
    {
        var watch = Stopwatch.StartNew();
        var db = app.Database;
        var op = await Operator.LogInAsync(app);
        var saleId = await op.CreateSaleAsync("Paused Phone", 1000, app.Clock.GetUtcNow().AddMinutes(-1), TimeSpan.FromDays(1));
        var ofSale = Sql.Is("sale_id", saleId);
        var early = await app.Api.NewShoppersAsync(Early, "early");
        var crowd = await app.Api.NewShoppersAsync(Crowd, "crowd");
        var newcomers = await app.Api.NewShoppersAsync(Newcomers, "newcomer");
        var t0 = app.Clock.GetUtcNow();

        // Before the pause: the early shoppers hold purchase tokens, released at T0.
        var earlyTokens = await Task.WhenAll(early.Select(async shopper =>
        {
            var ticket = await app.Api.EnterAsync(shopper, saleId);
            ticket.StatusCode.Should().Be(200, "the sale is open: {0}", ticket);
            var exchanged = await shopper.ExchangeUntilSettledAsync(ticket.Value.QueueToken, TimeSpan.FromMinutes(1));
            exchanged.Final.StatusCode.Should().Be(200, "the worker converts before the pause: {0}", exchanged.Final);
            return exchanged.Final.Value.PurchaseToken;
        }));
        output.WriteLine($"{Early} early shoppers hold purchase tokens after {watch.Elapsed.TotalSeconds:F1} s");

        // The crowd races to join; the operator pauses once forty of them are in.
        var joined = 0;
        var fortyIn = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var gate = new StartGate(Crowd);
        var joining = crowd.Select((shopper, i) => Task.Run(async () =>
        {
            await gate.ReadyAsync(i);
            var entered = await app.Api.EnterAsync(shopper, saleId);
            if (entered.StatusCode == 200 && Interlocked.Increment(ref joined) == PauseAfterJoins)
            {
                fortyIn.SetResult();
            }

            return (Shopper: shopper, Entered: entered);
        })).ToList();
        await gate.OpenWhenAllReadyAsync(joining, TimeSpan.FromMinutes(1));
        await fortyIn.Task.WaitAsync(TimeSpan.FromMinutes(1));
        var paused = await op.PauseAsync(saleId);
        var storedAtPause = await db.ScalarAsync($"SELECT COUNT(*) FROM purchase_tokens WHERE {ofSale}");
        app.Clock.Advance(TimeSpan.FromMinutes(1)); // T1: what is released from now on says so
        var crowdEntries = await Task.WhenAll(joining);

        paused.StatusCode.Should().Be(200, "{0}", paused);
        paused.JsonBody.GetProperty("paused").GetBoolean().Should().BeTrue();
        (await app.Api.GetSaleAsync(saleId)).JsonBody.GetProperty("paused").GetBoolean().Should().BeTrue("shoppers see the pause");
        var admitted = crowdEntries.Where(c => c.Entered.StatusCode == 200).ToList();
        foreach (var (_, refused) in crowdEntries.Where(c => c.Entered.StatusCode != 200))
        {
            ShouldBeQueuePaused(refused);
        }

        output.WriteLine($"{admitted.Count} of the crowd joined before the pause, {Crowd - admitted.Count} were asked to come back; " +
            $"{storedAtPause} purchase tokens released when it committed");
        admitted.Should().HaveCountGreaterThanOrEqualTo(PauseAfterJoins);

        // While paused: newcomers wait outside, holders keep their places, released purchase tokens still buy...
        foreach (var newcomer in newcomers)
        {
            ShouldBeQueuePaused(await app.Api.EnterAsync(newcomer, saleId));
        }

        foreach (var (shopper, entered) in admitted.Take(5))
        {
            var again = await app.Api.EnterAsync(shopper, saleId);
            again.StatusCode.Should().Be(200, "a shopper who holds a place gets it back while the queue is paused: {0}", again);
            (again.Value.QueueToken, again.Value.Position).Should().Be((entered.Value.QueueToken, entered.Value.Position));
        }

        for (var i = 0; i < Early / 2; i++)
        {
            (await early[i].PurchaseAsync(earlyTokens[i])).StatusCode.Should().Be(201, "purchase tokens released before the pause still buy");
        }

        // ...and the worker, which gets the crowd's queue tokens now, holds them back: not one purchase token is released.
        var places = await db.ScalarAsync($"SELECT COUNT(*) FROM queue_places WHERE {ofSale}");
        var reachedWorker = Stopwatch.StartNew();
        while (await db.ScalarAsync(
            $"SELECT COUNT(*) FROM queue_places q WHERE {Sql.Is("q.sale_id", saleId)} AND q.held_back = 0 " +
            "AND NOT EXISTS (SELECT 1 FROM purchase_tokens p WHERE p.queue_token_id = q.id)") > 0)
        {
            reachedWorker.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(30), "the worker gets every queue token within its batch wait");
            await Task.Delay(100);
        }

        await Task.Delay(TimeSpan.FromSeconds(1.5)); // the release loop looks every second: let it look, paused
        var heldBack = await db.ScalarAsync($"SELECT COUNT(*) FROM queue_places WHERE {ofSale} AND held_back = 1");
        output.WriteLine($"{heldBack} of {places} places held back after {watch.Elapsed.TotalSeconds:F1} s");
        heldBack.Should().BeGreaterThan(0, "the crowd's queue tokens reached the worker after the pause");
        heldBack.Should().Be(places - storedAtPause, "every place not released before the pause is held back");
        (await db.ScalarAsync($"SELECT COUNT(*) FROM purchase_tokens WHERE {ofSale}"))
            .Should().Be(storedAtPause, "no purchase token is released while the sale is paused");
        (await db.ScalarAsync($"SELECT COUNT(*) FROM purchase_tokens WHERE {ofSale} AND issued_at > {Sql.Instant(db, t0.AddSeconds(30))}"))
            .Should().Be(0, "none was issued after the pause");

        // The crowd asks for its purchase tokens: those released before the pause come, the others are pending.
        var exchanges = await Task.WhenAll(admitted.Select(a => a.Shopper.ExchangeAsync(a.Entered.Value.QueueToken)));
        exchanges.Count(e => e.StatusCode == 200).Should().Be((int)storedAtPause - Early, "the tokens released before the pause");
        var pending = exchanges.Where(e => e.StatusCode != 200).ToList();
        pending.Should().HaveCount((int)heldBack);
        foreach (var answer in pending)
        {
            answer.StatusCode.Should().Be(202, "a held-back place waits while the sale is paused: {0}", answer);
            answer.RetryAfterSeconds.Should().NotBeNull();
            answer.As<PendingBody>().Status.Should().Be("pending");
        }

        (await db.ScalarAsync($"SELECT COUNT(*) FROM purchase_tokens WHERE {ofSale}")).Should().Be(storedAtPause);

        // The resume: every shopper queued gets a purchase token, those held back released at T2, in queue order.
        app.Clock.Advance(TimeSpan.FromMinutes(1)); // T2
        var resumed = await op.ResumeAsync(saleId);
        resumed.StatusCode.Should().Be(200, "{0}", resumed);
        resumed.JsonBody.GetProperty("paused").GetBoolean().Should().BeFalse();

        var crowdTokens = await Task.WhenAll(admitted.Select(async a =>
        {
            var exchanged = await a.Shopper.ExchangeUntilSettledAsync(a.Entered.Value.QueueToken, TimeSpan.FromMinutes(1));
            exchanged.Final.StatusCode.Should().Be(200, "every shopper queued gets a purchase token after the resume: {0}", exchanged.Final);
            return exchanged.Final.Value.PurchaseToken;
        }));
        output.WriteLine($"every queued shopper holds a purchase token {watch.Elapsed.TotalSeconds:F1} s in");

        (await db.ScalarAsync($"SELECT COUNT(*) FROM queue_places WHERE {ofSale} AND held_back = 1")).Should().Be(0);
        (await db.ScalarAsync($"SELECT COUNT(*) FROM purchase_tokens WHERE {ofSale}")).Should().Be(places);
        (await db.ScalarAsync(
            $"SELECT COUNT(*) FROM purchase_tokens WHERE {ofSale} AND issued_at > {Sql.Instant(db, t0.AddSeconds(30))} " +
            $"AND issued_at < {Sql.Instant(db, t0.AddSeconds(90))}")).Should().Be(0, "nothing was released during the pause");
        (await db.ScalarAsync($"SELECT COUNT(*) FROM purchase_tokens WHERE {ofSale} AND issued_at > {Sql.Instant(db, t0.AddSeconds(90))}"))
            .Should().Be(heldBack, "the places held back were released after the resume");
        (await db.ScalarAsync(
            $"SELECT COUNT(*) FROM queue_places a JOIN purchase_tokens pa ON pa.queue_token_id = a.id " +
            "JOIN queue_places b ON b.sale_id = a.sale_id AND b.position > a.position " +
            "JOIN purchase_tokens pb ON pb.queue_token_id = b.id " +
            $"WHERE {Sql.Is("a.sale_id", saleId)} AND pa.issued_at > {Sql.Instant(db, t0.AddSeconds(30))} " +
            $"AND pb.issued_at > {Sql.Instant(db, t0.AddSeconds(30))} AND pa.issued_at > pb.issued_at"))
            .Should().Be(0, "held-back places are released in queue order: none after a place behind it");

        // Everyone buys what they queued for; the sale's promises hold.
        var buyers = early.Skip(Early / 2).Zip(earlyTokens.Skip(Early / 2)).Concat(admitted.Select(a => a.Shopper).Zip(crowdTokens));
        var bought = await Task.WhenAll(buyers.Select(async b => (await b.First.PurchaseAsync(b.Second)).StatusCode));
        bought.Should().OnlyContain(status => status == 201);
        (await db.ScalarAsync($"SELECT COUNT(*) FROM orders WHERE {ofSale}")).Should().Be(Early + admitted.Count);
        await SaleInvariants.AssertHoldAsync(db, saleId);
        output.WriteLine($"the whole test took {watch.Elapsed.TotalSeconds:F1} s");
    }

    private static void ShouldBeQueuePaused(ApiResponse refused)
    {
        refused.StatusCode.Should().Be(409, "a newcomer to a paused queue is asked to come back: {0}", refused);
        refused.Problem!.Code.Should().Be("queue_paused");
        refused.RetryAfterSeconds.Should().NotBeNull("queue_paused says when to come back");
    }
}

public sealed class EmbeddedPauseApp()
    : EmbeddedApp(RaceSettings.With(("Messaging:ConversionBatchWait", PauseDuringACrowdTests<EmbeddedPauseApp>.BatchWait.ToString("c"))));

public sealed class RealStackPauseApp()
    : RealStackApp(RaceSettings.With(("Messaging:ConversionBatchWait", PauseDuringACrowdTests<RealStackPauseApp>.BatchWait.ToString("c"))));

public sealed class EmbeddedPauseDuringACrowdTests(EmbeddedPauseApp app, ITestOutputHelper output)
    : PauseDuringACrowdTests<EmbeddedPauseApp>(app, output), IClassFixture<EmbeddedPauseApp>;

public sealed class RealStackPauseDuringACrowdTests(RealStackPauseApp app, ITestOutputHelper output)
    : PauseDuringACrowdTests<RealStackPauseApp>(app, output), IClassFixture<RealStackPauseApp>;
