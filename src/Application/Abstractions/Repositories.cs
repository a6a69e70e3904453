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
    /// <summary>The sale shoppers see now: the one that opens last.</summary>
    Task<Sale?> GetCurrentAsync(CancellationToken cancellationToken);

    Task<Sale?> FindAsync(Guid saleId, CancellationToken cancellationToken);
}

public interface IQueuePlaceRepository
{
    Task<QueuePlace?> FindByQueueTokenIdAsync(Guid queueTokenId, CancellationToken cancellationToken);

    /// <summary>Those of <paramref name="queueTokenIds"/> whose queue place is stored (committed).</summary>
    Task<IReadOnlySet<Guid>> FindStoredAsync(IReadOnlyCollection<Guid> queueTokenIds, CancellationToken cancellationToken);
}

public interface IPurchaseTokenRepository
{
    Task<PurchaseToken?> FindByQueueTokenIdAsync(Guid queueTokenId, CancellationToken cancellationToken);

    Task<PurchaseToken?> FindAsync(Guid purchaseTokenId, CancellationToken cancellationToken);

    /// <summary>Those of <paramref name="queueTokenIds"/> that already have a purchase token.</summary>
    Task<IReadOnlySet<Guid>> FindConvertedAsync(IReadOnlyCollection<Guid> queueTokenIds, CancellationToken cancellationToken);

    /// <summary>
    /// Stores the purchase tokens, all in one statement when none of their queue tokens has one yet. Returns the queue
    /// token ids whose purchase token was stored; a queue token that got one meanwhile (a redelivered message handled
    /// by another worker) keeps that one.
    /// </summary>
    Task<IReadOnlyList<Guid>> AddNewAsync(IReadOnlyList<PurchaseToken> purchaseTokens, CancellationToken cancellationToken);
}

public interface IOrderRepository
{
    Task<Order?> FindAsync(Guid orderId, CancellationToken cancellationToken);

    Task<Order?> FindByPurchaseTokenAsync(Guid purchaseTokenId, CancellationToken cancellationToken);

    Task<bool> ExistsForUserAsync(Guid saleId, Guid userId, CancellationToken cancellationToken);

    Task<IReadOnlyList<Order>> ListForUserAsync(Guid userId, CancellationToken cancellationToken);

    /// <summary>
    /// In one transaction: takes one unit of stock where any is left and inserts the order. The unique keys on
    /// (sale, user) and on the purchase token make a second order impossible under any race.
    /// </summary>
    Task<PlaceOrderOutcome> PlaceAsync(Order order, CancellationToken cancellationToken);
}

public enum PlaceOrderOutcome
{
    Placed,
    SoldOut,

    /// <summary>The shopper or the purchase token already has an order.</summary>
    Duplicate,
}
