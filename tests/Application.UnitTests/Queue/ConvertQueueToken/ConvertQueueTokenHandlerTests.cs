using FlashPurchase.Application.Abstractions;
using FlashPurchase.Application.Queue.ConvertQueueToken;
using FlashPurchase.Application.UnitTests.TestDoubles;
using FlashPurchase.Domain.Queue;
using NSubstitute;

namespace FlashPurchase.Application.UnitTests.Queue.ConvertQueueToken;

public sealed class ConvertQueueTokenHandlerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 18, 10, 0, TimeSpan.Zero);
    private static readonly TimeSpan TokenLifetime = TimeSpan.FromMinutes(23);

    private readonly IPurchaseTokenRepository _purchaseTokens = Substitute.For<IPurchaseTokenRepository>();
    private readonly ITokenService _tokens = Substitute.For<ITokenService>();
    private readonly TestClock _clock = new(Now);
    private readonly ConvertQueueTokenCommand _message =
        new(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), QueueTokenExpiresAt: Now.AddMinutes(30));

    public ConvertQueueTokenHandlerTests()
    {
        _tokens.SaleTokenLifetime.Returns(TokenLifetime);
        _tokens.SignSaleToken(default, default!).ReturnsForAnyArgs("signed-pt");
        _purchaseTokens.TryAddAsync(Arg.Any<PurchaseToken>(), Arg.Any<CancellationToken>()).Returns(true);
    }

    private Task<Result<ConversionOutcome>> Convert() =>
        new ConvertQueueTokenHandler(_purchaseTokens, _tokens, _clock).Handle(_message, default).AsTask();

    [Fact]
    public async Task Convert_StoresAPurchaseTokenForTheMessagesShopperSaleAndQueueToken()
    {
        PurchaseToken? stored = null;
        _purchaseTokens.TryAddAsync(Arg.Do<PurchaseToken>(pt => stored = pt), Arg.Any<CancellationToken>()).Returns(true);

        (await Convert()).ShouldSucceed().Should().Be(ConversionOutcome.Created);

        stored.Should().BeEquivalentTo(new
        {
            _message.QueueTokenId,
            _message.SaleId,
            _message.UserId,
            Token = "signed-pt",
            IssuedAt = Now,
            ExpiresAt = Now + TokenLifetime,
        });
    }

    [Fact]
    public async Task Convert_SignsThePurchaseTokenAsAPurchaseTokenUnderTheStoredId()
    {
        PurchaseToken? stored = null;
        _purchaseTokens.TryAddAsync(Arg.Do<PurchaseToken>(pt => stored = pt), Arg.Any<CancellationToken>()).Returns(true);

        await Convert();

        _tokens.Received(1).SignSaleToken(TokenKind.Purchase, Arg.Is<SaleTokenClaims>(c =>
            c.TokenId == stored!.Id && c.UserId == _message.UserId && c.SaleId == _message.SaleId
            && c.IssuedAt == Now && c.ExpiresAt == Now + TokenLifetime));
    }

    // A redelivered message: the broker guarantees at-least-once, the handler makes it exactly-once.
    [Fact]
    public async Task Convert_WhenAPurchaseTokenAlreadyExists_ReturnsAlreadyConvertedAndAddsNothing()
    {
        var existing = PurchaseToken.Create(
            Guid.NewGuid(), _message.QueueTokenId, _message.SaleId, _message.UserId, "earlier-pt", Now, Now.AddHours(1));
        _purchaseTokens.FindByQueueTokenIdAsync(_message.QueueTokenId, Arg.Any<CancellationToken>()).Returns(existing);

        (await Convert()).ShouldSucceed().Should().Be(ConversionOutcome.AlreadyConverted);

        await _purchaseTokens.DidNotReceiveWithAnyArgs().TryAddAsync(default!, default);
    }

    [Fact]
    public async Task Convert_WhenAConcurrentDeliveryAddsItFirst_ReturnsAlreadyConverted()
    {
        _purchaseTokens.TryAddAsync(Arg.Any<PurchaseToken>(), Arg.Any<CancellationToken>()).Returns(false);

        (await Convert()).ShouldSucceed().Should().Be(ConversionOutcome.AlreadyConverted);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    public async Task Convert_AtOrAfterTheQueueTokensExpiry_ReturnsQueueTokenExpiredAndAddsNothing(int minutesPastExpiry)
    {
        _clock.Advance(_message.QueueTokenExpiresAt - Now + TimeSpan.FromMinutes(minutesPastExpiry));

        (await Convert()).ShouldSucceed().Should().Be(ConversionOutcome.QueueTokenExpired);

        await _purchaseTokens.DidNotReceiveWithAnyArgs().TryAddAsync(default!, default);
        _tokens.DidNotReceiveWithAnyArgs().SignSaleToken(default, default!);
    }
}
