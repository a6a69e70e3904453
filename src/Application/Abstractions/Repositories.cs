using FlashPurchase.Domain.Errors;
using FlashPurchase.Domain.Orders;
using FlashPurchase.Domain.Queue;
using FlashPurchase.Domain.Sales;
using FlashPurchase.Domain.Users;

namespace FlashPurchase.Application.Abstractions;

public interface IUserRepository
{
    Task<User?> FindByUsernameAsync(string username, CancellationToken cancellationToken);

    /// <summary>False when the username is taken (the unique key decides, not a prior read).</summary>
    Task<bool> TryAddAsync(User user, CancellationToken cancellationToken);
}

public interface ISaleRepository
{
    /// <summary>
    /// The sale a client that names none means: the one whose window contains now (the soonest to close if several),
    /// else the next scheduled, else the last closed.
    /// </summary>
    Task<Sale?> GetCurrentAsync(CancellationToken cancellationToken);

    Task<Sale?> FindAsync(Guid saleId, CancellationToken cancellationToken);

    /// <summary>The sales whose window has not ended (scheduled, open, sold out), soonest to open first.</summary>
    Task<IReadOnlyList<Sale>> ListUnendedAsync(CancellationToken cancellationToken);

    /// <summary>Every sale: those not ended soonest to open first, then the closed ones, the latest first.</summary>
    Task<IReadOnlyList<Sale>> ListAllAsync(CancellationToken cancellationToken);

    Task AddAsync(Sale sale, CancellationToken cancellationToken);

    /// <summary>
    /// Applies an edit that <see cref="Sale.RefusalOf"/> allows, asking it again under the sale row's lock (the sale
    /// may have been closed since the caller read it). A new stock never goes below the units sold, whatever purchases
    /// run meanwhile.
    /// </summary>
    Task<SaleEditOutcome> EditAsync(Guid saleId, SaleEdit edit, CancellationToken cancellationToken);

    /// <summary>Pauses or resumes the sale; false when it has no such sale whose window has not ended.</summary>
    Task<bool> SetPausedAsync(Guid saleId, bool paused, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Ends the sale's window now; false when it has no such sale whose window has not ended.</summary>
    Task<bool> CloseAsync(Guid saleId, DateTimeOffset now, CancellationToken cancellationToken);
}

/// <param name="Added">Queue tokens whose purchase token was stored now.</param>
/// <param name="HeldBack">True when the sale was paused (or releasing held-back places first): nothing was stored.</param>
public sealed record TokenRelease(IReadOnlyList<Guid> Added, bool HeldBack);

public abstract record SaleEditOutcome
{
    public sealed record Edited(Sale Sale) : SaleEditOutcome;

    public sealed record NotFound : SaleEditOutcome;

    public sealed record StockBelowOrders(int OrdersPlaced) : SaleEditOutcome;

    /// <summary><see cref="Sale.RefusalOf"/> under the lock: the sale changed (closed, opened) since it was read.</summary>
    public sealed record Refused(Error Error) : SaleEditOutcome;
}

/// <summary>
/// What an operator watches of a sale, read live from the database. The counters the sale row holds (queue length,
/// stock) come from <c>sale</c> itself: every caller has just read it, in the same request.
/// </summary>
public interface ISaleFiguresReader
{
    Task<SaleFigures> ReadAsync(Sale sale, DateTimeOffset now, CancellationToken cancellationToken);
}

/// <param name="Queued">Places ever taken (the queue's length).</param>
/// <param name="Waiting">Unexpired places whose purchase token is not released yet.</param>
/// <param name="ActivePurchaseTokens">Released purchase tokens not expired and not used.</param>
/// <param name="Orders">Orders placed.</param>
/// <param name="StockRemaining">Units left.</param>
/// <param name="JoinsPerMinute">Places taken over the last minute.</param>
/// <param name="ReleasesPerMinute">Purchase tokens released over the last minute.</param>
/// <param name="OrdersPerMinute">Orders placed over the last minute.</param>
/// <param name="EstimatedWaitForLastSeconds">
/// How long the last shopper waiting will wait at the last minute's release pace; 0 when nobody waits, null when
/// shoppers wait and nothing was released over the last minute (paused, or the worker is not running).
/// </param>
public sealed record SaleFigures(
    long Queued, int Waiting, int ActivePurchaseTokens, int Orders, int StockRemaining,
    int JoinsPerMinute, int ReleasesPerMinute, int OrdersPerMinute, int? EstimatedWaitForLastSeconds);

public interface IQueuePlaceRepository
{
    Task<QueuePlace?> FindByQueueTokenIdAsync(Guid queueTokenId, CancellationToken cancellationToken);

