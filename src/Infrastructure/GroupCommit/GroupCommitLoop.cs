using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FlashPurchase.Infrastructure.GroupCommit;

/// <summary>
/// Group commit, the one way joins and purchases reach a sale's row: requests wait in a channel while the previous
/// batch is in the database, and the next batch takes all of them at once (up to <see cref="MaxBatchSize"/>), one
/// transaction per sale that locks its row once, instead of one transaction per shopper queuing on that lock.
/// </summary>
/// <remarks>
/// A single loop per process keeps at most <see cref="BatchesInFlight"/> batches in the database: the sale row's lock
/// serialises them anyway, but the next batch opens its connection and transaction and asks for the lock while the one
/// holding it waits for the database and the broker, so it starts the moment that one commits. It asks only once the
/// batch before it holds the lock, so batches take the lock in arrival order (units and positions go by arrival).
/// Under light load a batch holds one request and costs what a lone one did; under a crowd the batch grows to whatever
/// arrived meanwhile, so the lock's time per shopper falls as the load rises. A request, once queued, runs to its end
/// even if its caller gives up. At a graceful stop the loop takes no new request and commits every queued one before
/// it returns, even when the host stops it before it ever ran.
/// </remarks>
/// <typeparam name="TRequest">What a caller queues.</typeparam>
/// <typeparam name="TOutcome">What the batch's commit answers for each request.</typeparam>
internal abstract class GroupCommitLoop<TRequest, TOutcome>(ILogger logger) : BackgroundService
{
    /// <summary>Bounds a batch's transaction and its statement sizes; a larger crowd fills several batches.</summary>
    internal const int MaxBatchSize = 512;

    /// <summary>
    /// One batch holding the sale row's lock and the next one waiting for it (docs/performance.md measures what the
    /// second pays); a third would only wait longer.
    /// </summary>
    internal const int BatchesInFlight = 2;

    private readonly Channel<Pending> _pending =
        Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>What the log calls a batch's requests ("shoppers", "orders").</summary>
    protected abstract string RequestsName { get; }

    /// <summary>The sale whose row the request's commit locks: a batch commits once per sale.</summary>
    protected abstract Guid SaleOf(TRequest request);

    /// <summary>
    /// Commits a batch of one sale's requests in one transaction; an outcome per request, in their order. Calls
    /// <paramref name="saleLocked"/> once the transaction holds the sale row's lock: the next batch asks for it then.
    /// </summary>
    protected abstract Task<IReadOnlyList<TOutcome>> CommitAsync(Guid saleId, IReadOnlyList<TRequest> batch, Action saleLocked);

    /// <summary>The request's outcome once its batch committed; null when the loop takes no more (stopping).</summary>
    protected Task<TOutcome>? TryQueue(TRequest request, CancellationToken cancellationToken)
    {
        var pending = new Pending(request);

        // The caller may stop waiting; the commit itself goes on (see remarks).
        return _pending.Writer.TryWrite(pending) ? pending.Outcome.Task.WaitAsync(cancellationToken) : null;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => CommitQueuedAsync();

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // Queue nothing more; the loop commits what is queued, then ends.
        _pending.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
        if (ExecuteTask is null or { IsCanceled: true })
        {
            // Stopped before the loop ever ran (the host cancels a loop that has not started): commit the queue here.
            await CommitQueuedAsync();
        }
    }

    private async Task CommitQueuedAsync()
    {
        var inFlight = new List<Task>(BatchesInFlight);
        while (await _pending.Reader.WaitToReadAsync(CancellationToken.None))
        {
            // Wait for a free place first: whatever arrives meanwhile joins this batch.
            await FreePlaceAsync(inFlight);
            var batch = new List<Pending>();
            while (batch.Count < MaxBatchSize && _pending.Reader.TryRead(out var next))
            {
                batch.Add(next);
            }

            foreach (var sale in batch.GroupBy(p => SaleOf(p.Request)))
            {
                await FreePlaceAsync(inFlight);
                var locked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                var commit = CommitAndAnswerAsync(sale.Key, sale.ToList(), () => locked.TrySetResult());
                inFlight.Add(commit);

                // The next batch asks for the lock only once this one holds it (or has failed without it).
                await Task.WhenAny(locked.Task, commit);
            }
        }

        await Task.WhenAll(inFlight);
    }

    private static async Task FreePlaceAsync(List<Task> inFlight)
    {
        inFlight.RemoveAll(commit => commit.IsCompleted);
        if (inFlight.Count >= BatchesInFlight)
        {
            inFlight.Remove(await Task.WhenAny(inFlight));
        }
    }

    /// <summary>Commits one batch and answers its requests; never throws (a failure answers every request alike).</summary>
    private async Task CommitAndAnswerAsync(Guid saleId, List<Pending> batch, Action saleLocked)
    {
        try
        {
            var outcomes = await CommitAsync(saleId, batch.ConvertAll(p => p.Request), saleLocked);
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Outcome.TrySetResult(outcomes[i]);
            }
        }
        catch (Exception e)
        {
            // The database is down or refused the batch: every request of it fails alike (a 503 at the API).
            logger.LogWarning(e, "A batch of {Count} {Requests} for sale {SaleId} failed", batch.Count, RequestsName, saleId);
            foreach (var pending in batch)
            {
                pending.Outcome.TrySetException(e);
            }
        }
    }

    private sealed class Pending(TRequest request)
    {
        public TRequest Request { get; } = request;

        public TaskCompletionSource<TOutcome> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
