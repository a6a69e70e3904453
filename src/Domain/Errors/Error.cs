namespace FlashPurchase.Domain.Errors;

/// <summary>
/// An expected refusal: a stable machine-readable <see cref="Code"/> (see <see cref="ErrorCodes"/>), one sentence a
/// shopper can read, and what some refusals add for the shopper to act on. Refusals are values, not exceptions: in a
/// flash sale "sold out" happens thousands of times a second.
/// </summary>
public sealed record Error(string Code, string Detail)
{
    /// <summary>How long to wait before trying again, for a refusal that lifts by itself (a busy queue, a lock).</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>With <see cref="ErrorCodes.SaleNotOpen"/>: when the queue opens.</summary>
    public DateTimeOffset? OpensAt { get; init; }

    /// <summary>With <see cref="ErrorCodes.ChallengeRequired"/>: a fresh challenge to solve before joining again.</summary>
    public Queue.QueueChallenge? Challenge { get; init; }

    /// <summary>With <see cref="ErrorCodes.ValidationFailed"/>: the messages of each invalid field, by field name.</summary>
    public IReadOnlyDictionary<string, string[]>? FieldErrors { get; init; }

    public static Error Validation(IReadOnlyDictionary<string, string[]> fieldErrors) =>
        new(ErrorCodes.ValidationFailed, "One or more fields are invalid.") { FieldErrors = fieldErrors };
}
