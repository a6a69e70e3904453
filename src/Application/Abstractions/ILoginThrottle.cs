namespace FlashPurchase.Application.Abstractions;

/// <summary>
/// Slows password guessing: a username with too many failed logins lately is refused for a while, whether an account
/// has it or not. Usernames are given as <see cref="FlashPurchase.Domain.Users.UsernameRules.Key"/>s.
/// </summary>
public interface ILoginThrottle
{
    /// <summary>
    /// Lets one login attempt for the username through and counts it as failed until <see cref="Succeeded"/> takes it
    /// back: counted before the password is checked, so that guesses sent in parallel cannot slip past the limit. While
    /// the username is locked, counts nothing, returns false and says how long the lock lasts.
    /// </summary>
    bool TryAdmit(string usernameKey, out TimeSpan retryAfter);

    /// <summary>The attempt found the right password: forget the username's failures.</summary>
    void Succeeded(string usernameKey);
}
