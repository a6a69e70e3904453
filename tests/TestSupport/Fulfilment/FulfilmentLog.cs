using System.Collections.Concurrent;

namespace FlashPurchase.TestSupport.Fulfilment;

/// <summary>What the sample fulfilment received: each event once (by EventId), and how many deliveries repeated one.</summary>
public sealed class FulfilmentLog
{
    private readonly ConcurrentDictionary<Guid, OrderPlaced> _orders = new();
    private int _duplicates;
    private int _messageIdMismatches;

    /// <summary>The distinct OrderPlaced events received, in no particular order.</summary>
    public IReadOnlyCollection<OrderPlaced> Orders => _orders.Values.ToList();

    /// <summary>Deliveries of an event already received (at least once allows them; the consumer drops them).</summary>
    public int Duplicates => Volatile.Read(ref _duplicates);

    /// <summary>Deliveries whose broker MessageId was not the event's EventId (there should be none).</summary>
    public int MessageIdMismatches => Volatile.Read(ref _messageIdMismatches);

    /// <summary>Records a delivery; false when the event was received before (a duplicate to ignore).</summary>
    public bool Record(OrderPlaced order, Guid? messageId)
    {
        if (messageId != order.EventId)
        {
            Interlocked.Increment(ref _messageIdMismatches);
        }

        if (_orders.TryAdd(order.EventId, order))
        {
            return true;
        }

        Interlocked.Increment(ref _duplicates);
        return false;
    }

    public override string ToString() => $"{_orders.Count} orders, {Duplicates} duplicates, {MessageIdMismatches} MessageId mismatches";
}
