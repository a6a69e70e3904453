using FlashPurchase.Infrastructure.IntegrationTests.Support;
using FlashPurchase.Infrastructure.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FlashPurchase.Infrastructure.IntegrationTests.Security;

/// <summary>The login throttle without Redis: every count in this process's memory.</summary>
public sealed class InMemoryLoginThrottleTests : LoginThrottleContract
{
    protected override IReadOnlyDictionary<string, string?> StoreSettings { get; } = new Dictionary<string, string?>();

    [Fact]
    public async Task WindowsAndAddressesThatAgedOut_AreForgotten()
    {
        var throttle = (InMemoryLoginThrottle)Throttle(maxFailures: 3, perAddress: 100, usernameWide: 50);
        for (var i = 0; i < 300; i++)
        {
            await Admit(throttle, $"sprayed-{i}", NewAddress());
        }

        await LogIn(throttle, "owner", Owner);
        throttle.TrackedKeys.Should().Be(900 + 1, "a pair, an address and a username window per attempt, the owner's known address");

        Clock.Advance(TimeSpan.FromDays(31));
        await Admit(throttle, "someone-later", NewAddress());

        throttle.TrackedKeys.Should().Be(3, "only the last attempt's windows: nothing idle costs memory");
    }

    [Theory]
    [InlineData("RateLimiting:Login:MaxFailures", "-1")]
    [InlineData("RateLimiting:Login:MaxFailuresPerAddress", "-1")]
    [InlineData("RateLimiting:Login:UsernameWideThreshold", "-1")]
    [InlineData("RateLimiting:Login:Window", "00:00:00")]
    [InlineData("RateLimiting:Login:KnownAddressMemory", "00:00:00")]
    [InlineData("RateLimiting:Login:MaxDelay", "00:00:00.5")]
    [InlineData("RateLimiting:Login:MaxDelay", "01:00:00")] // longer than the 15-minute window
    public void NonsenseSettings_AreRefused_NamingTheSection(string key, string value)
    {
        using var services = InfrastructureServices.Build(new Dictionary<string, string?> { [key] = value }, clock: Clock);

        var read = () => services.GetRequiredService<IOptions<LoginThrottleOptions>>().Value;

        read.Should().Throw<OptionsValidationException>().WithMessage("*RateLimiting:Login*");
    }
}
