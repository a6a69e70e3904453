using FlashPurchase.Application.Abstractions;
using FlashPurchase.Application.Orders;
using FlashPurchase.Application.Orders.GetOrder;
using FlashPurchase.Application.UnitTests.TestDoubles;
using FlashPurchase.Domain.Errors;
using FlashPurchase.Domain.Orders;
using NSubstitute;

namespace FlashPurchase.Application.UnitTests.Orders.GetOrder;

public sealed class GetOrderHandlerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 18, 10, 0, TimeSpan.Zero);

    private readonly IOrderRepository _orders = Substitute.For<IOrderRepository>();
    private readonly Guid _ownerId = Guid.NewGuid();
    private readonly Order _order;

    public GetOrderHandlerTests()
    {
        _order = Order.Place(ASale.OpenAt(Now), _ownerId, Guid.NewGuid(), Now);
        _orders.FindAsync(_order.Id, Arg.Any<CancellationToken>()).Returns(_order);
    }

    private Task<Result<OrderView>> Get(Guid asUser, Guid orderId) =>
        new GetOrderHandler(_orders).Handle(new GetOrderQuery(asUser, orderId), default).AsTask();

    [Fact]
    public async Task GetOrder_OfTheShopper_ReturnsIt()
    {
        var view = (await Get(_ownerId, _order.Id)).ShouldSucceed();

        view.Should().Be(new OrderView(_order.Id, _order.SaleId, "iPhone 11 Pro", 699.00m, "EUR", Now));
    }

    // Ids are not to be probed: someone else's order and a missing one must be indistinguishable.
    [Fact]
    public async Task GetOrder_OfAnotherShopper_AnswersExactlyLikeAMissingOrder()
    {
        var someoneElses = await Get(Guid.NewGuid(), _order.Id);
        var missing = await Get(_ownerId, Guid.NewGuid());

        someoneElses.ShouldFailWith(ErrorCodes.NotFound).Should().Be(missing.ShouldFailWith(ErrorCodes.NotFound));
    }
}