    /// <summary>Those of <paramref name="queueTokenIds"/> whose queue place is stored (committed).</summary>
    Task<IReadOnlySet<Guid>> FindStoredAsync(IReadOnlyCollection<Guid> queueTokenIds, CancellationToken cancellationToken);

    /// <summary>The shopper's current place in the sale (expired, left or not), read without any lock; null when none.</summary>
    Task<QueuePlace?> FindCurrentAsync(Guid saleId, Guid userId, CancellationToken cancellationToken);
}

public interface IPurchaseTokenRepository
{
    Task<PurchaseToken?> FindByQueueTokenIdAsync(Guid queueTokenId, CancellationToken cancellationToken);

    Task<PurchaseToken?> FindAsync(Guid purchaseTokenId, CancellationToken cancellationToken);

    /// <summary>Those of <paramref name="queueTokenIds"/> that already have a purchase token.</summary>
    Task<IReadOnlySet<Guid>> FindConvertedAsync(IReadOnlyCollection<Guid> queueTokenIds, CancellationToken cancellationToken);

    /// <summary>
    /// Releases the purchase tokens of one sale, all in one statement when none of their queue tokens has one yet; a
    /// queue token that got one meanwhile (a redelivered message handled by another worker) keeps that one, and a place
    /// its shopper left gets none. When the sale releases in queue order instead — paused, paced
    /// (<see cref="Sale.PacesReleases"/>), its pre-queue not drawn yet, or held-back places to release first — nothing
    /// is released: the places are held back, for <see cref="ReleaseHeldBackAsync"/>. Decided under the sale row's
    /// lock, so a pause or a limit is exact: no purchase token is released past it.
    /// </summary>
    Task<TokenRelease> AddNewAsync(Guid saleId, IReadOnlyList<PurchaseToken> purchaseTokens, CancellationToken cancellationToken);

    /// <summary>The sales that have held-back places and may release some: not paused, their pre-queue drawn if any.</summary>
    Task<IReadOnlyList<Guid>> SalesWithHeldBackPlacesAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Under the sale row's lock, unless the sale is paused or its pre-queue is not drawn yet (then nothing): asks
    /// <see cref="ReleasePolicy"/> how many the pace and the limit of active shoppers allow now (at most
    /// <paramref name="batchSize"/>), stores the purchase tokens <paramref name="release"/> makes for that many held-back
    /// places in queue order, skipping (and clearing) those expired or left, and moves the pace on. Returns how many
    /// places were released; fewer than the batch size when the limits or the held-back places ran out.
    /// </summary>
    Task<int> ReleaseHeldBackAsync(
        Guid saleId, int batchSize, Func<Sale, IReadOnlyList<QueuePlace>, IReadOnlyList<PurchaseToken>> release,
        CancellationToken cancellationToken);

    /// <summary>
    /// Under the sale row's lock: the shopper's current place in the sale, and its purchase token if it has one not used
    /// for an order, stop working from now on (revoked). False when the shopper has no such place (never joined, left
    /// already, or replaced): leaving twice changes nothing.
    /// </summary>
    Task<bool> RevokeAsync(Guid saleId, Guid userId, DateTimeOffset now, CancellationToken cancellationToken);
}

public interface IOrderRepository
{
    Task<Order?> FindAsync(Guid orderId, CancellationToken cancellationToken);

    Task<Order?> FindByPurchaseTokenAsync(Guid purchaseTokenId, CancellationToken cancellationToken);

    Task<bool> ExistsForUserAsync(Guid saleId, Guid userId, CancellationToken cancellationToken);

    /// <summary>
    /// In one read, the orders a purchase checks before it queues: the one placed with this purchase token, if any (a
    /// retry answers it), and whether the shopper already has one in the sale.
    /// </summary>
    Task<OrdersOfPurchase> FindForPurchaseAsync(Guid purchaseTokenId, Guid saleId, Guid userId, CancellationToken cancellationToken);

    Task<IReadOnlyList<Order>> ListForUserAsync(Guid userId, CancellationToken cancellationToken);

    /// <summary>
    /// In one transaction: takes one unit of stock where any is left and inserts the order. The unique keys on
    /// (sale, user) and on the purchase token make a second order impossible under any race.
    /// </summary>
    Task<PlaceOrderOutcome> PlaceAsync(Order order, CancellationToken cancellationToken);
}

/// <summary>What <see cref="IOrderRepository.FindForPurchaseAsync"/> found.</summary>
/// <param name="ByToken">The order placed with the purchase token, if any.</param>
/// <param name="ShopperHasOrder">Whether the shopper has an order in the sale (with this token or another).</param>
public readonly record struct OrdersOfPurchase(Order? ByToken, bool ShopperHasOrder);

public enum PlaceOrderOutcome
{
    Placed,
    SoldOut,

    /// <summary>The shopper or the purchase token already has an order.</summary>
    Duplicate,
}
