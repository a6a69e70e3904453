using FlashPurchase.Application.Abstractions;
using Mediator;

namespace FlashPurchase.Application.Queue.ExchangeToken;

public sealed record ExchangeTokenCommand(Guid UserId, string QueueToken) : ICommand<Result<ExchangeOutcome>>;

public abstract record ExchangeOutcome
{
    /// <summary>The queue worker has converted the queue token: here is the purchase token (the same on every call).</summary>
    public sealed record Converted(string PurchaseToken, DateTimeOffset ExpiresAt) : ExchangeOutcome;

    /// <summary>
    /// Not converted yet: <see cref="Position"/> queue tokens are ahead of this one in the conversion queue (0: it is
    /// next; null: the place waits for the pre-queue's draw); ask again in <see cref="RetryAfterSeconds"/>. See
    /// <see cref="Waiting.WaitEstimator"/>.
    /// </summary>
    public sealed record Pending(long? Position, int RetryAfterSeconds) : ExchangeOutcome;
}
