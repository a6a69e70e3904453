using FlashPurchase.Infrastructure.Telemetry;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace FlashPurchase.Infrastructure.SharedState;

/// <summary>
/// Whether the limits may use Redis right now. When Redis is unreachable the limits do not fail open (a crowd of bots
/// unthrottled on the day of a drop) nor closed (every shopper refused because an auxiliary store is down): each
/// instance counts in its own memory, as without Redis, until Redis answers again. A failed call makes the next second
/// skip Redis altogether, so an outage costs at most one short timeout per second, not one per request. The switch
/// both ways is logged once, and every decision taken locally is counted
/// (<c>flashpurchase_shared_state_fallbacks_total{limit}</c>).
/// </summary>
public sealed partial class SharedStateGate(
    IConnectionMultiplexer redis, FlashPurchaseMetrics metrics, TimeProvider clock, ILogger<SharedStateGate> logger)
{
    private static readonly TimeSpan PauseAfterFailure = TimeSpan.FromSeconds(1);
    private long _skipUntilTicks;
    private int _down;

    public IDatabase Database => redis.GetDatabase();

    /// <summary>
    /// Whether Redis may be asked now, counting nothing: for a write that decides nothing (a success taken back), which
    /// is simply skipped while Redis is away.
    /// </summary>
    public bool IsUp => redis.IsConnected && clock.GetUtcNow().UtcTicks >= Interlocked.Read(ref _skipUntilTicks);

    /// <summary>
    /// True when the limit named <paramref name="limit"/> should ask Redis; false (and counted as a fallback) when it
    /// must decide locally this time.
    /// </summary>
    public bool TryUse(string limit)
    {
        if (IsUp)
        {
            return true;
        }

        MarkDown(null);
        metrics.RecordSharedStateFallback(limit);
        return false;
    }

    /// <summary>
    /// Runs a script for the limit named <paramref name="limit"/>: its result, or null when Redis failed (a timeout —
    /// the client's short AsyncTimeout bounds the wait —, a lost connection, a Redis that refuses: out of memory, a
    /// read-only replica), which is then <see cref="Failed"/>: this decision and the next second's are local.
    /// </summary>
    public async Task<RedisResult?> TryEvaluateAsync(
        string limit, string script, RedisKey[] keys, RedisValue[] values, CancellationToken cancellationToken)
    {
        RedisResult result;
        try
        {
            result = await Database.ScriptEvaluateAsync(script, keys, values).WaitAsync(cancellationToken);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            Failed(limit, e);
            return null;
        }

        Succeeded();
        return result;
    }

    /// <summary>A Redis call failed (timeout, connection lost): this decision and the next second's are local.</summary>
    public void Failed(string limit, Exception exception)
    {
        Interlocked.Exchange(ref _skipUntilTicks, (clock.GetUtcNow() + PauseAfterFailure).UtcTicks);
        MarkDown(exception);
        metrics.RecordSharedStateFallback(limit);
    }

    /// <summary>A Redis call answered: the limits are shared again.</summary>
    public void Succeeded()
    {
        if (Volatile.Read(ref _down) == 1 && Interlocked.Exchange(ref _down, 0) == 1)
        {
            LogResumed(logger);
        }
    }

    private void MarkDown(Exception? exception)
    {
        if (Interlocked.Exchange(ref _down, 1) == 0)
        {
            LogFallingBack(logger, exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Redis is unreachable: rate limits and login throttling count in this instance's memory until it answers again")]
    private static partial void LogFallingBack(ILogger logger, Exception? exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Redis answers again: rate limits and login throttling are shared by every instance")]
    private static partial void LogResumed(ILogger logger);
}
