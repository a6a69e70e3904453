using FlashPurchase.Domain.Errors;

namespace FlashPurchase.WebApi.Problems;

/// <summary>The one table from an error code to its HTTP status and title.</summary>
public static class ErrorStatus
{
    private static readonly Dictionary<string, (int Status, string Title)> Table = new()
    {
        [ErrorCodes.ValidationFailed] = (StatusCodes.Status400BadRequest, "The request is invalid"),
        [ErrorCodes.InvalidToken] = (StatusCodes.Status400BadRequest, "Invalid token"),
        [ErrorCodes.Unauthorized] = (StatusCodes.Status401Unauthorized, "Authentication required"),
        [ErrorCodes.InvalidCredentials] = (StatusCodes.Status401Unauthorized, "Invalid credentials"),
        [ErrorCodes.Forbidden] = (StatusCodes.Status403Forbidden, "Forbidden"),
        [ErrorCodes.TokenNotYours] = (StatusCodes.Status403Forbidden, "Token belongs to another shopper"),
        [ErrorCodes.NotFound] = (StatusCodes.Status404NotFound, "Not found"),
        [HttpErrorCodes.MethodNotAllowed] = (StatusCodes.Status405MethodNotAllowed, "Method not allowed"),
        [ErrorCodes.UsernameTaken] = (StatusCodes.Status409Conflict, "Username taken"),
        [ErrorCodes.SaleNotOpen] = (StatusCodes.Status409Conflict, "Sale not open yet"),
        [ErrorCodes.SaleClosed] = (StatusCodes.Status409Conflict, "Sale closed"),
        [ErrorCodes.QueueFull] = (StatusCodes.Status409Conflict, "Queue full"),
        [ErrorCodes.SoldOut] = (StatusCodes.Status409Conflict, "Sold out"),
        [ErrorCodes.AlreadyPurchased] = (StatusCodes.Status409Conflict, "Already purchased"),
        [ErrorCodes.QueuePaused] = (StatusCodes.Status409Conflict, "Queue paused"),
        [ErrorCodes.SaleAlreadyOpen] = (StatusCodes.Status409Conflict, "Sale already open"),
        [ErrorCodes.StockBelowOrders] = (StatusCodes.Status409Conflict, "Stock below orders"),
        [ErrorCodes.TokenExpired] = (StatusCodes.Status410Gone, "Token expired"),
        [ErrorCodes.TokenRevoked] = (StatusCodes.Status410Gone, "Token revoked"),
        [HttpErrorCodes.PayloadTooLarge] = (StatusCodes.Status413PayloadTooLarge, "Request body too large"),
        [HttpErrorCodes.UnsupportedMediaType] = (StatusCodes.Status415UnsupportedMediaType, "Unsupported media type"),
        [ErrorCodes.ChallengeRequired] = (StatusCodes.Status428PreconditionRequired, "Challenge required"),
        [ErrorCodes.RateLimited] = (StatusCodes.Status429TooManyRequests, "Too many requests"),
        [HttpErrorCodes.InternalError] = (StatusCodes.Status500InternalServerError, "Internal error"),
        [ErrorCodes.QueueUnavailable] = (StatusCodes.Status503ServiceUnavailable, "Queue unavailable"),
        [HttpErrorCodes.ServiceUnavailable] = (StatusCodes.Status503ServiceUnavailable, "Service unavailable"),
    };

    public static (int Status, string Title) Of(string code) =>
        Table.TryGetValue(code, out var entry) ? entry : (StatusCodes.Status500InternalServerError, "Internal error");

    /// <summary>The code for a bare status the framework answered with (404 of routing, 415 of MVC...).</summary>
    public static string CodeFor(int status) => status switch
    {
        StatusCodes.Status401Unauthorized => ErrorCodes.Unauthorized,
        StatusCodes.Status403Forbidden => ErrorCodes.Forbidden,
        StatusCodes.Status404NotFound => ErrorCodes.NotFound,
        StatusCodes.Status405MethodNotAllowed => HttpErrorCodes.MethodNotAllowed,
        StatusCodes.Status413PayloadTooLarge => HttpErrorCodes.PayloadTooLarge,
        StatusCodes.Status415UnsupportedMediaType => HttpErrorCodes.UnsupportedMediaType,
        StatusCodes.Status429TooManyRequests => ErrorCodes.RateLimited,
        StatusCodes.Status503ServiceUnavailable => HttpErrorCodes.ServiceUnavailable,
        >= 500 => HttpErrorCodes.InternalError,
        _ => ErrorCodes.ValidationFailed,
    };
}
