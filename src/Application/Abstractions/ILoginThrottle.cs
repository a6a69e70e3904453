namespace FlashPurchase.Application.Abstractions;

/// <summary>
/// Slows password guessing without handing anyone a way to lock an owner out: failed logins are counted per (username,
/// client address), per client address, and per username from anywhere (that last one only slows, with a growing
/// delay, and not from an address the owner logged in from lately). Usernames are given as
/// <see cref="FlashPurchase.Domain.Users.UsernameRules.Key"/>s, whether an account has them or not.
/// </summary>
public interface ILoginThrottle
{
    /// <summary>
    /// Lets one login attempt through and counts it as failed until <see cref="SucceededAsync"/> takes it back: counted
    /// before the password is checked, so that guesses sent in parallel cannot slip past a limit. A refused attempt is
    /// not counted and says how long to wait.
    /// </summary>
    ValueTask<LoginAdmission> AdmitAsync(LoginAttempt attempt, CancellationToken cancellationToken);

    /// <summary>
    /// The admitted attempt found the right password: its own count is taken back, the (username, address) failures are
    /// forgotten, and the address is remembered as one the owner logs in from.
    /// </summary>
    ValueTask SucceededAsync(LoginAdmission admission, CancellationToken cancellationToken);
}

/// <param name="UsernameKey">The username's <see cref="FlashPurchase.Domain.Users.UsernameRules.Key"/>.</param>
/// <param name="AddressKey">The client address as the per-address limits count it (an IPv6 /64, or "unknown").</param>
public sealed record LoginAttempt(string UsernameKey, string AddressKey);

/// <summary>The throttle's answer to one attempt.</summary>
/// <param name="Attempt">The attempt answered.</param>
/// <param name="IsAdmitted">Whether it may go ahead (counted as failed until it succeeds).</param>
/// <param name="AttemptId">Names the counted failure, to take it back on success; null when nothing was counted.</param>
/// <param name="RetryAfter">How long a refused attempt must wait; zero when admitted.</param>
public sealed record LoginAdmission(LoginAttempt Attempt, bool IsAdmitted, string? AttemptId, TimeSpan RetryAfter)
{
    public static LoginAdmission Admitted(LoginAttempt attempt, string? attemptId) => new(attempt, true, attemptId, TimeSpan.Zero);

    public static LoginAdmission Refused(LoginAttempt attempt, TimeSpan retryAfter) => new(attempt, false, null, retryAfter);
}
