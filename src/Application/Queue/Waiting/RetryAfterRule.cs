namespace FlashPurchase.Application.Queue.Waiting;

/// <summary>
/// How long a waiting shopper should wait before polling the exchange again: the time the worker needs, at its
/// measured rate, to convert the queue tokens ahead, bounded to [<see cref="MinimumSeconds"/>,
/// <see cref="MaximumSeconds"/>]. docs/estimated-wait.md explains the choices.
/// </summary>
public static class RetryAfterRule
{
    /// <summary>The shortest wait: also the answer to the shopper who is next.</summary>
    public const int MinimumSeconds = 1;

    /// <summary>The longest wait: a shopper far back still hears from us twice a minute, whatever the estimate.</summary>
    public const int MaximumSeconds = 30;

    /// <summary>The wait when nothing was converted within the window, so there is no rate to divide by.</summary>
    public const int FallbackSeconds = 5;

    /// <summary>
    /// <c>ceil(ahead / rate)</c> clamped to the bounds; <see cref="MinimumSeconds"/> when nobody is ahead;
    /// <see cref="FallbackSeconds"/> when there is no rate.
    /// </summary>
    /// <param name="ahead">Queue tokens ahead of the shopper's that the worker has not converted yet.</param>
    /// <param name="rate">The worker's measured pace.</param>
    public static int SecondsFor(long ahead, ConversionRate rate)
    {
        // Next in line: the very next conversion is this shopper's, so ask soon even if the worker seems idle.
        if (ahead <= 0)
        {
            return MinimumSeconds;
        }

        if (rate.IsZero)
        {
            return FallbackSeconds;
        }

        // ahead / (conversions / span), written so that whole numbers stay whole in floating point.
        var seconds = Math.Ceiling(ahead * rate.Over.TotalSeconds / rate.Conversions);
        return (int)Math.Clamp(seconds, MinimumSeconds, MaximumSeconds);
    }
}
