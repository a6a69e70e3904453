using FlashPurchase.Application.Accounts.LoginThrottling;
using Microsoft.Extensions.Options;

namespace FlashPurchase.Infrastructure.Security;

/// <summary>Login throttling (section <c>RateLimiting:Login</c>; docs/login-throttling.md says why each count exists).</summary>
public sealed class LoginThrottleOptions
{
    public const string SectionName = "RateLimiting:Login";

    /// <summary>The switch of every limit, these and the HTTP rate limits of the API: false turns them all off.</summary>
    public const string EnabledKey = "RateLimiting:Enabled";

    /// <summary>Failed logins one (username, address) pair may have within <see cref="Window"/>. 0: no such limit.</summary>
    public int MaxFailures { get; set; } = 5;

    /// <summary>
    /// Failed logins one address may have within <see cref="Window"/>, whatever the usernames (an office or a carrier's
    /// NAT puts many shoppers behind one address, hence far more than <see cref="MaxFailures"/>). 0: no such limit.
    /// </summary>
    public int MaxFailuresPerAddress { get; set; } = 100;

    /// <summary>
    /// Failed logins of one username from anywhere within <see cref="Window"/> after which each further attempt waits a
    /// growing delay since the last failure (1 s, doubling per failure, at most <see cref="MaxDelay"/>). 0: no delay.
    /// </summary>
    public int UsernameWideThreshold { get; set; } = 50;

    /// <summary>
    /// How far back failures count. A refused pair or address is let through again once its oldest counted failure is
    /// this old.
    /// </summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The longest delay between attempts on a username past <see cref="UsernameWideThreshold"/>.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a successful login exempts its (username, address) from the username-wide delay.</summary>
    public TimeSpan KnownAddressMemory { get; set; } = TimeSpan.FromDays(30);

    /// <summary>What is wrong with these settings (checked at start-up), or nothing.</summary>
    public IEnumerable<string> Problems()
    {
        if (MaxFailures < 0 || MaxFailuresPerAddress < 0 || UsernameWideThreshold < 0)
        {
            yield return $"{SectionName}: MaxFailures, MaxFailuresPerAddress and UsernameWideThreshold must not be negative.";
        }

        if (Window <= TimeSpan.Zero || KnownAddressMemory <= TimeSpan.Zero)
        {
            yield return $"{SectionName}: Window and KnownAddressMemory must be positive.";
        }

        // A delay longer than the window would outlive the failures that call for it.
        if (MaxDelay < TimeSpan.FromSeconds(1) || MaxDelay > Window)
        {
            yield return $"{SectionName}: MaxDelay must be at least 1 second and no longer than Window.";
        }
    }

    public LoginThrottlePolicy ToPolicy() =>
        new(MaxFailures, MaxFailuresPerAddress, UsernameWideThreshold, Window, MaxDelay, KnownAddressMemory);

    /// <summary>With <c>RateLimiting:Enabled=false</c> (the test hosts, the benchmark): every limit off.</summary>
    internal void TurnOff()
    {
        MaxFailures = 0;
        MaxFailuresPerAddress = 0;
        UsernameWideThreshold = 0;
    }

    /// <summary>Refuses the start with every problem named (bad values must not silently weaken or lock logins).</summary>
    internal sealed class Validation : IValidateOptions<LoginThrottleOptions>
    {
        public ValidateOptionsResult Validate(string? name, LoginThrottleOptions options) =>
            options.Problems().ToList() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
    }
}
