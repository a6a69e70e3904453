namespace FlashPurchase.Domain.Errors;

/// <summary>The stable <c>code</c> values of the HTTP contract. Clients switch on these: never rename one.</summary>
public static class ErrorCodes
{
    public const string ValidationFailed = "validation_failed";
    public const string Unauthorized = "unauthorized";
    public const string Forbidden = "forbidden";
    public const string NotFound = "not_found";
    public const string UsernameTaken = "username_taken";
    public const string InvalidCredentials = "invalid_credentials";
    public const string SaleNotOpen = "sale_not_open";
    public const string SaleClosed = "sale_closed";
    public const string QueueFull = "queue_full";
    public const string SoldOut = "sold_out";
    public const string AlreadyPurchased = "already_purchased";
    public const string QueueUnavailable = "queue_unavailable";
    public const string InvalidToken = "invalid_token";
    public const string TokenExpired = "token_expired";
    public const string TokenNotYours = "token_not_yours";
    public const string RateLimited = "rate_limited";

    // Extensions of the contract for failures it does not name (it forbids only renaming).
    public const string MethodNotAllowed = "method_not_allowed";
    public const string PayloadTooLarge = "payload_too_large";
    public const string UnsupportedMediaType = "unsupported_media_type";
    public const string ServiceUnavailable = "service_unavailable";
    public const string InternalError = "internal_error";
}
