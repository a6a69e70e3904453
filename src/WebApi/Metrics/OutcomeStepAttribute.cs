using FlashPurchase.Infrastructure.Telemetry;
using Microsoft.AspNetCore.Mvc.Filters;

namespace FlashPurchase.WebApi.Metrics;

/// <summary>
/// Counts the action's answers in <c>flashpurchase_outcomes_total{step, code}</c>. Refusals are counted where every
/// problem document is written (<see cref="Problems.ProblemWriter"/>, which reads this attribute from the endpoint), so
/// that a 429 of the rate limiter or a 503 of the exception handler counts too; the successes here: <c>ok</c>, or
/// <c>pending</c> for a 202.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class OutcomeStepAttribute(string step) : Attribute, IAsyncResultFilter
{
    public string Step { get; } = step;

    public async Task OnResultExecutionAsync(ResultExecutingContext context, ResultExecutionDelegate next)
    {
        await next();
        var status = context.HttpContext.Response.StatusCode;
        if (status < StatusCodes.Status400BadRequest)
        {
            Record(context.HttpContext, Step, status == StatusCodes.Status202Accepted
                ? FlashPurchaseMetrics.SuccessCodes.Pending
                : FlashPurchaseMetrics.SuccessCodes.Ok);
        }
    }

    /// <summary>Counts a refusal of a counted step (nothing for other endpoints).</summary>
    public static void RecordRefusal(HttpContext context, string code)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<OutcomeStepAttribute>() is { } step)
        {
            Record(context, step.Step, code);
        }
    }

    private static void Record(HttpContext context, string step, string code) =>
        context.RequestServices.GetRequiredService<FlashPurchaseMetrics>().RecordOutcome(step, code);
}
