using System.Reflection;
using FlashPurchase.Application.Abstractions;
using FlashPurchase.WebApi.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ApplicationParts;
using Microsoft.AspNetCore.Mvc.Controllers;

namespace FlashPurchase.WebApi.Controllers;

/// <summary>
/// The benchmark's ceiling (bench/run.sh): the CPU work that joining the queue cannot avoid — validate the access
/// token (the [Authorize] pipeline) and sign a queue token — with no database and no broker. Every <c>enter</c>
/// figure is reported as a ratio to this one, measured side by side. Not even mapped unless Benchmark:CeilingEndpoint
/// is true (<see cref="CeilingControllerSwitch"/>): then anonymous and signed-in callers alike get 404. Never in the
/// OpenAPI document or the clients. No mediator: there is no use case behind it.
/// </summary>
[ApiController]
[Route("bench/ceiling")]
[Authorize]
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class CeilingController(ITokenService tokens, TimeProvider clock) : ControllerBase
{
    public const string EnabledKey = "Benchmark:CeilingEndpoint";

    [HttpGet]
    public IActionResult Get()
    {
        var now = clock.GetUtcNow();
        var claims = new SaleTokenClaims(Guid.NewGuid(), User.GetUserId(), Guid.Empty, now, now + tokens.SaleTokenLifetime);
        return Ok(new { queueToken = tokens.SignSaleToken(TokenKind.Queue, claims), expiresAt = claims.ExpiresAt });
    }
}

/// <summary>Leaves <see cref="CeilingController"/> out of the application unless the benchmark turns it on.</summary>
internal sealed class CeilingControllerSwitch(bool enabled) : IApplicationFeatureProvider<ControllerFeature>
{
    public void PopulateFeature(IEnumerable<ApplicationPart> parts, ControllerFeature feature)
    {
        if (!enabled)
        {
            feature.Controllers.Remove(typeof(CeilingController).GetTypeInfo());
        }
    }
}
