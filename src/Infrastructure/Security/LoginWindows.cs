using FlashPurchase.Application.Abstractions;
using FlashPurchase.Application.Accounts.LoginThrottling;

namespace FlashPurchase.Infrastructure.Security;

/// <summary>
/// The names under which both throttle stores keep an attempt's three windows and its username's known addresses. The
/// address comes first in the pair's name: an address key never holds '|', so no username can make two pairs collide.
/// </summary>
internal readonly record struct LoginWindows(string Pair, string Address, string Username, string KnownAddresses)
{
    public static LoginWindows Of(LoginAttempt attempt) => new(
        $"pair:{attempt.AddressKey}|{attempt.UsernameKey}",
        $"address:{attempt.AddressKey}",
        $"username:{attempt.UsernameKey}",
        $"known:{attempt.UsernameKey}");

    /// <summary>The windows whose limits are on: only those count failures.</summary>
    public IEnumerable<string> Counted(LoginThrottlePolicy policy)
    {
        if (policy.CountsPair)
        {
            yield return Pair;
        }

        if (policy.CountsAddress)
        {
            yield return Address;
        }

        if (policy.CountsUsername)
        {
            yield return Username;
        }
    }
}
