using FlashPurchase.Infrastructure.Messaging;
using MassTransit;
using Microsoft.Extensions.Options;

namespace FlashPurchase.Worker.Consumers;

public sealed class QueueTokenIssuedConsumerDefinition : ConsumerDefinition<QueueTokenIssuedConsumer>
{
    private readonly MessagingOptions _options;

    public QueueTokenIssuedConsumerDefinition(IOptions<MessagingOptions> options)
    {
        _options = options.Value;

        // The queue the API sends to; see MessagingEndpoints.
        EndpointName = MessagingEndpoints.QueueTokenIssued;
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<QueueTokenIssuedConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        // Batch options also size the endpoint's prefetch and concurrency (message limit × concurrency), so that a
        // batch can fill without waiting for the previous one's acknowledgements.
        consumerConfigurator.Options<BatchOptions>(batch => batch
            .SetMessageLimit(_options.ConversionBatchSize)
            .SetTimeLimit(_options.ConversionBatchWait)
            .SetConcurrencyLimit(_options.ConsumerConcurrency));

        // A database blip, or a message that arrived before its place was committed, should not send tokens to the
        // error queue: retry in-process first. Messages that still fail land in queue-token-issued_error
        // (MassTransit's default), where nothing is lost.
        endpointConfigurator.UseMessageRetry(retry => retry.Intervals(100, 500, 1_000, 2_000, 5_000, 10_000));
    }
}
