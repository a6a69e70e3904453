using System.Text;
using System.Text.Json;
using FlashPurchase.WebApi.FunctionalTests.Client;
using FlashPurchase.WebApi.Problems;

namespace FlashPurchase.WebApi.FunctionalTests.Fuzz;

/// <summary>An answer as the fuzz saw it, or the transport error in its place.</summary>
public sealed record FuzzResponse(
    int Status, string? MediaType, string Body, IReadOnlyList<KeyValuePair<string, string>> Headers, string? TransportError)
{
    /// <summary>The problem document's <c>code</c>, when the body is a JSON object that has one.</summary>
    public string? Code { get; init; }

    public static FuzzResponse Failed(string error) => new(0, null, "", [], error);

    public string Describe(int maxBody = 800)
    {
        if (TransportError is not null)
        {
            return "  no answer: " + TransportError;
        }

        var text = new StringBuilder();
        text.Append("  ").Append(Status).Append(' ').Append(MediaType ?? "(no content type)").AppendLine();
        foreach (var (name, value) in Headers.Where(h => h.Key is not ("Date" or "Server" or "Transfer-Encoding")))
        {
            text.Append("  ").Append(name).Append(": ").AppendLine(FuzzRequest.Printable(value, 200));
        }

        text.Append("  body: ").AppendLine(FuzzRequest.Printable(Body, maxBody));
        return text.ToString();
    }
}

/// <summary>
/// The rules every answer must keep, whatever was sent: no 5xx and no lost connection; every refusal an RFC 9457
/// problem document whose <c>code</c> is documented; nothing internal named anywhere in the answer; and, when the
/// generator knew what the answer must be, that answer.
/// </summary>
public static class ResponseJudge
{
    /// <summary>Codes that mean a bug or an outage: never an answer to bad input on healthy services.</summary>
    public static readonly IReadOnlySet<string> ForbiddenCodes = new HashSet<string> { "internal_error", "service_unavailable" };

    /// <summary>What leaked internals look like: stack frames, .NET and library type names, SQL, token-library errors.</summary>
    public static readonly string[] LeakMarkers =
    [
        "Exception", "   at ", "System.", "Microsoft.", "FlashPurchase.", "StackTrace", "stackTrace", ".cs:line", "MySql",
        "MariaDB", "SQLSTATE", "SELECT ", "INSERT ", "UPDATE ", "DELETE FROM", "EntityFramework", "Sqlite", "RabbitMQ",
        "MassTransit", "IDX1", "error_description", "<html", "<!DOCTYPE",
    ];

    private static readonly string[] ProblemMembers = ["type", "title", "status", "detail", "traceId", "code"];

    /// <summary>
    /// The codes the contract documents: v1's and the API's extensions (see <see cref="ProblemAssertions.KnownCodes"/>),
    /// and v2's that this version answers with.
    /// </summary>
    public static readonly IReadOnlySet<string> KnownCodes =
        ProblemAssertions.KnownCodes.Union(["forbidden", "queue_paused", "sale_already_open", "stock_below_orders"]).ToHashSet();

