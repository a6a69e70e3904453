using FlashPurchase.WebApi.FunctionalTests.Hosting;

namespace FlashPurchase.WebApi.FunctionalTests.Admin;

/// <summary>The first operator the admin tests configure (Admin:Username / Admin:Password), not Development's.</summary>
public static class AdminSettings
{
    public const string Username = "ops-functional";
    public const string Password = "ops-functional-secret-password";

    /// <summary>The operator, and a default sale long enough that moving the clock by minutes does not close it.</summary>
    public static readonly IReadOnlyDictionary<string, string?> Embedded = new Dictionary<string, string?>
    {
        ["Admin:Username"] = Username,
        ["Admin:Password"] = Password,
        ["FlashSale:Duration"] = "1.00:00:00",
        ["FlashSale:Stock"] = "1000",
    };

    public static Dictionary<string, string?> With(IReadOnlyDictionary<string, string?> more) =>
        Embedded.Concat(more).GroupBy(pair => pair.Key).ToDictionary(group => group.Key, group => group.Last().Value);

    /// <summary>The configured operator, logged in (the account exists once the app has started).</summary>
    public static Task<AdminClient> OperatorAsync(this TestApp app) => app.Api.LoginAdminAsync(Username, Password);
}

/// <summary>One embedded app per admin test class: each test makes the sales it needs, and names them by id.</summary>
public sealed class EmbeddedAdminApp() : EmbeddedApp(AdminSettings.Embedded);

/// <summary>
/// The real stack with the configured operator and no Worker until a test starts one: queue tokens wait in the broker
/// while a test sets the scene (a pause, figures known exactly).
/// </summary>
public sealed class RealStackAdminApp() : RealStackApp(AdminSettings.Embedded, startWorker: false);
