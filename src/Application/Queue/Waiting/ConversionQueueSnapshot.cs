namespace FlashPurchase.Application.Queue.Waiting;

/// <summary>
/// A sale's conversion queue as read at <see cref="TakenAt"/>: the positions still waiting for the worker, how far the
/// queue had grown, and the worker's pace. Every poll of the sale in this process shares it for
/// <see cref="MaxAge"/>, so a poll costs a binary search instead of a count over the queue.
/// </summary>
public sealed class ConversionQueueSnapshot
{
    /// <summary>How long a snapshot answers polls before the next one reads the database again.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(1);

    private readonly long[] _waiting;

    /// <param name="takenAt">When the figures were read.</param>
    /// <param name="queueLength">The sale's last handed-out position at that moment.</param>
    /// <param name="waitingPositions">The positions up to <paramref name="queueLength"/> not converted yet.</param>
    /// <param name="rate">The worker's measured pace at that moment.</param>
    public ConversionQueueSnapshot(
        DateTimeOffset takenAt, long queueLength, IEnumerable<long> waitingPositions, ConversionRate rate)
    {
        TakenAt = takenAt;
        QueueLength = queueLength;
        Rate = rate;
        _waiting = waitingPositions.ToArray();
        Array.Sort(_waiting); // the binary search below depends on it, whatever order the reader gave
    }

    public DateTimeOffset TakenAt { get; }

    public long QueueLength { get; }

    public ConversionRate Rate { get; }

    public int WaitingCount => _waiting.Length;

    /// <summary>
    /// Every place below this position was done (converted, expired or gone) when the snapshot was taken, and stays
    /// done: purchase tokens are never deleted, time only moves forward, and new places only get higher positions.
    /// The next read of the sale starts here, so it reads the backlog rather than the whole queue.
    /// </summary>
    public long DoneBelow => _waiting.Length > 0 ? _waiting[0] : QueueLength + 1;

    /// <summary>
    /// Queue tokens ahead of <paramref name="position"/> that the worker has not converted: the waiting positions below
    /// it, plus every place handed out after the snapshot was read and before this one (assumed still waiting: they
    /// joined less than <see cref="MaxAge"/> ago).
    /// </summary>
    /// <param name="position">The shopper's position in the sale's queue.</param>
    public long AheadOf(long position)
    {
        var index = Array.BinarySearch(_waiting, position);
        long waitingBelow = index >= 0 ? index : ~index;
        var joinedSince = Math.Max(0, position - 1 - QueueLength);
        return waitingBelow + joinedSince;
    }

    /// <summary>
    /// Younger than <see cref="MaxAge"/>. A snapshot from the future (the clock went back) is not fresh: it would
    /// otherwise be served for as long as the clock jumped.
    /// </summary>
    /// <param name="now">The current time.</param>
    public bool IsFreshAt(DateTimeOffset now)
    {
        var age = now - TakenAt;
        return age >= TimeSpan.Zero && age < MaxAge;
    }
}
