using FlashPurchase.Application.Abstractions;
using FlashPurchase.Application.Accounts.LoginThrottling;
using Microsoft.Extensions.Options;

namespace FlashPurchase.Infrastructure.Security;

/// <summary>
/// The login throttle's counts in this process's memory (<see cref="LoginThrottlePolicy"/> decides): all an instance
/// needs alone, and what <see cref="RedisLoginThrottle"/> falls back to while Redis is unreachable. One lock guards all
/// of it, so that the check and the count of an attempt are one step over the three windows; it is held for a few
/// dictionary operations, far less than the password hashing every login costs. Windows whose failures all aged out,
/// and addresses not logged in from within the memory, are forgotten.
/// </summary>
internal sealed class InMemoryLoginThrottle(IOptions<LoginThrottleOptions> options, TimeProvider clock) : ILoginThrottle
{
    private readonly LoginThrottlePolicy _policy = options.Value.ToPolicy();
    private readonly Lock _lock = new();
    private readonly Dictionary<string, List<Failure>> _windows = new(StringComparer.Ordinal);

    /// <summary>Known-address key of a username → address → the last successful login from it.</summary>
    private readonly Dictionary<string, Dictionary<string, DateTimeOffset>> _knownAddresses = new(StringComparer.Ordinal);
    private DateTimeOffset _nextSweep;
    private long _nextId;

    /// <summary>How many windows and usernames with known addresses are kept (for the tests of forgetting).</summary>
    internal int TrackedKeys
    {
        get
        {
            lock (_lock)
            {
                return _windows.Count + _knownAddresses.Count;
            }
        }
    }

    public ValueTask<LoginAdmission> AdmitAsync(LoginAttempt attempt, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Admit(attempt));

    public ValueTask SucceededAsync(LoginAdmission admission, CancellationToken cancellationToken)
    {
        Succeeded(admission);
        return ValueTask.CompletedTask;
    }

    public LoginAdmission Admit(LoginAttempt attempt)
    {
        if (_policy.IsOff)
        {
            return LoginAdmission.Admitted(attempt, null);
        }

        var windows = LoginWindows.Of(attempt);
        lock (_lock)
        {
            var now = clock.GetUtcNow();
            SweepIfDue(now);
            var start = _policy.WindowStart(now);
            var pair = Current(windows.Pair, start);
            var address = Current(windows.Address, start);
            var username = Current(windows.Username, start);
            var failures = new LoginFailures(
                pair.Count, Oldest(pair), address.Count, Oldest(address), username.Count, Latest(username),
                IsKnown(windows, attempt, now));
            if (_policy.Refusal(failures, now) is { } wait)
            {
                return LoginAdmission.Refused(attempt, wait);
            }

            var id = $"m{++_nextId}";
            foreach (var key in windows.Counted(_policy))
            {
                Count(key, new Failure(id, now));
            }

            return LoginAdmission.Admitted(attempt, id);
        }
    }

    public void Succeeded(LoginAdmission admission)
    {
        if (_policy.IsOff)
        {
            return;
        }

        var attempt = admission.Attempt;
        var windows = LoginWindows.Of(attempt);
        lock (_lock)
        {
            _windows.Remove(windows.Pair);
            foreach (var key in new[] { windows.Address, windows.Username })
            {
                if (_windows.TryGetValue(key, out var failures))
                {
                    failures.RemoveAll(f => f.Id == admission.AttemptId);
                    if (failures.Count == 0)
                    {
                        _windows.Remove(key);
                    }
                }
            }

            if (!_knownAddresses.TryGetValue(windows.KnownAddresses, out var addresses))
            {
                _knownAddresses[windows.KnownAddresses] = addresses = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
            }

            addresses[attempt.AddressKey] = clock.GetUtcNow();
        }
    }

    /// <summary>The failures of a window still inside it (none when its limit is off: nothing is counted there).</summary>
    private IReadOnlyList<Failure> Current(string key, DateTimeOffset start)
    {
        if (!_windows.TryGetValue(key, out var failures))
        {
            return [];
        }

        failures.RemoveAll(f => f.At <= start);
        return failures;
    }

    private void Count(string key, Failure failure)
    {
        if (!_windows.TryGetValue(key, out var failures))
        {
            _windows[key] = failures = [];
        }

        failures.Add(failure);
    }

    private bool IsKnown(LoginWindows windows, LoginAttempt attempt, DateTimeOffset now) =>
        _knownAddresses.TryGetValue(windows.KnownAddresses, out var addresses)
        && addresses.TryGetValue(attempt.AddressKey, out var lastLogin)
        && lastLogin > _policy.KnownSince(now);

    private static DateTimeOffset? Oldest(IReadOnlyList<Failure> failures) => failures.Count == 0 ? null : failures.Min(f => f.At);

    private static DateTimeOffset? Latest(IReadOnlyList<Failure> failures) => failures.Count == 0 ? null : failures.Max(f => f.At);

    /// <summary>At most once per window (or minute), drops what has aged out everywhere.</summary>
    private void SweepIfDue(DateTimeOffset now)
    {
        if (now < _nextSweep)
        {
            return;
        }

        _nextSweep = now + (_policy.Window < TimeSpan.FromMinutes(1) ? _policy.Window : TimeSpan.FromMinutes(1));
        var start = _policy.WindowStart(now);
        foreach (var (key, failures) in _windows)
        {
            failures.RemoveAll(f => f.At <= start);
            if (failures.Count == 0)
            {
                _windows.Remove(key);
            }
        }

        var knownSince = _policy.KnownSince(now);
        foreach (var (username, addresses) in _knownAddresses)
        {
            foreach (var (address, lastLogin) in addresses)
            {
                if (lastLogin <= knownSince)
                {
                    addresses.Remove(address);
                }
            }

            if (addresses.Count == 0)
            {
                _knownAddresses.Remove(username);
            }
        }
    }

    private readonly record struct Failure(string Id, DateTimeOffset At);
}
