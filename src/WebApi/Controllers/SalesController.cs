using FlashPurchase.Application.Sales.GetCurrentSale;
using FlashPurchase.WebApi.Problems;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace FlashPurchase.WebApi.Controllers;

[Route("api/sales")]
[AllowAnonymous]
public sealed class SalesController(ISender sender) : ApiControllerBase(sender)
{
    /// <summary>The current sale: product, price, stock left, window and status (scheduled, open, sold_out, closed).</summary>
    [HttpGet("current")]
    [ProducesResponseType<SaleView>(StatusCodes.Status200OK)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status404NotFound, ProblemWriter.ContentType)]
    public async Task<IActionResult> GetCurrent(CancellationToken cancellationToken)
    {
        var result = await Sender.Send(new GetCurrentSaleQuery(), cancellationToken);
        return result.ToActionResult(Ok);
    }
}
