using System.Diagnostics;
using FlashPurchase.Application.Abstractions;
using FlashPurchase.Application.IntegrationEvents;
using FlashPurchase.Domain.Queue;
using FlashPurchase.Infrastructure.GroupCommit;
using FlashPurchase.Infrastructure.Persistence.Repositories;
using FlashPurchase.Infrastructure.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FlashPurchase.Infrastructure.Admissions;

/// <summary>
/// Group commit for joining the queue (<see cref="GroupCommitLoop{TRequest, TOutcome}"/>): one transaction, one
/// multi-row insert and one round of broker confirmations per batch, instead of one of each per shopper with the sale
/// row locked all along.
/// </summary>
/// <remarks>
/// One batch at a time also keeps places committing in position order. A request, once queued, runs to its end even if
/// its caller gives up: the place must match the message that reaches the broker.
/// <para>
/// A hosted service registered after the bus, so that the host stops it first: at a graceful stop it takes no new
/// join (those are answered "not published", a 503 to retry) and admits every join already queued while the bus
/// can still publish, so no shopper waits for nothing and no place is left without its message.
/// </para>
/// </remarks>
internal sealed class BatchingQueueAdmissions(
    IServiceScopeFactory scopes, IQueueTokenPublisher publisher, TimeProvider clock, ILogger<BatchingQueueAdmissions> logger)
    : GroupCommitLoop<BatchingQueueAdmissions.Join, AdmissionResult>(logger), IQueueAdmissions
{
    /// <summary>
    /// After a batch none of whose messages the broker confirmed, how long the next batches answer "not published"
    /// at once instead of waiting out the publish timeout again with the sale row locked (purchases need that row).
    /// </summary>
    internal static readonly TimeSpan BrokerRetryInterval = TimeSpan.FromSeconds(1);

    /// <summary>When the broker last confirmed none of a batch's messages (UTC ticks); 0 while it confirms.</summary>
    private long _brokerRefusedAtTicks;

    protected override string RequestsName => "shoppers";

    public Task<AdmissionResult> AdmitAsync(AdmissionRequest request, CancellationToken cancellationToken) =>
        TryQueue(new Join(request, Activity.Current is { Recorded: true } current ? current.Context : default), cancellationToken)
        // Stopping: nothing will publish this join's message. The shopper retries, reaching another instance.
        ?? Task.FromResult<AdmissionResult>(new AdmissionResult.NotPublished());

    protected override Guid SaleOf(Join request) => request.Request.SaleId;

    protected override async Task<IReadOnlyList<AdmissionResult>> CommitAsync(Guid saleId, IReadOnlyList<Join> batch, Action saleLocked)
    {
        await using var scope = scopes.CreateAsyncScope();
        var places = scope.ServiceProvider.GetRequiredService<QueuePlaceRepository>();
        var traces = TracesOf(batch);
        return await places.AdmitBatchAsync(
            saleId, batch.Select(j => j.Request).ToList(), (placed, ct) => PublishAsync(placed, traces, ct), CancellationToken.None, saleLocked);
    }

    /// <remarks>Two batches of different sales may publish at once: the broker's state is one atomic value.</remarks>
    private async Task<IReadOnlyList<bool>> PublishAsync(
        IReadOnlyList<QueuePlace> places, IReadOnlyDictionary<Guid, ActivityContext> traces, CancellationToken cancellationToken)
    {
        // The broker just refused a whole batch: it is most likely down. Answer at once, and try it again in a moment.
        var refusedAt = Interlocked.Read(ref _brokerRefusedAtTicks);
        if (refusedAt != 0 && clock.GetUtcNow().UtcTicks - refusedAt < BrokerRetryInterval.Ticks)
        {
            return places.Select(_ => false).ToArray();
        }

        // One call for the batch: its messages go to the broker together and are confirmed in one round.
        var confirmed = await publisher.TryPublishAllAsync(
            places.Select(place => new QueueTokenIssued(place.Id, place.SaleId, place.UserId, place.Position, place.ExpiresAt)).ToArray(),
            message => InJoinTrace(message, traces), cancellationToken);
        Interlocked.Exchange(ref _brokerRefusedAtTicks, confirmed.Contains(true) ? 0 : clock.GetUtcNow().UtcTicks);
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
    private static Dictionary<Guid, ActivityContext> TracesOf(IReadOnlyList<Join> batch)
    {
        var traces = new Dictionary<Guid, ActivityContext>();
        foreach (var join in batch)
        {
            if (join.Trace != default)
            {
                traces.TryAdd(join.Request.QueueTokenId, join.Trace);
            }
        }

        return traces;
    }

    /// <summary>A queued join.</summary>
    /// <param name="Request">The join.</param>
    /// <param name="Trace">The joining request's trace, when it is recorded: the loop publishes under it.</param>
    internal sealed record Join(AdmissionRequest Request, ActivityContext Trace);
}
