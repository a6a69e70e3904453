namespace FlashPurchase.Infrastructure.Tokens;

public sealed class TokenOptions
{
    public const string SectionName = "Tokens";

    /// <summary>
    /// Used when no key is configured. Public by nature (it is in the source), so start-up refuses it outside the
    /// Development environment.
    /// </summary>
    public const string DevelopmentSigningKey = "flashpurchase-development-signing-key-do-not-use-in-production";

    /// <summary>
    /// The purchase tokens' ES256 key when none is configured (a P-256 key in PKCS#8 PEM). Public like
    /// <see cref="DevelopmentSigningKey"/>, and refused outside Development for the same reason.
    /// </summary>
    public const string DevelopmentPurchaseSigningKey = """
        -----BEGIN PRIVATE KEY-----
        MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgh9HhpZPJ59mgftcp
        kZV6Ud2zbExw0tQL0TEQLQVv4UShRANCAARXgla/Vdmyl2HnY8oik8m5nVt+/tV/
        slaS8bDnQ6sO83NM+JELGrIZnfq77Av9fHQNUUOgSs5j/xboi9X5E3m0
        -----END PRIVATE KEY-----
        """;

    /// <summary>HS256 needs at least 256 bits of key.</summary>
    public const int MinimumSigningKeyBytes = 32;

    /// <summary>The HS256 key of access and queue tokens (secret: only this server verifies them).</summary>
    public string SigningKey { get; set; } = DevelopmentSigningKey;

    /// <summary>
    /// The P-256 private key (PEM: PKCS#8 "PRIVATE KEY" or SEC1 "EC PRIVATE KEY") that signs purchase tokens with
    /// ES256, so that a shop can verify them with the public half published at /.well-known/jwks.json.
    /// </summary>
    public string? PurchaseSigningKey { get; set; } = DevelopmentPurchaseSigningKey;

    /// <summary>
    /// Keys that signed purchase tokens before a rotation (PEM, public or private: only the public half is used): they
    /// still verify purchase tokens and stay published until removed from here.
    /// </summary>
    public List<string?> PreviousPurchaseKeys { get; set; } = [];

    /// <summary>Lifetime of queue and purchase tokens.</summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromHours(1);

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromHours(1);

    public string Issuer { get; set; } = "flashpurchase";
}
