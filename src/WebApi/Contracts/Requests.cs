namespace FlashPurchase.WebApi.Contracts;

public sealed record CredentialsRequest(string Username, string Password);

public sealed record ExchangeTokenRequest(string QueueToken);

public sealed record PurchaseRequest(string PurchaseToken);

/// <summary>
/// A sale's settings: all of the required ones to create a sale, any subset to edit one (a field left out is unchanged).
/// Durations are [d.]hh:mm:ss strings ("01:00:00").
/// </summary>
public sealed record SaleSettingsRequest(
    string? ProductName = null,
    decimal? Price = null,
    string? Currency = null,
    int? Stock = null,
    DateTimeOffset? OpensAt = null,
    TimeSpan? Duration = null,
    int? QueueCapacity = null,
    TimeSpan? PreQueue = null,
    int? ReleaseRate = null,
    int? MaxActiveShoppers = null,
    TimeSpan? PurchaseWindow = null,
    int? ChallengeDifficulty = null);
