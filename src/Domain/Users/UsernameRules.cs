using System.Text.RegularExpressions;

namespace FlashPurchase.Domain.Users;

/// <summary>What a username may look like, and when two spellings name one account.</summary>
public static partial class UsernameRules
{
    public const int MinimumLength = 3;
    public const int MaximumLength = 64;

    /// <summary>Letters, digits, '_', '.' and '-'. <c>\z</c>, not <c>$</c>: in .NET "$" also matches before a final "\n".</summary>
    public const string Pattern = @"^[A-Za-z0-9_.-]+\z";

    /// <summary>
    /// Whether an account can have this username. Anything else is no account's name, even where a database collation
    /// would call it equal to one ("alice " or "alicé" is "alice" to MariaDB's default collation).
    /// </summary>
    public static bool IsWellFormed(string? username) =>
        username is { Length: >= MinimumLength and <= MaximumLength } && WellFormed().IsMatch(username);

    /// <summary>Usernames compare case-insensitively ("Alice" and "alice" are one account): the key both spellings share.</summary>
    public static string Key(string username) => username.ToLowerInvariant();

    [GeneratedRegex(Pattern, RegexOptions.CultureInvariant)]
    private static partial Regex WellFormed();
}
