using FlashPurchase.FaultTests.Stack;
using Xunit.Abstractions;

namespace FlashPurchase.FaultTests;

/// <summary>
/// A graceful stop of the Worker (SIGTERM, as a process manager or a rolling restart sends it) while it converts a
/// backlog, batches in hand. It exits by itself, with code 0, well within the host's shutdown timeout, and leaves
/// nothing half done: every message it acknowledged has its purchase token and every purchase token it committed had
/// its message acknowledged, so the broker holds exactly the queue tokens still to convert. A second Worker converts
/// those: one purchase token per queue token, nothing in the error queue.
/// </summary>
[Collection(FaultCollection.Name)]
[Trait("Category", "Fault")]
public sealed class WorkerGracefulStopTests(PrivateServices services, ITestOutputHelper output)
{
    private const int Backlog = 3_000;

    /// <summary>Stopped once this many are converted: the drain is well under way, most of the backlog still to do.</summary>
    private const int StopAfter = 300;

    /// <summary>
    /// How long the stop may take: the batches in hand finish (a few hundred conversions, well under a second each),
    /// nothing waits for the host's 30 s shutdown timeout.
    /// </summary>
    private static readonly TimeSpan MaxStop = TimeSpan.FromSeconds(20);

    [Fact(Timeout = 300_000)]
    public async Task WorkerStoppedGracefullyInTheMiddleOfABacklog_ExitsCleanly_AndASecondWorkerConvertsTheRestExactlyOnce()
    {
        await using var stack = await FaultStack.CreateAsync(services, output, stock: 100);
        var apiProcess = await stack.StartApiAsync();
        using var api = stack.Client(apiProcess);

        // The backlog: thousands of shoppers join while no Worker runs.
        await stack.JoinBacklogAsync(api, Backlog, "stopped");

        // A Worker starts on it and is asked to stop while it converts, batches in hand.
        var first = await stack.StartWorkerAsync(waitUntilConsuming: false);
        await FaultStack.WaitForAsync(() => stack.ScalarAsync("SELECT COUNT(*) FROM purchase_tokens"), n => n >= StopAfter,
            TimeSpan.FromMinutes(2), $"{StopAfter} conversions", TimeSpan.FromMilliseconds(20));
        stack.Terminate(first);
        var signalledAt = DateTime.UtcNow;
        var convertedAtSignal = await stack.ScalarAsync("SELECT COUNT(*) FROM purchase_tokens");

        (await first.Child.WaitForExitAsync(MaxStop)).Should().BeTrue("a graceful stop ends by itself within {0}\n{1}", MaxStop, first.Child.LogTail());
        var stoppedIn = DateTime.UtcNow - signalledAt;
        first.Child.ExitCode.Should().Be(0, "the Worker stopped cleanly\n{0}", first.Child.LogTail());
        File.ReadAllText(first.Child.LogPath).Should().NotContainAny(["fail:", "crit:"],
            "a batch in hand when the stop began is finished or handed back, not failed\n{0}", first.Child.LogTail());

        // Nothing half done: the broker holds exactly the queue tokens that have no purchase token yet.
        var afterStop = await FaultStack.WaitForAsync(stack.QueueAsync, q => q is { Consumers: 0, Unacknowledged: 0 },
            TimeSpan.FromSeconds(30), "the stopped Worker's consumer gone, nothing left unacknowledged");
        var converted = await stack.ScalarAsync("SELECT COUNT(*) FROM purchase_tokens");
        stack.Log($"SIGTERM with {convertedAtSignal} converted; exited 0 after {stoppedIn.TotalSeconds:F1} s with {converted} of {Backlog} " +
                  $"converted; {afterStop!.Ready} messages left in the queue");
        converted.Should().BeLessThan(Backlog, "the Worker was stopped in the middle of the backlog");
        afterStop.Ready.Should().Be(Backlog - converted,
            "a batch is acknowledged exactly when its purchase tokens are committed, also when the stop comes in the middle of it");

        // A second Worker drains the rest: every queue token has exactly one purchase token.
        await stack.StartWorkerAsync();
        await FaultStack.WaitForAsync(stack.QueueAsync, q => q is { Total: 0 }, TimeSpan.FromMinutes(2),
            "the queue drained", TimeSpan.FromSeconds(1));
        (await stack.ScalarAsync("SELECT COUNT(*) FROM purchase_tokens")).Should().Be(Backlog, "one purchase token per queue token");
        await Invariants.AssertHoldAsync(stack, everyPlaceConverted: true);
    }
}
