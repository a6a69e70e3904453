using System.Collections.Concurrent;

namespace FlashPurchase.Application.Queue.Waiting;

/// <summary>
/// The latest <see cref="ConversionQueueSnapshot"/> of each sale, shared by every request of this process (a
/// singleton), with a gate per sale so that one request reads the database while the others wait for its result.
/// </summary>
public sealed class ConversionQueueSnapshots
{
    private readonly ConcurrentDictionary<Guid, PerSale> _sales = new();

    internal PerSale For(Guid saleId) => _sales.GetOrAdd(saleId, _ => new PerSale());

    internal sealed class PerSale
    {
        private ConversionQueueSnapshot? _latest;

        /// <summary>Held by the one request that is reading the sale's figures.</summary>
        public SemaphoreSlim Reading { get; } = new(1, 1);

        public ConversionQueueSnapshot? Latest
        {
            get => Volatile.Read(ref _latest);
            set => Volatile.Write(ref _latest, value);
        }
    }
}
