using FlashPurchase.Application.Abstractions;
using FlashPurchase.Infrastructure.IntegrationTests.Support;
using FlashPurchase.Infrastructure.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace FlashPurchase.Infrastructure.IntegrationTests.Security;

/// <summary>
/// Login throttling as registered by AddInfrastructure: at most RateLimiting:Login:MaxFailures failed logins per
/// username within RateLimiting:Login:Window, on a clock the test moves.
/// </summary>
public sealed class LoginThrottleTests : IDisposable
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(10);

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 24, 17, 0, 0, TimeSpan.Zero));
    private readonly List<ServiceProvider> _providers = [];

    public void Dispose() => _providers.ForEach(p => p.Dispose());

    private ILoginThrottle Throttle(int maxFailures = 3, bool? enabled = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["RateLimiting:Login:MaxFailures"] = maxFailures.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["RateLimiting:Login:Window"] = Window.ToString(),
        };
        if (enabled is { } on)
        {
            settings["RateLimiting:Enabled"] = on ? "true" : "false";
        }

        var services = InfrastructureServices.Build(settings, clock: _clock);
        _providers.Add(services);
        return services.GetRequiredService<ILoginThrottle>();
    }

    private static bool Admit(ILoginThrottle throttle, string username = "alice") => throttle.TryAdmit(username, out _);

    [Fact]
    public void AfterMaxFailures_TheUsernameIsLocked_UntilItsOldestFailureLeavesTheWindow()
    {
        var throttle = Throttle(maxFailures: 3);
        Admit(throttle).Should().BeTrue();
        _clock.Advance(TimeSpan.FromMinutes(2));
        Admit(throttle).Should().BeTrue();
        Admit(throttle).Should().BeTrue();

        throttle.TryAdmit("alice", out var retryAfter).Should().BeFalse("three failures within the window lock the username");
        retryAfter.Should().Be(Window - TimeSpan.FromMinutes(2), "the first failure leaves the window then");

        _clock.Advance(retryAfter - TimeSpan.FromSeconds(1));
        Admit(throttle).Should().BeFalse();
        _clock.Advance(TimeSpan.FromSeconds(1));
        Admit(throttle).Should().BeTrue("the oldest failure has aged out: one more guess, no more");
        Admit(throttle).Should().BeFalse();
    }

    [Fact]
    public void AttemptsRefusedWhileLocked_AreNotCounted_SoTheLockEndsOnTime()
    {
        var throttle = Throttle(maxFailures: 2);
        Admit(throttle);
        Admit(throttle);
        for (var i = 0; i < 50; i++)
        {
            _clock.Advance(TimeSpan.FromSeconds(10));
            Admit(throttle).Should().BeFalse();
        }

        _clock.Advance(Window); // well past the two counted failures
        Admit(throttle).Should().BeTrue();
    }

    [Fact]
    public void ASuccess_ForgetsTheFailures()
    {
        var throttle = Throttle(maxFailures: 3);
        Admit(throttle);
        Admit(throttle);
        throttle.Succeeded("alice");

        Admit(throttle).Should().BeTrue();
        Admit(throttle).Should().BeTrue();
        Admit(throttle).Should().BeTrue();
        Admit(throttle).Should().BeFalse();
    }

    [Fact]
    public void EachUsername_HasFailuresOfItsOwn()
    {
        var throttle = Throttle(maxFailures: 1);
        Admit(throttle, "alice");

        Admit(throttle, "alice").Should().BeFalse();
        Admit(throttle, "bob").Should().BeTrue();
    }

    [Fact]
    public async Task GuessesSentInParallel_CannotSlipPastTheLimit()
    {
        var throttle = Throttle(maxFailures: 5);

        var admitted = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => Task.Run(() => Admit(throttle))));

        admitted.Count(a => a).Should().Be(5);
    }

    [Fact]
    public void UsernamesWhoseFailuresAgedOut_AreForgotten()
    {
        var throttle = (SlidingWindowLoginThrottle)Throttle(maxFailures: 3);
        for (var i = 0; i < 1000; i++)
        {
            Admit(throttle, $"sprayed-{i}");
        }

        throttle.TrackedUsernames.Should().Be(1000);
        _clock.Advance(Window + TimeSpan.FromMinutes(1));
        Admit(throttle, "someone-later");

        throttle.TrackedUsernames.Should().Be(1, "a username nobody failed for lately costs no memory");
    }

    [Fact]
    public void MaxFailuresZero_ThrottlesNothing()
    {
        var throttle = Throttle(maxFailures: 0);

        Enumerable.Range(0, 100).Should().OnlyContain(_ => Admit(throttle));
    }

    [Fact]
    public void RateLimitingDisabled_TurnsLoginThrottlingOffToo()
    {
        var throttle = Throttle(maxFailures: 1, enabled: false);

        Enumerable.Range(0, 100).Should().OnlyContain(_ => Admit(throttle));
    }

    [Theory]
    [InlineData("RateLimiting:Login:MaxFailures", "-1")]
    [InlineData("RateLimiting:Login:Window", "00:00:00")]
    public void NonsenseSettings_AreRefused_NamingTheSetting(string key, string value)
    {
        using var services = InfrastructureServices.Build(new Dictionary<string, string?> { [key] = value }, clock: _clock);

        var read = () => services.GetRequiredService<IOptions<LoginThrottleOptions>>().Value;

        read.Should().Throw<OptionsValidationException>().WithMessage("*RateLimiting:Login*");
    }
}
