namespace FlashPurchase.Application.Abstractions;

/// <summary>
/// Reads a sale's conversion queue: the queue places whose queue token the worker has not turned into a purchase
/// token yet, and what the worker converted lately. <see cref="Queue.Waiting.WaitEstimator"/> reads it about once a
/// second per sale, not once per poll.
/// </summary>
public interface IConversionQueueReader
{
    /// <summary>
    /// The sale's queue length, the positions from <paramref name="fromPosition"/> up to that length whose place is
    /// unexpired at <paramref name="now"/> and not converted (in ascending order), and the purchase tokens of the sale
    /// issued after <paramref name="conversionsSince"/>.
    /// </summary>
    /// <param name="saleId">The sale.</param>
    /// <param name="fromPosition">Every place below this position is known to be done (converted, expired or gone).</param>
    /// <param name="now">The instant a place must still be valid at to count as waiting.</param>
    /// <param name="conversionsSince">The start of the window the conversion rate is measured over.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    Task<ConversionQueueReading> ReadAsync(
        Guid saleId, long fromPosition, DateTimeOffset now, DateTimeOffset conversionsSince, CancellationToken cancellationToken);
}

/// <summary>The raw figures of one read of a sale's conversion queue.</summary>
/// <param name="QueueLength">The sale's last handed-out position when the read began (0 when none or no such sale).</param>
/// <param name="WaitingPositions">Positions still waiting for the worker, ascending, none above <paramref name="QueueLength"/>.</param>
/// <param name="ConversionsSince">Purchase tokens of the sale issued within the window.</param>
/// <param name="OldestConversionSince">When the oldest of them was issued; null when there is none.</param>
public sealed record ConversionQueueReading(
    long QueueLength, IReadOnlyList<long> WaitingPositions, int ConversionsSince, DateTimeOffset? OldestConversionSince);
