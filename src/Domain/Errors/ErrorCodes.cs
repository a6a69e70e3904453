namespace FlashPurchase.Domain.Errors;

/// <summary>The stable codes of the refusals, which clients switch on: never rename one.</summary>
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
    public const string QueuePaused = "queue_paused";
    public const string SaleAlreadyOpen = "sale_already_open";
    public const string StockBelowOrders = "stock_below_orders";
    public const string TokenRevoked = "token_revoked";
    public const string ChallengeRequired = "challenge_required";
}
