using System.Text.Json;
using System.Threading.Channels;
using FlashPurchase.Application.Abstractions;
using FlashPurchase.Application.IntegrationEvents;
using FlashPurchase.Infrastructure.IntegrationTests.Support;
using FlashPurchase.Infrastructure.Messaging;
using FlashPurchase.TestSupport;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FlashPurchase.Infrastructure.IntegrationTests.Messaging;

/// <summary>
/// A queue token is handed out only once the broker holds its message: the message must then wait durably in the
/// worker's queue, even when no worker has ever run, and reach the worker once it starts.
/// </summary>
public sealed class RabbitMqQueueTokenPublisherTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private ThrowawayVhost _vhost = null!;

    public async Task InitializeAsync() => _vhost = await ThrowawayVhost.CreateAsync();

    public async Task DisposeAsync() => await _vhost.DisposeAsync();

    [Fact]
    public async Task TryPublishAsync_WhenNoWorkerHasEverRun_KeepsTheMessageInTheQueueUntilTheWorkerStarts()
    {
        var message = new QueueTokenIssued(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), 42, DateTimeOffset.UtcNow.AddHours(1));

        // The API alone: it sends, the broker confirms, and the API goes away.
        await using (var api = InfrastructureServices.Build(RabbitMqSettings(_vhost.AmqpUri)))
        {
            var hosted = await api.StartHostedServicesWithoutDatabaseAsync();
            (await api.GetRequiredService<IQueueTokenPublisher>().TryPublishAsync(message, CancellationToken.None)).Should().BeTrue();
            await StopAsync(hosted);
        }

        // The broker's own view (its counters lag a few seconds): one persistent message in a durable queue, no consumer.
        var queue = await WaitForQueueAsync(q => q.GetProperty("messages_persistent").GetInt64() == 1);
        queue.GetProperty("durable").GetBoolean().Should().BeTrue();
        queue.GetProperty("consumers").GetInt32().Should().Be(0);

        // Now a worker: a consumer on the endpoint the real worker uses receives the very message.
        var received = Channel.CreateUnbounded<QueueTokenIssued>();
        await using var worker = InfrastructureServices.Build(
            RabbitMqSettings(_vhost.AmqpUri),
            setup => setup.AddConsumers = bus =>
                bus.AddConsumer<RecordingConsumer>().Endpoint(e => e.Name = MessagingEndpoints.QueueTokenIssued),
            configureServices: services => services.AddSingleton(received.Writer));
        var workerHosted = await worker.StartHostedServicesWithoutDatabaseAsync();
        try
        {
            using var timeout = new CancellationTokenSource(Patience);
            (await received.Reader.ReadAsync(timeout.Token)).Should().Be(message);
        }
        finally
        {
            await StopAsync(workerHosted);
        }
    }

    private async Task<JsonElement> WaitForQueueAsync(Func<JsonElement, bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var queue = JsonDocument.Parse(await _vhost.GetQueueJsonAsync(MessagingEndpoints.QueueTokenIssued)).RootElement;
            if (queue.TryGetProperty("messages_persistent", out _) && condition(queue))
            {
                return queue;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The queue never reached the expected state; last seen: {queue}");
            }

            await Task.Delay(500);
        }
    }

    private static async Task StopAsync(IReadOnlyList<IHostedService> hosted)
    {
        foreach (var service in hosted.Reverse())
        {
            await service.StopAsync(CancellationToken.None);
        }
    }

    internal static Dictionary<string, string?> RabbitMqSettings(string amqpUri, TimeSpan? publishTimeout = null) => new()
    {
        ["Messaging:Transport"] = "RabbitMq",
        ["ConnectionStrings:RabbitMq"] = amqpUri,
        ["Messaging:PublishTimeout"] = (publishTimeout ?? TimeSpan.FromSeconds(10)).ToString("c"),
    };

    public sealed class RecordingConsumer(ChannelWriter<QueueTokenIssued> received) : IConsumer<QueueTokenIssued>
    {
        public async Task Consume(ConsumeContext<QueueTokenIssued> context) => await received.WriteAsync(context.Message);
    }
}
