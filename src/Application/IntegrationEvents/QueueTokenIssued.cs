namespace FlashPurchase.Application.IntegrationEvents;

/// <summary>
/// Sent to the broker for every queue token handed out; the queue worker turns it into a purchase token.
/// Only the API sends it, so a queue token that was never sent can never become a purchase token.
/// The type's name and namespace are its identity on the wire: don't move or rename it.
/// </summary>
public sealed record QueueTokenIssued(Guid QueueTokenId, Guid SaleId, Guid UserId, long Position, DateTimeOffset ExpiresAt);
