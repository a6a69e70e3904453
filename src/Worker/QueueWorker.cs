using FlashPurchase.Application;
using FlashPurchase.Infrastructure;
using FlashPurchase.Infrastructure.Messaging;
using FlashPurchase.Worker.Consumers;
using MassTransit;

namespace FlashPurchase.Worker;

/// <summary>The queue worker: consumes queue token messages and creates purchase tokens.</summary>
public static class QueueWorker
{
    /// <summary>Registers the worker's consumers on a bus: the Worker host's, or the API's in the embedded mode.</summary>
    public static void AddQueueWorkerConsumers(this IBusRegistrationConfigurator bus) =>
        bus.AddConsumer<QueueTokenIssuedConsumer, QueueTokenIssuedConsumerDefinition>();

    /// <summary>The Worker as its own process. <paramref name="configure"/> lets tests add configuration first.</summary>
    public static HostApplicationBuilder CreateBuilder(string[] args, Action<ConfigurationManager>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder(args);
        configure?.Invoke(builder.Configuration);

        if (builder.Configuration.GetMessagingOptions().Transport != MessagingTransport.RabbitMq)
        {
            throw new InvalidOperationException(
                "The Worker consumes from RabbitMQ: set Messaging__Transport=RabbitMq. (With the in-memory transport the " +
                "queue worker runs inside the API process: start only the API.)");
        }

        // Every message writes SQL; at Information level EF would log each statement.
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning);
        builder.Services.AddApplication();
        builder.Services.AddInfrastructure(builder.Configuration, builder.Environment,
            setup => setup.AddConsumers = bus => bus.AddQueueWorkerConsumers());
        return builder;
    }
}
