using FlashPurchase.Application.Abstractions;
using FlashPurchase.Application.Queue.ExchangeToken;
using FlashPurchase.Application.Queue.Waiting;
using FlashPurchase.Application.Sales;
using FlashPurchase.Application.UnitTests.TestDoubles;
using FlashPurchase.Domain.Errors;
using FlashPurchase.Domain.Queue;
using FlashPurchase.Domain.Sales;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;

namespace FlashPurchase.Application.UnitTests.Queue.ExchangeToken;

public sealed class ExchangeTokenHandlerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 18, 10, 0, TimeSpan.Zero);
    private const string QueueToken = "the-shoppers-qt";

    private readonly ITokenService _tokens = Substitute.For<ITokenService>();
    private readonly ISaleRepository _sales = Substitute.For<ISaleRepository>();
    private readonly IOrderRepository _orders = Substitute.For<IOrderRepository>();
    private readonly IQueuePlaceRepository _places = Substitute.For<IQueuePlaceRepository>();
    private readonly IPurchaseTokenRepository _purchaseTokens = Substitute.For<IPurchaseTokenRepository>();
    private readonly IConversionQueueReader _conversionQueue = Substitute.For<IConversionQueueReader>();
    private readonly FakeTimeProvider _clock = new(Now);
    private readonly Guid _userId = Guid.NewGuid();
    private readonly Sale _sale = ASale.OpenAt(Now);
    private readonly SaleTokenClaims _claims;

    public ExchangeTokenHandlerTests()
    {
        _claims = new SaleTokenClaims(Guid.NewGuid(), _userId, _sale.Id, Now.AddMinutes(-5), Now.AddMinutes(55));
        GivenQueueTokenSays(_claims);
        _sales.FindAsync(_sale.Id, Arg.Any<CancellationToken>()).Returns(_sale);
    }

    // Only a read as a *queue* token answers claims: a handler reading it as another kind gets null (invalid_token).
    private void GivenQueueTokenSays(SaleTokenClaims? claims) =>
        _tokens.ReadSaleTokenAsync(TokenKind.Queue, QueueToken).Returns(claims);

    private void GivenAPlaceAt(long position) =>
        _places.FindByQueueTokenIdAsync(_claims.TokenId, Arg.Any<CancellationToken>())
            .Returns(QueuePlace.Create(_claims.TokenId, _sale.Id, _userId, position, QueueToken, _claims.IssuedAt, _claims.ExpiresAt));

    private void GivenTheConversionQueueReads(ConversionQueueReading reading) =>
        _conversionQueue.ReadAsync(_sale.Id, Arg.Any<long>(), Arg.Any<DateTimeOffset>(), Arg.Any<DateTimeOffset>(), Arg.Any<CancellationToken>())
            .Returns(reading);

    private PurchaseToken GivenConverted()
    {
        var purchaseToken = PurchaseToken.Create(
            Guid.NewGuid(), _claims.TokenId, _sale.Id, _userId, "the-pt", Now.AddMinutes(-1), Now.AddMinutes(59));
        _purchaseTokens.FindByQueueTokenIdAsync(_claims.TokenId, Arg.Any<CancellationToken>()).Returns(purchaseToken);
        return purchaseToken;
    }

    private Task<Result<ExchangeOutcome>> Exchange(Guid? asUser = null) =>
        new ExchangeTokenHandler(
                _tokens, _sales, new CurrentSaleCache(_clock), _orders, _places, _purchaseTokens,
                new WaitEstimator(_conversionQueue, new ConversionQueueSnapshots(), _clock), _clock)
            .Handle(new ExchangeTokenCommand(asUser ?? _userId, QueueToken), default).AsTask();

    [Fact]
    public async Task Exchange_WhenTheTokenCannotBeRead_ReturnsInvalidToken()
    {
        GivenQueueTokenSays(null);

        var result = await Exchange();

        result.ShouldFailWith(ErrorCodes.InvalidToken);
    }

    [Fact]
    public async Task Exchange_AnotherShoppersToken_ReturnsTokenNotYours()
    {
        GivenConverted();

        var result = await Exchange(asUser: Guid.NewGuid());

        result.ShouldFailWith(ErrorCodes.TokenNotYours);
    }

    // Whose token it is matters more than its age: a stranger learns nothing about someone else's token.
    [Fact]
    public async Task Exchange_AnotherShoppersExpiredToken_ReturnsTokenNotYoursRatherThanExpired()
    {
        _clock.Advance(TimeSpan.FromHours(2));

        var result = await Exchange(asUser: Guid.NewGuid());

        result.ShouldFailWith(ErrorCodes.TokenNotYours);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public async Task Exchange_AtOrAfterTheTokensExpiry_ReturnsTokenExpiredEvenIfConverted(int minutesPastExpiry)
    {
        GivenConverted();
        _clock.Advance(_claims.ExpiresAt - Now + TimeSpan.FromMinutes(minutesPastExpiry));

        var result = await Exchange();

        result.ShouldFailWith(ErrorCodes.TokenExpired);
    }

    [Fact]
    public async Task Exchange_ForASaleThatDoesNotExist_ReturnsInvalidToken()
    {
        _sales.FindAsync(_sale.Id, Arg.Any<CancellationToken>()).Returns((Sale?)null);
        GivenConverted();

        var result = await Exchange();

        result.ShouldFailWith(ErrorCodes.InvalidToken);
    }

    [Fact]
    public async Task Exchange_WhenTheShopperAlreadyBought_ReturnsAlreadyPurchased()
    {
        _orders.ExistsForUserAsync(_sale.Id, _userId, Arg.Any<CancellationToken>()).Returns(true);
        GivenConverted();

        var result = await Exchange();

        result.ShouldFailWith(ErrorCodes.AlreadyPurchased);
    }

    [Fact]
    public async Task Exchange_AfterTheSaleClosed_ReturnsSaleClosedEvenWhenConverted()
    {
        var closed = ASale.ClosedAt(Now);
        GivenQueueTokenSays(_claims with { SaleId = closed.Id });
        _sales.FindAsync(closed.Id, Arg.Any<CancellationToken>()).Returns(closed);
        GivenConverted();

        var result = await Exchange();

        result.ShouldFailWith(ErrorCodes.SaleClosed);
    }

    [Fact]
    public async Task Exchange_WhenStockIsGone_ReturnsSoldOut()
    {
        var soldOut = ASale.SoldOutAt(Now);
        GivenQueueTokenSays(_claims with { SaleId = soldOut.Id });
        _sales.FindAsync(soldOut.Id, Arg.Any<CancellationToken>()).Returns(soldOut);
        GivenConverted();

        var result = await Exchange();

        result.ShouldFailWith(ErrorCodes.SoldOut);
    }

    [Fact]
    public async Task Exchange_OnceConverted_ReturnsThePurchaseTokenTheWorkerStored()
    {
        var purchaseToken = GivenConverted();

        var outcome = (await Exchange()).ShouldSucceed();

        outcome.Should().Be(new ExchangeOutcome.Converted("the-pt", purchaseToken.ExpiresAt));
    }

    [Fact]
    public async Task Exchange_BeforeConversion_ReturnsPendingWithHowManyAreAheadAndTheEstimatedWait()
    {
        // Of places 1..16, only 3, 9 and 12 still wait for the worker; it converted 4 tokens over the last 2 s.
        GivenAPlaceAt(17);
        GivenTheConversionQueueReads(new ConversionQueueReading(17, [3, 9, 12, 17], 4, Now.AddSeconds(-2)));

        var outcome = (await Exchange()).ShouldSucceed();

        outcome.Should().Be(new ExchangeOutcome.Pending(Position: 3, RetryAfterSeconds: 2));
    }

    [Fact]
    public async Task Exchange_BeforeConversion_WhileTheWorkerConvertsNothing_ReturnsPendingWithTheFallbackWait()
    {
        GivenAPlaceAt(3);
        GivenTheConversionQueueReads(new ConversionQueueReading(3, [1, 2, 3], 0, null));

        var outcome = (await Exchange()).ShouldSucceed();

        outcome.Should().Be(new ExchangeOutcome.Pending(Position: 2, RetryAfterSeconds: RetryAfterRule.FallbackSeconds));
    }

    // Correctly signed but never handed out by the queue: no worker will ever convert it, so polling would be forever.
    [Fact]
    public async Task Exchange_ForASignedTokenTheQueueNeverIssued_ReturnsInvalidToken()
    {
        var result = await Exchange();

        result.ShouldFailWith(ErrorCodes.InvalidToken);
    }

    [Fact]
    public async Task Exchange_BeforeThePreQueuesDraw_ReturnsPendingWithoutAPosition()
    {
        // Arrival 2 of a pre-queue not drawn yet: its arrival number says nothing of how many are ahead after the draw.
        _places.FindByQueueTokenIdAsync(_claims.TokenId, Arg.Any<CancellationToken>())
            .Returns(QueuePlace.Create(_claims.TokenId, _sale.Id, _userId, 2, QueueToken, _claims.IssuedAt, _claims.ExpiresAt, preQueued: true));
        GivenTheConversionQueueReads(new ConversionQueueReading(2, [1, 2], 0, null));

        var outcome = (await Exchange()).ShouldSucceed();

        outcome.Should().Be(new ExchangeOutcome.Pending(Position: null, RetryAfterSeconds: RetryAfterRule.FallbackSeconds));
    }
}
