namespace FlashPurchase.Infrastructure.Tokens;

public sealed class TokenOptions
{
    public const string SectionName = "Tokens";

    /// <summary>
    /// Used when no key is configured. Public by nature (it is in the source), so start-up refuses it outside the
    /// Development environment.
    /// </summary>
    public const string DevelopmentSigningKey = "flashpurchase-development-signing-key-do-not-use-in-production";

    /// <summary>HS256 needs at least 256 bits of key.</summary>
    public const int MinimumSigningKeyBytes = 32;

    public string SigningKey { get; set; } = DevelopmentSigningKey;

    /// <summary>Lifetime of queue and purchase tokens.</summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromHours(1);

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromHours(1);

    public string Issuer { get; set; } = "flashpurchase";
}
