using System.Globalization;
using FlashPurchase.Application.Abstractions;
using FlashPurchase.Infrastructure.IntegrationTests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace FlashPurchase.Infrastructure.IntegrationTests.Security;

/// <summary>
/// What the login throttle promises, whichever store counts (this process's memory, or Redis shared by every
/// instance): each store's test class runs every test here, built by AddInfrastructure on a clock the test moves.
/// </summary>
public abstract class LoginThrottleContract : IDisposable
{
    protected static readonly TimeSpan Window = TimeSpan.FromMinutes(10);
    protected const string Attacker = "203.0.113.66";
    protected const string Owner = "198.51.100.7";

    private readonly List<ServiceProvider> _providers = [];
    private int _addresses;

    protected FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 24, 17, 0, 0, TimeSpan.Zero));

    /// <summary>The settings that pick this store (none for memory; the Redis connection and a key prefix of its own).</summary>
    protected abstract IReadOnlyDictionary<string, string?> StoreSettings { get; }

    public void Dispose()
    {
        _providers.ForEach(p => p.Dispose());
        GC.SuppressFinalize(this);
    }

    protected ServiceProvider Services(
        int maxFailures = 3, int perAddress = 100, int usernameWide = 50, TimeSpan? maxDelay = null,
        TimeSpan? knownAddressMemory = null, bool? enabled = null, IReadOnlyDictionary<string, string?>? store = null)
    {
        var settings = new Dictionary<string, string?>(store ?? StoreSettings)
        {
            ["RateLimiting:Login:MaxFailures"] = maxFailures.ToString(CultureInfo.InvariantCulture),
            ["RateLimiting:Login:MaxFailuresPerAddress"] = perAddress.ToString(CultureInfo.InvariantCulture),
            ["RateLimiting:Login:UsernameWideThreshold"] = usernameWide.ToString(CultureInfo.InvariantCulture),
            ["RateLimiting:Login:Window"] = Window.ToString(),
            ["RateLimiting:Login:MaxDelay"] = (maxDelay ?? TimeSpan.FromMinutes(1)).ToString(),
            ["RateLimiting:Login:KnownAddressMemory"] = (knownAddressMemory ?? TimeSpan.FromDays(30)).ToString(),
        };
        if (enabled is { } on)
        {
            settings["RateLimiting:Enabled"] = on ? "true" : "false";
        }

        var services = InfrastructureServices.Build(settings, clock: Clock);
        _providers.Add(services);
        return services;
    }

    protected ILoginThrottle Throttle(
        int maxFailures = 3, int perAddress = 100, int usernameWide = 50, TimeSpan? maxDelay = null,
        TimeSpan? knownAddressMemory = null, bool? enabled = null) =>
        Services(maxFailures, perAddress, usernameWide, maxDelay, knownAddressMemory, enabled).GetRequiredService<ILoginThrottle>();

    protected static async Task<LoginAdmission> Admit(ILoginThrottle throttle, string username = "alice", string address = Attacker) =>
        await throttle.AdmitAsync(new LoginAttempt(username, address), CancellationToken.None);

    protected static async Task<bool> Admitted(ILoginThrottle throttle, string username = "alice", string address = Attacker) =>
        (await Admit(throttle, username, address)).IsAdmitted;

    /// <summary>An admitted attempt that found the right password.</summary>
    protected static async Task LogIn(ILoginThrottle throttle, string username, string address)
    {
        var admission = await Admit(throttle, username, address);
        admission.IsAdmitted.Should().BeTrue();
        await throttle.SucceededAsync(admission, CancellationToken.None);
    }

    /// <summary>An address no other attempt of this test used.</summary>
    protected string NewAddress() => $"192.0.2.{Interlocked.Increment(ref _addresses)}";

    [Fact]
    public async Task TheOwnerAtAnotherAddress_LogsIn_AfterAnAttackersHundredFailures()
    {
        var throttle = Throttle(maxFailures: 5, perAddress: 100, usernameWide: 50);
        var attacker = new List<bool>();
        for (var i = 0; i < 100; i++)
        {
            attacker.Add(await Admitted(throttle, "alice", Attacker));
        }

        attacker.Count(a => a).Should().Be(5, "five guesses per (username, address) per window");
        (await Admitted(throttle, "alice", Owner)).Should().BeTrue("the attacker's address is held back, not the username");
    }

    [Fact]
    public async Task AfterMaxFailures_ThePairIsRefused_UntilItsOldestFailureLeavesTheWindow()
    {
        var throttle = Throttle(maxFailures: 3);
        (await Admitted(throttle)).Should().BeTrue();
        Clock.Advance(TimeSpan.FromMinutes(2));
        (await Admitted(throttle)).Should().BeTrue();
        (await Admitted(throttle)).Should().BeTrue();

        var refused = await Admit(throttle);
        refused.IsAdmitted.Should().BeFalse("three failures within the window");
        refused.RetryAfter.Should().Be(Window - TimeSpan.FromMinutes(2), "the first failure leaves the window then");

        Clock.Advance(refused.RetryAfter - TimeSpan.FromSeconds(1));
        (await Admitted(throttle)).Should().BeFalse();
        Clock.Advance(TimeSpan.FromSeconds(1));
        (await Admitted(throttle)).Should().BeTrue("the oldest failure has aged out: one more guess, no more");
        (await Admitted(throttle)).Should().BeFalse();
    }

    [Fact]
    public async Task AttemptsRefused_AreNotCounted_SoTheWaitEndsOnTime()
    {
        var throttle = Throttle(maxFailures: 2);
        await Admit(throttle);
        await Admit(throttle);
        for (var i = 0; i < 30; i++)
        {
            Clock.Advance(TimeSpan.FromSeconds(10));
            (await Admitted(throttle)).Should().BeFalse();
        }

        Clock.Advance(Window); // well past the two counted failures
        (await Admitted(throttle)).Should().BeTrue();
    }

    [Fact]
    public async Task OneAddress_FailingManyUsernames_IsRefused_AfterMaxFailuresPerAddress()
    {
        var throttle = Throttle(maxFailures: 3, perAddress: 10);
        for (var i = 0; i < 10; i++)
        {
            (await Admitted(throttle, $"user{i}", Attacker)).Should().BeTrue();
            Clock.Advance(TimeSpan.FromSeconds(30));
        }

        var refused = await Admit(throttle, "someone-new", Attacker);

        refused.IsAdmitted.Should().BeFalse("ten failures from this address, whatever the usernames");
        refused.RetryAfter.Should().Be(Window - TimeSpan.FromMinutes(5), "until its first failure leaves the window");
        (await Admitted(throttle, "someone-new", NewAddress())).Should().BeTrue("another address is not held back");
    }

    [Fact]
    public async Task PastTheUsernameWideThreshold_EachAttemptWaitsAGrowingDelay_FromAnyAddress()
    {
        var throttle = Throttle(maxFailures: 3, usernameWide: 3, maxDelay: TimeSpan.FromSeconds(5));
        for (var i = 0; i < 3; i++)
        {
            (await Admitted(throttle, "alice", NewAddress())).Should().BeTrue("below the threshold");
        }

        var waits = new List<TimeSpan>();
        for (var i = 0; i < 4; i++)
        {
            var refused = await Admit(throttle, "alice", NewAddress());
            refused.IsAdmitted.Should().BeFalse("too soon after the last failure");
            waits.Add(refused.RetryAfter);
            Clock.Advance(refused.RetryAfter - TimeSpan.FromMilliseconds(1));
            (await Admitted(throttle, "alice", NewAddress())).Should().BeFalse("a millisecond early");
            Clock.Advance(TimeSpan.FromMilliseconds(1));
            (await Admitted(throttle, "alice", NewAddress())).Should().BeTrue("the delay has passed");
        }

        waits.Should().Equal(
            [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(5)],
            "1 s at the threshold, doubling per failure, capped at MaxDelay");
        (await Admitted(throttle, "bob", NewAddress())).Should().BeTrue("other usernames are not slowed");
    }

    [Fact]
    public async Task FromAnAddressTheOwnerLoggedInFrom_TheUsernameWideDelayDoesNotApply_UntilTheMemoryFades()
    {
        var throttle = Throttle(maxFailures: 3, usernameWide: 3, knownAddressMemory: TimeSpan.FromHours(1));
        await LogIn(throttle, "alice", Owner);
        for (var i = 0; i < 3; i++)
        {
            (await Admitted(throttle, "alice", NewAddress())).Should().BeTrue();
        }

        (await Admitted(throttle, "alice", NewAddress())).Should().BeFalse("a new address waits the delay");
        (await Admitted(throttle, "alice", Owner)).Should().BeTrue("the owner's address is exempt");

        // An hour later the address is no longer known: after three more failures the owner waits like anyone.
        Clock.Advance(TimeSpan.FromHours(1));
        for (var i = 0; i < 3; i++)
        {
            (await Admitted(throttle, "alice", NewAddress())).Should().BeTrue();
        }

        (await Admitted(throttle, "alice", Owner)).Should().BeFalse("the owner's last login from it is an hour old");
    }

    [Fact]
    public async Task ASuccess_ClearsItsPair_AndTakesItsOwnCountBackFromTheAddressAndTheUsername()
    {
        var pair = Throttle(maxFailures: 3);
        await Admit(pair);
        await Admit(pair);
        await LogIn(pair, "alice", Attacker);
        for (var i = 0; i < 3; i++)
        {
            (await Admitted(pair)).Should().BeTrue("the success cleared the pair's failures");
        }

        (await Admitted(pair)).Should().BeFalse();

        // Each part on addresses of its own: with Redis, the three throttles share one store.
        var address = Throttle(maxFailures: 10, perAddress: 3);
        var office = NewAddress();
        await Admit(address, "user1", office);
        await Admit(address, "user2", office);
        await LogIn(address, "dave", office);
        (await Admitted(address, "user3", office)).Should().BeTrue("the success took its own count back: two failures so far");
        (await Admitted(address, "user4", office)).Should().BeFalse("user1, user2 and user3 fill the address's three");

        var username = Throttle(maxFailures: 10, usernameWide: 3);
        await Admit(username, "carol", NewAddress());
        await LogIn(username, "carol", NewAddress());
        await Admit(username, "carol", NewAddress());
        (await Admitted(username, "carol", NewAddress())).Should().BeTrue("two failures of carol, below the threshold of three");
    }

    [Fact]
    public async Task AttemptsInParallel_CannotSlipPastThePairLimit()
    {
        var throttle = Throttle(maxFailures: 5);

        var admitted = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => Task.Run(() => Admitted(throttle))));

        admitted.Count(a => a).Should().Be(5);
    }

    [Fact]
    public async Task AttemptsInParallel_FromManyAddresses_PastTheUsernameWideThreshold_OneGoesThroughPerDelay()
    {
        var throttle = Throttle(maxFailures: 3, usernameWide: 3);
        for (var i = 0; i < 3; i++)
        {
            await Admit(throttle, "alice", NewAddress());
        }

        Clock.Advance(TimeSpan.FromSeconds(1));
        var addresses = Enumerable.Range(0, 100).Select(_ => NewAddress()).ToList();

        var admitted = await Task.WhenAll(addresses.Select(a => Task.Run(() => Admitted(throttle, "alice", a))));

        admitted.Count(a => a).Should().Be(1, "the first one's failure starts the next delay for all the others");
    }

    [Fact]
    public async Task RateLimitingDisabled_TurnsLoginThrottlingOff()
    {
        var throttle = Throttle(maxFailures: 1, perAddress: 1, usernameWide: 1, enabled: false);

        for (var i = 0; i < 50; i++)
        {
            (await Admitted(throttle)).Should().BeTrue();
        }
    }
}
