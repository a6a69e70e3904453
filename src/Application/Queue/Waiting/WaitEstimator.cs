using FlashPurchase.Application.Abstractions;
using FlashPurchase.Domain.Queue;

namespace FlashPurchase.Application.Queue.Waiting;

/// <summary>
/// Answers "how many are ahead of me, and when should I ask again?" for a shopper whose queue token is not converted
/// yet. The per-sale figures come from a <see cref="ConversionQueueSnapshot"/> at most
/// <see cref="ConversionQueueSnapshot.MaxAge"/> old; at most one request per sale and process reads them at a time.
/// </summary>
public sealed class WaitEstimator(IConversionQueueReader reader, ConversionQueueSnapshots snapshots, TimeProvider clock)
{
    /// <param name="place">The shopper's place; its queue token is not converted yet.</param>
    /// <param name="releaseRate">The sale's release pace, per minute (0: none): the wait is never shorter than it allows.</param>
    /// <param name="cancellationToken">Cancels the wait for, or the read of, the sale's figures.</param>
    public async Task<WaitEstimate> EstimateAsync(QueuePlace place, int releaseRate, CancellationToken cancellationToken)
    {
        var snapshot = await CurrentSnapshotAsync(place.SaleId, cancellationToken);
        var ahead = snapshot.AheadOf(place.Position);
        return new WaitEstimate(ahead, RetryAfterRule.SecondsFor(ahead, ConversionRate.Expected(snapshot.Rate, releaseRate)));
    }

    private async Task<ConversionQueueSnapshot> CurrentSnapshotAsync(Guid saleId, CancellationToken cancellationToken)
    {
        var sale = snapshots.For(saleId);
        if (sale.Latest is { } latest && latest.IsFreshAt(clock.GetUtcNow()))
        {
            return latest;
        }

        // Thousands of shoppers poll at once: one of them reads, the others wait for that read and share it.
        await sale.Reading.WaitAsync(cancellationToken);
        try
        {
            var now = clock.GetUtcNow();
            if (sale.Latest is { } readMeanwhile && readMeanwhile.IsFreshAt(now))
            {
                return readMeanwhile;
            }

            var reading = await reader.ReadAsync(
                saleId, sale.Latest?.DoneBelow ?? 1, now, now - ConversionRate.Window, cancellationToken);
            var snapshot = new ConversionQueueSnapshot(
                now, reading.QueueLength, reading.WaitingPositions,
                ConversionRate.Measure(reading.ConversionsSince, reading.OldestConversionSince, now));
            sale.Latest = snapshot;
            return snapshot;
        }
        finally
        {
            sale.Reading.Release();
        }
    }
}
