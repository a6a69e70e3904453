using FlashPurchase.Application.Abstractions;
using FlashPurchase.WebApi.Problems;
using Microsoft.AspNetCore.Mvc;

namespace FlashPurchase.WebApi.Controllers;

/// <summary>
/// The one mapping from a use case's <see cref="Result{T}"/> to an HTTP answer, used by every action: a refusal becomes
/// its problem document (<see cref="ErrorResult"/>), a success whatever the action makes of the value (200, 201 with a
/// Location, 202 with Retry-After...).
/// </summary>
public static class ResultMapping
{
    public static IActionResult ToActionResult<T>(this Result<T> result, Func<T, IActionResult> onSuccess) =>
        result.IsSuccess ? onSuccess(result.Value) : new ErrorResult(result.Error);

    /// <summary>The same answer with a <c>Retry-After</c> header of <paramref name="seconds"/> (see <see cref="RetryAfterHeader"/>).</summary>
    public static IActionResult WithRetryAfter(this IActionResult answer, int seconds) =>
        new WithHeaderResult(answer, response => RetryAfterHeader.Set(response, seconds));

    /// <summary>
    /// The same answer, which shared caches (a CDN in front of the API) may keep for <paramref name="maxAge"/> (whole
    /// seconds, at least one) and browsers must ask for again: for anonymous reads that are the same for everyone and
    /// already allowed to be that old. Not kept by browsers, because the waiting room reads the sales again right after
    /// its shopper bought, and a browser's copy from a moment before would show the unit just bought as still there.
    /// </summary>
    public static IActionResult WithSharedCache(this IActionResult answer, TimeSpan maxAge)
    {
        var header = $"public, max-age=0, s-maxage={Math.Max(1, (int)maxAge.TotalSeconds)}";
        return new WithHeaderResult(answer, response => response.Headers.CacheControl = header);
    }

    private sealed class WithHeaderResult(IActionResult answer, Action<HttpResponse> setHeader) : IActionResult
    {
        public Task ExecuteResultAsync(ActionContext context)
        {
            setHeader(context.HttpContext.Response);
            return answer.ExecuteResultAsync(context);
        }
    }
}
