using System.Security.Claims;
using FlashPurchase.Domain.Errors;
using FlashPurchase.WebApi.Problems;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.IdentityModel.JsonWebTokens;

namespace FlashPurchase.WebApi.Controllers;

[ApiController]
[Produces("application/json")]
public abstract class ApiControllerBase(ISender sender) : ControllerBase
{
    protected ISender Sender { get; } = sender;

    /// <summary>The signed-in shopper (the access token's subject; JwtBearer has already validated it).</summary>
    protected Guid CurrentUserId =>
        Guid.TryParse(User.FindFirstValue(JwtRegisteredClaimNames.Sub), out var id)
            ? id
            : throw new InvalidOperationException("An authenticated request has no user id.");

    protected static IActionResult Refuse(Error error) => new ErrorResult(error);
}
