namespace FlashPurchase.Infrastructure.Messaging;

public static class MessagingEndpoints
{
    /// <summary>
    /// The durable queue that holds queue token messages until a worker converts them. The API sends straight to it
    /// (rather than publishing to an exchange that may have no queue bound yet), so no token is lost while no
    /// worker has ever run.
    /// </summary>
    public const string QueueTokenIssued = "queue-token-issued";
}
