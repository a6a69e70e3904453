using FlashPurchase.FaultTests.Stack;
using Xunit.Abstractions;

namespace FlashPurchase.FaultTests;

/// <summary>
/// Faults 2 and 5 together: the database stops while the Worker drains a backlog, and stays down longer than the
/// Worker's ordinary retries last (about 19 s). The Worker waits it out: once the database is back, every queue token
/// becomes its purchase token and nothing lands in the error queue, where nothing would ever convert it.
/// </summary>
[Collection(FaultCollection.Name)]
[Trait("Category", "Fault")]
public sealed class WorkerDatabaseOutageTests(PrivateServices services, ITestOutputHelper output)
{
    private const int Backlog = 2_000;

    /// <summary>Longer than the ordinary retry intervals together (100 ms … 10 s, about 19 s).</summary>
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(25);

    [Fact(Timeout = 420_000)]
    public async Task DatabaseStoppedWhileTheWorkerDrainsABacklog_TheWorkerWaitsItOut_AndConvertsEveryQueueToken()
    {
        await using var stack = await FaultStack.CreateAsync(services, output, stock: 100);
        var apiProcess = await stack.StartApiAsync();
        using var api = stack.Client(apiProcess);
        await stack.JoinBacklogAsync(api, Backlog, "dbdrain");

        // The Worker starts on the backlog; the database stops under it early in the drain.
        await stack.StartWorkerAsync(waitUntilConsuming: false);
        await FaultStack.WaitForAsync(() => stack.ScalarAsync("SELECT COUNT(*) FROM purchase_tokens"), converted => converted >= 100,
            TimeSpan.FromMinutes(2), "the drain to begin", TimeSpan.FromMilliseconds(20));
        await services.Database.StopServerAsync();
        stack.Log($"database stopped for {Outage.TotalSeconds:F0} s");
        try
        {
            await Task.Delay(Outage);
        }
        finally
        {
            await services.Database.StartServerAsync();
            stack.Log("database started again");
        }

        var converted = await FaultStack.WaitForAsync(() => stack.ScalarAsync("SELECT COUNT(*) FROM purchase_tokens"),
            n => n == Backlog, TimeSpan.FromMinutes(3), "every queue token converted after the outage", TimeSpan.FromSeconds(1));
        converted.Should().Be(Backlog);
        await FaultStack.WaitForAsync(stack.QueueAsync, q => q is { Total: 0 }, TimeSpan.FromMinutes(1), "the queue drained");
        await Invariants.AssertHoldAsync(stack, everyPlaceConverted: true);
    }
}
