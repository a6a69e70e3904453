using System.Text.Json.Serialization;

namespace FlashPurchase.WebApi.Problems;

/// <summary>
/// An RFC 9457 problem document as FlashPurchase writes it: every error carries a stable <see cref="Code"/> that
/// clients switch on. Declared as a class (not ProblemDetails' bag of extensions) so that the OpenAPI document and
/// the generated clients know every member.
/// </summary>
public sealed class ApiProblem
{
    public required string Type { get; init; }
    public required string Title { get; init; }
    public required int Status { get; init; }
    public required string Detail { get; init; }
    public required string TraceId { get; init; }

    /// <summary>The machine-readable reason, one of the contract's codes (sold_out, token_expired, ...).</summary>
    public required string Code { get; init; }

    /// <summary>With validation_failed: the messages of each invalid field.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, string[]>? Errors { get; init; }

    /// <summary>With sale_not_open: when the queue opens.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? OpensAt { get; init; }

    /// <summary>With challenge_required: a fresh bot challenge to solve (then send enter's Queue-Challenge header).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Challenge { get; init; }

    /// <summary>With challenge_required: the leading zero bits of SHA-256 the challenge asks.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Difficulty { get; init; }

    /// <summary>With challenge_required: until when the challenge may be used.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>With 503 and 429 answers: seconds to wait before trying again (also the Retry-After header).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? RetryAfterSeconds { get; init; }
}
