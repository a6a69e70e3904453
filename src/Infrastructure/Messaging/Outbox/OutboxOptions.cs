namespace FlashPurchase.Infrastructure.Messaging.Outbox;

public sealed class OutboxOptions
{
    public const string SectionName = "Outbox";

    /// <summary>
    /// Run the relay in this process. Off only where another process relays the same table (a fault test holds events
    /// back this way, between their commit and their publish); rows wait, nothing is lost.
    /// </summary>
    public bool RelayEnabled { get; set; } = true;

    /// <summary>How often the relay looks for unsent rows when no local commit woke it.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The most rows one round takes and publishes at once.</summary>
    public int BatchSize { get; set; } = 200;

    /// <summary>
    /// How long a round holds the rows it took: another relay takes them only after this (then publishing them twice, if
    /// the first relay died after publishing, before marking them sent).
    /// </summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one publish may wait for the broker's confirmation before it counts as failed.</summary>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest wait after failures (it doubles from one poll interval per failed round in a row).</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long sent rows are kept (to look at) before the relay deletes them.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(1);
}
