using FlashPurchase.Domain.Sales;

namespace FlashPurchase.Domain.Queue;

/// <summary>What joining a sale's queue decides for one shopper.</summary>
public enum AdmissionDecision
{
    /// <summary>A new place, if the queue has room (see <see cref="AdmissionPolicy.DecideBatch"/>).</summary>
    Admit,
    SaleNotOpen,
    SaleClosed,

    /// <summary>The access token names a user id that has no account.</summary>
    UnknownShopper,
    AlreadyPurchased,
    SoldOut,

    /// <summary>The shopper holds an unexpired place: that place is the answer.</summary>
    AlreadyQueued,

    /// <summary>An operator paused the queue: no newcomer now; shoppers holding a place get it back.</summary>
    QueuePaused,

    /// <summary>The sale asks a bot challenge and the newcomer brought no valid, unused solution (428).</summary>
    ChallengeRequired,
    QueueFull,
}

/// <summary>What the bot challenge check found for one applicant; the default: the sale asks none.</summary>
/// <param name="Required">The sale asks a challenge (its difficulty is above 0).</param>
/// <param name="SolvedId">The id of the challenge the applicant solved, signature, binding and expiry checked; null: none.</param>
/// <param name="AlreadyUsed">A place already holds <paramref name="SolvedId"/>: it has bought its admission.</param>
public readonly record struct ChallengeCheck(bool Required, Guid? SolvedId, bool AlreadyUsed)
{
    /// <summary>The solution lets a newcomer in.</summary>
    public bool Passes => !Required || (SolvedId is not null && !AlreadyUsed);
}

/// <summary>What the admission knows of one shopper when it decides.</summary>
/// <param name="IsKnown">An account has this user id.</param>
/// <param name="HasBought">The shopper has an order in this sale.</param>
/// <param name="HeldPlace">The shopper's current place in this sale's queue, expired, left or not, if any.</param>
/// <param name="HeldPurchaseTokenExpiresAt">When the purchase token released for that place expires, if one was.</param>
/// <param name="Challenge">What the bot challenge check found (default: the sale asks none).</param>
public readonly record struct Applicant(
    bool IsKnown, bool HasBought, QueuePlace? HeldPlace, DateTimeOffset? HeldPurchaseTokenExpiresAt = null,
    ChallengeCheck Challenge = default)
{
    /// <summary>
    /// The held place still holds: its queue token is unexpired, the shopper has not left, and the purchase token it
    /// got (if any) is within its purchase window. Otherwise the shopper joins again, at the back.
    /// </summary>
    public bool HoldsPlaceAt(DateTimeOffset now) =>
        HeldPlace is { } held && held.IsValidAt(now) && !(HeldPurchaseTokenExpiresAt <= now);
}

/// <summary>
/// Who may join a sale's queue: the one home of the rule. The refusals come in a fixed order — the sale's window,
/// then the account, a purchase already made, the stock, a place already held, an operator's pause, the bot challenge — and the
/// newcomers left are let in, in request order, while the queue has room. A pure function of what was read: the early refusals outside the sale
/// row's lock (from a cached sale) and the authoritative decision under it (from the database) both call it.
/// </summary>
public static class AdmissionPolicy
{
    /// <summary>One shopper's decision, capacity aside: <see cref="AdmissionDecision.Admit"/> means "a newcomer".</summary>
    public static AdmissionDecision Decide(SaleStatus status, bool paused, Applicant applicant, DateTimeOffset now)
    {
        if (status == SaleStatus.Scheduled)
        {
            return AdmissionDecision.SaleNotOpen;
        }

        if (status == SaleStatus.Closed)
        {
            return AdmissionDecision.SaleClosed;
        }

        if (!applicant.IsKnown)
        {
            return AdmissionDecision.UnknownShopper;
        }

        // Before "sold out": the shopper who bought the last unit should hear that they have it.
        if (applicant.HasBought)
        {
            return AdmissionDecision.AlreadyPurchased;
        }

        if (status == SaleStatus.SoldOut)
        {
            return AdmissionDecision.SoldOut;
        }

        // A place that ended (expired, left, or its purchase window lapsed) no longer counts: its shopper joins again,
        // at the back.
        if (applicant.HoldsPlaceAt(now))
        {
            return AdmissionDecision.AlreadyQueued;
        }

        // After the held place: a pause stops newcomers, not the shoppers already queued.
        if (paused)
        {
            return AdmissionDecision.QueuePaused;
        }

        // Also after the held place: a shopper who holds one gets it back without solving anything.
        return applicant.Challenge.Passes ? AdmissionDecision.Admit : AdmissionDecision.ChallengeRequired;
    }

    /// <summary>
    /// True when the sale alone refuses every newcomer, so an early check can answer without reading anything about
    /// the shopper but whether they bought (which still comes first when the sale is sold out).
    /// </summary>
    public static bool RefusesEveryNewcomer(SaleStatus status) => status != SaleStatus.Open;

    /// <summary>
    /// The decisions for distinct shoppers joining together, in request order. <paramref name="queueCapacity"/> limits
    /// the unexpired places held at once (0: no limit); <paramref name="placesHeld"/> is how many are held now.
    /// </summary>
    public static AdmissionDecision[] DecideBatch(
        SaleStatus status, bool paused, int queueCapacity, int placesHeld, IReadOnlyList<Applicant> applicants,
        DateTimeOffset now)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(queueCapacity);
        ArgumentOutOfRangeException.ThrowIfNegative(placesHeld);

        var room = queueCapacity == 0 ? int.MaxValue : Math.Max(0, queueCapacity - placesHeld);
        var decisions = new AdmissionDecision[applicants.Count];
        var challengesSpent = new HashSet<Guid>();
        for (var i = 0; i < applicants.Count; i++)
        {
            var decision = Decide(status, paused, applicants[i], now);
            var challenge = applicants[i].Challenge;

            // One solution admits once: a second newcomer of this batch with a solution an earlier one spent is refused.
            if (decision == AdmissionDecision.Admit && challenge is { Required: true, SolvedId: { } solved }
                && challengesSpent.Contains(solved))
            {
                decision = AdmissionDecision.ChallengeRequired;
            }

            if (decision == AdmissionDecision.Admit)
            {
                decision = room > 0 ? AdmissionDecision.Admit : AdmissionDecision.QueueFull;
                room--;
                if (decision == AdmissionDecision.Admit && challenge is { Required: true, SolvedId: { } spent })
                {
                    challengesSpent.Add(spent);
                }
            }

            decisions[i] = decision;
        }

        return decisions;
    }
}
