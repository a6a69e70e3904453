using FlashPurchase.Application.Shop.PlaceOrder;
using FlashPurchase.Infrastructure.Telemetry;
using FlashPurchase.WebApi.Contracts;
using FlashPurchase.WebApi.Metrics;
using FlashPurchase.WebApi.Problems;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace FlashPurchase.WebApi.Controllers;

[Route("api/shop")]
[Authorize]
[ProducesResponseType<ApiProblem>(StatusCodes.Status401Unauthorized, ProblemWriter.ContentType)]
public sealed class ShopController(ISender sender) : ApiControllerBase(sender)
{
    public const string OrderPlacedMessage = "Your order is placed.";

    /// <summary>Buy with a purchase token (step 3)</summary>
    /// <remarks>
    /// Spends a purchase token on one unit. Sending the same token again answers 200 with the same order and creates
    /// nothing new.
    /// </remarks>
    [HttpPost("purchase")]
    [OutcomeStep(FlashPurchaseMetrics.Steps.Purchase)]
    [Consumes("application/json")]
    [ProducesResponseType<OrderPlacedResponse>(StatusCodes.Status201Created)]
    [ProducesResponseType<OrderPlacedResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status400BadRequest, ProblemWriter.ContentType)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status403Forbidden, ProblemWriter.ContentType)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status409Conflict, ProblemWriter.ContentType)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status410Gone, ProblemWriter.ContentType)]
    public async Task<IActionResult> Purchase(PurchaseRequest request, CancellationToken cancellationToken)
    {
        var result = await Sender.Send(new PlaceOrderCommand(CurrentUserId, request.PurchaseToken), cancellationToken);
        return result.ToActionResult(placed =>
        {
            var order = placed.Order;
            var body = new OrderPlacedResponse(
                order.OrderId, order.SaleId, order.ProductName, order.Price, order.Currency, order.PlacedAt, OrderPlacedMessage);
            return placed.Created
                ? Created($"/api/orders/{order.OrderId}", body)
                : Ok(body);
        });
    }
}
