using FlashPurchase.Infrastructure.Tokens;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace FlashPurchase.WebApi.Controllers;

/// <summary>
/// The public keys that verify purchase tokens, for a shop's checkout. Read from configuration at start-up (no use case
/// behind it, so no mediator), anonymous and not rate-limited: it names no shopper and is the same for everyone.
/// </summary>
[ApiController]
[Route(".well-known")]
[AllowAnonymous]
[Produces("application/json")]
public sealed class JwksController(PurchaseKeys keys) : ControllerBase
{
    /// <summary>Five minutes: a shop does not fetch the set per token, and a key published ahead of a rotation reaches it in time.</summary>
    public const string CacheControl = "public, max-age=300";

    /// <summary>Purchase-token verification keys (JWKS)</summary>
    /// <remarks>
    /// The JSON Web Key Set of purchase tokens (ES256, P-256): the current key first, then the previous ones still
    /// accepted. A purchase token's <c>kid</c> header names the key that signed it.
    /// </remarks>
    [HttpGet("jwks.json")]
    [ProducesResponseType<PublishedKeySet>(StatusCodes.Status200OK)]
    public IActionResult Get()
    {
        Response.Headers.CacheControl = CacheControl;
        return Ok(keys.Published);
    }
}
