namespace FlashPurchase.Infrastructure.Messaging;

public static class MessagingEndpoints
{
    /// <summary>
    /// The durable queue that holds queue token messages until a worker converts them. The API declares it and binds it
    /// to the message type's exchange before its first publish (QueueTokenTopology), so no token is lost while no
    /// worker has ever run.
    /// </summary>
    public const string QueueTokenIssued = "queue-token-issued";
}
