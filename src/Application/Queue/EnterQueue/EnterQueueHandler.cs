using FlashPurchase.Application.Abstractions;
using FlashPurchase.Application.Queue.Challenges;
using FlashPurchase.Application.Sales;
using FlashPurchase.Domain.Errors;
using FlashPurchase.Domain.Queue;
using FlashPurchase.Domain.Sales;
using Mediator;

namespace FlashPurchase.Application.Queue.EnterQueue;

public sealed class EnterQueueHandler(
    ISaleRepository sales,
    CurrentSaleCache saleCache,
    IOrderRepository orders,
    IQueueAdmissions admissions,
    ITokenService tokens,
    TimeProvider clock,
    QueueChallenges challenges,
    IQueuePlaceRepository places) : ICommandHandler<EnterQueueCommand, Result<QueueTicket>>
{
    public async ValueTask<Result<QueueTicket>> Handle(EnterQueueCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        // Up to a second old: the refusals below are early ones, the admission decides under the sale row's lock.
        var sale = command.SaleId is { } saleId
            ? await saleCache.FindAsync(sales, saleId, cancellationToken)
            : await saleCache.GetAsync(sales, cancellationToken);
        if (sale is null)
        {
            return command.SaleId is null ? DomainErrors.NoSale : DomainErrors.SaleNotFound;
        }

        // Refusals that the sale alone decides are answered here, without signing or queueing anything. The policy's
        // order still holds: at a sold-out sale, the shopper who bought hears "you already bought", not "sold out".
        // (No account is read here: an unknown shopper meets the sale's refusal like everyone else.)
        var status = sale.JoiningStatusAt(now);
        if (AdmissionPolicy.RefusesEveryNewcomer(status))
        {
            var hasBought = status == SaleStatus.SoldOut
                && await orders.ExistsForUserAsync(sale.Id, command.UserId, cancellationToken);
            return ToError(AdmissionPolicy.Decide(status, sale.Paused, new Applicant(IsKnown: true, hasBought, HeldPlace: null), now), sale.OpensAt);
        }

        // A paused queue is not refused here: a shopper who holds a place gets it back, and only the admission, under
        // the sale row's lock, knows who holds one.

        // A join without a valid solution costs one indexed read, not a signature and a turn of the sale row's lock:
        // that is what a script flooding enter without doing the work gets. Only a shopper who may hold a place goes on
        // to the admission, which gives it back (or asks for a solution after all, if it has ended meanwhile).
        var solved = SolvedChallenge(command, sale);
        if (sale.ChallengeDifficulty > 0 && solved is null && !await MayHoldPlaceAsync(sale.Id, command.UserId, now, cancellationToken))
        {
            return await FreshChallengeAsync(command.UserId, sale, cancellationToken);
        }

        // Signed before admission, outside any lock: the signature is CPU work that many requests do in parallel.
        // If the shopper turns out to hold a place already, that place's token is the answer and this one is dropped.
        var claims = new SaleTokenClaims(Guid.NewGuid(), command.UserId, sale.Id, now, now + tokens.SaleTokenLifetime);
        var request = new AdmissionRequest(
            sale.Id, command.UserId, claims.TokenId, tokens.SignSaleToken(TokenKind.Queue, claims), claims.IssuedAt, claims.ExpiresAt,
            solved);

        return await admissions.AdmitAsync(request, cancellationToken) switch
        {
            AdmissionResult.Admitted admitted => ToTicket(admitted.Place),
            AdmissionResult.AlreadyQueued queued => ToTicket(queued.Place),
            AdmissionResult.Refused { Reason: AdmissionDecision.ChallengeRequired } =>
                await FreshChallengeAsync(command.UserId, sale, cancellationToken),
            AdmissionResult.Refused refused => ToError(refused.Reason, refused.OpensAt ?? sale.OpensAt),
            AdmissionResult.NotPublished => DomainErrors.QueueUnavailable,
            var unknown => throw new InvalidOperationException($"Unknown admission result {unknown}."),
        };
    }

    /// <summary>
    /// The bot challenge's id when the header solves one for this shopper and sale (checked by its MAC and one hash, no
    /// read), else null. Without a valid solution the request still goes to the admission: a shopper who holds a place
    /// gets it back without one, and the policy decides. That the solution is not spent yet is checked under the lock.
    /// </summary>
    private Guid? SolvedChallenge(EnterQueueCommand command, Sale sale) =>
        sale.ChallengeDifficulty > 0 || command.ChallengeSolution is not null
            ? challenges.Verify(command.ChallengeSolution, sale.Id, command.UserId, sale.ChallengeDifficulty).ChallengeId
            : null;

    /// <summary>
    /// Whether the shopper has a current place that has not expired and was not left: then the admission decides (its
    /// purchase window may have lapsed, which only the admission reads). Without one, the shopper needs a solution.
    /// </summary>
    private async Task<bool> MayHoldPlaceAsync(Guid saleId, Guid userId, DateTimeOffset now, CancellationToken cancellationToken) =>
        await places.FindCurrentAsync(saleId, userId, cancellationToken) is { } place && place.IsValidAt(now);

    /// <summary>428 with a fresh challenge, at the difficulty read now when the cached sale did not ask one yet.</summary>
    private async Task<Error> FreshChallengeAsync(Guid userId, Sale sale, CancellationToken cancellationToken)
    {
        var difficulty = sale.ChallengeDifficulty > 0
            ? sale.ChallengeDifficulty
            : (await sales.FindAsync(sale.Id, cancellationToken))?.ChallengeDifficulty ?? 0;
        return DomainErrors.ChallengeRequired(challenges.Issue(sale.Id, userId, difficulty));
    }

    /// <summary>The one wording of the policy's refusals, early or under the lock.</summary>
    private static Error ToError(AdmissionDecision refusal, DateTimeOffset opensAt) => refusal switch
    {
        AdmissionDecision.SaleNotOpen => DomainErrors.SaleNotOpen(opensAt),
        AdmissionDecision.SaleClosed => DomainErrors.SaleClosed,
        AdmissionDecision.UnknownShopper => DomainErrors.UnknownShopper,
        AdmissionDecision.AlreadyPurchased => DomainErrors.AlreadyPurchased,
        AdmissionDecision.SoldOut => DomainErrors.SoldOut,
        AdmissionDecision.QueueFull => DomainErrors.QueueFull,
        AdmissionDecision.QueuePaused => DomainErrors.QueuePaused,
        _ => throw new InvalidOperationException($"{refusal} is not a refusal."),
    };

    /// <summary>A pre-queued place's position is only its arrival number until the draw: it is not told.</summary>
    private static QueueTicket ToTicket(QueuePlace place) =>
        new(place.QueueToken, place.ExpiresAt, place.SaleId, place.PreQueued ? null : place.Position,
            place.PreQueued ? true : null);
}
