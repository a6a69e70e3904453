using System.Diagnostics;
using System.Text.Json;
using FlashPurchase.Domain.Errors;
using FlashPurchase.WebApi.Metrics;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace FlashPurchase.WebApi.Problems;

/// <summary>Writes an <see cref="Error"/> as an <c>application/problem+json</c> answer; every error path ends here.</summary>
public static class ProblemWriter
{
    public const string ContentType = "application/problem+json";

    public static ApiProblem ToProblem(Error error, HttpContext context) =>
        // The W3C trace id (32 hex digits), the one a tracing backend shows: ASP.NET Core starts the request's activity
        // in the caller's trace (traceparent) or a new one, whether or not traces are exported.
        ToProblem(error, Activity.Current?.TraceId.ToHexString() ?? context.TraceIdentifier);

    /// <summary>The problem document of an error, with the trace id given (the OpenAPI document's examples use one).</summary>
    public static ApiProblem ToProblem(Error error, string traceId)
    {
        var (status, title) = ErrorStatus.Of(error.Code);
        return new ApiProblem
        {
            Type = $"urn:flashpurchase:problem:{error.Code}",
            Title = title,
            Status = status,
            Detail = error.Detail,
            TraceId = traceId,
            Code = error.Code,
            Errors = error.FieldErrors,
            OpensAt = error.OpensAt,
            Challenge = error.Challenge?.Challenge,
            Difficulty = error.Challenge?.Difficulty,
            ExpiresAt = error.Challenge?.ExpiresAt,
            RetryAfterSeconds = error.RetryAfter is { } wait ? WaitRounding.WholeSeconds(wait) : null,
        };
    }

    public static async Task WriteAsync(HttpContext context, Error error)
    {
        OutcomeStepAttribute.RecordRefusal(context, error.Code);
        var problem = ToProblem(error, context);
        var response = context.Response;
        response.StatusCode = problem.Status;
        response.ContentType = ContentType;
        if (problem.RetryAfterSeconds is { } seconds)
        {
            RetryAfterHeader.Set(response, seconds);
        }

        var json = context.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        await JsonSerializer.SerializeAsync(response.Body, problem, json, context.RequestAborted);
    }
}
