using System.Diagnostics;
using System.Threading.Channels;
using FlashPurchase.Application.Abstractions;
using FlashPurchase.Application.IntegrationEvents;
using FlashPurchase.Domain.Queue;
using FlashPurchase.Infrastructure.Persistence.Repositories;
using FlashPurchase.Infrastructure.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FlashPurchase.Infrastructure.Admissions;

/// <summary>
/// Group commit for joining the queue: requests wait in a channel while the previous batch is in the database, and
/// the next batch takes all of them at once (up to <see cref="MaxBatchSize"/>): one transaction, one multi-row insert
/// and one round of broker confirmations, instead of one of each per shopper with the sale row locked all along.
/// </summary>
/// <remarks>
/// A single loop per process runs one batch at a time: the sale row's lock would serialise concurrent batches anyway,
/// and one batch at a time keeps places committing in position order. Under light load a batch holds one request and
/// costs what a lone admission did; under a crowd the batch grows to whatever arrived meanwhile, so the cost per
/// shopper falls as the load rises. A request, once queued, runs to its end even if its caller gives up: the place
/// must match the message that reaches the broker.
/// <para>
/// A hosted service registered after the bus, so that the host stops it first: at a graceful stop it takes no new
/// join (those are answered "not published", a 503 to retry) and admits every join already queued while the bus
/// can still publish, so no shopper waits for nothing and no place is left without its message.
/// </para>
/// </remarks>
internal sealed class BatchingQueueAdmissions(
    IServiceScopeFactory scopes, IQueueTokenPublisher publisher, TimeProvider clock, ILogger<BatchingQueueAdmissions> logger)
    : BackgroundService, IQueueAdmissions
{
    /// <summary>Bounds a batch's transaction and its statement sizes; a crowd larger than this fills several batches.</summary>
    internal const int MaxBatchSize = 512;

    /// <summary>
    /// After a batch none of whose messages the broker confirmed, how long the next batches answer "not published"
    /// at once instead of waiting out the publish timeout again with the sale row locked (purchases need that row).
    /// </summary>
    internal static readonly TimeSpan BrokerRetryInterval = TimeSpan.FromSeconds(1);

    private readonly Channel<PendingAdmission> _pending =
        Channel.CreateUnbounded<PendingAdmission>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>When the broker last confirmed none of a batch's messages; null while it confirms.</summary>
    private DateTimeOffset? _brokerRefusedAt;

    public Task<AdmissionResult> AdmitAsync(AdmissionRequest request, CancellationToken cancellationToken)
    {
        var pending = new PendingAdmission(request);
        if (!_pending.Writer.TryWrite(pending))
        {
            // Stopping: nothing will publish this join's message. The shopper retries, reaching another instance.
            return Task.FromResult<AdmissionResult>(new AdmissionResult.NotPublished());
        }

        // The caller may stop waiting; the admission itself goes on (see remarks).
        return pending.Outcome.Task.WaitAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The host is stopping: take no new join, and drain the queued ones below before returning.
        await using var stopping = stoppingToken.Register(() => _pending.Writer.TryComplete());

        var batch = new List<PendingAdmission>(MaxBatchSize);
        while (await _pending.Reader.WaitToReadAsync(CancellationToken.None))
        {
            while (batch.Count < MaxBatchSize && _pending.Reader.TryRead(out var next))
            {
                batch.Add(next);
            }

            foreach (var sale in batch.GroupBy(p => p.Request.SaleId))
            {
                await AdmitAsync(sale.Key, sale.ToList());
            }

            batch.Clear();
        }
    }

    private async Task AdmitAsync(Guid saleId, List<PendingAdmission> batch)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var places = scope.ServiceProvider.GetRequiredService<QueuePlaceRepository>();
            var traces = TracesOf(batch);
            var outcomes = await places.AdmitBatchAsync(
                saleId, batch.ConvertAll(p => p.Request), (placed, ct) => PublishAsync(placed, traces, ct), CancellationToken.None);
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Outcome.TrySetResult(outcomes[i]);
            }
        }
        catch (Exception e)
        {
            // The database is down or refused the batch: every request of it fails alike (a 503 at the API).
            logger.LogWarning(e, "Admitting a batch of {Count} shoppers to sale {SaleId} failed", batch.Count, saleId);
            foreach (var pending in batch)
            {
                pending.Outcome.TrySetException(e);
            }
        }
    }

    /// <remarks>Only the loop calls this, one batch at a time, so the broker's state needs no lock.</remarks>
    private async Task<IReadOnlyList<bool>> PublishAsync(
        IReadOnlyList<QueuePlace> places, IReadOnlyDictionary<Guid, ActivityContext> traces, CancellationToken cancellationToken)
    {
        // The broker just refused a whole batch: it is most likely down. Answer at once, and try it again in a moment.
        if (_brokerRefusedAt is { } refusedAt && clock.GetUtcNow() - refusedAt < BrokerRetryInterval)
        {
            return places.Select(_ => false).ToArray();
        }

        // One call for the batch: its messages go to the broker together and are confirmed in one round.
        var confirmed = await publisher.TryPublishAllAsync(
            places.Select(place => new QueueTokenIssued(place.Id, place.SaleId, place.UserId, place.Position, place.ExpiresAt)).ToArray(),
            message => InJoinTrace(message, traces), cancellationToken);
        _brokerRefusedAt = confirmed.Contains(true) ? null : clock.GetUtcNow();
        return confirmed;
    }

    /// <summary>
    /// The message is sent from this loop, outside the join's request: a span parented to the join's trace makes the
    /// send (and, through the message's headers, the Worker's conversion) part of that trace.
    /// </summary>
    private static Activity? InJoinTrace(QueueTokenIssued message, IReadOnlyDictionary<Guid, ActivityContext> traces) =>
        traces.TryGetValue(message.QueueTokenId, out var join)
            ? FlashPurchaseActivities.StartQueueTokenPublish(join, message.QueueTokenId)
            : null;

    /// <summary>The traces of the batch's joins by queue token (a place's id); empty while tracing is off.</summary>
    private static Dictionary<Guid, ActivityContext> TracesOf(List<PendingAdmission> batch)
    {
        var traces = new Dictionary<Guid, ActivityContext>();
        foreach (var pending in batch)
        {
            if (pending.Trace != default)
            {
                traces.TryAdd(pending.Request.QueueTokenId, pending.Trace);
            }
        }

        return traces;
    }

    private sealed class PendingAdmission(AdmissionRequest request)
    {
        public AdmissionRequest Request { get; } = request;

        /// <summary>The joining request's trace, when it is recorded: the loop publishes under it.</summary>
        public ActivityContext Trace { get; } = Activity.Current is { Recorded: true } current ? current.Context : default;

        public TaskCompletionSource<AdmissionResult> Outcome { get; } =
            new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
