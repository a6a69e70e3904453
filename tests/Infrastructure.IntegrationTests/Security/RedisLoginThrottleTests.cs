using System.Diagnostics.Metrics;
using FlashPurchase.Application.Abstractions;
using FlashPurchase.Infrastructure.IntegrationTests.Support;
using FlashPurchase.Infrastructure.SharedState;
using FlashPurchase.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace FlashPurchase.Infrastructure.IntegrationTests.Security;

/// <summary>
/// The login throttle with <c>ConnectionStrings:Redis</c>: counts shared by every instance, on the tests' real Redis
/// under a key prefix of this test's own.
/// </summary>
public sealed class RedisLoginThrottleTests : LoginThrottleContract
{
    private readonly string _prefix = TestServers.NewRedisKeyPrefix();

    protected override IReadOnlyDictionary<string, string?> StoreSettings => new Dictionary<string, string?>
    {
        ["ConnectionStrings:Redis"] = TestServers.Redis,
        ["Redis:KeyPrefix"] = _prefix,
    };

    [Fact]
    public async Task TwoInstances_ShareTheirCounts()
    {
        var first = Throttle(maxFailures: 3);
        var second = Throttle(maxFailures: 3);

        (await Admitted(first)).Should().BeTrue();
        (await Admitted(second)).Should().BeTrue();
        (await Admitted(first)).Should().BeTrue();

        (await Admitted(second)).Should().BeFalse("three failures of the pair, wherever they were counted");
        await LogIn(Throttle(maxFailures: 3), "alice", Owner);
        (await Admitted(first, "alice", Owner)).Should().BeTrue();
    }

    [Fact]
    public async Task EveryKey_HasATimeToLive_SoNothingLingers()
    {
        var services = Services(maxFailures: 3, usernameWide: 3, knownAddressMemory: TimeSpan.FromDays(30));
        var throttle = services.GetRequiredService<ILoginThrottle>();
        await Admit(throttle, "alice", Attacker);
        await LogIn(throttle, "bob", Owner);
        var redis = services.GetRequiredService<IConnectionMultiplexer>();
        var server = redis.GetServer(redis.GetEndPoints().Single());
        var database = redis.GetDatabase();

        var keys = server.Keys(pattern: _prefix + "*").ToList();

        // Bob's success emptied his address and username windows, and Redis drops an empty sorted set.
        keys.Select(k => ((string)k!)[_prefix.Length..]).Should().BeEquivalentTo(
            "login:pair:203.0.113.66|alice", "login:address:203.0.113.66", "login:username:alice", "login:known:bob");
        foreach (var key in keys)
        {
            var ttl = await database.KeyTimeToLiveAsync(key);
            ttl.Should().NotBeNull("{0} must expire", key);
            ttl!.Value.Should().BeLessThanOrEqualTo(((string)key!).Contains("known:") ? TimeSpan.FromDays(30) : Window);
        }
    }

    [Fact]
    public async Task RedisUnreachable_EachDecisionIsTakenInThisProcessesMemory_AndTheLimitsStillHold()
    {
        // Nothing listens on port 1: every call fails at once, as when Redis is down.
        var unreachable = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Redis"] = "127.0.0.1:1,connectTimeout=200",
            ["Redis:KeyPrefix"] = _prefix,
        };
        var services = Services(maxFailures: 3, usernameWide: 50, store: unreachable);
        var throttle = services.GetRequiredService<ILoginThrottle>();
        services.GetRequiredService<SharedStateGate>().Should().NotBeNull("the Redis store is the one configured");
        using var fallbacks = new FallbackRecorder(services.GetRequiredService<IMeterFactory>());

        var attacker = new List<bool>();
        for (var i = 0; i < 10; i++)
        {
            attacker.Add(await Admitted(throttle, "alice", Attacker));
        }

        attacker.Should().Equal([true, true, true, false, false, false, false, false, false, false],
            "neither open (a guesser unthrottled) nor closed (every login refused)");
        await LogIn(throttle, "alice", Owner);
        fallbacks.Limits.Should().HaveCount(11, "every decision taken locally is counted (ten attempts and the owner's), a success decides nothing")
            .And.OnlyContain(limit => limit == "login");
    }
}
