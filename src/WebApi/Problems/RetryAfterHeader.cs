using System.Globalization;
using FlashPurchase.Domain.Errors;

namespace FlashPurchase.WebApi.Problems;

/// <summary>
/// A wait as the <c>Retry-After</c> header says it (delay-seconds, RFC 9110 §10.2.3), and as the
/// <c>retryAfterSeconds</c> members of the bodies repeat it. Every answer that tells a client to wait sets it here.
/// </summary>
public static class RetryAfterHeader
{
    /// <summary>Sets the header to <paramref name="seconds"/> (already whole: <see cref="WaitRounding.WholeSeconds"/>).</summary>
    public static void Set(HttpResponse response, int seconds) =>
        response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
}
