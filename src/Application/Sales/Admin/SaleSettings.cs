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

    public const string NotAvailableYet =
        "Waiting-room controls are not available in this version yet: leave this field out (or 0).";

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

        // The waiting-room controls of the v2 contract are accepted only switched off until they are enforced: a
        // setting stored and ignored would tell an operator their crowd is paced when it is not.
        RuleFor(c => c.PreQueue).Must(v => v is null || v == TimeSpan.Zero).WithMessage(NotAvailableYet);
        RuleFor(c => c.ReleaseRate).Must(v => v is null or 0).WithMessage(NotAvailableYet);
        RuleFor(c => c.MaxActiveShoppers).Must(v => v is null or 0).WithMessage(NotAvailableYet);
        RuleFor(c => c.PurchaseWindow).Null().WithMessage(NotAvailableYet);
        RuleFor(c => c.ChallengeDifficulty).Must(v => v is null or 0).WithMessage(NotAvailableYet);
    }
}
