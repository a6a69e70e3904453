using System.Data;
using FlashPurchase.Infrastructure.Persistence;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FlashPurchase.Infrastructure.Messaging.Outbox;

/// <summary>
/// On every host that writes outbox rows: takes unsent rows in rounds, publishes each event (MessageId = its EventId;
/// with RabbitMQ, Publish returns once the broker confirmed it) and marks it sent. At least once, after the commit: a
/// row is marked only once the broker has it, so a relay that dies in between leaves it to be published again (by
/// itself after a restart, or by another relay once its lease ends). A round takes its rows with one conditional
/// update (free and unsent, then leased to this round), so relays in several processes share the table without
/// publishing a row twice while its lease lasts. The broker or the database down: the rows wait, the relay logs a
/// warning and tries again later, backing off; it never ends the host.
/// </summary>
/// <remarks>
/// Leases, back-off and retention are the wall clock's, not the application's TimeProvider: they are how long to wait,
/// not business time (a test that holds its clock still must not hold the relay's retries back with it).
/// </remarks>
internal sealed class OutboxRelay(
    IServiceScopeFactory scopes, IBus bus, OutboxSignal signal, IOptions<OutboxOptions> options, ILogger<OutboxRelay> logger)
    : BackgroundService
{
    private static readonly TimeSpan PruneInterval = TimeSpan.FromMinutes(1);

    private OutboxOptions Options => options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Options.RelayEnabled)
        {
            logger.LogWarning("The outbox relay is off in this process (Outbox:RelayEnabled=false): events wait for another process's relay");
            return;
        }

        var failedRounds = 0;
        var nextPrune = DateTimeOffset.UtcNow;
        while (!stoppingToken.IsCancellationRequested)
        {
            var full = false;
            try
            {
                // A round in flight when the host stops finishes (its publishes are bounded by PublishTimeout, and the
                // bus stops after this relay): cancelled mid-statement, EF would log an error at every graceful stop.
                var round = await RelayOnceAsync(CancellationToken.None);
                failedRounds = round.Failed > 0 ? failedRounds + 1 : 0;
                // A full batch found, or rows another relay took first: more may be waiting, look again at once.
                full = round.Failed == 0 && (round.Found == Options.BatchSize || round.Taken < round.Found);
                if (DateTimeOffset.UtcNow >= nextPrune)
                {
                    await PruneAsync(CancellationToken.None);
                    nextPrune = DateTimeOffset.UtcNow + PruneInterval;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                failedRounds++;
                logger.LogWarning(e, "Could not relay outbox messages: will try again in {Backoff}", Backoff(failedRounds));
            }

            try
            {
                if (failedRounds > 0)
                {
                    // A commit's wake-up does not cut a back-off short: the broker or the database is still in trouble.
                    await Task.Delay(Backoff(failedRounds), stoppingToken);
                }
                else if (!full)
                {
                    await signal.WaitAsync(Options.PollInterval, stoppingToken);
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One round: takes up to a batch of free unsent rows, publishes them, marks those the broker confirmed.</summary>
    internal async Task<RelayRound> RelayOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FlashPurchaseDbContext>();
        var now = DateTimeOffset.UtcNow;
        var candidates = await Free(db.OutboxMessages.AsNoTracking(), now)
            .OrderBy(m => m.OccurredAt)
            .Take(Options.BatchSize)
            .ToListAsync(cancellationToken);
        if (candidates.Count == 0)
        {
            return new RelayRound(0, 0, 0);
        }

        // Another relay may have read the same candidates: the condition is evaluated again under the rows' locks, so
        // each row goes to one round only. Read committed: a repeatable-read claim that scans the unsent index takes gap
        // locks there and deadlocks with a conversion still inserting its events into that range (seen in the bench);
        // at read committed it takes no gap locks and passes over rows not committed yet (the next round takes them).
        var claim = Guid.NewGuid();
        var leaseUntil = now + Options.Lease;
        var candidateIds = candidates.Select(m => m.Id).ToList();
        int claimed;
        var isolation = db.Database.IsSqlite() ? IsolationLevel.Serializable : IsolationLevel.ReadCommitted; // SQLite: one writer, no gaps
        await using (var transaction = await db.Database.BeginTransactionAsync(isolation, cancellationToken))
        {
            claimed = await Free(db.OutboxMessages.Where(m => candidateIds.Contains(m.Id)), now)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.LeaseUntil, leaseUntil).SetProperty(m => m.ClaimId, claim), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        // All claimed (one relay, the usual case): the rows already read are this round's, with no second read.
        var taken = candidates;
        if (claimed < candidates.Count)
        {
            var ours = (await db.OutboxMessages.Where(m => candidateIds.Contains(m.Id) && m.ClaimId == claim)
                .Select(m => m.Id)
                .ToListAsync(cancellationToken)).ToHashSet();
            taken = candidates.Where(m => ours.Contains(m.Id)).ToList();
        }

        if (taken.Count == 0)
        {
            return new RelayRound(candidates.Count, 0, 0);
        }

        // One deadline for the round's publishes: they all start now, and one timer serves them all.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Options.PublishTimeout);
        var published = await Task.WhenAll(taken.Select(m => TryPublishAsync(m, timeout.Token)));
        var sent = taken.Where((_, i) => published[i] is null).Select(m => m.Id).ToList();
        var failed = taken.Where((_, i) => published[i] is not null).Select(m => m.Id).ToList();

        // Recorded even when the host is stopping: these are on the broker now.
        if (sent.Count > 0)
        {
            var sentAt = DateTimeOffset.UtcNow;
            await db.OutboxMessages.Where(m => sent.Contains(m.Id) && m.ClaimId == claim)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.SentAt, sentAt), CancellationToken.None);
        }

        if (failed.Count > 0)
        {
            // Free again after a short wait rather than the whole lease: the next round (here or elsewhere) retries them.
            var retryAt = DateTimeOffset.UtcNow + Backoff(1);
            await db.OutboxMessages.Where(m => failed.Contains(m.Id) && m.ClaimId == claim)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(m => m.LeaseUntil, retryAt)
                    .SetProperty(m => m.Attempts, m => m.Attempts + 1), CancellationToken.None);
            logger.LogWarning(published.First(e => e is not null),
                "Could not publish {Failed} of {Taken} outbox messages: they wait and will be published later", failed.Count, taken.Count);
        }

        return new RelayRound(candidates.Count, taken.Count, failed.Count);
    }

    /// <summary>Deletes the rows sent longer ago than the retention.</summary>
    internal async Task<int> PruneAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FlashPurchaseDbContext>();
        var cutOff = DateTimeOffset.UtcNow - Options.Retention;
        return await db.OutboxMessages.Where(m => m.SentAt != null && m.SentAt < cutOff).ExecuteDeleteAsync(cancellationToken);
    }

    private static IQueryable<OutboxMessage> Free(IQueryable<OutboxMessage> messages, DateTimeOffset now) =>
        messages.Where(m => m.SentAt == null && (m.LeaseUntil == null || m.LeaseUntil <= now));

    /// <summary>Null when the broker confirmed it; else what went wrong.</summary>
    private async Task<Exception?> TryPublishAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        try
        {
            var integrationEvent = message.ToEvent();
            await bus.Publish(integrationEvent, integrationEvent.GetType(), context => context.MessageId = message.Id, cancellationToken);
            return null;
        }
        catch (Exception e)
        {
            // A timeout too: the row is then given back after a short wait, not held for the lease.
            return e;
        }
    }

    private TimeSpan Backoff(int failedRounds)
    {
        var backoff = Options.PollInterval * Math.Pow(2, Math.Min(failedRounds, 16));
        return backoff < Options.MaxBackoff ? backoff : Options.MaxBackoff;
    }
}

/// <summary>
/// What one relay round did: free rows it found, those it took (the others went to another relay's round), and of
/// those, rows the broker did not confirm.
/// </summary>
internal readonly record struct RelayRound(int Found, int Taken, int Failed);
