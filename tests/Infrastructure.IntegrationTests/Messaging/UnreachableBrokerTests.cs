using FlashPurchase.Application.Abstractions;
using FlashPurchase.Application.IntegrationEvents;
using FlashPurchase.Infrastructure.IntegrationTests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace FlashPurchase.Infrastructure.IntegrationTests.Messaging;

/// <summary>
/// When the broker is down, joining the queue must answer 503 after the publish timeout, not hang the shopper:
/// TryPublishAsync gives up and says false.
/// </summary>
public sealed class UnreachableBrokerTests
{
    // Nothing listens on port 1.
    private const string ClosedPort = "amqp://guest:guest@127.0.0.1:1/";

    [Fact]
    public async Task TryPublishAsync_WhenTheBrokerIsUnreachable_ReturnsFalseInsteadOfHanging()
    {
        await using var api = InfrastructureServices.Build(
            RabbitMqQueueTokenPublisherTests.RabbitMqSettings(ClosedPort, publishTimeout: TimeSpan.FromSeconds(2)));
        // MassTransit's hosted service does not wait for the broker (WaitUntilStarted is off), so this returns at once.
        var hosted = await api.StartHostedServicesWithoutDatabaseAsync();
        var publisher = api.GetRequiredService<IQueueTokenPublisher>();
        var message = new QueueTokenIssued(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), 1, DateTimeOffset.UtcNow.AddHours(1));

        var publish = publisher.TryPublishAsync(message, CancellationToken.None);

        // A liveness bound, far above the 2 s publish timeout: not a speed test, a "does not hang" test.
        var finished = await Task.WhenAny(publish, Task.Delay(TimeSpan.FromSeconds(15)));
        finished.Should().BeSameAs(publish, "TryPublishAsync must give up after its publish timeout (2 s), not wait for the broker");
        (await publish).Should().BeFalse();

        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        foreach (var service in hosted.Reverse())
        {
            await service.StopAsync(stopping.Token);
        }
    }
}
