using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FlashPurchase.WebApi.FunctionalTests.Hosting;

/// <summary>
/// The API host of one test app. Program.cs and AddInfrastructure read the transport, provider and connection
/// strings while they register services, so every setting goes in through <c>UseSetting</c>: those values are part of
/// the minimal-hosting builder's configuration from the start, unlike ConfigureAppConfiguration sources.
/// </summary>
public sealed class FlashPurchaseFactory(
    IReadOnlyDictionary<string, string?> settings,
    TimeProvider? clock = null,
    string environment = "Development") : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        if (clock is not null)
        {
            builder.ConfigureTestServices(services =>
            {
                services.RemoveAll<TimeProvider>();
                services.AddSingleton(clock);
            });
        }
    }
}
