using FlashPurchase.Application.Sales;
using FlashPurchase.Application.Sales.GetCurrentSale;
using FlashPurchase.Application.Sales.GetSale;
using FlashPurchase.Application.Sales.ListSales;
using FlashPurchase.WebApi.Problems;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace FlashPurchase.WebApi.Controllers;

[Route("api/sales")]
[AllowAnonymous]
public sealed class SalesController(ISender sender) : ApiControllerBase(sender)
{
    // Every waiting room reads the sales: answered from the process's snapshot (at most CurrentSaleCache.MaxAge old), and
    // kept as long again by a CDN, which absorbs a crowd's page loads and polls (see WithSharedCache).
    /// <summary>List the sales to join or wait for</summary>
    /// <remarks>
    /// The sales a shopper can still join or wait for (scheduled, open, sold out), soonest to open first.
    /// </remarks>
    [HttpGet]
    [ProducesResponseType<IReadOnlyList<SaleView>>(StatusCodes.Status200OK)]
    public async Task<IActionResult> List(CancellationToken cancellationToken) =>
        Ok(await Sender.Send(new ListSalesQuery(), cancellationToken)).WithSharedCache(CurrentSaleCache.MaxAge);

    /// <summary>Get the current sale</summary>
    /// <remarks>
    /// The sale a client that names none means: the open one (the soonest to close if several), else the next
    /// scheduled, else the last closed. Product, price, stock left, window and status (scheduled, open, sold_out,
    /// closed).
    /// </remarks>
    [HttpGet("current")]
    [ProducesResponseType<SaleView>(StatusCodes.Status200OK)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status404NotFound, ProblemWriter.ContentType)]
    public async Task<IActionResult> GetCurrent(CancellationToken cancellationToken)
    {
        // From the snapshot and cacheable, as List; a 404 (no sale yet) is not cached, so the first sale shows at once.
        var result = await Sender.Send(new GetCurrentSaleQuery(), cancellationToken);
        return result.ToActionResult(sale => Ok(sale).WithSharedCache(CurrentSaleCache.MaxAge));
    }

    /// <summary>Get one sale</summary>
    /// <remarks>
    /// One sale, whatever its status.
    /// </remarks>
    [HttpGet("{saleId:guid}")]
    [ProducesResponseType<SaleView>(StatusCodes.Status200OK)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status404NotFound, ProblemWriter.ContentType)]
    public async Task<IActionResult> Get(Guid saleId, CancellationToken cancellationToken)
    {
        var result = await Sender.Send(new GetSaleQuery(saleId), cancellationToken);
        return result.ToActionResult(Ok);
    }
}
