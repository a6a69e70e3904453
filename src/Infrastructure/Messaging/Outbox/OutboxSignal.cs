namespace FlashPurchase.Infrastructure.Messaging.Outbox;

/// <summary>
/// Wakes this process's relay right after a commit that wrote outbox rows, so an event leaves within milliseconds
/// rather than at the next poll. Wakes coalesce: a crowd's thousand commits wake the relay once per round.
/// </summary>
internal sealed class OutboxSignal
{
    private readonly SemaphoreSlim _wake = new(0, 1);

    public void Wake()
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already woken: the coming round takes this commit's rows too.
        }
    }

    /// <summary>Until woken or <paramref name="timeout"/> has passed.</summary>
    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _wake.WaitAsync(timeout, cancellationToken);
}
