using MassTransit;

namespace FlashPurchase.TestSupport.Fulfilment;

/// <summary>
/// Stands for a shop's fulfilment: ships each order once, however often the event arrives (at least once), by
/// deduplicating on its EventId.
/// </summary>
public sealed class FulfilmentConsumer(FulfilmentLog log) : IConsumer<OrderPlaced>
{
    public Task Consume(ConsumeContext<OrderPlaced> context)
    {
        // A real shop would record the EventId in the same transaction as the shipment; the log stands for both.
        log.Record(context.Message, context.MessageId);
        return Task.CompletedTask;
    }
}
