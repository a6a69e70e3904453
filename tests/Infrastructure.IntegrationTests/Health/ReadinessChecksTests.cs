using FlashPurchase.Infrastructure.IntegrationTests.Messaging;
using FlashPurchase.Infrastructure.IntegrationTests.Support;
using FlashPurchase.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using MySqlConnector;

namespace FlashPurchase.Infrastructure.IntegrationTests.Health;

/// <summary>
/// The readiness checks as AddInfrastructure registers them: healthy against the real servers; unhealthy against a
/// port where nothing listens, keeping the failure they caught so that the report (and its log) says why.
/// </summary>
public sealed class ReadinessChecksTests
{
    // Nothing listens on port 1: what a stopped server looks like.
    private const string NoDatabaseServer = "Server=127.0.0.1;Port=1;Database=fp;User ID=nobody;Connection Timeout=2";
    private const string NoBroker = "amqp://guest:guest@127.0.0.1:1/";

    private static async Task<HealthReportEntry> CheckAsync(Dictionary<string, string?> settings, string check)
    {
        await using var services = InfrastructureServices.Build(settings);
        var report = await services.GetRequiredService<HealthCheckService>()
            .CheckHealthAsync(registration => registration.Name == check);
        return report.Entries.Should().ContainKey(check).WhoseValue;
    }

    private static IEnumerable<Exception> Causes(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            yield return e;
        }
    }

    [Fact]
    public async Task Database_WhenTheServerCannotBeReached_IsUnhealthy_AndKeepsTheDriversException()
    {
        var entry = await CheckAsync(InfrastructureServices.MariaDb(NoDatabaseServer), "database");

        entry.Status.Should().Be(HealthStatus.Unhealthy);
        entry.Description.Should().Be("The database cannot be reached.");
        entry.Exception.Should().NotBeNull("the report says why, not only that");
        Causes(entry.Exception!).Should().Contain(e => e is MySqlException, "the driver's own failure is kept: {0}", entry.Exception);
    }

    [Fact]
    public async Task Database_WhenTheServerIsThere_IsHealthy()
    {
        await using var database = await ThrowawayDatabase.CreateAsync();

        var entry = await CheckAsync(InfrastructureServices.MariaDb(database.ConnectionString), "database");

        entry.Status.Should().Be(HealthStatus.Healthy, "{0}", entry.Exception);
    }

    [Fact]
    public async Task Broker_WhenItCannotBeReached_IsUnhealthy_AndKeepsTheClientsException()
    {
        var entry = await CheckAsync(RabbitMqQueueTokenPublisherTests.RabbitMqSettings(NoBroker), "broker");

        entry.Status.Should().Be(HealthStatus.Unhealthy);
        entry.Description.Should().Be("The message broker cannot be reached.");
        entry.Exception.Should().NotBeNull("the report says why, not only that");
    }

    [Fact]
    public async Task Broker_WhenItIsThere_IsHealthy()
    {
        await using var vhost = await ThrowawayVhost.CreateAsync();

        var entry = await CheckAsync(RabbitMqQueueTokenPublisherTests.RabbitMqSettings(vhost.AmqpUri), "broker");

        entry.Status.Should().Be(HealthStatus.Healthy, "{0}", entry.Exception);
    }
}
