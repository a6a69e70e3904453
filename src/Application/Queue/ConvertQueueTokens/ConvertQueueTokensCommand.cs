using FlashPurchase.Application.Abstractions;
using Mediator;

namespace FlashPurchase.Application.Queue.ConvertQueueTokens;

/// <summary>A queue token as its message reached the queue worker through the broker.</summary>
public sealed record QueuedToken(Guid QueueTokenId, Guid SaleId, Guid UserId, DateTimeOffset ExpiresAt);

/// <summary>Sent by the queue worker with a batch of queue token messages it received from the broker.</summary>
public sealed record ConvertQueueTokensCommand(IReadOnlyList<QueuedToken> QueueTokens) : ICommand<Result<ConversionReport>>;

/// <summary>What became of each queue token of a batch.</summary>
/// <param name="Created">Queue tokens that got their purchase token now.</param>
/// <param name="AlreadyConverted">
/// Queue tokens that already had one (redelivered messages), or whose shopper left the queue: nothing changed.
/// </param>
/// <param name="Expired">Queue tokens that expired before the worker reached them: no purchase token is made.</param>
/// <param name="NotStored">
/// Queue tokens with no queue place in the database: their admission has not committed yet (the broker confirms
/// before the API commits) or was rolled back. They must not become purchase tokens now; the worker retries them.
/// </param>
/// <param name="HeldBack">
/// Queue tokens of a sale that releases in queue order now (paused, paced, limited to a number of active shoppers, or
/// its pre-queue not drawn yet): their places are held back for the release loop.
/// </param>
public sealed record ConversionReport(
    IReadOnlyList<Guid> Created, IReadOnlyList<Guid> AlreadyConverted, IReadOnlyList<Guid> Expired, IReadOnlyList<Guid> NotStored,
    IReadOnlyList<Guid> HeldBack);
