using FlashPurchase.Application.Abstractions;
using FlashPurchase.Domain.Queue;
using FlashPurchase.Domain.Sales;
using FlashPurchase.Infrastructure.Persistence.Configurations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace FlashPurchase.Infrastructure.Persistence.Repositories;

/// <summary>Publishes the messages of newly stored places and says, place by place, which the broker confirmed.</summary>
internal delegate Task<IReadOnlyList<bool>> PublishPlaces(IReadOnlyList<QueuePlace> places, CancellationToken cancellationToken);

internal sealed class QueuePlaceRepository(FlashPurchaseDbContext db, TimeProvider clock) : IQueuePlaceRepository
{
    public Task<QueuePlace?> FindByQueueTokenIdAsync(Guid queueTokenId, CancellationToken cancellationToken) =>
        db.QueuePlaces.AsNoTracking().FirstOrDefaultAsync(p => p.Id == queueTokenId, cancellationToken);

    public Task<QueuePlace?> FindCurrentAsync(Guid saleId, Guid userId, CancellationToken cancellationToken) =>
        db.QueuePlaces.AsNoTracking()
            .FirstOrDefaultAsync(p => EF.Property<Guid?>(p, SaleReleaseColumns.LiveUserId) == userId && p.SaleId == saleId, cancellationToken);

    public async Task<IReadOnlySet<Guid>> FindStoredAsync(IReadOnlyCollection<Guid> queueTokenIds, CancellationToken cancellationToken)
    {
        if (queueTokenIds.Count == 0)
        {
            return new HashSet<Guid>();
        }

        var stored = await db.QueuePlaces.Where(p => queueTokenIds.Contains(p.Id)).Select(p => p.Id).ToListAsync(cancellationToken);
        return stored.ToHashSet();
    }

