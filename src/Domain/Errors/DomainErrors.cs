namespace FlashPurchase.Domain.Errors;

/// <summary>The refusals of the purchase flow, worded once for every use case that gives them.</summary>
public static class DomainErrors
{
    public static Error SaleNotOpen(DateTimeOffset opensAt) =>
        new(ErrorCodes.SaleNotOpen, $"The sale opens at {opensAt:u}; the queue is not open yet.") { OpensAt = opensAt };

    public static readonly Error SaleClosed = new(ErrorCodes.SaleClosed, "The sale is over.");
    public static readonly Error NoSale = new(ErrorCodes.NotFound, "There is no sale at the moment.");
    public static readonly Error QueueFull = new(ErrorCodes.QueueFull, "The queue is full; no more places are handed out.");
    public static readonly Error SoldOut = new(ErrorCodes.SoldOut, "Sorry, every unit has been sold.");
    public static readonly Error AlreadyPurchased = new(ErrorCodes.AlreadyPurchased, "You have already bought your unit in this sale.");
    /// <summary>How long a shopper should wait before joining again when the broker could not take the token.</summary>
    public static readonly TimeSpan QueueUnavailableRetryAfter = TimeSpan.FromSeconds(5);

    public static readonly Error QueueUnavailable = new(ErrorCodes.QueueUnavailable,
        "The queue cannot take new shoppers right now; please try again in a few seconds.")
    {
        RetryAfter = QueueUnavailableRetryAfter,
    };

    /// <summary>A correctly signed access token whose shopper does not exist (any more).</summary>
    public static readonly Error UnknownShopper = new(ErrorCodes.Unauthorized, "The access token names no shopper; log in again.");
    public static readonly Error InvalidToken = new(ErrorCodes.InvalidToken, "The token is not valid.");
    public static readonly Error TokenExpired = new(ErrorCodes.TokenExpired, "The token has expired; join the queue again.");
    public static readonly Error TokenRevoked = new(ErrorCodes.TokenRevoked,
        "The shopper left the queue: this token no longer works. Join the queue again for a new place.");
    public static readonly Error TokenNotYours = new(ErrorCodes.TokenNotYours, "The token belongs to another shopper.");
    public static readonly Error UsernameTaken = new(ErrorCodes.UsernameTaken, "That username is taken.");
    public static readonly Error InvalidCredentials = new(ErrorCodes.InvalidCredentials, "The username or password is wrong.");

    /// <summary>
    /// Too many failed logins lately (for this username from this address, from this address, or for this username from
    /// anywhere): the same words for every reason, and whether an account has the username or not.
    /// </summary>
    public static Error TooManyLoginAttempts(TimeSpan retryAfter)
    {
        // The wait carried is the one the sentence names, so that nothing reading this refusal can say another number.
        var seconds = WaitRounding.WholeSeconds(retryAfter);
        return new(ErrorCodes.RateLimited,
            $"Too many failed logins; please wait {seconds} seconds before trying again.")
        {
            RetryAfter = TimeSpan.FromSeconds(seconds),
        };
    }

    /// <summary>How long a shopper should wait before trying a paused queue again: an operator's pause is not timed.</summary>
    public static readonly TimeSpan QueuePausedRetryAfter = TimeSpan.FromSeconds(15);

    public static readonly Error QueuePaused = new(ErrorCodes.QueuePaused,
        "The queue is paused for a moment; please try again shortly.")
    {
        RetryAfter = QueuePausedRetryAfter,
    };

    /// <summary>Joining a sale that asks a bot challenge without a valid, unused solution: here is a fresh one.</summary>
    public static Error ChallengeRequired(Queue.QueueChallenge fresh) => new(ErrorCodes.ChallengeRequired,
        "Please solve the browser check (the challenge carried here) and join again.")
    {
        Challenge = fresh,
    };

    public static readonly Error SaleNotFound = new(ErrorCodes.NotFound, "No such sale.");

    public static Error SaleAlreadyOpen(IReadOnlyList<string> lockedFields) => new(ErrorCodes.SaleAlreadyOpen,
        $"The sale has opened: {string.Join(", ", lockedFields)} can no longer change.");

    public static Error StockBelowOrders(int ordersPlaced) => new(ErrorCodes.StockBelowOrders,
        $"The stock cannot be less than the {ordersPlaced} order(s) already placed.");

    public static readonly Error OrderNotFound = new(ErrorCodes.NotFound, "No such order.");
}
