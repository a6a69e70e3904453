namespace FlashPurchase.Application.Queue.Waiting;

/// <summary>
/// The worker's measured pace: <see cref="Conversions"/> purchase tokens created over <see cref="Over"/>. Measured
/// from what the worker did (the purchase tokens it stored), not from its configuration.
/// </summary>
/// <param name="Conversions">Purchase tokens created in the measured span.</param>
/// <param name="Over">The measured span, between <see cref="ShortestSpan"/> and <see cref="Window"/>.</param>
public readonly record struct ConversionRate(int Conversions, TimeSpan Over)
{
    /// <summary>How far back the conversions are counted.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The shortest span a rate is measured over, so that a handful of conversions in the last few milliseconds does
    /// not read as thousands a second.
    /// </summary>
    public static readonly TimeSpan ShortestSpan = TimeSpan.FromSeconds(1);

    /// <summary>Nothing converted within the window: the worker is down, not started, or has nothing to do.</summary>
    public static ConversionRate None => new(0, Window);

    public bool IsZero => Conversions <= 0;

    /// <summary>
    /// The pace to expect: the measured one, but never faster than the sale's release pace; the release pace alone
    /// while nothing was measured yet (the first releases of a paced sale). A limit of active shoppers shows in the
    /// measured pace, which is then the slower.
    /// </summary>
    /// <param name="measured">What the worker released lately.</param>
    /// <param name="releaseRate">The sale's release pace, per minute; 0: none.</param>
    public static ConversionRate Expected(ConversionRate measured, int releaseRate)
    {
        if (releaseRate <= 0)
        {
            return measured;
        }

        var paced = new ConversionRate(releaseRate, TimeSpan.FromMinutes(1));
        return measured.IsZero || paced.PerSecond < measured.PerSecond ? paced : measured;
    }

    private double PerSecond => Conversions / Over.TotalSeconds;

    /// <summary>
    /// The rate over the span the conversions actually cover: from the oldest conversion within the window until
    /// <paramref name="now"/>. A worker that started two seconds ago is measured over two seconds, not ten (which
    /// would under-rate it fivefold); one that stopped fades out of the window.
    /// </summary>
    /// <param name="conversions">Purchase tokens created since <c>now - Window</c>.</param>
    /// <param name="oldestConversion">When the oldest of them was created.</param>
    /// <param name="now">When they were counted.</param>
    public static ConversionRate Measure(int conversions, DateTimeOffset? oldestConversion, DateTimeOffset now)
    {
        if (conversions <= 0 || oldestConversion is not { } oldest)
        {
            return None;
        }

        var span = now - oldest;
        return new ConversionRate(conversions, span < ShortestSpan ? ShortestSpan : span > Window ? Window : span);
    }
}
