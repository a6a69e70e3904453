namespace FlashPurchase.Application.Queue.Waiting;

/// <summary>Where a waiting shopper stands in the conversion queue, and when to ask again.</summary>
/// <param name="Ahead">Queue tokens ahead of the shopper's that the worker has not converted yet (0: next).</param>
/// <param name="RetryAfterSeconds">Seconds until the next poll is worth making (see <see cref="RetryAfterRule"/>).</param>
public sealed record WaitEstimate(long Ahead, int RetryAfterSeconds);
