using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace FlashPurchase.WebApi.FunctionalTests.Client;

/// <summary>An answer of the API, read completely: status, headers, media type and body.</summary>
public class ApiResponse
{
    public const string ProblemMediaType = "application/problem+json";

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public ApiResponse(HttpResponseMessage message, string body)
    {
        Status = message.StatusCode;
        Headers = message.Headers;
        ContentHeaders = message.Content.Headers;
        MediaType = message.Content.Headers.ContentType?.MediaType;
        Body = body;
    }

    protected ApiResponse(ApiResponse other)
    {
        Status = other.Status;
        Headers = other.Headers;
        ContentHeaders = other.ContentHeaders;
        MediaType = other.MediaType;
        Body = other.Body;
    }

    public HttpStatusCode Status { get; }

    public int StatusCode => (int)Status;

    public HttpResponseHeaders Headers { get; }

    public HttpContentHeaders ContentHeaders { get; }

    public string? MediaType { get; }

    public string Body { get; }

    public bool IsSuccess => StatusCode is >= 200 and < 300;

    /// <summary>The body as a JSON element (for checking the exact member names of the contract).</summary>
    public JsonElement JsonBody => JsonDocument.Parse(Body).RootElement.Clone();

    /// <summary>The problem document, when the answer is one.</summary>
    public Problem? Problem => MediaType == ProblemMediaType ? JsonSerializer.Deserialize<Problem>(Body, Json) : null;

    /// <summary>Seconds of the Retry-After header, when there is one.</summary>
    public int? RetryAfterSeconds => Headers.RetryAfter?.Delta is { } delta ? (int)delta.TotalSeconds : null;

    public T As<T>() => JsonSerializer.Deserialize<T>(Body, Json)
        ?? throw new InvalidOperationException($"The body is JSON null: {this}");

    public override string ToString() =>
        $"{StatusCode} {MediaType} {(Body.Length > 600 ? Body[..600] + "..." : Body)}";
}

/// <summary>An answer whose success body is a <typeparamref name="T"/>.</summary>
public sealed class ApiResponse<T>(ApiResponse response) : ApiResponse(response)
{
    /// <summary>The success body; throws (with the whole answer in the message) for anything but 2xx.</summary>
    public T Value => IsSuccess ? As<T>() : throw new InvalidOperationException($"Expected a success, got {this}");
}
