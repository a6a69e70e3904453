using System.Collections.Concurrent;
using FlashPurchase.Application.Abstractions;
using FlashPurchase.Domain.Sales;

namespace FlashPurchase.Application.Sales;

/// <summary>
/// The current sale (and any sale asked for by id) as this process read it at most <see cref="MaxAge"/> ago, shared by every request (a singleton):
/// under a crowd, joining the queue reads the sale once a second instead of once a shopper.
/// </summary>
/// <remarks>
/// Safe for early refusals only because the database takes the decisions that must be exact: the sale's window is
/// computed from the current time, and a stock that ran out since the read is caught by the admission, under the sale
/// row's lock. A cached sale never shows stock that is gone as available for longer than <see cref="MaxAge"/>.
/// </remarks>
public sealed class CurrentSaleCache(TimeProvider clock)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(1);

    private readonly SemaphoreSlim _reading = new(1, 1);
    private readonly ConcurrentDictionary<Guid, Snapshot> _byId = new();
    private Snapshot? _latest;

    public async ValueTask<Sale?> GetAsync(ISaleRepository sales, CancellationToken cancellationToken)
    {
        if (FreshSnapshot() is { } fresh)
        {
            return fresh.Sale;
        }

        // One request reads; the others that arrive meanwhile wait for its result instead of all reading at once.
        await _reading.WaitAsync(cancellationToken);
        try
        {
            if (FreshSnapshot() is { } readMeanwhile)
            {
                return readMeanwhile.Sale;
            }

            var sale = await sales.GetCurrentAsync(cancellationToken);
            Volatile.Write(ref _latest, new Snapshot(sale, clock.GetUtcNow()));
            return sale;
        }
        finally
        {
            _reading.Release();
        }
    }

    /// <summary>
    /// The sale <paramref name="saleId"/>, at most <see cref="MaxAge"/> old: the cached current sale when it is that one,
    /// else this sale's own snapshot (a shopper who chose another open sale by <c>?saleId=</c> reads it once a second too).
    /// </summary>
    public async ValueTask<Sale?> FindAsync(ISaleRepository sales, Guid saleId, CancellationToken cancellationToken)
    {
        if (await GetAsync(sales, cancellationToken) is { } current && current.Id == saleId)
        {
            return current;
        }

        if (_byId.TryGetValue(saleId, out var snapshot) && IsFresh(snapshot))
        {
            return snapshot.Sale;
        }

        var sale = await sales.FindAsync(saleId, cancellationToken);
        if (sale is not null)
        {
            // Only sales that exist are kept: ids made up by callers do not grow the cache.
            _byId[saleId] = new Snapshot(sale, clock.GetUtcNow());
        }

        return sale;
    }

    /// <summary>
    /// Told by an operator's change to <paramref name="saleId"/> (created, edited, paused, resumed, closed): this process
    /// reads the sales again at once. (Another process sees the change within <see cref="MaxAge"/>.)
    /// </summary>
    public void Forget(Guid saleId)
    {
        _byId.TryRemove(saleId, out _);
        Volatile.Write(ref _latest, null);
    }

    /// <summary>
    /// Told by a purchase that took a unit of <paramref name="saleId"/> or found none left: the next request reads the
    /// sale again, so that this process says "sold out" from the moment it sold the last unit. (Another process may
    /// still show stock for up to <see cref="MaxAge"/>; its purchases are refused by the database all the same.)
    /// Once the snapshot shows the sale sold out it is kept, so a storm of refused purchases causes no reads.
    /// </summary>
    public void StockChanged(Guid saleId)
    {
        var latest = Volatile.Read(ref _latest);
        if (latest?.Sale is { } sale && sale.Id == saleId && !sale.IsSoldOut)
        {
            Interlocked.CompareExchange(ref _latest, null, latest);
        }

        if (_byId.TryGetValue(saleId, out var snapshot) && snapshot.Sale is { IsSoldOut: false })
        {
            _byId.TryRemove(KeyValuePair.Create(saleId, snapshot));
        }
    }

    private Snapshot? FreshSnapshot()
    {
        var latest = Volatile.Read(ref _latest);
        return latest is not null && IsFresh(latest) ? latest : null;
    }

    private bool IsFresh(Snapshot snapshot)
    {
        // A clock that went back (tests move it) makes the snapshot stale too.
        var age = clock.GetUtcNow() - snapshot.ReadAt;
        return age >= TimeSpan.Zero && age < MaxAge;
    }

    private sealed record Snapshot(Sale? Sale, DateTimeOffset ReadAt);
}
