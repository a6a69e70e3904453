namespace FlashPurchase.Domain.Users;

/// <summary>The roles an access token can carry (its <c>role</c> claim).</summary>
public static class Roles
{
    /// <summary>An operator: runs the sales through <c>/api/admin/*</c> and the <c>/admin</c> page.</summary>
    public const string Admin = "admin";
}
