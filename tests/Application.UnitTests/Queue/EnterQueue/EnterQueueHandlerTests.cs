using FlashPurchase.Application.Abstractions;
using FlashPurchase.Application.IntegrationEvents;
using FlashPurchase.Application.Queue.EnterQueue;
using FlashPurchase.Application.UnitTests.TestDoubles;
using FlashPurchase.Domain.Errors;
using FlashPurchase.Domain.Queue;
using FlashPurchase.Domain.Sales;
using NSubstitute;
using NSubstitute.Core;

namespace FlashPurchase.Application.UnitTests.Queue.EnterQueue;

public sealed class EnterQueueHandlerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 18, 10, 0, TimeSpan.Zero);

    // Deliberately not the contract's one hour, so a test fails if the handler hard-codes the lifetime.
    private static readonly TimeSpan TokenLifetime = TimeSpan.FromMinutes(17);

    private const string SignedQueueToken = "signed-qt";

    private readonly ISaleRepository _sales = Substitute.For<ISaleRepository>();
    private readonly IOrderRepository _orders = Substitute.For<IOrderRepository>();
    private readonly IQueuePlaceRepository _places = Substitute.For<IQueuePlaceRepository>();
    private readonly ITokenService _tokens = Substitute.For<ITokenService>();
    private readonly IQueueTokenPublisher _publisher = Substitute.For<IQueueTokenPublisher>();
    private readonly TestClock _clock = new(Now);
    private readonly Guid _userId = Guid.NewGuid();

    public EnterQueueHandlerTests()
    {
        _tokens.SaleTokenLifetime.Returns(TokenLifetime);
        _tokens.SignSaleToken(default, default!).ReturnsForAnyArgs(SignedQueueToken);
    }

    private EnterQueueHandler Handler() => new(_sales, _orders, _places, _tokens, _publisher, _clock);

    private Task<Result<QueueTicket>> Enter() => Handler().Handle(new EnterQueueCommand(_userId), default).AsTask();

    private Sale GivenCurrentSale(Sale sale)
    {
        _sales.GetCurrentAsync(Arg.Any<CancellationToken>()).Returns(sale);
        return sale;
    }

    private void GivenAdmission(Func<CallInfo, AdmissionResult> answer) =>
        _places.AdmitAsync(
                Arg.Any<Guid>(), Arg.Any<Guid>(), Arg.Any<Guid?>(),
                Arg.Any<Func<long, QueuePlace>>(), Arg.Any<Func<QueuePlace, CancellationToken, Task<bool>>>(),
                Arg.Any<CancellationToken>())
            .Returns(answer);

    // What the real repository does on success: builds the place for the next position with the handler's factory.
    private void GivenAdmittedAtPosition(long position) =>
        GivenAdmission(call => new AdmissionResult.Admitted(call.ArgAt<Func<long, QueuePlace>>(3)(position)));

    private QueuePlace PlaceOf(Sale sale, DateTimeOffset expiresAt, long position = 5) =>
        QueuePlace.Create(Guid.NewGuid(), sale.Id, _userId, position, "earlier-qt", expiresAt - TokenLifetime, expiresAt);

    [Fact]
    public async Task Enter_WhenThereIsNoSale_ReturnsNotFound()
    {
        var result = await Enter();

        result.ShouldFailWith(ErrorCodes.NotFound);
    }

    [Fact]
    public async Task Enter_WhenTheSaleIsClosed_ReturnsSaleClosed()
    {
        GivenCurrentSale(ASale.ClosedAt(Now));

        var result = await Enter();

        result.ShouldFailWith(ErrorCodes.SaleClosed);
    }

    [Fact]
    public async Task Enter_BeforeTheSaleOpens_ReturnsSaleNotOpenCarryingOpensAt()
    {
        var sale = GivenCurrentSale(ASale.ScheduledAt(Now));

        var result = await Enter();

        result.ShouldFailWith(ErrorCodes.SaleNotOpen)
            .Extensions.Should().ContainKey("opensAt").WhoseValue.Should().Be(sale.OpensAt);
    }

    // The shopper who bought the last unit should hear "you already bought", not "sold out".
    [Fact]
    public async Task Enter_WhenTheShopperAlreadyBought_ReturnsAlreadyPurchasedEvenIfSoldOut()
    {
        var sale = GivenCurrentSale(ASale.SoldOutAt(Now));
        _orders.ExistsForUserAsync(sale.Id, _userId, Arg.Any<CancellationToken>()).Returns(true);

        var result = await Enter();

        result.ShouldFailWith(ErrorCodes.AlreadyPurchased);
    }

    [Fact]
    public async Task Enter_WhenStockIsGone_ReturnsSoldOutWithoutAdmitting()
    {
        GivenCurrentSale(ASale.SoldOutAt(Now));

        var result = await Enter();

        result.ShouldFailWith(ErrorCodes.SoldOut);
        await _places.DidNotReceiveWithAnyArgs().AdmitAsync(default, default, default, default!, default!, default);
    }

    [Fact]
    public async Task Enter_WhileTheShoppersPlaceIsValid_ReturnsThatSamePlaceWithoutSigningAdmittingOrPublishing()
    {
        var sale = GivenCurrentSale(ASale.OpenAt(Now));
        var place = PlaceOf(sale, expiresAt: Now.AddTicks(1), position: 5);
        _places.FindAsync(sale.Id, _userId, Arg.Any<CancellationToken>()).Returns(place);

        var ticket = (await Enter()).ShouldSucceed();

        ticket.Should().Be(new QueueTicket("earlier-qt", place.ExpiresAt, sale.Id, 5));
        _tokens.DidNotReceiveWithAnyArgs().SignSaleToken(default, default!);
        await _places.DidNotReceiveWithAnyArgs().AdmitAsync(default, default, default, default!, default!, default);
        await _publisher.DidNotReceiveWithAnyArgs().TryPublishAsync(default!, default);
    }

    // A place expiring exactly now is as dead as its QT: the shopper gets a new one, replacing the old row.
    [Fact]
    public async Task Enter_WhenTheShoppersPlaceHasExpired_AdmitsAgainReplacingIt()
    {
        var sale = GivenCurrentSale(ASale.OpenAt(Now));
        var expired = PlaceOf(sale, expiresAt: Now);
        _places.FindAsync(sale.Id, _userId, Arg.Any<CancellationToken>()).Returns(expired);
        GivenAdmittedAtPosition(9);

        var ticket = (await Enter()).ShouldSucceed();

        ticket.QueueToken.Should().Be(SignedQueueToken);
        ticket.Position.Should().Be(9);
        await _places.Received(1).AdmitAsync(
            sale.Id, _userId, expired.Id,
            Arg.Any<Func<long, QueuePlace>>(), Arg.Any<Func<QueuePlace, CancellationToken, Task<bool>>>(),
            Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Enter_ForAFirstTimeShopper_AdmitsWithNoPlaceToReplace()
    {
        var sale = GivenCurrentSale(ASale.OpenAt(Now));
        GivenAdmittedAtPosition(1);

        await Enter();

        await _places.Received(1).AdmitAsync(
            sale.Id, _userId, null,
            Arg.Any<Func<long, QueuePlace>>(), Arg.Any<Func<QueuePlace, CancellationToken, Task<bool>>>(),
            Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Enter_WhenTheQueueIsFull_ReturnsQueueFull()
    {
        GivenCurrentSale(ASale.OpenAt(Now));
        GivenAdmission(_ => new AdmissionResult.QueueFull());

        var result = await Enter();

        result.ShouldFailWith(ErrorCodes.QueueFull);
    }

    [Fact]
    public async Task Enter_WhenTheBrokerDoesNotConfirm_ReturnsQueueUnavailableWithRetryAfter()
    {
        GivenCurrentSale(ASale.OpenAt(Now));
        GivenAdmission(_ => new AdmissionResult.NotPublished());

        var result = await Enter();

        result.ShouldFailWith(ErrorCodes.QueueUnavailable)
            .Extensions.Should().ContainKey(DomainErrors.RetryAfterSecondsKey)
            .WhoseValue.Should().Be(DomainErrors.QueueUnavailableRetryAfterSeconds);
    }

    [Fact]
    public async Task Enter_WhenAConcurrentRequestOfTheShopperQueuedFirst_ReturnsThatPlace()
    {
        var sale = GivenCurrentSale(ASale.OpenAt(Now));
        var winner = PlaceOf(sale, expiresAt: Now.AddMinutes(10), position: 3);
        GivenAdmission(_ => new AdmissionResult.AlreadyQueued(winner));

        var ticket = (await Enter()).ShouldSucceed();

        ticket.Should().Be(new QueueTicket("earlier-qt", winner.ExpiresAt, sale.Id, 3));
    }

    [Fact]
    public async Task Enter_WhenAdmitted_ReturnsTheNewQueueTokenPositionAndExpiry()
    {
        var sale = GivenCurrentSale(ASale.OpenAt(Now));
        GivenAdmittedAtPosition(42);

        var ticket = (await Enter()).ShouldSucceed();

        ticket.Should().Be(new QueueTicket(SignedQueueToken, Now + TokenLifetime, sale.Id, 42));
    }

    [Fact]
    public async Task Enter_SignsAQueueTokenBoundToTheShopperAndSaleWhoseIdIsThePlaceId()
    {
        var sale = GivenCurrentSale(ASale.OpenAt(Now));
        QueuePlace? created = null;
        GivenAdmission(call => new AdmissionResult.Admitted(created = call.ArgAt<Func<long, QueuePlace>>(3)(1)));

        await Enter();

        _tokens.Received(1).SignSaleToken(
            TokenKind.Queue,
            new SaleTokenClaims(created!.Id, _userId, sale.Id, IssuedAt: Now, ExpiresAt: Now + TokenLifetime));
        created!.Should().BeEquivalentTo(new { SaleId = sale.Id, UserId = _userId, IssuedAt = Now, ExpiresAt = Now + TokenLifetime });
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Enter_PublishCallbackSendsQueueTokenIssuedForThePlaceAndPassesOnTheConfirmation(bool confirmed)
    {
        GivenCurrentSale(ASale.OpenAt(Now));
        Func<QueuePlace, CancellationToken, Task<bool>>? publish = null;
        GivenAdmission(call =>
        {
            publish = call.ArgAt<Func<QueuePlace, CancellationToken, Task<bool>>>(4);
            return new AdmissionResult.QueueFull();
        });
        _publisher.TryPublishAsync(Arg.Any<QueueTokenIssued>(), Arg.Any<CancellationToken>()).Returns(confirmed);
        await Enter();
        var place = QueuePlace.Create(Guid.NewGuid(), Guid.NewGuid(), _userId, 12, "qt", Now, Now.AddMinutes(30));
        using var cancellation = new CancellationTokenSource();

        // The repository calls this inside its transaction; its answer decides whether the place is committed.
        var answer = await publish!(place, cancellation.Token);

        answer.Should().Be(confirmed);
        await _publisher.Received(1).TryPublishAsync(
            new QueueTokenIssued(place.Id, place.SaleId, place.UserId, 12, place.ExpiresAt), cancellation.Token);
    }
}
