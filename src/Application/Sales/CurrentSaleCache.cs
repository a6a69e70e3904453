using System.Collections.Concurrent;
using FlashPurchase.Application.Abstractions;
using FlashPurchase.Domain.Sales;

namespace FlashPurchase.Application.Sales;

/// <summary>
/// The current sale, the list of sales not ended, and any sale asked for by id, as this process read them at most
/// <see cref="MaxAge"/> ago, shared by every request (a singleton): under a crowd, joining the queue and every waiting
/// room's read of the sales cost one database read a second instead of one a shopper.
/// </summary>
/// <remarks>
/// Safe for early refusals only because the database takes the decisions that must be exact: the sale's window is
/// computed from the current time, and a stock that ran out since the read is caught by the admission, under the sale
/// row's lock. A cached sale never shows stock that is gone as available for longer than <see cref="MaxAge"/>.
/// </remarks>
public sealed class CurrentSaleCache(TimeProvider clock)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(1);

    private readonly SharedRead<Sale?> _current = new(clock);
    private readonly SharedRead<IReadOnlyList<Sale>> _unended = new(clock);
    private readonly ConcurrentDictionary<Guid, Snapshot<Sale>> _byId = new();

    /// <summary>What <see cref="ISaleRepository.GetCurrentAsync"/> answered at most <see cref="MaxAge"/> ago.</summary>
    public ValueTask<Sale?> GetAsync(ISaleRepository sales, CancellationToken cancellationToken) =>
        _current.TryGetFresh(out var sale) ? ValueTask.FromResult(sale) : _current.ReadAsync(sales.GetCurrentAsync, cancellationToken);

    /// <summary>
    /// What <see cref="ISaleRepository.ListUnendedAsync"/> answered at most <see cref="MaxAge"/> ago: it may still hold
    /// a sale whose window ended since (the caller tells by the clock).
    /// </summary>
    public ValueTask<IReadOnlyList<Sale>> ListUnendedAsync(ISaleRepository sales, CancellationToken cancellationToken) =>
        _unended.TryGetFresh(out var list) ? ValueTask.FromResult(list) : _unended.ReadAsync(sales.ListUnendedAsync, cancellationToken);

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

        if (_byId.TryGetValue(saleId, out var snapshot) && IsFresh(clock, snapshot.ReadAt))
        {
            return snapshot.Value;
        }

        var sale = await sales.FindAsync(saleId, cancellationToken);
        if (sale is not null)
        {
            // Only sales that exist are kept: ids made up by callers do not grow the cache.
            _byId[saleId] = new Snapshot<Sale>(sale, clock.GetUtcNow());
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
        _current.Forget();
        _unended.Forget();
    }

    /// <summary>
    /// Told by a purchase that took a unit of <paramref name="saleId"/> or found none left: the next request reads the
    /// sale again, so that this process says "sold out" from the moment it sold the last unit. (Another process may
    /// still show stock for up to <see cref="MaxAge"/>; its purchases are refused by the database all the same.)
    /// Once a snapshot shows the sale sold out it is kept, so a storm of refused purchases causes no reads.
    /// </summary>
    public void StockChanged(Guid saleId)
    {
        _current.ForgetIf(sale => ShowsInStock(sale, saleId));
        _unended.ForgetIf(list => list.Any(sale => ShowsInStock(sale, saleId)));
        if (_byId.TryGetValue(saleId, out var snapshot) && snapshot.Value is { IsSoldOut: false })
        {
            _byId.TryRemove(KeyValuePair.Create(saleId, snapshot));
        }
    }

    private static bool ShowsInStock(Sale? sale, Guid saleId) => sale is not null && sale.Id == saleId && !sale.IsSoldOut;

    private static bool IsFresh(TimeProvider clock, DateTimeOffset readAt)
    {
        // A clock that went back (tests move it) makes the snapshot stale too.
        var age = clock.GetUtcNow() - readAt;
        return age >= TimeSpan.Zero && age < MaxAge;
    }

    private sealed record Snapshot<T>(T Value, DateTimeOffset ReadAt);

    /// <summary>One read shared by every request for <see cref="MaxAge"/>; while it is under way, the others wait for it.</summary>
    private sealed class SharedRead<T>(TimeProvider clock)
    {
        private readonly SemaphoreSlim _reading = new(1, 1);
        private Snapshot<T>? _latest;

        public bool TryGetFresh(out T value)
        {
            var latest = Volatile.Read(ref _latest);
            var fresh = latest is not null && IsFresh(clock, latest.ReadAt);
            value = fresh ? latest!.Value : default!;
            return fresh;
        }

        public async ValueTask<T> ReadAsync(Func<CancellationToken, Task<T>> read, CancellationToken cancellationToken)
        {
            // One request reads; the others that arrive meanwhile wait for its result instead of all reading at once.
            await _reading.WaitAsync(cancellationToken);
            try
            {
                if (TryGetFresh(out var readMeanwhile))
                {
                    return readMeanwhile;
                }

                var value = await read(cancellationToken);
                Volatile.Write(ref _latest, new Snapshot<T>(value, clock.GetUtcNow()));
                return value;
            }
            finally
            {
                _reading.Release();
            }
        }

        public void Forget() => Volatile.Write(ref _latest, null);

        /// <summary>Drops the snapshot if <paramref name="stale"/> says so, unless another read replaced it meanwhile.</summary>
        public void ForgetIf(Func<T, bool> stale)
        {
            var latest = Volatile.Read(ref _latest);
            if (latest is not null && stale(latest.Value))
            {
                Interlocked.CompareExchange(ref _latest, null, latest);
            }
        }
    }
}
