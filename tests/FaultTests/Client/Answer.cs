using System.Net;
using System.Text.Json;

namespace FlashPurchase.FaultTests.Client;

/// <summary>One answer of the API, read completely; or, with <see cref="Status"/> 0, no answer at all (connection refused or reset).</summary>
public sealed record Answer(int Status, string Body, string? MediaType, int? RetryAfterSeconds, TimeSpan Elapsed, string? Failure = null)
{
    public const string ProblemMediaType = "application/problem+json";

    public bool IsAnswer => Status != 0;

    public bool IsProblem => MediaType == ProblemMediaType;

    /// <summary>The problem document's <c>code</c>, when the answer is one.</summary>
    public string? Code => IsProblem && Json.TryGetProperty("code", out var code) ? code.GetString() : null;

    public JsonElement Json => JsonDocument.Parse(Body).RootElement.Clone();

    public string Text(string property) =>
        Json.GetProperty(property).GetString() ?? throw new InvalidOperationException($"'{property}' is null in {this}");

    public long Number(string property) => Json.GetProperty(property).GetInt64();

    public static Answer From(HttpResponseMessage response, string body, TimeSpan elapsed) => new(
        (int)response.StatusCode,
        body,
        response.Content.Headers.ContentType?.MediaType,
        response.Headers.RetryAfter?.Delta is { } delta ? (int)delta.TotalSeconds : null,
        elapsed);

    public static Answer None(Exception failure, TimeSpan elapsed) =>
        new(0, string.Empty, null, null, elapsed, $"{failure.GetType().Name}: {failure.Message}");

    public override string ToString() => IsAnswer
        ? $"{Status} {(HttpStatusCode)Status} {MediaType} {(Body.Length > 400 ? Body[..400] + "..." : Body)} ({Elapsed.TotalSeconds:F1} s)"
        : $"no answer: {Failure} ({Elapsed.TotalSeconds:F1} s)";
}
