using FlashPurchase.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting.Internal;

namespace FlashPurchase.Bench;

/// <summary>
/// The product's Infrastructure as the benchmark uses it: its token service (the same keys and validation rules as the
/// API's) and its database context, from the same environment variables. Built as a plain service provider, never
/// started as a host, so no bus connects and no loop runs. Shared with the bare ceiling (FlashPurchase.Bench.Bare).
/// </summary>
public static class ProductServices
{
    public static ServiceProvider Build(IConfiguration configuration)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddInfrastructure(configuration, new HostingEnvironment { EnvironmentName = "Development" });
        return services.BuildServiceProvider();
    }
}
