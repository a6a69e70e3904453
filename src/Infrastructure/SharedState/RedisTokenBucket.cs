using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FlashPurchase.Infrastructure.SharedState;

/// <summary>A token bucket's size and pace: <see cref="Burst"/> at once, then <see cref="RefillCount"/> every <see cref="RefillPeriod"/>.</summary>
public readonly record struct TokenBucketShape(int Burst, int RefillCount, TimeSpan RefillPeriod);

/// <summary>One take from a shared bucket: granted, or refused until <see cref="RetryAfter"/> has passed.</summary>
public readonly record struct TokenBucketAnswer(bool Granted, TimeSpan RetryAfter);

/// <summary>
/// Token buckets that every API instance shares, one Redis hash per bucket (<c>{Redis:KeyPrefix}rate:{limit}:{client}</c>
/// holding <c>tokens</c> and <c>at</c>, the time of the last refill), taken from atomically by one Lua script.
/// <para>
/// A script of our own rather than RedisRateLimiting's token bucket: that one names its keys <c>rl:tb:{…}</c> (so
/// <c>Redis:KeyPrefix</c> could not be a prefix, and a Redis shared under key-pattern ACLs would refuse them), stamps
/// every take with the calling instance's clock (instances whose clocks differ would refill one bucket unevenly; this
/// script reads the Redis server's <c>TIME</c>), reports Retry-After as whole seconds of another metadata type than
/// ASP.NET Core's, and has no way to fall back when Redis is unreachable.
/// </para>
/// </summary>
public sealed class RedisTokenBucket(SharedStateGate gate, IOptions<SharedStateOptions> options)
{
    // Semantics as System.Threading.RateLimiting's TokenBucketRateLimiter: a new bucket is full, whole refills of
    // refill_count land every period (counted from the last one), never above the burst. A missing key is a full
    // bucket, so a key expires once the bucket would be full again, and Redis keeps nothing for idle clients.
    // Refusals write nothing: a client hammering an empty bucket costs one read each.
    private const string Script = """
        local burst = tonumber(ARGV[1])
        local refill = tonumber(ARGV[2])
        local period = tonumber(ARGV[3])
        local clock = redis.call('TIME')
        local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
        local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
        local tokens = tonumber(state[1])
        local at = tonumber(state[2])
        if tokens == nil or at == nil then
          tokens = burst
          at = now
        elseif at > now then
          at = now
        end
        local periods = math.floor((now - at) / period)
        if periods > 0 then
          tokens = math.min(burst, tokens + periods * refill)
          at = at + periods * period
        end
        if tokens < 1 then
          return { 0, at + period - now }
        end
        tokens = tokens - 1
        redis.call('HSET', KEYS[1], 'tokens', tokens, 'at', at)
        redis.call('PEXPIRE', KEYS[1], math.ceil((burst - tokens) / refill) * period)
        return { 1, 0 }
        """;

    private readonly string _keyPrefix = options.Value.KeyPrefix + "rate:";

    /// <summary>The Redis key of <paramref name="client"/>'s bucket of <paramref name="limit"/>.</summary>
    public string KeyOf(string limit, string client) => $"{_keyPrefix}{limit}:{client}";

    /// <summary>
    /// Takes one request from <paramref name="client"/>'s shared bucket of <paramref name="limit"/>; null when Redis
    /// is unreachable (the gate says so, or the call fails or times out): the caller then decides in its own memory,
    /// as the gate's policy says, and the gate has counted and logged the fallback.
    /// </summary>
    public async Task<TokenBucketAnswer?> TryTakeAsync(string limit, string client, TokenBucketShape shape, CancellationToken cancellationToken)
    {
        if (!gate.TryUse(limit))
        {
            return null;
        }

        // Null: Redis failed, and this request is decided locally (the gate has counted it), the next second's too.
        if (await gate.TryEvaluateAsync(limit, Script, [KeyOf(limit, client)],
                [shape.Burst, shape.RefillCount, (long)Math.Ceiling(shape.RefillPeriod.TotalMilliseconds)],
                cancellationToken) is not { } result)
        {
            return null;
        }

        var values = (RedisResult[])result!;
        return new TokenBucketAnswer((long)values[0] == 1, TimeSpan.FromMilliseconds((long)values[1]));
    }
}
