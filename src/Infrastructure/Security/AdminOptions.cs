using FlashPurchase.Domain.Users;
using Microsoft.Extensions.Options;

namespace FlashPurchase.Infrastructure.Security;

/// <summary>
/// The first operator: at start-up the API creates this account with the admin role, or promotes it if it exists and
/// this is its password. Nothing is created when no username is set; Development sets one
/// (appsettings.Development.json) whose password is refused anywhere else.
/// </summary>
public sealed class AdminOptions
{
    public const string SectionName = "Admin";

    /// <summary>The password appsettings.Development.json gives the development operator: public, so never valid elsewhere.</summary>
    public const string DevelopmentPassword = "flashpurchase-admin";

    public string? Username { get; set; }
    public string? Password { get; set; }

    public bool IsSet => !string.IsNullOrEmpty(Username);

    internal sealed class Validation(bool isDevelopment) : IValidateOptions<AdminOptions>
    {
        public ValidateOptionsResult Validate(string? name, AdminOptions options) =>
            Problem(options, isDevelopment) is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
    }

    private static string? Problem(AdminOptions o, bool isDevelopment) =>
        !o.IsSet ? null
        : !UsernameRules.IsWellFormed(o.Username!) ? "Admin:Username must be a valid username (3-64 of A-Za-z0-9_.-)."
        : o.Password is not { Length: >= 8 and <= 128 } ? "Admin:Password must be 8 to 128 characters (set Admin__Password)."
        : !isDevelopment && o.Password == DevelopmentPassword
            ? "Admin:Password is the public development password; set a secret one (Admin__Password) outside Development."
        : null;
}
