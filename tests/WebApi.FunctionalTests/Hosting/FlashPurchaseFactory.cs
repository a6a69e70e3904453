using System.Net;
using Microsoft.AspNetCore.Builder;
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
    string environment = "Development",
    Action<IServiceCollection>? testServices = null) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, ClientAddressFromHeader>());

        if (clock is not null)
        {
            builder.ConfigureTestServices(services =>
            {
                services.RemoveAll<TimeProvider>();
                services.AddSingleton(clock);
            });
        }

        if (testServices is not null)
        {
            builder.ConfigureTestServices(testServices);
        }
    }
}

/// <summary>
/// Lets a test say which client address a request comes from (<see cref="Header"/>), so that the per-address rate
/// limits can be tested with many addresses; the in-memory test server gives requests no address of its own. Runs
/// before the app's pipeline; requests without the header keep their connection's address.
/// </summary>
public sealed class ClientAddressFromHeader : IStartupFilter
{
    public const string Header = "X-Test-Client-Address";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            if (context.Request.Headers.TryGetValue(Header, out var value) && IPAddress.TryParse(value, out var address))
            {
                context.Connection.RemoteIpAddress = address;
            }

            return nextMiddleware(context);
        });
        next(app);
    };
}
