namespace FlashPurchase.WebApi.FunctionalTests.Client;

// The contract's success bodies, as a client reads them (camelCase JSON).

public sealed record RegisteredUserBody(Guid UserId, string Username);

public sealed record AccessTokenBody(string AccessToken, string TokenType, DateTimeOffset ExpiresAt);

public sealed record SaleBody(
    Guid SaleId, string ProductName, decimal Price, string Currency, int StockTotal, int StockRemaining,
    DateTimeOffset OpensAt, DateTimeOffset ClosesAt, string Status);

public sealed record QueueTicketBody(string QueueToken, DateTimeOffset ExpiresAt, Guid SaleId, long Position);

public sealed record PurchaseTokenBody(string PurchaseToken, DateTimeOffset ExpiresAt);

public sealed record PendingBody(string Status, long Position, int RetryAfterSeconds);

public sealed record OrderPlacedBody(
    Guid OrderId, Guid SaleId, string ProductName, decimal Price, DateTimeOffset PlacedAt, string Message);

public sealed record OrderBody(Guid OrderId, Guid SaleId, string ProductName, decimal Price, DateTimeOffset PlacedAt);

/// <summary>An RFC 9457 problem document with FlashPurchase's <c>code</c> and optional members.</summary>
public sealed record Problem(
    string? Type,
    string? Title,
    int? Status,
    string? Detail,
    string? TraceId,
    string? Code,
    Dictionary<string, string[]>? Errors,
    DateTimeOffset? OpensAt,
    int? RetryAfterSeconds);
