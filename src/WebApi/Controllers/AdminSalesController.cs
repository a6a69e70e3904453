using FlashPurchase.Application.Sales.Admin;
using FlashPurchase.WebApi.Authentication;
using FlashPurchase.WebApi.Contracts;
using FlashPurchase.WebApi.Problems;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace FlashPurchase.WebApi.Controllers;

/// <summary>What operators do: schedule sales, edit them, pause, resume and close them, and watch their figures.</summary>
[Route("api/admin/sales")]
[Authorize(Policy = BearerAuthentication.OperatorPolicy)]
[ProducesResponseType<ApiProblem>(StatusCodes.Status401Unauthorized, ProblemWriter.ContentType)]
[ProducesResponseType<ApiProblem>(StatusCodes.Status403Forbidden, ProblemWriter.ContentType)]
public sealed class AdminSalesController(ISender sender) : ApiControllerBase(sender)
{
    /// <summary>Schedule a sale</summary>
    /// <remarks>
    /// Schedules a sale (operators only). productName, price, currency, stock, opensAt and duration are required; an
    /// opensAt already past opens the sale at once. Durations are [d.]hh:mm:ss strings.
    /// </remarks>
    [HttpPost]
    [Consumes("application/json")]
    [ProducesResponseType<AdminSaleView>(StatusCodes.Status201Created)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status400BadRequest, ProblemWriter.ContentType)]
    public async Task<IActionResult> Create(SaleSettingsRequest request, CancellationToken cancellationToken)
    {
        var result = await Sender.Send(new CreateSaleCommand(
            request.ProductName, request.Price, request.Currency, request.Stock, request.OpensAt, request.Duration,
            request.QueueCapacity, request.PreQueue, request.ReleaseRate, request.MaxActiveShoppers,
            request.PurchaseWindow, request.ChallengeDifficulty), cancellationToken);
        return result.ToActionResult(sale => Created($"/api/sales/{sale.SaleId}", sale));
    }

    /// <summary>List every sale with its figures</summary>
    /// <remarks>
    /// Every sale with its live figures (operators only): those not ended soonest first, then the closed ones.
    /// </remarks>
    [HttpGet]
    [ProducesResponseType<IReadOnlyList<AdminSaleView>>(StatusCodes.Status200OK)]
    public async Task<IActionResult> List(CancellationToken cancellationToken) =>
        Ok(await Sender.Send(new ListAdminSalesQuery(), cancellationToken));

    /// <summary>Get one sale with its figures</summary>
    /// <remarks>
    /// One sale with its live figures (operators only).
    /// </remarks>
    [HttpGet("{saleId:guid}")]
    [ProducesResponseType<AdminSaleView>(StatusCodes.Status200OK)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status404NotFound, ProblemWriter.ContentType)]
    public async Task<IActionResult> Get(Guid saleId, CancellationToken cancellationToken)
    {
        var result = await Sender.Send(new GetAdminSaleQuery(saleId), cancellationToken);
        return result.ToActionResult(Ok);
    }

    /// <summary>Change a sale</summary>
    /// <remarks>
    /// Changes the fields sent (operators only). A closed sale does not change (sale_closed); once open, its product,
    /// price, currency and opensAt are fixed (sale_already_open; sending the current value is not a change); the stock
    /// never goes below the orders placed (stock_below_orders).
    /// </remarks>
    [HttpPatch("{saleId:guid}")]
    [Consumes("application/json")]
    [ProducesResponseType<AdminSaleView>(StatusCodes.Status200OK)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status400BadRequest, ProblemWriter.ContentType)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status404NotFound, ProblemWriter.ContentType)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status409Conflict, ProblemWriter.ContentType)]
    public async Task<IActionResult> Edit(Guid saleId, SaleSettingsRequest request, CancellationToken cancellationToken)
    {
        var result = await Sender.Send(new EditSaleCommand(
            saleId, request.ProductName, request.Price, request.Currency, request.Stock, request.OpensAt, request.Duration,
            request.QueueCapacity, request.PreQueue, request.ReleaseRate, request.MaxActiveShoppers,
            request.PurchaseWindow, request.ChallengeDifficulty), cancellationToken);
        return result.ToActionResult(Ok);
    }

    /// <summary>Pause the queue</summary>
    /// <remarks>
    /// Pauses the queue (operators only): newcomers get 409 queue_paused with Retry-After, no purchase token is
    /// released (exchange answers 202), shoppers keep their places and released purchase tokens still buy.
    /// </remarks>
    [HttpPost("{saleId:guid}/pause")]
    [ProducesResponseType<AdminSaleView>(StatusCodes.Status200OK)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status404NotFound, ProblemWriter.ContentType)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status409Conflict, ProblemWriter.ContentType)]
    public Task<IActionResult> Pause(Guid saleId, CancellationToken cancellationToken) =>
        SwitchAsync(saleId, SaleSwitch.Pause, cancellationToken);

    /// <summary>Resume the queue</summary>
    /// <remarks>
    /// Resumes a paused queue (operators only): the places held meanwhile are released in queue order.
    /// </remarks>
    [HttpPost("{saleId:guid}/resume")]
    [ProducesResponseType<AdminSaleView>(StatusCodes.Status200OK)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status404NotFound, ProblemWriter.ContentType)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status409Conflict, ProblemWriter.ContentType)]
    public Task<IActionResult> Resume(Guid saleId, CancellationToken cancellationToken) =>
        SwitchAsync(saleId, SaleSwitch.Resume, cancellationToken);

    /// <summary>Close the sale now</summary>
    /// <remarks>
    /// Closes the sale now (operators only): nobody joins or buys any more.
    /// </remarks>
    [HttpPost("{saleId:guid}/close")]
    [ProducesResponseType<AdminSaleView>(StatusCodes.Status200OK)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status404NotFound, ProblemWriter.ContentType)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status409Conflict, ProblemWriter.ContentType)]
    public Task<IActionResult> Close(Guid saleId, CancellationToken cancellationToken) =>
        SwitchAsync(saleId, SaleSwitch.Close, cancellationToken);

    private async Task<IActionResult> SwitchAsync(Guid saleId, SaleSwitch change, CancellationToken cancellationToken)
    {
        var result = await Sender.Send(new SwitchSaleCommand(saleId, change), cancellationToken);
        return result.ToActionResult(Ok);
    }
}