    /// <summary>Reads the problem code of a body, if any (for the statistics and the judgement).</summary>
    public static string? CodeOf(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.ValueKind == JsonValueKind.Object
                && json.RootElement.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.String
                    ? code.GetString()
                    : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Null when the answer keeps every rule; otherwise what is wrong with it.</summary>
    public static string? Judge(FuzzRequest request, FuzzResponse response)
    {
        // Kestrel refuses a path whose decoding holds NUL itself, before any middleware: a bare 400 the app cannot
        // turn into a problem document. Nothing else may answer without one.
        if (request.PathAndQuery.Split('?')[0].Contains("%00", StringComparison.Ordinal)
            && response is { Status: 400, MediaType: null, Body: "" })
        {
            return null;
        }

        if (response.TransportError is not null)
        {
            // See FuzzRequest.OverBodyLimit. Anything else must be answered.
            return request.OverBodyLimit ? null : "no HTTP answer";
        }

        var status = response.Status;
        if (status >= 500)
        {
            return $"a {status}: no request, however malformed, may get a 5xx";
        }

        var path = request.PathAndQuery.Split('?')[0].ToLowerInvariant();
        var api = path.StartsWith("/api/", StringComparison.Ordinal) || path.StartsWith("/health/", StringComparison.Ordinal)
            || path.StartsWith("//api/", StringComparison.Ordinal);
        var head = request.Method == HttpMethod.Head;

        if (status >= 400 && ProblemFailure(response, head) is { } problem)
        {
            return problem;
        }

        if (status is >= 300 and < 400 && api)
        {
            return "a redirect from an API address";
        }

        if (status is >= 200 and < 300 && api && !head && status != 204 && response.MediaType != "application/json")
        {
            return "a success of the API that is not application/json";
        }

        if ((api || status >= 400) && Leak(request, response) is { } leak)
        {
            return $"the answer names something internal ('{leak}')";
        }

        // Whatever else was expected: a refusal of an endpoint names one of the codes that endpoint may answer with.
        if (status >= 400 && !head && request.AllowedCodes is { } allowed && response.Code is { } answered
            && !allowed.Contains(answered))
        {
            return $"'{answered}' is not among the codes of this endpoint ({string.Join(", ", allowed.Order())})";
        }

        if (request.Expect is { } expect)
        {
            if (status is >= 200 and < 300 && !expect.SuccessAllowed)
            {
                return $"a success where {expect} was due";
            }

            // An answer to HEAD has no body: its status must be the one of an expected code.
            if (status >= 400 && head && !expect.Codes.Any(code => ErrorStatus.Of(code).Status == status))
            {
                return $"a {status} where {expect} was due";
            }

            if (status >= 400 && !head && (response.Code is null || !expect.Codes.Contains(response.Code)))
            {
                return $"'{response.Code}' where {expect} was due";
            }

            if (status < 200 || status is >= 300 and < 400)
            {
                return $"a {status} where {expect} was due";
            }
        }

        return null;
    }

    private static string? ProblemFailure(FuzzResponse response, bool head)
    {
        if (response.MediaType != ApiResponse.ProblemMediaType)
        {
            return $"a {response.Status} that is not {ApiResponse.ProblemMediaType}";
        }

        if (head)
        {
            return null; // No body is sent in answer to HEAD.
        }

        JsonElement root;
        try
        {
            using var json = JsonDocument.Parse(response.Body);
            root = json.RootElement.Clone();
        }
        catch (JsonException)
        {
            return "a problem document that is not JSON";
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            return "a problem document that is not a JSON object";
        }

        foreach (var member in ProblemMembers)
        {
            if (!root.TryGetProperty(member, out var value) || value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined
                || (value.ValueKind == JsonValueKind.String && string.IsNullOrWhiteSpace(value.GetString())))
            {
                return $"a problem document without '{member}'";
            }
        }

        if (!root.GetProperty("status").TryGetInt32(out var documentStatus) || documentStatus != response.Status)
        {
            return "a problem document whose status is not the answer's";
        }

        var code = root.GetProperty("code").GetString()!;
        if (ForbiddenCodes.Contains(code))
        {
            return $"'{code}': a bug or an outage, not an answer to the request";
        }

        return KnownCodes.Contains(code) ? null : $"the undocumented code '{code}'";
    }

    /// <summary>The first marker found in the answer that the request did not carry itself (an echo is not a leak).</summary>
    private static string? Leak(FuzzRequest request, FuzzResponse response)
    {
        var sent = request.AllText();
        var answer = response.Body + "\n" + string.Join("\n", response.Headers.Select(h => h.Key + ": " + h.Value));
        return LeakMarkers.FirstOrDefault(marker =>
            answer.Contains(marker, StringComparison.Ordinal) && !sent.Contains(marker, StringComparison.Ordinal));
    }
}
