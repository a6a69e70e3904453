namespace FlashPurchase.Infrastructure.Security;

/// <summary>Login throttling (section <c>RateLimiting:Login</c>): at most MaxFailures failed logins per username per Window.</summary>
public sealed class LoginThrottleOptions
{
    public const string SectionName = "RateLimiting:Login";

    /// <summary>The switch of every limit, these and the HTTP rate limits of the API: false turns them all off.</summary>
    public const string EnabledKey = "RateLimiting:Enabled";

    /// <summary>Failed logins a username may have within <see cref="Window"/>; the next attempt is refused. 0: no throttling.</summary>
    public int MaxFailures { get; set; } = 5;

    /// <summary>
    /// How far back failures count. A locked username is let through again once its oldest counted failure is this old.
    /// </summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(15);
}
