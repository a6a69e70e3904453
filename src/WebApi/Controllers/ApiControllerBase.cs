using FlashPurchase.WebApi.Authentication;
using FlashPurchase.WebApi.Problems;
using Mediator;
using Microsoft.AspNetCore.Mvc;

namespace FlashPurchase.WebApi.Controllers;

[ApiController]
[Produces("application/json")]
[ReadableContentType]
public abstract class ApiControllerBase(ISender sender) : ControllerBase
{
    protected ISender Sender { get; } = sender;

    /// <summary>The signed-in shopper.</summary>
    protected Guid CurrentUserId => User.GetUserId();
}
