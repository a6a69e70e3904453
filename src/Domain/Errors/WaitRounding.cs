namespace FlashPurchase.Domain.Errors;

/// <summary>How a wait is told to a shopper, in words or in a header: the one rounding rule.</summary>
public static class WaitRounding
{
    /// <summary>Whole seconds, rounded up (a shopper who waits as long as told is let in), and at least one.</summary>
    public static int WholeSeconds(TimeSpan wait) =>
        wait <= TimeSpan.FromSeconds(1) ? 1 : (int)Math.Min(int.MaxValue, Math.Ceiling(wait.TotalSeconds));
}
