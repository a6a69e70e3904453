using System.Net;
using FlashPurchase.WebApi.FunctionalTests.Client;
using FlashPurchase.WebApi.FunctionalTests.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FlashPurchase.WebApi.FunctionalTests.RateLimiting;

/// <summary>The switch, the defaults, and the settings start-up refuses.</summary>
public sealed class RateLimitSettingsTests
{
    [Fact]
    public async Task WithRateLimitingDisabled_NothingIsLimited_HoweverSmallTheLimits()
    {
        var settings = RateLimitSettings.With(("Enter", 1, 1, TimeSpan.FromMinutes(1)), ("AccountsPerAddress", 1, 1, TimeSpan.FromMinutes(1)));
        settings["RateLimiting:Enabled"] = "false";
        settings["RateLimiting:Login:MaxFailures"] = "1";
        await using var app = await EmbeddedApp.StartAsync(settings);

        var shopper = await app.Api.NewShopperAsync();
        for (var i = 0; i < 10; i++)
        {
            (await shopper.EnterAsync()).Status.Should().Be(HttpStatusCode.OK);
            (await app.Api.LoginAsync(shopper.Username, "wrong-password")).ShouldBeProblem(401, "invalid_credentials");
        }
    }

    [Fact]
    public async Task WithTheDefaultLimits_AShopperGoesThroughTheWholePurchase()
    {
        await using var app = await EmbeddedApp.StartAsync(new Dictionary<string, string?> { ["RateLimiting:Enabled"] = "true" });

        var shopper = await app.Api.NewShopperAsync();
        var order = await shopper.BuyAsync();

        order.OrderId.Should().NotBeEmpty();
    }

    [Theory]
    [InlineData("RateLimiting:Exchange", 10, 1, "00:00:01")] // exactly one a second: a poll may come just before the refill
    [InlineData("RateLimiting:Exchange", 10, 5, "00:00:10")] // half a request a second
    [InlineData("RateLimiting:Exchange", 5, 2, "00:00:02")] // one a second, less the limiter's refill tick
    [InlineData("RateLimiting:AccountsPerAddress", 0, 1, "00:00:01")]
    [InlineData("RateLimiting:Enter", 5, 10, "00:00:01")]
    [InlineData("RateLimiting:QueuePerAddress", 5, 1, "00:00:00")]
    public void SettingsThatMakeNoSense_AreRefusedAtStartUp_NamingTheSetting(string section, int burst, int refillCount, string refillPeriod)
    {
        var settings = RateLimitSettings.With();
        settings[$"{section}:Burst"] = burst.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings[$"{section}:RefillCount"] = refillCount.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings[$"{section}:RefillPeriod"] = refillPeriod;

        // What the host runs first when it starts (ValidateOnStart), over the API's own registrations. Not through
        // WebApplicationFactory: when start-up fails, Program's app.Run() disposes the host, racing the factory, which
        // may then report "Cannot access a disposed object" instead of the reason.
        using var services = ApiServices(settings);
        var start = () => services.GetRequiredService<IStartupValidator>().Validate();

        start.Should().Throw<OptionsValidationException>().Which.Message.Should().Contain(section,
            "the operator must learn which setting to fix");
    }

    [Fact]
    public void TheDefaultSettings_PassTheStartUpChecks()
    {
        using var services = ApiServices(new Dictionary<string, string?> { ["RateLimiting:Enabled"] = "true" });

        services.GetRequiredService<IStartupValidator>().Validate();
    }

    private static ServiceProvider ApiServices(IReadOnlyDictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddWebApi(configuration);
        return services.BuildServiceProvider();
    }
}
