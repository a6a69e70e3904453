using System.Text.Json;
using FlashPurchase.WebApi.Problems;

namespace FlashPurchase.WebApi.FunctionalTests.Client;

/// <summary>What every error answer of the contract must look like.</summary>
public static class ProblemAssertions
{
    /// <summary>The contract's codes plus the extensions the API documents for failures the contract does not name.</summary>
    public static readonly IReadOnlySet<string> KnownCodes = new HashSet<string>
    {
        "validation_failed", "unauthorized", "forbidden", "not_found", "username_taken", "invalid_credentials",
        "sale_not_open", "sale_closed", "queue_full", "sold_out", "already_purchased", "queue_unavailable",
        "invalid_token", "token_expired", "token_not_yours", "rate_limited",
        "queue_paused", "sale_already_open", "stock_below_orders", "token_revoked", "challenge_required",
        HttpErrorCodes.MethodNotAllowed, HttpErrorCodes.PayloadTooLarge, HttpErrorCodes.UnsupportedMediaType,
        HttpErrorCodes.ServiceUnavailable,
    };

    // What a leaked exception looks like: stack frames and .NET type names.
    private static readonly string[] InternalMarkers =
        ["Exception", "   at ", "System.", "Microsoft.", "FlashPurchase.", "StackTrace", "stackTrace", ".cs:line"];

    /// <summary>
    /// Asserts an RFC 9457 problem with the given status and code, carrying type, title, status, detail and traceId,
    /// and naming nothing internal. Returns it for further checks.
    /// </summary>
    public static Problem ShouldBeProblem(this ApiResponse response, int status, string code)
    {
        response.StatusCode.Should().Be(status, "the answer was {0}", response);
        var problem = response.ShouldBeSomeProblem();
        problem.Code.Should().Be(code, "the answer was {0}", response);
        return problem;
    }

    /// <summary>Asserts a well-formed problem document with a known code, whatever the status.</summary>
    public static Problem ShouldBeSomeProblem(this ApiResponse response)
    {
        response.MediaType.Should().Be(ApiResponse.ProblemMediaType, "every error is a problem document; got {0}", response);
        response.ShouldNotLeakInternals();

        var json = response.JsonBody;
        foreach (var member in new[] { "type", "title", "status", "detail", "traceId", "code" })
        {
            json.TryGetProperty(member, out _).Should().BeTrue("a problem carries '{0}'; got {1}", member, response);
        }

        var problem = response.Problem!;
        problem.Status.Should().Be(response.StatusCode, "the document's status matches the answer's");
        problem.Type.Should().NotBeNullOrWhiteSpace();
        problem.Title.Should().NotBeNullOrWhiteSpace();
        problem.Detail.Should().NotBeNullOrWhiteSpace();
        problem.TraceId.Should().NotBeNullOrWhiteSpace();
        KnownCodes.Should().Contain(problem.Code!, "codes are stable and documented; got {0}", response);
        return problem;
    }

    public static void ShouldNotLeakInternals(this ApiResponse response)
    {
        foreach (var marker in InternalMarkers)
        {
            response.Body.Should().NotContain(marker, "no answer shows stack traces or type names; got {0}", response);
        }

        response.Body.TrimStart().Should().NotStartWith("<", "no HTML error pages; got {0}", response);
    }

    /// <summary>Asserts that the JSON object has exactly these member names (case-sensitive) among its members.</summary>
    public static void ShouldHaveMembers(this JsonElement json, params string[] names)
    {
        json.ValueKind.Should().Be(JsonValueKind.Object);
        foreach (var name in names)
        {
            json.TryGetProperty(name, out _).Should().BeTrue("the contract names the member '{0}'; got {1}", name, json);
        }
    }
}
