using FlashPurchase.Infrastructure.Admissions;
using FlashPurchase.Infrastructure.IntegrationTests.Support;
using FlashPurchase.Infrastructure.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FlashPurchase.Infrastructure.IntegrationTests.Admissions;

/// <summary>
/// A host stops its hosted services in the reverse order of their registration. The admissions drain their queued
/// joins when they stop, and those joins' messages need the bus: they must stop before it, so start after it.
/// </summary>
public sealed class HostedServiceOrderTests
{
    [Theory]
    [InlineData("InMemory")]
    [InlineData("RabbitMq")]
    public async Task Admissions_StartAfterTheBusAndTheDatabase_SoTheyStopBeforeThem(string transport)
    {
        await using var services = InfrastructureServices.Build(new Dictionary<string, string?>
        {
            ["Messaging:Transport"] = transport,
            ["ConnectionStrings:RabbitMq"] = "amqp://guest:guest@127.0.0.1:5672/",
        });

        var order = services.GetServices<IHostedService>().Select(s => s.GetType()).ToList();

        var admissions = order.IndexOf(typeof(BatchingQueueAdmissions));
        var bus = order.FindIndex(t => t.Name == "MassTransitHostedService");
        admissions.Should().BeGreaterThanOrEqualTo(0, "the admissions are a hosted service: {0}", string.Join(", ", order));
        bus.Should().BeGreaterThanOrEqualTo(0, "MassTransit runs the bus as a hosted service: {0}", string.Join(", ", order));
        admissions.Should().BeGreaterThan(bus, "the admissions stop before the bus");
        admissions.Should().BeGreaterThan(order.IndexOf(typeof(DatabaseInitializer)), "the schema is ready before the first join");
        services.GetRequiredService<Application.Abstractions.IQueueAdmissions>()
            .Should().BeSameAs(services.GetServices<IHostedService>().OfType<BatchingQueueAdmissions>().Single(),
                "the joins go to the very loop the host runs");
    }
}
