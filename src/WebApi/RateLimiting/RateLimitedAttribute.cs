namespace FlashPurchase.WebApi.RateLimiting;

/// <summary>The limited operations, each with its buckets (see <see cref="RateLimitingOptions"/>).</summary>
public enum RateLimitedOperation
{
    /// <summary>Per shopper: Enter. Per address: QueuePerAddress.</summary>
    Enter,

    /// <summary>Per shopper: Exchange. Per address: QueuePerAddress.</summary>
    Exchange,

    /// <summary>Per address: AccountsPerAddress (per username, login throttling sits in the use case).</summary>
    Accounts,
}

/// <summary>Puts an action under the rate limits of <see cref="Operation"/>; actions without it are not limited.</summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class)]
public sealed class RateLimitedAttribute(RateLimitedOperation operation) : Attribute
{
    public RateLimitedOperation Operation { get; } = operation;
}
