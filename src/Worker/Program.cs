using FlashPurchase.Application;
using FlashPurchase.Infrastructure;
using FlashPurchase.Infrastructure.Messaging;
using FlashPurchase.Infrastructure.Persistence;
using FlashPurchase.Infrastructure.Telemetry;

// The queue worker as its own process: consumes queue token messages from RabbitMQ and creates purchase tokens.
// The consumer and its set-up live in Infrastructure, which the API's embedded mode runs too.
var builder = Host.CreateApplicationBuilder(args);

if (builder.Configuration.GetMessagingOptions().Transport != MessagingTransport.RabbitMq)
{
    throw new InvalidOperationException(
        "The Worker consumes from RabbitMQ: set Messaging__Transport=RabbitMq. (With the in-memory transport the " +
        "queue worker runs inside the API process: start only the API.)");
}

// Every message writes SQL; at Information level EF would log each statement.
builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning);
builder.Services.AddApplication();
builder.Services.AddInfrastructure(builder.Configuration, builder.Environment, setup => setup.RunQueueWorker = true);

// /metrics on Management__Port (the exporter's own listener: this host serves no other HTTP); traces over OTLP.
builder.Services.AddTelemetry(builder.Configuration, TelemetryHost.Worker);

try
{
    await builder.Build().RunAsync();
}
catch (DatabaseNotMigratedException)
{
    return 1; // the one line that says what to do is logged already
}

return 0;
