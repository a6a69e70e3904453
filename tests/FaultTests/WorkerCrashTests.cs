using FlashPurchase.FaultTests.Stack;
using Xunit.Abstractions;

namespace FlashPurchase.FaultTests;

/// <summary>
/// Fault 2: the Worker is killed (SIGKILL) in the middle of a backlog of thousands of queue tokens, then started
/// again. Every queue token becomes exactly one purchase token: the consumer acknowledges a message only after its
/// purchase token is committed (so the kill loses none), and a message delivered again creates nothing (the unique
/// key on purchase_tokens.queue_token_id).
/// </summary>
[Collection(FaultCollection.Name)]
[Trait("Category", "Fault")]
public sealed class WorkerCrashTests(PrivateServices services, ITestOutputHelper output)
{
    private const int Backlog = 2_500;

    /// <summary>Killed once this many are converted: early enough that most of the backlog is still to do.</summary>
    private const int KillAfter = 250;

    private const int DuplicatesOfEachKind = 150;

    [Fact(Timeout = 420_000)]
    public async Task WorkerKilledInTheMiddleOfABacklog_AndStartedAgain_EveryQueueTokenBecomesExactlyOnePurchaseToken()
    {
        await using var stack = await FaultStack.CreateAsync(services, output, stock: 100);
        var apiProcess = await stack.StartApiAsync();
        using var api = stack.Client(apiProcess);

        // What makes a redelivery harmless: one purchase token per queue token, kept by the database.
        (await stack.ScalarAsync(
            "SELECT COUNT(*) FROM information_schema.statistics WHERE table_schema = DATABASE() " +
            "AND table_name = 'purchase_tokens' AND index_name = 'ux_purchase_tokens_queue_token' " +
            "AND non_unique = 0 AND column_name = 'queue_token_id' AND seq_in_index = 1"))
            .Should().Be(1, "purchase_tokens has a unique key on queue_token_id alone");
        (await stack.ScalarAsync(
            "SELECT COUNT(*) FROM information_schema.statistics WHERE table_schema = DATABASE() " +
            "AND table_name = 'purchase_tokens' AND index_name = 'ux_purchase_tokens_queue_token'"))
            .Should().Be(1, "the key has no other column");

        // The backlog: thousands of shoppers join quickly while no Worker runs.
        var (shoppers, entered) = await stack.JoinBacklogAsync(api, Backlog, "backlog");

        // A Worker starts on it and is killed early in the drain, with messages in its hands.
        var worker = await stack.StartWorkerAsync(waitUntilConsuming: false);
        await FaultStack.WaitForAsync(() => stack.ScalarAsync("SELECT COUNT(*) FROM purchase_tokens"), converted => converted >= KillAfter,
            TimeSpan.FromMinutes(2), $"{KillAfter} conversions", TimeSpan.FromMilliseconds(20));
        await stack.KillAsync(worker);

        // The broker takes back what the dead consumer had not acknowledged.
        var afterKill = await FaultStack.WaitForAsync(stack.QueueAsync, q => q is { Consumers: 0, Unacknowledged: 0 },
            TimeSpan.FromSeconds(60), "the dead Worker's unacknowledged messages back in the queue");
        var convertedAtKill = await stack.ScalarAsync("SELECT COUNT(*) FROM purchase_tokens");
        var waiting = Backlog - convertedAtKill;
        stack.Log($"killed with {convertedAtKill} of {Backlog} converted; {afterKill!.Ready} messages left in the queue");
        convertedAtKill.Should().BeLessThan(Backlog, "the Worker was killed in the middle of the backlog");

        // Acknowledged only after the commit: every message acknowledged has its purchase token, so every token
        // without one still has its message. Those beyond were committed but not acknowledged: delivered again.
        afterKill.Ready.Should().BeGreaterThanOrEqualTo(waiting,
            "a message is acknowledged only once its purchase token is committed ({0} tokens wait for one)", waiting);
        stack.Log($"{afterKill.Ready - waiting} converted tokens' messages will be delivered again");

        // More redeliveries, on purpose: the messages of tokens already converted and of tokens still waiting.
        var duplicates = await QueueTokenMessages.ReadAsync(stack,
            "(SELECT q.id, q.sale_id, q.user_id, q.position, q.expires_at FROM queue_places q " +
            $" WHERE EXISTS (SELECT 1 FROM purchase_tokens p WHERE p.queue_token_id = q.id) ORDER BY q.position LIMIT {DuplicatesOfEachKind}) " +
            "UNION ALL " +
            "(SELECT q.id, q.sale_id, q.user_id, q.position, q.expires_at FROM queue_places q " +
            $" WHERE NOT EXISTS (SELECT 1 FROM purchase_tokens p WHERE p.queue_token_id = q.id) ORDER BY q.position DESC LIMIT {DuplicatesOfEachKind})");
        duplicates.Should().HaveCount(2 * DuplicatesOfEachKind);
        await QueueTokenMessages.SendAsync(stack, duplicates);

        // Started again, a Worker drains everything: every queue token has exactly one purchase token.
        await stack.StartWorkerAsync();
        await FaultStack.WaitForAsync(stack.QueueAsync, q => q is { Total: 0 }, TimeSpan.FromMinutes(4),
            "the queue drained", TimeSpan.FromSeconds(1));
        (await stack.ScalarAsync("SELECT COUNT(*) FROM purchase_tokens")).Should().Be(Backlog, "one purchase token per queue token");
        await Invariants.AssertHoldAsync(stack, everyPlaceConverted: true);

        // And the tokens serve: a few shoppers from either side of the kill exchange and buy.
        for (var i = 0; i < Backlog; i += Backlog / 10)
        {
            var exchanged = await api.ExchangeAsync(shoppers[i], entered[i].Text("queueToken"));
            exchanged.Status.Should().Be(200, "{0}", exchanged);
            (await api.PurchaseAsync(shoppers[i], exchanged.Text("purchaseToken"))).Status.Should().Be(201);
        }

        await Invariants.AssertHoldAsync(stack, everyPlaceConverted: true);
    }
}
