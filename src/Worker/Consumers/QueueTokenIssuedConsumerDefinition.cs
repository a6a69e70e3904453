using FlashPurchase.Infrastructure.Messaging;
using MassTransit;
using Microsoft.Extensions.Options;

namespace FlashPurchase.Worker.Consumers;

public sealed class QueueTokenIssuedConsumerDefinition : ConsumerDefinition<QueueTokenIssuedConsumer>
{
    public QueueTokenIssuedConsumerDefinition(IOptions<MessagingOptions> options)
    {
        // The queue the API sends to; see MessagingEndpoints.
        EndpointName = MessagingEndpoints.QueueTokenIssued;
        ConcurrentMessageLimit = options.Value.ConsumerConcurrency;
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<QueueTokenIssuedConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        // A database blip should not send tokens to the error queue: retry in-process first. Messages that still
        // fail land in queue-token-issued_error (MassTransit's default), where nothing is lost.
        endpointConfigurator.UseMessageRetry(retry => retry.Intervals(100, 500, 1_000, 2_000, 5_000, 10_000));
    }
}
