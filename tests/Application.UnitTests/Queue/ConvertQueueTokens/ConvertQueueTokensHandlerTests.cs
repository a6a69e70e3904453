using FlashPurchase.Application.Abstractions;
using FlashPurchase.Application.Queue.ConvertQueueTokens;
using FlashPurchase.Application.Sales;
using FlashPurchase.Application.UnitTests.TestDoubles;
using FlashPurchase.Domain.Queue;
using FlashPurchase.Domain.Sales;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;

namespace FlashPurchase.Application.UnitTests.Queue.ConvertQueueTokens;

public sealed class ConvertQueueTokensHandlerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 18, 10, 0, TimeSpan.Zero);
    private static readonly TimeSpan TokenLifetime = TimeSpan.FromMinutes(23);

    private readonly IPurchaseTokenRepository _purchaseTokens = Substitute.For<IPurchaseTokenRepository>();
    private readonly IQueuePlaceRepository _places = Substitute.For<IQueuePlaceRepository>();
    private readonly ITokenService _tokens = Substitute.For<ITokenService>();
    private readonly ISaleRepository _sales = Substitute.For<ISaleRepository>();
    private readonly FakeTimeProvider _clock = new(Now);

    /// <summary>The purchase window of every sale the handler reads; null: the token lifetime.</summary>
    private TimeSpan? _purchaseWindow;
    private List<PurchaseToken> _stored = [];

    public ConvertQueueTokensHandlerTests()
    {
        _tokens.SaleTokenLifetime.Returns(TokenLifetime);
        _tokens.SignSaleToken(default, default!).ReturnsForAnyArgs("signed-pt");
        _sales.FindAsync(default, default).ReturnsForAnyArgs(call => Sale.Schedule(
            call.Arg<Guid>(), "Phone", 1m, "EUR", 10, Now.AddHours(-1), TimeSpan.FromHours(2), 0,
            WaitingRoom.Off with { PurchaseWindow = _purchaseWindow }));
        _purchaseTokens.FindConvertedAsync(default!, default).ReturnsForAnyArgs(new HashSet<Guid>());
        // Every queue place is stored, and the database takes every purchase token offered, unless a test says otherwise.
        // (Null-safe: NSubstitute runs these once more, with null arguments, when a test configures the call again.)
        _places.FindStoredAsync(default!, default)
            .ReturnsForAnyArgs(call => call.Arg<IReadOnlyCollection<Guid>>()?.ToHashSet() ?? []);
        _purchaseTokens.AddNewAsync(default, default!, default).ReturnsForAnyArgs(call =>
        {
            var offered = call.Arg<IReadOnlyList<PurchaseToken>>()?.ToList() ?? [];
            _stored.AddRange(offered);
            return new TokenRelease(offered.Select(t => t.QueueTokenId).ToList(), HeldBack: false);
        });
    }

    private static readonly Guid SaleId = Guid.NewGuid();

    private static QueuedToken Queued(DateTimeOffset? expiresAt = null, Guid? saleId = null) =>
        new(Guid.NewGuid(), saleId ?? SaleId, Guid.NewGuid(), expiresAt ?? Now.AddMinutes(30));

    private Task<Result<ConversionReport>> Convert(params QueuedToken[] tokens) =>
        new ConvertQueueTokensHandler(_purchaseTokens, _places, _sales, new CurrentSaleCache(_clock), _tokens, _clock)
            .Handle(new ConvertQueueTokensCommand(tokens), default).AsTask();

    [Fact]
    public async Task Convert_OfASaleWithAPurchaseWindow_MakesTokensThatLastThatWindow()
    {
        _purchaseWindow = TimeSpan.FromMinutes(4);

        (await Convert(Queued(), Queued())).ShouldSucceed();

        _stored.Should().HaveCount(2).And.OnlyContain(t => t.ExpiresAt == Now.AddMinutes(4) && t.IssuedAt == Now);
    }

    [Fact]
    public async Task Convert_StoresOnePurchaseTokenPerQueueTokenForItsShopperAndSale()
    {
        var batch = new[] { Queued(), Queued(), Queued() };

        var report = (await Convert(batch)).ShouldSucceed();

        report.Created.Should().Equal(batch.Select(q => q.QueueTokenId));
        _stored.Should().BeEquivalentTo(batch.Select(q => new
        {
            q.QueueTokenId,
            q.SaleId,
            q.UserId,
            Token = "signed-pt",
            IssuedAt = Now,
            ExpiresAt = Now + TokenLifetime,
        }));
        await _purchaseTokens.ReceivedWithAnyArgs(1).AddNewAsync(default, default!, default);
    }

    [Fact]
    public async Task Convert_ReleasesEachSalesTokensSeparately_AndReportsAPausedSalesTokensAsHeldBack()
    {
        var pausedSale = Guid.NewGuid();
        var held = new[] { Queued(saleId: pausedSale), Queued(saleId: pausedSale) };
        var released = Queued();
        _purchaseTokens.AddNewAsync(pausedSale, default!, default).ReturnsForAnyArgs(call =>
            call.ArgAt<Guid>(0) == pausedSale
                ? new TokenRelease([], HeldBack: true)
                : new TokenRelease(call.Arg<IReadOnlyList<PurchaseToken>>().Select(t => t.QueueTokenId).ToList(), HeldBack: false));

        var report = (await Convert(held[0], released, held[1])).ShouldSucceed();

        report.Created.Should().Equal(released.QueueTokenId);
        report.HeldBack.Should().BeEquivalentTo(held.Select(q => q.QueueTokenId));
        report.AlreadyConverted.Should().BeEmpty("a held-back token is neither converted nor lost");
        await _purchaseTokens.Received(1).AddNewAsync(pausedSale,
            Arg.Is<IReadOnlyList<PurchaseToken>>(t => t.Count == 2 && t.All(x => x.SaleId == pausedSale)), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Convert_SignsEachPurchaseTokenAsAPurchaseTokenUnderItsStoredId()
    {
        var queued = Queued();

        await Convert(queued);

        var stored = _stored.Should().ContainSingle().Subject;
        _tokens.Received(1).SignSaleToken(TokenKind.Purchase, new SaleTokenClaims(
            stored.Id, queued.UserId, queued.SaleId, IssuedAt: Now, ExpiresAt: Now + TokenLifetime));
    }

    [Fact]
    public async Task Convert_SkipsQueueTokensAlreadyConverted()
    {
        var redelivered = Queued();
        var fresh = Queued();
        _purchaseTokens.FindConvertedAsync(default!, default).ReturnsForAnyArgs(new HashSet<Guid> { redelivered.QueueTokenId });

        var report = (await Convert(redelivered, fresh)).ShouldSucceed();

        report.AlreadyConverted.Should().Equal(redelivered.QueueTokenId);
        report.Created.Should().Equal(fresh.QueueTokenId);
        _stored.Select(t => t.QueueTokenId).Should().Equal(fresh.QueueTokenId);
    }

    [Fact]
    public async Task Convert_WhenAnotherWorkerStoredOneMeanwhile_ReportsItAsAlreadyConverted()
    {
        var raced = Queued();
        var fresh = Queued();
        _purchaseTokens.AddNewAsync(default, default!, default).ReturnsForAnyArgs(call =>
        {
            _stored = call.Arg<IReadOnlyList<PurchaseToken>>()?.ToList() ?? [];
            return new TokenRelease([fresh.QueueTokenId], HeldBack: false);
        });

        var report = (await Convert(raced, fresh)).ShouldSucceed();

        report.Created.Should().Equal(fresh.QueueTokenId);
        report.AlreadyConverted.Should().Equal(raced.QueueTokenId);
    }

    // A queue token expiring exactly now is as dead as one expired long ago.
    [Fact]
    public async Task Convert_MakesNoPurchaseTokenForAnExpiredQueueToken()
    {
        var expired = Queued(expiresAt: Now);
        var live = Queued();

        var report = (await Convert(expired, live)).ShouldSucceed();

        report.Expired.Should().Equal(expired.QueueTokenId);
        _stored.Select(t => t.QueueTokenId).Should().Equal(live.QueueTokenId);
    }

    [Fact]
    public async Task Convert_MakesNoPurchaseTokenForAQueueTokenWhosePlaceIsNotStored()
    {
        // The broker confirmed the message but the API's transaction has not committed (or rolled back): the queue
        // token was not handed out, so it must not become a purchase token now.
        var uncommitted = Queued();
        var stored = Queued();
        _places.FindStoredAsync(default!, default).ReturnsForAnyArgs(new HashSet<Guid> { stored.QueueTokenId });

        var report = (await Convert(uncommitted, stored)).ShouldSucceed();

        report.NotStored.Should().Equal(uncommitted.QueueTokenId);
        _stored.Select(t => t.QueueTokenId).Should().Equal(stored.QueueTokenId);
    }

    [Fact]
    public async Task Convert_WithTheSameMessageTwiceInABatch_StoresOnePurchaseToken()
    {
        var queued = Queued();

        var report = (await Convert(queued, queued)).ShouldSucceed();

        report.Created.Should().Equal(queued.QueueTokenId);
        _stored.Should().ContainSingle();
    }
}
