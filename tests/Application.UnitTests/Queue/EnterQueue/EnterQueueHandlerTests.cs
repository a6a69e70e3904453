using FlashPurchase.Application.Abstractions;
using FlashPurchase.Application.Queue.Challenges;
using FlashPurchase.Application.Queue.EnterQueue;
using FlashPurchase.Application.Sales;
using FlashPurchase.Application.UnitTests.TestDoubles;
using FlashPurchase.Domain.Errors;
using FlashPurchase.Domain.Queue;
using FlashPurchase.Domain.Sales;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;

namespace FlashPurchase.Application.UnitTests.Queue.EnterQueue;

public sealed class EnterQueueHandlerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 18, 10, 0, TimeSpan.Zero);

    // Deliberately not the contract's one hour, so a test fails if the handler hard-codes the lifetime.
    private static readonly TimeSpan TokenLifetime = TimeSpan.FromMinutes(17);

    private const string SignedQueueToken = "signed-qt";

    private readonly ISaleRepository _sales = Substitute.For<ISaleRepository>();
    private readonly IOrderRepository _orders = Substitute.For<IOrderRepository>();
    private readonly IQueueAdmissions _admissions = Substitute.For<IQueueAdmissions>();
    private readonly ITokenService _tokens = Substitute.For<ITokenService>();
    private readonly FakeTimeProvider _clock = new(Now);
    private readonly Guid _userId = Guid.NewGuid();

    public EnterQueueHandlerTests()
    {
        _tokens.SaleTokenLifetime.Returns(TokenLifetime);
        _tokens.SignSaleToken(default, default!).ReturnsForAnyArgs(SignedQueueToken);
    }

    private EnterQueueHandler Handler() =>
        new(_sales, new CurrentSaleCache(_clock), _orders, _admissions, _tokens, _clock, new QueueChallenges(new byte[32], _clock),
            Substitute.For<IQueuePlaceRepository>());

    private Task<Result<QueueTicket>> Enter() => Handler().Handle(new EnterQueueCommand(_userId), default).AsTask();

    private Sale GivenCurrentSale(Sale sale)
    {
        _sales.GetCurrentAsync(Arg.Any<CancellationToken>()).Returns(sale);
        return sale;
    }

    private void GivenAdmission(AdmissionResult result) =>
        _admissions.AdmitAsync(Arg.Any<AdmissionRequest>(), Arg.Any<CancellationToken>()).Returns(result);

    // What the real admission does on success: stores the request as a place at the next position.
    private void GivenAdmittedAtPosition(long position) =>
        _admissions.AdmitAsync(Arg.Any<AdmissionRequest>(), Arg.Any<CancellationToken>()).Returns(call =>
        {
            var request = call.Arg<AdmissionRequest>();
            return new AdmissionResult.Admitted(QueuePlace.Create(
                request.QueueTokenId, request.SaleId, request.UserId, position, request.QueueToken, request.IssuedAt, request.ExpiresAt));
        });

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
            .OpensAt.Should().Be(sale.OpensAt);
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
        _tokens.DidNotReceiveWithAnyArgs().SignSaleToken(default, default!);
        await _admissions.DidNotReceiveWithAnyArgs().AdmitAsync(default!, default);
    }

    [Fact]
    public async Task Enter_WhileTheShoppersPlaceIsValid_ReturnsThatSamePlace()
    {
        var sale = GivenCurrentSale(ASale.OpenAt(Now));
        var place = PlaceOf(sale, expiresAt: Now.AddMinutes(3), position: 5);
        GivenAdmission(new AdmissionResult.AlreadyQueued(place));

        var ticket = (await Enter()).ShouldSucceed();

        ticket.Should().Be(new QueueTicket("earlier-qt", place.ExpiresAt, sale.Id, 5));
    }

    [Theory]
    [InlineData(AdmissionDecision.UnknownShopper, ErrorCodes.Unauthorized)]
    [InlineData(AdmissionDecision.AlreadyPurchased, ErrorCodes.AlreadyPurchased)]
    [InlineData(AdmissionDecision.SoldOut, ErrorCodes.SoldOut)]
    [InlineData(AdmissionDecision.SaleClosed, ErrorCodes.SaleClosed)]
    [InlineData(AdmissionDecision.SaleNotOpen, ErrorCodes.SaleNotOpen)]
    public async Task Enter_WhenTheDatabaseRefusesUnderTheSaleLock_PassesTheRefusalOn(AdmissionDecision refusal, string code)
    {
        // The sale read before admission can be a moment old: the last unit may have sold since.
        GivenCurrentSale(ASale.OpenAt(Now));
        GivenAdmission(new AdmissionResult.Refused(refusal));

        var result = await Enter();

        result.ShouldFailWith(code);
    }

    [Fact]
    public async Task Enter_WhenTheSaleWasMovedLater_SaysTheOpeningReadUnderTheLock_NotTheCachedOne()
    {
        // An operator moved the opening an instant ago, in another process: the cached sale still says it is open.
        GivenCurrentSale(ASale.OpenAt(Now));
        var movedTo = Now.AddHours(2);
        GivenAdmission(new AdmissionResult.Refused(AdmissionDecision.SaleNotOpen) { OpensAt = movedTo });

        var error = (await Enter()).ShouldFailWith(ErrorCodes.SaleNotOpen);

        error.OpensAt.Should().Be(movedTo);
    }

    [Fact]
    public async Task Enter_APausedQueue_RefusedUnderTheLock_IsQueuePausedWithRetryAfter()
    {
        GivenCurrentSale(ASale.OpenAt(Now));
        GivenAdmission(new AdmissionResult.Refused(AdmissionDecision.QueuePaused));

        var error = (await Enter()).ShouldFailWith(ErrorCodes.QueuePaused);

        error.RetryAfter.Should().Be(DomainErrors.QueuePausedRetryAfter);
    }

    [Fact]
    public async Task Enter_ASaleNamedById_ThatDoesNotExist_IsNotFound_AndAdmitsNothing()
    {
        GivenCurrentSale(ASale.OpenAt(Now));

        var result = await Handler().Handle(new EnterQueueCommand(_userId, Guid.NewGuid()), default);

        result.ShouldFailWith(ErrorCodes.NotFound);
        await _admissions.DidNotReceiveWithAnyArgs().AdmitAsync(default!, default);
    }

    [Fact]
    public async Task Enter_WhenTheQueueIsFull_ReturnsQueueFull()
    {
        GivenCurrentSale(ASale.OpenAt(Now));
        GivenAdmission(new AdmissionResult.Refused(AdmissionDecision.QueueFull));

        var result = await Enter();

        result.ShouldFailWith(ErrorCodes.QueueFull);
    }

    [Fact]
    public async Task Enter_WhenTheBrokerDoesNotConfirm_ReturnsQueueUnavailableWithRetryAfter()
    {
        GivenCurrentSale(ASale.OpenAt(Now));
        GivenAdmission(new AdmissionResult.NotPublished());

        var result = await Enter();

        result.ShouldFailWith(ErrorCodes.QueueUnavailable)
            .RetryAfter.Should().Be(DomainErrors.QueueUnavailableRetryAfter);
    }

    [Fact]
    public async Task Enter_WhenAConcurrentRequestOfTheShopperQueuedFirst_ReturnsThatPlace()
    {
        var sale = GivenCurrentSale(ASale.OpenAt(Now));
        var winner = PlaceOf(sale, expiresAt: Now.AddMinutes(10), position: 3);
        GivenAdmission(new AdmissionResult.AlreadyQueued(winner));

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
    public async Task Enter_AsksToAdmitAQueueTokenBoundToTheShopperAndSaleWhoseIdIsTheSignedTokensId()
    {
        var sale = GivenCurrentSale(ASale.OpenAt(Now));
        GivenAdmittedAtPosition(1);

        await Enter();

        var request = (AdmissionRequest)_admissions.ReceivedCalls().Single().GetArguments()[0]!;
        request.Should().Be(new AdmissionRequest(
            sale.Id, _userId, request.QueueTokenId, SignedQueueToken, IssuedAt: Now, ExpiresAt: Now + TokenLifetime));
        request.QueueTokenId.Should().NotBeEmpty();
        _tokens.Received(1).SignSaleToken(
            TokenKind.Queue,
            new SaleTokenClaims(request.QueueTokenId, _userId, sale.Id, IssuedAt: Now, ExpiresAt: Now + TokenLifetime));
    }

    private static Sale PreQueueSale(DateTimeOffset opensAt) =>
        Sale.Schedule(Guid.NewGuid(), "iPhone 11 Pro", 699.00m, "EUR", 10, opensAt, ASale.Duration, queueCapacity: 0,
            new WaitingRoom(TimeSpan.FromMinutes(15), 0, 0, null, 0));

    [Fact]
    public async Task Enter_BeforeThePreQueueOpens_ReturnsSaleNotOpen_WithoutAskingTheAdmission()
    {
        var sale = GivenCurrentSale(PreQueueSale(Now.AddMinutes(16)));

        var result = await Enter();

        result.ShouldFailWith(ErrorCodes.SaleNotOpen);
        await _admissions.DidNotReceiveWithAnyArgs().AdmitAsync(default!, default);
        sale.InPreQueueAt(Now).Should().BeFalse();
    }

    [Fact]
    public async Task Enter_InThePreQueue_AsksTheAdmission_AndAnswersWithoutAPosition()
    {
        var sale = GivenCurrentSale(PreQueueSale(Now.AddMinutes(14)));
        _admissions.AdmitAsync(Arg.Any<AdmissionRequest>(), Arg.Any<CancellationToken>()).Returns(call =>
        {
            var request = call.Arg<AdmissionRequest>();
            return new AdmissionResult.Admitted(QueuePlace.Create(
                request.QueueTokenId, request.SaleId, request.UserId, 7, request.QueueToken, request.IssuedAt, request.ExpiresAt,
                preQueued: true));
        });

        var ticket = (await Enter()).ShouldSucceed();

        ticket.Should().Be(new QueueTicket(SignedQueueToken, Now + TokenLifetime, sale.Id, Position: null, PreQueue: true));
    }

    [Fact]
    public async Task Enter_AfterTheDraw_GivesTheDrawnPosition()
    {
        var sale = GivenCurrentSale(ASale.OpenAt(Now));
        var drawn = PlaceOf(sale, expiresAt: Now.AddMinutes(10), position: 4);
        GivenAdmission(new AdmissionResult.AlreadyQueued(drawn));

        var ticket = (await Enter()).ShouldSucceed();

        ticket.Should().Be(new QueueTicket("earlier-qt", drawn.ExpiresAt, sale.Id, 4, PreQueue: null));
    }
}
