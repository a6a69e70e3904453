using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using FlashPurchase.Infrastructure.IntegrationTests.Support;
using FlashPurchase.Infrastructure.SharedState;
using FlashPurchase.Infrastructure.Telemetry;
using FlashPurchase.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace FlashPurchase.Infrastructure.IntegrationTests.SharedState;

/// <summary>
/// The outage policy every shared limit follows: Redis used while it answers, each instance's own memory while it
/// does not (never a refusal or a free pass because of Redis), the switch logged once each way, every local decision
/// counted. Against the real Redis of the tests, and a closed port for "down".
/// </summary>
public sealed class SharedStateGateTests : IDisposable
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.Parse("2026-12-01T12:00:00Z"));
    private readonly ServiceProvider _services;
    private readonly FallbackRecorder _fallbacks;
    private readonly RecordingLogger _log = new();

    public SharedStateGateTests()
    {
        _services = new ServiceCollection().AddMetrics().AddSingleton<FlashPurchaseMetrics>().BuildServiceProvider();
        _fallbacks = new FallbackRecorder(_services.GetRequiredService<IMeterFactory>());
    }

    [Fact]
    public async Task WhileRedisAnswers_TheLimitsUseIt_AndNothingFallsBack()
    {
        await using var redis = await ConnectAsync(TestServers.Redis);
        var gate = Gate(redis);

        gate.TryUse("enter").Should().BeTrue();
        (await gate.Database.PingAsync()).Should().BePositive();
        _fallbacks.Limits.Should().BeEmpty();
        _log.Entries.Should().BeEmpty();
    }

    [Fact]
    public async Task RedisUnreachable_EveryDecisionIsLocalAndCounted_AndTheSwitchIsLoggedOnce()
    {
        await using var redis = await ConnectAsync("127.0.0.1:1,connectTimeout=200");
        var gate = Gate(redis);

        gate.TryUse("enter").Should().BeFalse("nothing listens on port 1");
        gate.TryUse("login").Should().BeFalse();

        _fallbacks.Limits.Should().Equal("enter", "login");
        _log.Entries.Should().ContainSingle().Which.Should().Match<(LogLevel Level, string Message)>(
            e => e.Level == LogLevel.Warning && e.Message.Contains("unreachable"));
    }

    [Fact]
    public async Task AfterAFailedCall_RedisIsSkippedForASecond_ThenUsedAgain_AndTheReturnIsLoggedOnce()
    {
        await using var redis = await ConnectAsync(TestServers.Redis);
        var gate = Gate(redis);

        gate.Failed("exchange", new TimeoutException("timed out"));
        gate.TryUse("exchange").Should().BeFalse("a Redis that just failed is not asked again at once");
        _clock.Advance(TimeSpan.FromMilliseconds(900));
        gate.TryUse("exchange").Should().BeFalse();
        _clock.Advance(TimeSpan.FromMilliseconds(100));
        gate.TryUse("exchange").Should().BeTrue("the pause after a failure is one second");
        gate.Succeeded();
        gate.Succeeded();

        _fallbacks.Limits.Should().Equal("exchange", "exchange", "exchange");
        _log.Entries.Select(e => e.Level).Should().Equal(LogLevel.Warning, LogLevel.Information);
    }

    [Theory]
    [InlineData("127.0.0.1:6379", false, 500, 500, 2000)]
    [InlineData("redis.internal:6380,syncTimeout=3000,asyncTimeout=4000,connectTimeout=5000", false, 3000, 4000, 5000)]
    [InlineData("127.0.0.1:6379,abortConnect=true", false, 500, 500, 2000)]
    public void TheConnectionString_KeepsWhatItSets_AndGetsShortTimeoutsAndEndlessReconnectsOtherwise(
        string connectionString, bool abortOnConnectFail, int syncTimeout, int asyncTimeout, int connectTimeout)
    {
        var options = SharedStateRegistration.ParseConnectionString(connectionString);

        options.AbortOnConnectFail.Should().Be(abortOnConnectFail, "an API must start and keep trying while Redis is down");
        options.SyncTimeout.Should().Be(syncTimeout);
        options.AsyncTimeout.Should().Be(asyncTimeout);
        options.ConnectTimeout.Should().Be(connectTimeout);
    }

    [Fact]
    public void AConnectionStringRedisCannotRead_IsRefusedNamingTheSetting()
    {
        var parse = () => SharedStateRegistration.ParseConnectionString("127.0.0.1:6379,noSuchOption=1");

        parse.Should().Throw<InvalidOperationException>().WithMessage("ConnectionStrings:Redis*");
    }

    public void Dispose()
    {
        _fallbacks.Dispose();
        _services.Dispose();
    }

    private static async Task<ConnectionMultiplexer> ConnectAsync(string connectionString) =>
        await ConnectionMultiplexer.ConnectAsync(SharedStateRegistration.ParseConnectionString(connectionString));

    private SharedStateGate Gate(IConnectionMultiplexer redis) =>
        new(redis, _services.GetRequiredService<FlashPurchaseMetrics>(), _clock, _log);

    private sealed class RecordingLogger : ILogger<SharedStateGate>
    {
        private readonly ConcurrentQueue<(LogLevel Level, string Message)> _entries = new();

        public IReadOnlyList<(LogLevel Level, string Message)> Entries => [.. _entries];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            _entries.Enqueue((logLevel, formatter(state, exception)));
    }
}
