using FlashPurchase.Infrastructure.Persistence;
using MassTransit;
using Microsoft.Extensions.Options;

namespace FlashPurchase.Infrastructure.Messaging.Consumers;

internal sealed class QueueTokenIssuedConsumerDefinition : ConsumerDefinition<QueueTokenIssuedConsumer>
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
        // Declared as the API declares it when it publishes (QueueTokenTopology): the same arguments on both sides.
        if (endpointConfigurator is IRabbitMqReceiveEndpointConfigurator rabbit)
        {
            QueueTokenTopology.DeclareQueue(rabbit, _options);
        }

        // Batch options also size the endpoint's prefetch and concurrency (message limit × concurrency), so that a
        // batch can fill without waiting for the previous one's acknowledgements.
        consumerConfigurator.Options<BatchOptions>(batch => batch
            .SetMessageLimit(_options.ConversionBatchSize)
            .SetTimeLimit(_options.ConversionBatchWait)
            .SetConcurrencyLimit(_options.ConsumerConcurrency));

        // A database that is down or restarting is waited out, however long it takes: the batch stays unacknowledged
        // (back in the queue if this Worker dies), so an outage sends no token to the error queue, where nothing would
        // convert it and its shopper would wait until the token expired.
        endpointConfigurator.UseMessageRetry(retry =>
        {
            retry.Handle<Exception>(TransientDatabaseFailure.Is);
            retry.Exponential(int.MaxValue, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(15), TimeSpan.FromMilliseconds(500));
        });

        // Anything else, such as a message that arrived a moment before its place was committed, is retried for a
        // while, then kept in queue-token-issued_error (MassTransit's default): a message whose place never commits
        // belongs to a queue token that was never handed out.
        endpointConfigurator.UseMessageRetry(retry =>
        {
            retry.Ignore<Exception>(TransientDatabaseFailure.Is);
            retry.Intervals(100, 500, 1_000, 2_000, 5_000, 10_000);
        });
    }
}
