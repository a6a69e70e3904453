namespace FlashPurchase.Application.Accounts.LoginThrottling;

/// <summary>
/// What a throttle store found for one login attempt, before counting it: the failures still inside the window of each
/// of the three counts, and whether the owner logged in from this address lately.
/// </summary>
public readonly record struct LoginFailures(
    int ForPair, DateTimeOffset? OldestForPair,
    int FromAddress, DateTimeOffset? OldestFromAddress,
    int ForUsername, DateTimeOffset? LatestForUsername,
    bool FromKnownAddress);

/// <summary>
/// The rule of the login throttle, one home for both stores (this process's memory, and Redis shared by every
/// instance): the stores read and count, this decides. Refuses an attempt when
/// <list type="number">
/// <item>its (username, address) pair has <see cref="MaxFailures"/> failures in the window, until the oldest ages out:
/// only that address is held back, so an attacker elsewhere cannot lock the owner out;</item>
/// <item>its address has <see cref="MaxFailuresPerAddress"/> failures for any usernames (spraying from one address),
/// likewise;</item>
/// <item>its username has <see cref="UsernameWideThreshold"/> or more failures from anywhere and the last one is more
/// recent than the delay: 1 s at the threshold, doubling with each further failure, at most <see cref="MaxDelay"/>.
/// That slows a guesser with many addresses to one guess per MaxDelay per username, and never from an address the
/// owner logged in from within <see cref="KnownAddressMemory"/>.</item>
/// </list>
/// A limit of 0 is off. Nothing here depends on whether an account has the username.
/// </summary>
public sealed record LoginThrottlePolicy(
    int MaxFailures, int MaxFailuresPerAddress, int UsernameWideThreshold, TimeSpan Window, TimeSpan MaxDelay,
    TimeSpan KnownAddressMemory)
{
    /// <summary>No limit at all: nothing need be counted.</summary>
    public bool IsOff => !CountsPair && !CountsAddress && !CountsUsername;

    /// <summary>Whether failures per (username, address) are counted (a window whose limit is off counts nothing).</summary>
    public bool CountsPair => MaxFailures > 0;

    public bool CountsAddress => MaxFailuresPerAddress > 0;

    public bool CountsUsername => UsernameWideThreshold > 0;

    /// <summary>Failures at or before this instant have left the window (stores drop them).</summary>
    public DateTimeOffset WindowStart(DateTimeOffset now) => now - Window;

    /// <summary>Logins at or before this instant no longer make an address known.</summary>
    public DateTimeOffset KnownSince(DateTimeOffset now) => now - KnownAddressMemory;

    /// <summary>How long the attempt must wait, or null when it may go ahead (and be counted).</summary>
    public TimeSpan? Refusal(LoginFailures failures, DateTimeOffset now)
    {
        var wait = TimeSpan.Zero;
        if (CountsPair && failures.ForPair >= MaxFailures)
        {
            wait = Longer(wait, Until(failures.OldestForPair, Window, now));
        }

        if (CountsAddress && failures.FromAddress >= MaxFailuresPerAddress)
        {
            wait = Longer(wait, Until(failures.OldestFromAddress, Window, now));
        }

        if (CountsUsername && failures.ForUsername >= UsernameWideThreshold && !failures.FromKnownAddress)
        {
            wait = Longer(wait, Until(failures.LatestForUsername, DelayAfter(failures.ForUsername), now));
        }

        return wait > TimeSpan.Zero ? wait : null;
    }

    /// <summary>The wait after a username's last failure once it has <paramref name="usernameFailures"/> in the window.</summary>
    public TimeSpan DelayAfter(int usernameFailures)
    {
        var doublings = usernameFailures - UsernameWideThreshold;
        if (doublings < 0)
        {
            return TimeSpan.Zero;
        }

        // Past 2^20 s (12 days) any sane MaxDelay is reached; the cap keeps the shift from overflowing.
        return doublings >= 20 ? MaxDelay : Shorter(TimeSpan.FromSeconds(1L << doublings), MaxDelay);
    }

    private static TimeSpan Until(DateTimeOffset? since, TimeSpan wait, DateTimeOffset now) =>
        since is { } start ? start + wait - now : TimeSpan.Zero;

    private static TimeSpan Longer(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static TimeSpan Shorter(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
