using FlashPurchase.Domain.Sales;
using FluentValidation;

namespace FlashPurchase.Application.Sales.Admin;

/// <summary>The fields an operator sets on a sale: all of them to create one (some optional), any subset to edit one.</summary>
public interface ISaleSettings
{
    string? ProductName { get; }
    decimal? Price { get; }
    string? Currency { get; }
    int? Stock { get; }
    DateTimeOffset? OpensAt { get; }
    TimeSpan? Duration { get; }
    int? QueueCapacity { get; }
    TimeSpan? PreQueue { get; }
    int? ReleaseRate { get; }
    int? MaxActiveShoppers { get; }
    TimeSpan? PurchaseWindow { get; }
    int? ChallengeDifficulty { get; }
}

/// <summary>
/// The rules of each field sent, the one home of them for creating and editing. A field left out (null) is not checked
/// here: creating a sale adds which ones it needs.
/// </summary>
public abstract class SaleSettingsValidator<T> : AbstractValidator<T>
    where T : ISaleSettings
{
    public const int ProductNameMaxLength = 200;

    /// <summary>The price column's precision: 10 digits before the point, 2 after.</summary>
    public const decimal MaxPrice = 9_999_999_999.99m;

    public static readonly TimeSpan MaxDuration = TimeSpan.FromDays(31);

    /// <summary>The latest opening whose window, of any duration allowed, still ends within the calendar.</summary>
    public static readonly DateTimeOffset MaxOpensAt = DateTimeOffset.MaxValue - MaxDuration;

    /// <summary>The longest pre-queue: a week of waiting before an opening is already more than any crowd needs.</summary>
    public static readonly TimeSpan MaxPreQueue = TimeSpan.FromDays(7);

    /// <summary>The earliest opening whose pre-queue, of any length allowed, still starts within the calendar.</summary>
    public static readonly DateTimeOffset MinOpensAt = DateTimeOffset.MinValue + MaxPreQueue;

    /// <summary>
    /// The shortest purchase window: a second. Shorter ones would not survive the database (MySQL keeps microseconds, so
    /// a tick would be stored as zero), and no shopper buys faster.
    /// </summary>
    public static readonly TimeSpan MinPurchaseWindow = TimeSpan.FromSeconds(1);

    /// <summary>The longest purchase window: a day, well past any checkout.</summary>
    public static readonly TimeSpan MaxPurchaseWindow = TimeSpan.FromDays(1);

    /// <summary>A million a minute: far past what a release loop can pace, and far from overflowing a count.</summary>
    public const int MaxReleaseRate = 1_000_000;

    public const int MaxActiveShoppersLimit = 10_000_000;

    protected SaleSettingsValidator()
    {
        RuleFor(c => c.ProductName)
            .NotEmpty().MaximumLength(ProductNameMaxLength)
            .Must(name => name!.Trim() == name).WithMessage("'Product Name' must not start or end with spaces.")
            .When(c => c.ProductName is not null);
        RuleFor(c => c.Price).GreaterThan(0m).LessThanOrEqualTo(MaxPrice).PrecisionScale(12, 2, ignoreTrailingZeros: true);
        // \z, not $: in .NET '$' also matches before a final newline, and "EUR\n" is no currency (nor fits the column).
        RuleFor(c => c.Currency)
            .Matches(@"^[A-Z]{3}\z").WithMessage("'Currency' must be a three-letter ISO 4217 code in capitals, such as EUR.")
            .When(c => c.Currency is not null);
        RuleFor(c => c.Stock).GreaterThanOrEqualTo(1);

        // Else opensAt + duration overflows (a 500) when the sale is created or its window is computed after an edit.
        RuleFor(c => c.OpensAt).LessThanOrEqualTo(MaxOpensAt)
            .WithMessage("'Opens At' must leave the sale's window room before the end of the calendar: 9999-11-30 at the latest.");
        RuleFor(c => c.Duration).GreaterThan(TimeSpan.Zero).LessThanOrEqualTo(MaxDuration);
        RuleFor(c => c.QueueCapacity).GreaterThanOrEqualTo(0);

        RuleFor(c => c.OpensAt).GreaterThanOrEqualTo(MinOpensAt)
            .WithMessage("'Opens At' must leave room for a pre-queue after the start of the calendar: 0001-01-08 at the earliest.");
        RuleFor(c => c.PreQueue).GreaterThanOrEqualTo(TimeSpan.Zero).LessThanOrEqualTo(MaxPreQueue);
        RuleFor(c => c.ReleaseRate).InclusiveBetween(0, MaxReleaseRate);
        RuleFor(c => c.MaxActiveShoppers).InclusiveBetween(0, MaxActiveShoppersLimit);
        RuleFor(c => c.PurchaseWindow).GreaterThanOrEqualTo(MinPurchaseWindow).LessThanOrEqualTo(MaxPurchaseWindow);
        RuleFor(c => c.ChallengeDifficulty).InclusiveBetween(0, WaitingRoom.MaxChallengeDifficulty);
    }
}
