using FlashPurchase.Application.Orders;
using FlashPurchase.Application.Orders.GetMyOrders;
using FlashPurchase.Application.Orders.GetOrder;
using FlashPurchase.WebApi.Problems;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace FlashPurchase.WebApi.Controllers;

[Route("api/orders")]
[Authorize]
[ProducesResponseType<ApiProblem>(StatusCodes.Status401Unauthorized, ProblemWriter.ContentType)]
public sealed class OrdersController(ISender sender) : ApiControllerBase(sender)
{
    /// <summary>List the shopper's orders</summary>
    /// <remarks>
    /// The signed-in shopper's orders, oldest first.
    /// </remarks>
    [HttpGet("mine")]
    [ProducesResponseType<IReadOnlyList<OrderView>>(StatusCodes.Status200OK)]
    public async Task<IActionResult> GetMine(CancellationToken cancellationToken)
    {
        var result = await Sender.Send(new GetMyOrdersQuery(CurrentUserId), cancellationToken);
        return result.ToActionResult(Ok);
    }

    /// <summary>Get one of the shopper's orders</summary>
    /// <remarks>
    /// One of the signed-in shopper's orders; someone else's answers 404 like a missing one.
    /// </remarks>
    [HttpGet("{orderId:guid}")]
    [ProducesResponseType<OrderView>(StatusCodes.Status200OK)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status404NotFound, ProblemWriter.ContentType)]
    public async Task<IActionResult> Get(Guid orderId, CancellationToken cancellationToken)
    {
        var result = await Sender.Send(new GetOrderQuery(CurrentUserId, orderId), cancellationToken);
        return result.ToActionResult(Ok);
    }
}
