using MassTransit;

namespace FlashPurchase.TestSupport.Fulfilment;

/// <summary>
/// The sample fulfilment as a service of its own: its own bus on the broker, its own durable queue bound to the
/// OrderPlaced exchange. Start it before the orders: an event published while no queue is bound reaches nobody.
/// </summary>
public sealed class FulfilmentService : IAsyncDisposable
{
    public const string QueueName = "shop-fulfilment";

    private readonly IBusControl _bus;

    private FulfilmentService(IBusControl bus, FulfilmentLog log)
    {
        _bus = bus;
        Log = log;
    }

    public FulfilmentLog Log { get; }

    /// <summary>Starts it on <paramref name="amqpUri"/> (amqp://user:password@host:port/vhost) and waits until it consumes.</summary>
    public static async Task<FulfilmentService> StartAsync(string amqpUri, TimeSpan timeout)
    {
        var log = new FulfilmentLog();
        var bus = Bus.Factory.CreateUsingRabbitMq(rabbit =>
        {
            rabbit.Host(new Uri(amqpUri));
            rabbit.ReceiveEndpoint(QueueName, endpoint => endpoint.Consumer(() => new FulfilmentConsumer(log)));
        });
        using var cancel = new CancellationTokenSource(timeout);
        await bus.StartAsync(cancel.Token);
        return new FulfilmentService(bus, log);
    }

    public async ValueTask DisposeAsync() => await _bus.StopAsync(CancellationToken.None);
}