    /// <summary>
    /// Admits a batch of requests for one sale in one transaction, and returns one result per request, in order.
    /// Under the sale row's lock it reads what <see cref="AdmissionPolicy"/> decides on (the sale, the accounts, the
    /// orders and places of these shoppers, the places held), takes consecutive positions for the newcomers the policy
    /// lets in, inserts their places, calls <paramref name="publish"/> once for all of them and commits. A place whose
    /// message the broker did not confirm is removed before the commit (its position stays unused); when none was
    /// confirmed the whole transaction is rolled back.
    /// </summary>
    /// <remarks>
    /// Every transaction that writes queue places locks the sale row first, so the reads below cannot race another
    /// admission (in this process or another), and places commit in position order, which the wait estimate relies on.
    /// Repeated requests of one shopper in a batch share the first one's outcome. <c>saleLocked</c> is called once the
    /// transaction holds the sale row's lock: the group commit's next batch asks for the lock then.
    /// </remarks>
    public async Task<IReadOnlyList<AdmissionResult>> AdmitBatchAsync(
        Guid saleId, IReadOnlyList<AdmissionRequest> requests, PublishPlaces publish, CancellationToken cancellationToken,
        Action? saleLocked = null)
    {
        var firstRequestOf = new Dictionary<Guid, int>();
        var shoppers = new List<int>();
        for (var i = 0; i < requests.Count; i++)
        {
            if (requests[i].SaleId != saleId)
            {
                throw new ArgumentException($"Request {i} is for sale {requests[i].SaleId}, not {saleId}.", nameof(requests));
            }

            if (firstRequestOf.TryAdd(requests[i].UserId, i))
            {
                shoppers.Add(i);
            }
        }

        var userIds = shoppers.Select(i => requests[i].UserId).ToList();
        var outcomes = new AdmissionResult?[requests.Count];

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        // Takes the lock and reserves a position for every shopper; the positions not used go back below.
        var found = await db.Sales
            .Where(s => s.Id == saleId)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.QueueLength, x => x.QueueLength + userIds.Count), cancellationToken);
        if (found == 0)
        {
            throw new InvalidOperationException($"Sale {saleId} does not exist.");
        }

        saleLocked?.Invoke();

        var sale = await db.Sales.AsNoTracking().SingleAsync(s => s.Id == saleId, cancellationToken);
        var firstPosition = sale.QueueLength - userIds.Count + 1;

        // The facts the policy decides on, read under the lock; the repository itself decides nothing.
        var buyers = (await db.Orders
            .Where(o => o.SaleId == saleId && userIds.Contains(o.UserId))
            .Select(o => o.UserId)
            .ToListAsync(cancellationToken)).ToHashSet();
        var placesHeld = await db.QueuePlaces.AsNoTracking()
            .Where(p => p.SaleId == saleId && userIds.Contains(p.UserId) && EF.Property<Guid?>(p, SaleReleaseColumns.LiveUserId) != null)
            .ToDictionaryAsync(p => p.UserId, cancellationToken);
        var heldIds = placesHeld.Values.Select(p => p.Id).ToList();
        var heldTokenExpiries = heldIds.Count == 0
            ? []
            : await db.PurchaseTokens.AsNoTracking()
                .Where(t => heldIds.Contains(t.QueueTokenId))
                .ToDictionaryAsync(t => t.QueueTokenId, t => t.ExpiresAt, cancellationToken);
        var known = (await db.Users.Where(u => userIds.Contains(u.Id)).Select(u => u.Id).ToListAsync(cancellationToken)).ToHashSet();
        var challengesSpent = await ChallengesSpentAsync(shoppers.Select(i => requests[i].ChallengeId), cancellationToken);

        var now = clock.GetUtcNow();
        // The capacity counts the current places that still hold (unexpired, not left); with no capacity, nothing to count.
        var unexpiredPlaces = sale.QueueCapacity > 0
            ? await db.QueuePlaces.CountAsync(
                p => p.SaleId == saleId && p.ExpiresAt > now && p.RevokedAt == null
                    && EF.Property<Guid?>(p, SaleReleaseColumns.LiveUserId) != null,
                cancellationToken)
            : 0;
        var decisions = AdmissionPolicy.DecideBatch(
            sale.JoiningStatusAt(now), sale.Paused, sale.QueueCapacity, unexpiredPlaces,
            shoppers.ConvertAll(i => ApplicantOf(requests[i], sale, known, buyers, placesHeld, heldTokenExpiries, challengesSpent)),
            now);

        var admitted = new List<int>();
        for (var n = 0; n < shoppers.Count; n++)
        {
            var i = shoppers[n];
            if (decisions[n] == AdmissionDecision.Admit)
            {
                admitted.Add(i);
                continue;
            }

            outcomes[i] = decisions[n] == AdmissionDecision.AlreadyQueued
                ? new AdmissionResult.AlreadyQueued(placesHeld[requests[i].UserId])
                : new AdmissionResult.Refused(decisions[n])
                {
                    OpensAt = decisions[n] == AdmissionDecision.SaleNotOpen ? sale.OpensAt : null,
                };
        }

        // In the pre-queue, the places wait for the draw at the opening (unless a worker whose clock runs ahead drew it).
        var preQueued = sale.InPreQueueAt(now) && admitted.Count > 0 && !await db.Sales
            .Where(s => s.Id == saleId).Select(s => EF.Property<bool>(s, SaleReleaseColumns.PreQueueDrawn))
            .SingleAsync(cancellationToken);
        var places = admitted
            .Select((i, n) => QueuePlace.Create(
                requests[i].QueueTokenId, saleId, requests[i].UserId, firstPosition + n,
                requests[i].QueueToken, requests[i].IssuedAt, requests[i].ExpiresAt, preQueued: preQueued,
                challengeId: requests[i].ChallengeId))
            .ToList();

        if (places.Count > 0)
        {
            var confirmed = await StoreAndPublishAsync(admitted, places, placesHeld, publish, cancellationToken);
            for (var n = 0; n < places.Count; n++)
            {
                outcomes[admitted[n]] = confirmed[n]
                    ? new AdmissionResult.Admitted(places[n])
                    : new AdmissionResult.NotPublished();
            }

            if (!confirmed.Contains(true))
            {
                // Nothing reached the broker (it is down, most likely): leave the queue exactly as it was.
                await transaction.RollbackAsync(CancellationToken.None);
                return ShareWithRepeats(requests, firstRequestOf, outcomes);
            }
        }

        if (places.Count != userIds.Count)
        {
            var queueLength = firstPosition - 1 + places.Count;
            await db.Sales.Where(s => s.Id == saleId)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.QueueLength, queueLength), CancellationToken.None);
        }

        // The messages are in the broker: commit even if the shoppers have gone, so the places match the messages.
        await transaction.CommitAsync(CancellationToken.None);
        return ShareWithRepeats(requests, firstRequestOf, outcomes);
    }

    private static Applicant ApplicantOf(
        AdmissionRequest request, Sale sale, HashSet<Guid> known, HashSet<Guid> buyers, Dictionary<Guid, QueuePlace> placesHeld,
        Dictionary<Guid, DateTimeOffset> heldTokenExpiries, HashSet<Guid> challengesSpent)
    {
        var held = placesHeld.GetValueOrDefault(request.UserId);
        return new Applicant(
            known.Contains(request.UserId), buyers.Contains(request.UserId), held,
            held is not null && heldTokenExpiries.TryGetValue(held.Id, out var expiresAt) ? expiresAt : null,
            new ChallengeCheck(sale.ChallengeDifficulty > 0, request.ChallengeId,
                request.ChallengeId is { } solved && challengesSpent.Contains(solved)));
    }

    /// <summary>Which of these bot challenges a place already holds: each solution admits once (ux_queue_places_challenge is the safety net).</summary>
    private async Task<HashSet<Guid>> ChallengesSpentAsync(IEnumerable<Guid?> challengeIds, CancellationToken cancellationToken)
    {
        var ids = challengeIds.OfType<Guid>().Distinct().Select(id => (Guid?)id).ToList();
        return ids.Count == 0
            ? []
            : (await db.QueuePlaces.Where(p => ids.Contains(p.ChallengeId)).Select(p => p.ChallengeId!.Value).ToListAsync(cancellationToken))
                .ToHashSet();
    }

    private async Task<IReadOnlyList<bool>> StoreAndPublishAsync(
        List<int> admitted, List<QueuePlace> places, Dictionary<Guid, QueuePlace> placesHeld, PublishPlaces publish,
        CancellationToken cancellationToken)
    {
        // A newcomer whose place ended (expired, or left) gets a new one at the back of the queue. The old row stays,
        // no longer the shopper's current one, so that its tokens still answer why they stopped working.
        var ended = places.Select(p => placesHeld.GetValueOrDefault(p.UserId)?.Id).OfType<Guid>().ToList();
        if (ended.Count > 0)
        {
            await db.QueuePlaces.Where(p => ended.Contains(p.Id))
                .ExecuteUpdateAsync(p => p.SetProperty(x => EF.Property<Guid?>(x, SaleReleaseColumns.LiveUserId), (Guid?)null), cancellationToken);
        }

        // One statement for the batch, no change tracking, no savepoint: this runs with the sale row locked.
        await new MultiRowInsert(db).Add(places, NewPlaceColumn).ExecuteAsync(cancellationToken);

        var confirmed = await publish(places, cancellationToken);
        if (confirmed.Count != admitted.Count)
        {
            throw new InvalidOperationException($"The publisher answered for {confirmed.Count} of {admitted.Count} places.");
        }

        var unconfirmed = places.Where((_, n) => !confirmed[n]).Select(p => p.Id).ToList();
        if (unconfirmed.Count > 0 && unconfirmed.Count < places.Count)
        {
            // Not in the broker, so never handed out: the place must not exist. Its position is left unused.
            await db.QueuePlaces.Where(p => unconfirmed.Contains(p.Id)).ExecuteDeleteAsync(CancellationToken.None);
        }

        return confirmed;
    }

    /// <summary>A new place's columns that the entity does not hold: it is the shopper's current place, not held back.</summary>
    private static object? NewPlaceColumn(QueuePlace place, IProperty column) => column.Name switch
    {
        SaleReleaseColumns.LiveUserId => place.UserId,
        SaleReleaseColumns.HeldBack => false,
        _ => throw new InvalidOperationException($"A new queue place has no value for {column.Name}."),
    };

    private static AdmissionResult[] ShareWithRepeats(
        IReadOnlyList<AdmissionRequest> requests, Dictionary<Guid, int> firstRequestOf, AdmissionResult?[] outcomes)
    {
        var results = new AdmissionResult[requests.Count];
        for (var i = 0; i < requests.Count; i++)
        {
            var first = firstRequestOf[requests[i].UserId];
            var outcome = outcomes[first] ?? throw new InvalidOperationException($"Request {first} got no outcome.");
            results[i] = i != first && outcome is AdmissionResult.Admitted admitted
                ? new AdmissionResult.AlreadyQueued(admitted.Place)
                : outcome;
        }

        return results;
    }
}
