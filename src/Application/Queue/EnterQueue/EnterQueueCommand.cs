using System.Text.Json.Serialization;
using FlashPurchase.Application.Abstractions;
using Mediator;

namespace FlashPurchase.Application.Queue.EnterQueue;

/// <param name="UserId">The shopper joining.</param>
/// <param name="SaleId">The sale to join; null: the current sale (a v1 client names none).</param>
/// <param name="ChallengeSolution">The <c>Queue-Challenge</c> header, <c>&lt;challenge&gt;:&lt;nonce&gt;</c>, if sent.</param>
public sealed record EnterQueueCommand(Guid UserId, Guid? SaleId = null, string? ChallengeSolution = null)
    : ICommand<Result<QueueTicket>>;

/// <summary>A place in the queue: the signed queue token (QT) and the 1-based position it stands for.</summary>
/// <param name="QueueToken">The signed queue token (QT): joining again while it is valid gives back the same one.</param>
/// <param name="ExpiresAt">When the queue token expires.</param>
/// <param name="SaleId">The sale whose queue this is.</param>
/// <param name="Position">
/// The shopper's place number (1-based, fixed once given); null in the pre-queue, until the draw at the opening gives
/// it.
/// </param>
/// <param name="PreQueue">
/// True while the place waits in the pre-queue for the draw at the opening; otherwise null and left out of the JSON,
/// so a sale without a pre-queue answers exactly as v1 did.
/// </param>
public sealed record QueueTicket(
    string QueueToken, DateTimeOffset ExpiresAt, Guid SaleId, long? Position,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? PreQueue = null);
