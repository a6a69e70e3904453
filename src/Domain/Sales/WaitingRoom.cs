namespace FlashPurchase.Domain.Sales;

/// <summary>
/// The waiting-room controls of one sale, all off by default: a pre-queue drawn at random at the opening, a release
/// pace, a limit of active shoppers, a purchase window and a proof-of-work challenge at joining.
/// </summary>
/// <param name="PreQueue">How long before the opening shoppers may join a pre-queue; zero: none.</param>
/// <param name="ReleaseRate">Purchase tokens released per minute at most; 0: no pace.</param>
/// <param name="MaxActiveShoppers">Released, unexpired, unused purchase tokens at once at most; 0: no limit.</param>
/// <param name="PurchaseWindow">How long a released purchase token may be used; null: the token lifetime.</param>
/// <param name="ChallengeDifficulty">Leading zero bits of SHA-256 a join's proof of work needs; 0: none.</param>
public sealed record WaitingRoom(
    TimeSpan PreQueue, int ReleaseRate, int MaxActiveShoppers, TimeSpan? PurchaseWindow, int ChallengeDifficulty)
{
    /// <summary>The hardest challenge a sale may ask: 2^32 hashes on average already takes a phone hours.</summary>
    public const int MaxChallengeDifficulty = 32;

    public static WaitingRoom Off { get; } = new(TimeSpan.Zero, 0, 0, null, 0);

    /// <summary>The purchase window a released token gets: the sale's own, else <paramref name="tokenLifetime"/>.</summary>
    public TimeSpan PurchaseWindowOr(TimeSpan tokenLifetime) => PurchaseWindow ?? tokenLifetime;

    /// <summary>The validators refuse these values with a message first; this guards the domain's own invariant.</summary>
    internal void ThrowIfInvalid()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(PreQueue, TimeSpan.Zero, nameof(PreQueue));
        ArgumentOutOfRangeException.ThrowIfNegative(ReleaseRate);
        ArgumentOutOfRangeException.ThrowIfNegative(MaxActiveShoppers);
        if (PurchaseWindow is { } window)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero, nameof(PurchaseWindow));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(ChallengeDifficulty);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ChallengeDifficulty, MaxChallengeDifficulty);
    }
}
