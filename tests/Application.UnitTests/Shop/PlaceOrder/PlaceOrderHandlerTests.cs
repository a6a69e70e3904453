using FlashPurchase.Application.Abstractions;
using FlashPurchase.Application.Orders;
using FlashPurchase.Application.Sales;
using FlashPurchase.Application.Shop.PlaceOrder;
using FlashPurchase.Application.UnitTests.TestDoubles;
using FlashPurchase.Domain.Errors;
using FlashPurchase.Domain.Orders;
using FlashPurchase.Domain.Queue;
using FlashPurchase.Domain.Sales;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;

namespace FlashPurchase.Application.UnitTests.Shop.PlaceOrder;

public sealed class PlaceOrderHandlerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 18, 10, 0, TimeSpan.Zero);
    private const string Token = "the-shoppers-pt";

    private readonly ITokenService _tokens = Substitute.For<ITokenService>();
    private readonly ISaleRepository _sales = Substitute.For<ISaleRepository>();
    private readonly IOrderRepository _orders = Substitute.For<IOrderRepository>();
    private readonly IPurchaseTokenRepository _purchaseTokens = Substitute.For<IPurchaseTokenRepository>();
    private readonly IOrderPlacements _placements = Substitute.For<IOrderPlacements>();
    private readonly FakeTimeProvider _clock = new(Now);
    private readonly CurrentSaleCache _saleCache;
    private readonly Guid _userId = Guid.NewGuid();
    private readonly Sale _sale = ASale.OpenAt(Now);
    private readonly SaleTokenClaims _claims;

    public PlaceOrderHandlerTests()
    {
        _saleCache = new CurrentSaleCache(_clock);
        _claims = new SaleTokenClaims(Guid.NewGuid(), _userId, _sale.Id, Now.AddMinutes(-5), Now.AddMinutes(55));

        // Only a read as a *purchase* token answers claims: a QT or access token in its place reads as null.
        _tokens.ReadSaleTokenAsync(TokenKind.Purchase, Token).Returns(_claims);
        _sales.FindAsync(_sale.Id, Arg.Any<CancellationToken>()).Returns(_sale);
        _purchaseTokens.FindAsync(_claims.TokenId, Arg.Any<CancellationToken>()).Returns(PurchaseToken.Create(
            _claims.TokenId, Guid.NewGuid(), _sale.Id, _userId, Token, _claims.IssuedAt, _claims.ExpiresAt));
        _placements.PlaceAsync(Arg.Any<Order>(), Arg.Any<CancellationToken>()).Returns(PlaceOrderOutcome.Placed);
    }

    private Task<Result<PlacedOrder>> Purchase(Guid? asUser = null, string token = Token) =>
        new PlaceOrderHandler(_tokens, _sales, _orders, _purchaseTokens, _placements, _saleCache, _clock)
            .Handle(new PlaceOrderCommand(asUser ?? _userId, token), default).AsTask();

    /// <summary>What the purchase's first read of the orders finds for this token, sale and shopper.</summary>
    private void GivenOrders(Order? byToken, bool shopperHasOrder) =>
        _orders.FindForPurchaseAsync(_claims.TokenId, _claims.SaleId, _userId, Arg.Any<CancellationToken>())
            .Returns(new OrdersOfPurchase(byToken, shopperHasOrder));

    private Order AnOrderOfThisToken() => Order.Place(_sale, _userId, _claims.TokenId, Now.AddMinutes(-1));

    private void GivenPlaceAsyncAnswers(PlaceOrderOutcome outcome) =>
        _placements.PlaceAsync(Arg.Any<Order>(), Arg.Any<CancellationToken>()).Returns(outcome);

    private Task PlaceAsyncWasNotCalled() => _placements.DidNotReceiveWithAnyArgs().PlaceAsync(default!, default);

    [Fact]
    public async Task Purchase_WithATokenThatCannotBeRead_ReturnsInvalidToken()
    {
        var result = await Purchase(token: "not-a-pt");

        result.ShouldFailWith(ErrorCodes.InvalidToken);
        await PlaceAsyncWasNotCalled();
    }

    [Fact]
    public async Task Purchase_WithAnotherShoppersToken_ReturnsTokenNotYours()
    {
        var result = await Purchase(asUser: Guid.NewGuid());

        result.ShouldFailWith(ErrorCodes.TokenNotYours);
        await PlaceAsyncWasNotCalled();
    }

    // A stranger replaying someone's PT must not be shown their order.
    [Fact]
    public async Task Purchase_WithAnotherShoppersTokenThatAlreadyOrdered_ReturnsTokenNotYours()
    {
        GivenOrders(byToken: AnOrderOfThisToken(), shopperHasOrder: false);

        var result = await Purchase(asUser: Guid.NewGuid());

        result.ShouldFailWith(ErrorCodes.TokenNotYours);
    }

    [Fact]
    public async Task Purchase_RetriedWithATokenThatAlreadyOrdered_ReturnsThatOrderWithoutPlacingAnother()
    {
        var earlier = AnOrderOfThisToken();
        GivenOrders(byToken: earlier, shopperHasOrder: true);

        var placed = (await Purchase()).ShouldSucceed();

        placed.Should().Be(new PlacedOrder(OrderView.From(earlier), Created: false));
        await PlaceAsyncWasNotCalled();
    }

    // The answer to a lost response must not change because the retry came after the token's hour was up.
    [Fact]
    public async Task Purchase_RetriedAfterTheTokenExpired_StillReturnsThatOrder()
    {
        var earlier = AnOrderOfThisToken();
        GivenOrders(byToken: earlier, shopperHasOrder: true);
        _clock.Advance(TimeSpan.FromHours(3));

        var placed = (await Purchase()).ShouldSucceed();

        placed.Order.OrderId.Should().Be(earlier.Id);
        placed.Created.Should().BeFalse();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public async Task Purchase_AtOrAfterTheTokensExpiry_ReturnsTokenExpired(int minutesPastExpiry)
    {
        _clock.Advance(_claims.ExpiresAt - Now + TimeSpan.FromMinutes(minutesPastExpiry));

        var result = await Purchase();

        result.ShouldFailWith(ErrorCodes.TokenExpired);
        await PlaceAsyncWasNotCalled();
    }

    // Signed by us but never stored by the worker (for example a PT minted from a QT that never went through the broker).
    [Fact]
    public async Task Purchase_WithATokenTheWorkerNeverStored_ReturnsInvalidToken()
    {
        _purchaseTokens.FindAsync(_claims.TokenId, Arg.Any<CancellationToken>()).Returns((PurchaseToken?)null);

        var result = await Purchase();

        result.ShouldFailWith(ErrorCodes.InvalidToken);
        await PlaceAsyncWasNotCalled();
    }

    [Fact]
    public async Task Purchase_ForASaleThatDoesNotExist_ReturnsInvalidToken()
    {
        _sales.FindAsync(_sale.Id, Arg.Any<CancellationToken>()).Returns((Sale?)null);

        var result = await Purchase();

        result.ShouldFailWith(ErrorCodes.InvalidToken);
        await PlaceAsyncWasNotCalled();
    }

    [Fact]
    public async Task Purchase_WhenTheShopperAlreadyBoughtWithAnotherToken_ReturnsAlreadyPurchased()
    {
        GivenOrders(byToken: null, shopperHasOrder: true);

        var result = await Purchase();

        result.ShouldFailWith(ErrorCodes.AlreadyPurchased);
        await PlaceAsyncWasNotCalled();
    }

    [Fact]
    public async Task Purchase_AfterTheSaleCloses_ReturnsSaleClosed()
    {
        // The PT outlives the sale: issued 10 minutes before closing, still valid for 50 more.
        var sale = ASale.OpeningAt(Now - ASale.Duration + TimeSpan.FromMinutes(10), stock: 10);
        _tokens.ReadSaleTokenAsync(TokenKind.Purchase, Token).Returns(_claims with { SaleId = sale.Id });
        _sales.FindAsync(sale.Id, Arg.Any<CancellationToken>()).Returns(sale);
        _clock.Advance(TimeSpan.FromMinutes(10));

        var result = await Purchase();

        result.ShouldFailWith(ErrorCodes.SaleClosed);
        await PlaceAsyncWasNotCalled();
    }

    [Fact]
    public async Task Purchase_WhenStockIsLeft_PlacesTheOrderAndReturnsItAsCreated()
    {
        Order? sent = null;
        _placements.PlaceAsync(Arg.Do<Order>(o => sent = o), Arg.Any<CancellationToken>()).Returns(PlaceOrderOutcome.Placed);

        var placed = (await Purchase()).ShouldSucceed();

        sent.Should().BeEquivalentTo(new
        {
            SaleId = _sale.Id,
            UserId = _userId,
            PurchaseTokenId = _claims.TokenId,
            ProductName = "iPhone 11 Pro",
            Price = 699.00m,
            Currency = "EUR",
            PlacedAt = Now,
        });
        placed.Should().Be(new PlacedOrder(OrderView.From(sent!), Created: true));
    }

    [Fact]
    public async Task Purchase_WhenTheLastUnitWentToSomeoneElse_ReturnsSoldOut()
    {
        GivenPlaceAsyncAnswers(PlaceOrderOutcome.SoldOut);

        var result = await Purchase();

        result.ShouldFailWith(ErrorCodes.SoldOut);
    }

    // Two concurrent requests with the same PT: the loser answers the winner's order, as a retry would.
    [Fact]
    public async Task Purchase_WhenAConcurrentRequestWithTheSameTokenWon_ReturnsThatOrderAsNotCreated()
    {
        var winner = AnOrderOfThisToken();
        _orders.FindByPurchaseTokenAsync(_claims.TokenId, Arg.Any<CancellationToken>()).Returns(winner);
        GivenPlaceAsyncAnswers(PlaceOrderOutcome.Duplicate);

        var placed = (await Purchase()).ShouldSucceed();

        placed.Should().Be(new PlacedOrder(OrderView.From(winner), Created: false));
    }

    [Fact]
    public async Task Purchase_WhenAConcurrentRequestWithAnotherTokenOfTheShopperWon_ReturnsAlreadyPurchased()
    {
        GivenPlaceAsyncAnswers(PlaceOrderOutcome.Duplicate);

        var result = await Purchase();

        result.ShouldFailWith(ErrorCodes.AlreadyPurchased);
    }

    // This process must say "sold out" from the moment it sold the last unit: enter and exchange read a cached sale.
    [Theory]
    [InlineData(PlaceOrderOutcome.Placed)]
    [InlineData(PlaceOrderOutcome.SoldOut)]
    public async Task Purchase_WhenTheStockChangedOrRanOut_MakesTheCachedSaleBeReadAgain(PlaceOrderOutcome outcome)
    {
        var current = Substitute.For<ISaleRepository>();
        current.GetCurrentAsync(Arg.Any<CancellationToken>()).Returns(_sale);
        await _saleCache.GetAsync(current, default);
        _placements.PlaceAsync(Arg.Any<Order>(), Arg.Any<CancellationToken>()).Returns(outcome);

        await Purchase();
        await _saleCache.GetAsync(current, default);

        await current.Received(2).GetCurrentAsync(Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Purchase_WhenTheSaleIsKnownToBeSoldOut_RefusesWithoutTakingStock()
    {
        var soldOut = ASale.SoldOutAt(Now);
        var claims = _claims with { SaleId = soldOut.Id };
        _tokens.ReadSaleTokenAsync(TokenKind.Purchase, Token).Returns(claims);
        _sales.FindAsync(soldOut.Id, Arg.Any<CancellationToken>()).Returns(soldOut);

        var result = await Purchase();

        result.ShouldFailWith(ErrorCodes.SoldOut);
        await _placements.DidNotReceiveWithAnyArgs().PlaceAsync(default!, default);
    }
}
