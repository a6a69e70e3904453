using System.Diagnostics;
using FlashPurchase.Infrastructure.IntegrationTests.Support;
using FlashPurchase.Infrastructure.SharedState;
using FlashPurchase.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace FlashPurchase.Infrastructure.IntegrationTests.SharedState;

/// <summary>
/// The shared token bucket against the test Redis, under a key prefix of this class's own: a burst, then whole refills
/// every period never above the burst, a Retry-After that is the time to the next refill, and keys that Redis drops
/// once the bucket would be full again. Unreachable, it answers nothing (the caller decides locally) at once.
/// </summary>
public sealed class RedisTokenBucketTests : IAsyncLifetime
{
    private const string Limit = "Enter";
    private readonly string _keyPrefix = TestServers.NewRedisKeyPrefix();
    private readonly string _client = Guid.NewGuid().ToString();
    private ServiceProvider _services = null!;

    private RedisTokenBucket Bucket => _services.GetRequiredService<RedisTokenBucket>();

    private IDatabase Redis => _services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();

    public Task InitializeAsync()
    {
        _services = Build(TestServers.Redis);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _services.DisposeAsync();

    private ServiceProvider Build(string redis)
    {
        var settings = InfrastructureServices.Sqlite(Path.Combine(Path.GetTempPath(), $"fp-unused-{Guid.NewGuid():N}.db"));
        settings["ConnectionStrings:Redis"] = redis;
        settings["Redis:KeyPrefix"] = _keyPrefix;
        return InfrastructureServices.Build(settings);
    }

    private async Task<TokenBucketAnswer> TakeAsync(TokenBucketShape shape) =>
        await Bucket.TryTakeAsync(Limit, _client, shape, CancellationToken.None)
        ?? throw new InvalidOperationException("The test Redis did not answer.");

    private async Task<List<bool>> TakeTimesAsync(int count, TokenBucketShape shape)
    {
        var granted = new List<bool>();
        for (var i = 0; i < count; i++)
        {
            granted.Add((await TakeAsync(shape)).Granted);
        }

        return granted;
    }

    [Fact]
    public async Task Take_GrantsTheBurst_ThenRefusesUntilTheNextRefill_UnderTheConfiguredPrefix()
    {
        var shape = new TokenBucketShape(3, 1, TimeSpan.FromSeconds(2));

        (await TakeTimesAsync(3, shape)).Should().Equal(true, true, true);
        var refused = await TakeAsync(shape);

        refused.Granted.Should().BeFalse();
        refused.RetryAfter.Should().BeGreaterThan(TimeSpan.Zero).And.BeLessThanOrEqualTo(TimeSpan.FromSeconds(2));
        var key = $"{_keyPrefix}rate:{Limit}:{_client}";
        Bucket.KeyOf(Limit, _client).Should().Be(key);
        (await Redis.KeyTimeToLiveAsync(key)).Should().BeGreaterThan(TimeSpan.FromSeconds(4))
            .And.BeLessThanOrEqualTo(TimeSpan.FromSeconds(6), "three refills of one make the bucket full again");
    }

    [Fact]
    public async Task Take_AfterItsRetryAfter_IsGranted_AndRefillsNeverExceedTheBurst()
    {
        var shape = new TokenBucketShape(2, 1, TimeSpan.FromMilliseconds(500));
        (await TakeTimesAsync(2, shape)).Should().Equal(true, true);
        var refused = await TakeAsync(shape);
        refused.Granted.Should().BeFalse();

        await Task.Delay(refused.RetryAfter + TimeSpan.FromMilliseconds(50));
        (await TakeTimesAsync(2, shape)).Should().Equal([true, false], "one refill of one");

        await Task.Delay(TimeSpan.FromMilliseconds(1_600));
        (await TakeTimesAsync(3, shape)).Should().Equal([true, true, false], "three periods refill three, but the bucket holds two");
    }

    [Fact]
    public async Task AnIdleBucket_LeavesNoKeyOnceItWouldBeFull()
    {
        var shape = new TokenBucketShape(2, 2, TimeSpan.FromMilliseconds(300));
        (await TakeAsync(shape)).Granted.Should().BeTrue();
        var key = Bucket.KeyOf(Limit, _client);
        (await Redis.KeyTimeToLiveAsync(key)).Should().BeLessThanOrEqualTo(TimeSpan.FromMilliseconds(300));

        await Task.Delay(TimeSpan.FromMilliseconds(500));

        (await Redis.KeyExistsAsync(key)).Should().BeFalse("a missing bucket is a full one");
    }

    [Fact]
    public async Task Take_WhenRedisIsUnreachable_AnswersNothingAtOnce_SoThatTheCallerDecidesLocally()
    {
        // Nothing listens on port 1: a stopped server.
        await using var unreachable = Build("127.0.0.1:1");
        var bucket = unreachable.GetRequiredService<RedisTokenBucket>();
        var shape = new TokenBucketShape(3, 1, TimeSpan.FromSeconds(1));

        var clock = Stopwatch.StartNew();
        for (var i = 0; i < 5; i++)
        {
            (await bucket.TryTakeAsync(Limit, _client, shape, CancellationToken.None)).Should().BeNull();
        }

        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(1), "the gate skips an unreachable Redis without waiting on it");
    }
}
