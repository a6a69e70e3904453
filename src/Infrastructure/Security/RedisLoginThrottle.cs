using System.Globalization;
using FlashPurchase.Application.Abstractions;
using FlashPurchase.Application.Accounts.LoginThrottling;
using FlashPurchase.Infrastructure.SharedState;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FlashPurchase.Infrastructure.Security;

/// <summary>
/// The login throttle's counts in Redis, shared by every API instance (with <c>ConnectionStrings:Redis</c>): each
/// window is a sorted set of attempt ids scored by their time in milliseconds, with a time-to-live of the window, and a
/// username's known addresses a sorted set of addresses scored by their last successful login.
/// </summary>
/// <remarks>
/// One script per attempt reads the three windows and counts the attempt in all of them in one atomic step; the rule
/// (<see cref="LoginThrottlePolicy"/>, the same as the in-memory store's) then decides on what was there before, and a
/// refused attempt is taken back at once. Counting first is what keeps parallel guesses from slipping past a limit:
/// each sees every attempt counted before it. A refusal's count lingers only between the two calls and can only make
/// another attempt wait, never let one through. The app's clock gives the times (instances are assumed to keep their
/// clocks in step, as token expiry already does), so tests can move it. When Redis is unreachable,
/// <see cref="SharedStateGate"/> has this instance decide in its own memory (<see cref="InMemoryLoginThrottle"/>).
/// Every key of an attempt is passed to the script, so it needs a single Redis (with replicas or Sentinel), not Cluster.
/// </remarks>
internal sealed class RedisLoginThrottle(
    SharedStateGate gate, InMemoryLoginThrottle local, IOptions<SharedStateOptions> shared,
    IOptions<LoginThrottleOptions> options, TimeProvider clock) : ILoginThrottle
{
    /// <summary>The <c>limit</c> label of this throttle's fallbacks in <c>flashpurchase_shared_state_fallbacks_total</c>.</summary>
    internal const string LimitName = "login";

    // KEYS: the pair, address and username windows, the username's known addresses.
    // ARGV: now, window start, attempt id, address, known since, count pair/address/username (1 or 0), window in ms.
    // Returns per window its count, oldest and latest time before this attempt ('' when empty), then 1 if the address
    // is known.
    private const string AdmitScript = """
        local result = {}
        for i = 1, 3 do
          if ARGV[5 + i] == '1' then
            redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', ARGV[2])
            result[#result + 1] = redis.call('ZCARD', KEYS[i])
            result[#result + 1] = redis.call('ZRANGE', KEYS[i], 0, 0, 'WITHSCORES')[2] or ''
            result[#result + 1] = redis.call('ZRANGE', KEYS[i], -1, -1, 'WITHSCORES')[2] or ''
            redis.call('ZADD', KEYS[i], ARGV[1], ARGV[3])
            redis.call('PEXPIRE', KEYS[i], ARGV[9])
          else
            result[#result + 1] = 0
            result[#result + 1] = ''
            result[#result + 1] = ''
          end
        end
        redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', ARGV[5])
        result[#result + 1] = redis.call('ZSCORE', KEYS[4], ARGV[4]) and 1 or 0
        return result
        """;

    // KEYS: the pair, address and username windows. ARGV: the attempt id.
    private const string TakeBackScript = """
        for i = 1, 3 do
          redis.call('ZREM', KEYS[i], ARGV[1])
        end
        return 0
        """;

    // KEYS: the pair, address and username windows, the username's known addresses.
    // ARGV: the attempt id, address, now, known since, known-address memory in ms.
    private const string SucceededScript = """
        redis.call('DEL', KEYS[1])
        redis.call('ZREM', KEYS[2], ARGV[1])
        redis.call('ZREM', KEYS[3], ARGV[1])
        redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', ARGV[4])
        redis.call('ZADD', KEYS[4], ARGV[3], ARGV[2])
        redis.call('PEXPIRE', KEYS[4], ARGV[5])
        return 0
        """;

    private readonly LoginThrottlePolicy _policy = options.Value.ToPolicy();
    private readonly string _prefix = shared.Value.KeyPrefix + "login:";

    public async ValueTask<LoginAdmission> AdmitAsync(LoginAttempt attempt, CancellationToken cancellationToken)
    {
        if (_policy.IsOff)
        {
            return LoginAdmission.Admitted(attempt, null);
        }

        if (!gate.TryUse(LimitName))
        {
            return local.Admit(attempt);
        }

        // Whole milliseconds, as Redis keeps them: the waits computed from stored times never come out negative.
        var now = DateTimeOffset.FromUnixTimeMilliseconds(clock.GetUtcNow().ToUnixTimeMilliseconds());
        var keys = KeysOf(attempt);
        var id = Guid.NewGuid().ToString("N");
        // Not cancelled with the request: an attempt is counted in full or not at all.
        if (await gate.TryEvaluateAsync(LimitName, AdmitScript, keys,
            [
                Millis(now), Millis(_policy.WindowStart(now)), id, attempt.AddressKey, Millis(_policy.KnownSince(now)),
                Flag(_policy.CountsPair), Flag(_policy.CountsAddress), Flag(_policy.CountsUsername),
                (long)_policy.Window.TotalMilliseconds,
            ], CancellationToken.None) is not { } result)
        {
            return local.Admit(attempt);
        }

        var counted = (RedisResult[])result!;
        var failures = new LoginFailures(
            (int)counted[0], Time(counted[1]), (int)counted[3], Time(counted[4]), (int)counted[6], Time(counted[8]),
            (int)counted[9] == 1);

        if (_policy.Refusal(failures, now) is not { } wait)
        {
            return LoginAdmission.Admitted(attempt, id);
        }

        // Still refused if this fails: the count it leaves behind ages out with the window and can only make others wait.
        await gate.TryEvaluateAsync(LimitName, TakeBackScript, keys[..3], [id], CancellationToken.None);

        return LoginAdmission.Refused(attempt, wait);
    }

    public async ValueTask SucceededAsync(LoginAdmission admission, CancellationToken cancellationToken)
    {
        // In this process's memory too: should Redis go away, this instance still knows the owner's address.
        local.Succeeded(admission);
        if (_policy.IsOff || !gate.IsUp)
        {
            return; // A success decides nothing: no fallback to count.
        }

        var now = clock.GetUtcNow();
        // If this fails the login goes through; what is lost is the early end of a wait this owner's address did not cause.
        await gate.TryEvaluateAsync(LimitName, SucceededScript, KeysOf(admission.Attempt),
        [
            admission.AttemptId ?? "", admission.Attempt.AddressKey, Millis(now), Millis(_policy.KnownSince(now)),
            (long)_policy.KnownAddressMemory.TotalMilliseconds,
        ], CancellationToken.None);
    }

    private RedisKey[] KeysOf(LoginAttempt attempt)
    {
        var windows = LoginWindows.Of(attempt);
        return
        [
            _prefix + windows.Pair, _prefix + windows.Address, _prefix + windows.Username, _prefix + windows.KnownAddresses,
        ];
    }

    private static long Millis(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    private static int Flag(bool on) => on ? 1 : 0;

    private static DateTimeOffset? Time(RedisResult score) =>
        score.IsNull || string.IsNullOrEmpty((string?)score)
            ? null
            : DateTimeOffset.FromUnixTimeMilliseconds((long)double.Parse((string)score!, CultureInfo.InvariantCulture));
}
