using System.Collections.Concurrent;
using FlashPurchase.Infrastructure.GroupCommit;
using Microsoft.Extensions.Logging.Abstractions;

namespace FlashPurchase.Infrastructure.IntegrationTests.GroupCommit;

/// <summary>
/// The loop's pipelining without a database: the next batch starts while one holds the sale row's lock, never before
/// it holds it (batches take the lock in arrival order), and never more than two at once. The database side of the
/// same loops is in OrderPlacementTests and the admission tests.
/// </summary>
public sealed class GroupCommitLoopTests
{
    private static readonly Guid Sale = Guid.NewGuid();
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Loop_StartsTheNextBatchOnceTheOneBeforeHoldsTheLock_AndKeepsAtMostTwoInTheDatabase()
    {
        var loop = new ScriptedLoop();
        await loop.StartAsync(CancellationToken.None);

        var first = loop.Queue(1);
        var a = await loop.Started.TakeAsync();
        a.Requests.Should().Equal(1);

        var second = loop.Queue(2);
        (await loop.Started.WaitAsync(TimeSpan.FromMilliseconds(300))).Should().BeNull("the first batch does not hold the lock yet");

        a.Lock();
        var b = await loop.Started.TakeAsync();
        b.Requests.Should().Equal(2);
        first.IsCompleted.Should().BeFalse("the second batch started while the first was still in the database");

        var third = loop.Queue(3);
        b.Lock();
        (await loop.Started.WaitAsync(TimeSpan.FromMilliseconds(300))).Should().BeNull("two batches are in the database");

        a.Commit();
        (await first).Should().Be("1 committed");
        var c = await loop.Started.TakeAsync();
        c.Requests.Should().Equal(3);

        b.Commit();
        c.Lock();
        c.Commit();
        (await second).Should().Be("2 committed");
        (await third).Should().Be("3 committed");
        await loop.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Loop_WhenABatchFailsBeforeItHoldsTheLock_StartsTheNextOne_AndAnswersTheFailedOnesWithItsError()
    {
        var loop = new ScriptedLoop();
        await loop.StartAsync(CancellationToken.None);

        var first = loop.Queue(1);
        var a = await loop.Started.TakeAsync();
        var second = loop.Queue(2);
        a.Fail(new InvalidOperationException("the database is down"));

        var answer = () => first;
        await answer.Should().ThrowAsync<InvalidOperationException>().WithMessage("the database is down");
        var b = await loop.Started.TakeAsync();
        b.Lock();
        b.Commit();
        (await second).Should().Be("2 committed");
        await loop.StopAsync(CancellationToken.None);
    }

    /// <summary>A loop whose batches the test drives: each one waits to be told to take the lock and to commit.</summary>
    private sealed class ScriptedLoop() : GroupCommitLoop<int, string>(NullLogger.Instance)
    {
        public StartedBatches Started { get; } = new();

        protected override string RequestsName => "numbers";

        public Task<string> Queue(int request) =>
            TryQueue(request, CancellationToken.None) ?? throw new InvalidOperationException("The loop is stopping.");

        protected override Guid SaleOf(int request) => Sale;

        protected override async Task<IReadOnlyList<string>> CommitAsync(Guid saleId, IReadOnlyList<int> batch, Action saleLocked)
        {
            var started = new StartedBatch(batch);
            Started.Add(started);
            await started.Locked.Task;
            saleLocked();
            await started.Committed.Task;
            return batch.Select(n => $"{n} committed").ToList();
        }
    }

    private sealed class StartedBatches
    {
        private readonly BlockingCollection<StartedBatch> _batches = [];

        public void Add(StartedBatch batch) => _batches.Add(batch);

        public async Task<StartedBatch> TakeAsync() =>
            await WaitAsync(Patience) ?? throw new TimeoutException("No batch started.");

        /// <summary>The next batch to start within the time given, or null.</summary>
        public Task<StartedBatch?> WaitAsync(TimeSpan within) =>
            Task.Run(() => _batches.TryTake(out var batch, within) ? batch : null);
    }

    private sealed class StartedBatch(IReadOnlyList<int> requests)
    {
        public IReadOnlyList<int> Requests { get; } = requests;

        public TaskCompletionSource Locked { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Committed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Lock() => Locked.SetResult();

        public void Commit() => Committed.SetResult();

        public void Fail(Exception error) => Locked.SetException(error);
    }
}
