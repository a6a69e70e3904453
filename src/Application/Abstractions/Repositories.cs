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
    Task<QueuePlace?> FindAsync(Guid saleId, Guid userId, CancellationToken cancellationToken);

    Task<QueuePlace?> FindByQueueTokenIdAsync(Guid queueTokenId, CancellationToken cancellationToken);

    /// <summary>
    /// In one transaction: takes the next position of the sale's queue (refusing when as many unexpired places as
    /// the sale's capacity are held),
    /// stores the place <paramref name="createPlace"/> builds for it (replacing <paramref name="expiredPlaceId"/>,
    /// the shopper's expired place, if any), then calls <paramref name="publish"/> and commits only if it
    /// returns true. A place is thus never handed out without its message in the broker.
    /// </summary>
    Task<AdmissionResult> AdmitAsync(
        Guid saleId,
        Guid userId,
        Guid? expiredPlaceId,
        Func<long, QueuePlace> createPlace,
        Func<QueuePlace, CancellationToken, Task<bool>> publish,
        CancellationToken cancellationToken);
}

public abstract record AdmissionResult
{
    public sealed record Admitted(QueuePlace Place) : AdmissionResult;

    /// <summary>A concurrent request of the same shopper took the place first; this is it.</summary>
    public sealed record AlreadyQueued(QueuePlace Place) : AdmissionResult;

    public sealed record QueueFull : AdmissionResult;

    public sealed record NotPublished : AdmissionResult;
}

public interface IPurchaseTokenRepository
{
    Task<PurchaseToken?> FindByQueueTokenIdAsync(Guid queueTokenId, CancellationToken cancellationToken);

    Task<PurchaseToken?> FindAsync(Guid purchaseTokenId, CancellationToken cancellationToken);

    /// <summary>False when a purchase token already exists for that queue token (a redelivered message).</summary>
    Task<bool> TryAddAsync(PurchaseToken purchaseToken, CancellationToken cancellationToken);
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
