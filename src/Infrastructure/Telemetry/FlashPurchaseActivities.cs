using System.Diagnostics;

namespace FlashPurchase.Infrastructure.Telemetry;

/// <summary>
/// FlashPurchase's own spans, where the framework's do not join a shopper's trace by themselves: the join's message is
/// sent from the admissions' batch loop (not under the HTTP request), and the Worker converts messages in batches (one
/// consume span for many traces). Each span here is parented to the one shopper's trace it belongs to. Without a
/// listener (tracing off) <see cref="ActivitySource.StartActivity(string, ActivityKind, ActivityContext, IEnumerable{KeyValuePair{string, object?}}?, IEnumerable{ActivityLink}?, DateTimeOffset)"/>
/// returns null and costs a check.
/// </summary>
public static class FlashPurchaseActivities
{
    public const string SourceName = "FlashPurchase";

    /// <summary>The header MassTransit carries the send span's W3C id in (traceparent's format).</summary>
    public const string MessageTraceHeader = "MT-Activity-Id";

    internal static readonly ActivitySource Source = new(SourceName);

    /// <summary>Around one join's message send, in the trace of the join's request (its context captured at the join).</summary>
    internal static Activity? StartQueueTokenPublish(ActivityContext join, Guid queueTokenId) =>
        Source.StartActivity("queue token publish", ActivityKind.Internal, join)?
            .SetTag("flashpurchase.queue_token_id", queueTokenId);

    /// <summary>Around the conversion of one message of a batch, in the trace its sender propagated (when it did).</summary>
    internal static Activity? StartQueueTokenConversion(string? messageTraceParent, Guid queueTokenId)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        // Without the header (a message from elsewhere), the batch's own span is the parent: Activity.Current.
        ActivityContext.TryParse(messageTraceParent, null, out var parent);
        return Source.StartActivity("queue token conversion", ActivityKind.Consumer, parent)?
            .SetTag("flashpurchase.queue_token_id", queueTokenId);
    }
}
