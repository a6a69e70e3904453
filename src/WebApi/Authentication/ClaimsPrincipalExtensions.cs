using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;

namespace FlashPurchase.WebApi.Authentication;

public static class ClaimsPrincipalExtensions
{
    /// <summary>The signed-in shopper: the access token's subject (JwtBearer has already validated it).</summary>
    public static Guid GetUserId(this ClaimsPrincipal user) =>
        user.TryGetUserId(out var id) ? id : throw new InvalidOperationException("An authenticated request has no user id.");

    /// <summary>
    /// The access token's subject as a shopper id; false for an anonymous request, or a subject that names no shopper
    /// (JwtBearer then refuses the token).
    /// </summary>
    public static bool TryGetUserId(this ClaimsPrincipal user, out Guid id) =>
        Guid.TryParse(user.FindFirstValue(JwtRegisteredClaimNames.Sub), out id);
}
