using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;

namespace FlashPurchase.Infrastructure.IntegrationTests.Support;

/// <summary>Just enough of a host environment for AddInfrastructure, which only asks whether it is Development.</summary>
internal sealed class TestHostEnvironment(string environmentName = "Development") : IHostEnvironment
{
    public string EnvironmentName { get; set; } = environmentName;
    public string ApplicationName { get; set; } = "FlashPurchase.Infrastructure.IntegrationTests";
    public string ContentRootPath { get; set; } = AppContext.BaseDirectory;
    public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
}
