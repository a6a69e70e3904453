namespace FlashPurchase.Infrastructure.Security;

public sealed class PasswordOptions
{
    public const string SectionName = "Passwords";

    /// <summary>PBKDF2 iterations; the framework's default. Tests may lower it: hashing is meant to be slow.</summary>
    public int HashIterations { get; set; } = 100_000;
}
