namespace FlashPurchase.WebApi.Contracts;

public sealed record PurchaseTokenResponse(string PurchaseToken, DateTimeOffset ExpiresAt);

/// <summary>
/// The 202 answer of the exchange while the worker has not converted the queue token yet. How both numbers are
/// computed: docs/estimated-wait.md.
/// </summary>
/// <param name="Status">Always <c>pending</c>.</param>
/// <param name="Position">
/// How many queue tokens are ahead of this one in the conversion queue: places of the same sale that joined earlier,
/// are still valid, and have not been converted yet. 0 means this token is next. Not the entry number of
/// <c>GET /api/queue/enter</c>: it falls as the worker converts the tokens ahead. Null while the place waits in a
/// pre-queue for the draw at the sale's opening.
/// </param>
/// <param name="RetryAfterSeconds">
/// When to ask again, in seconds (the Retry-After header says the same): the time the queue worker needs, at the pace
/// it converted tokens over the last seconds, for the tokens ahead; at least 1 and at most 30; 5 when it converted
/// none lately; 1 when this token is next.
/// </param>
public sealed record ExchangePendingResponse(string Status, long? Position, int RetryAfterSeconds)
{
    public const string PendingStatus = "pending";
}

public sealed record OrderPlacedResponse(
    Guid OrderId, Guid SaleId, string ProductName, decimal Price, string Currency, DateTimeOffset PlacedAt, string Message);
