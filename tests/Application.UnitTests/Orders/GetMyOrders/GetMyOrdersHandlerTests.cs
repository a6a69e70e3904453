using FlashPurchase.Application.Abstractions;
using FlashPurchase.Application.Orders;
using FlashPurchase.Application.Orders.GetMyOrders;
using FlashPurchase.Application.UnitTests.TestDoubles;
using FlashPurchase.Domain.Orders;
using NSubstitute;

namespace FlashPurchase.Application.UnitTests.Orders.GetMyOrders;

public sealed class GetMyOrdersHandlerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 18, 10, 0, TimeSpan.Zero);

    private readonly IOrderRepository _orders = Substitute.For<IOrderRepository>();
    private readonly Guid _userId = Guid.NewGuid();

    private Task<Result<IReadOnlyList<OrderView>>> GetMine() =>
        new GetMyOrdersHandler(_orders).Handle(new GetMyOrdersQuery(_userId), default).AsTask();

    [Fact]
    public async Task GetMyOrders_ListsTheShoppersOrdersInTheRepositorysOrder()
    {
        var first = Order.Place(ASale.OpenAt(Now), _userId, Guid.NewGuid(), Now.AddDays(-1));
        var second = Order.Place(ASale.OpenAt(Now), _userId, Guid.NewGuid(), Now);
        _orders.ListForUserAsync(_userId, Arg.Any<CancellationToken>()).Returns([first, second]);

        var views = (await GetMine()).ShouldSucceed();

        views.Select(v => v.OrderId).Should().Equal(first.Id, second.Id);
        views[1].Should().Be(OrderView.From(second));
    }

    [Fact]
    public async Task GetMyOrders_WhenTheShopperHasNone_ReturnsAnEmptyList()
    {
        _orders.ListForUserAsync(_userId, Arg.Any<CancellationToken>()).Returns([]);

        var views = (await GetMine()).ShouldSucceed();

        views.Should().BeEmpty();
    }
}
