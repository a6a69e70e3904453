namespace FlashPurchase.WebApi.Contracts;

public sealed record PurchaseTokenResponse(string PurchaseToken, DateTimeOffset ExpiresAt);

/// <summary>The 202 answer of the exchange while the worker has not converted the queue token yet.</summary>
public sealed record ExchangePendingResponse(string Status, long Position, int RetryAfterSeconds)
{
    public const string PendingStatus = "pending";
}

public sealed record OrderPlacedResponse(
    Guid OrderId, Guid SaleId, string ProductName, decimal Price, string Currency, DateTimeOffset PlacedAt, string Message);
