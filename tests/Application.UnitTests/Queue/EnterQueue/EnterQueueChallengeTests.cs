using FlashPurchase.Application.Abstractions;
using FlashPurchase.Application.Queue.Challenges;
using FlashPurchase.Application.Queue.EnterQueue;
using FlashPurchase.Application.Sales;
using FlashPurchase.Application.UnitTests.Queue.Challenges;
using FlashPurchase.Application.UnitTests.TestDoubles;
using FlashPurchase.Domain.Errors;
using FlashPurchase.Domain.Queue;
using FlashPurchase.Domain.Sales;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;

namespace FlashPurchase.Application.UnitTests.Queue.EnterQueue;

/// <summary>Enter at a sale that asks a bot challenge: the handler checks the header, the admission decides.</summary>
public sealed class EnterQueueChallengeTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 18, 10, 0, TimeSpan.Zero);
    private const int Difficulty = 6;

    private readonly ISaleRepository _sales = Substitute.For<ISaleRepository>();
    private readonly IOrderRepository _orders = Substitute.For<IOrderRepository>();
    private readonly IQueueAdmissions _admissions = Substitute.For<IQueueAdmissions>();
    private readonly IQueuePlaceRepository _places = Substitute.For<IQueuePlaceRepository>();
    private readonly ITokenService _tokens = Substitute.For<ITokenService>();
    private readonly FakeTimeProvider _clock = new(Now);
    private readonly QueueChallenges _challenges;
    private readonly Guid _userId = Guid.NewGuid();
    private readonly Sale _sale;
    private AdmissionRequest? _request;

    public EnterQueueChallengeTests()
    {
        _challenges = new QueueChallenges(new byte[32], _clock);
        _tokens.SaleTokenLifetime.Returns(TimeSpan.FromMinutes(17));
        _tokens.SignSaleToken(default, default!).ReturnsForAnyArgs("signed-qt");
        _sale = Sale.Schedule(Guid.NewGuid(), "iPhone 11 Pro", 699m, "EUR", 10, Now.AddMinutes(-10), ASale.Duration, 0,
            WaitingRoom.Off with { ChallengeDifficulty = Difficulty });
        _sales.GetCurrentAsync(Arg.Any<CancellationToken>()).Returns(_sale);
        _admissions.AdmitAsync(Arg.Do<AdmissionRequest>(r => _request = r), Arg.Any<CancellationToken>())
            .Returns(new AdmissionResult.Refused(AdmissionDecision.ChallengeRequired));
    }

    private Task<Result<QueueTicket>> Enter(string? solution) =>
        new EnterQueueHandler(_sales, new CurrentSaleCache(_clock), _orders, _admissions, _tokens, _clock, _challenges, _places)
            .Handle(new EnterQueueCommand(_userId, ChallengeSolution: solution), default).AsTask();

    [Fact]
    public async Task Enter_WithASolvedChallenge_AsksTheAdmissionWithItsId()
    {
        var solution = ChallengeSolving.Solve(_challenges.Issue(_sale.Id, _userId, Difficulty).Challenge, Difficulty);

        await Enter(solution);

        _request!.ChallengeId.Should().Be(_challenges.Verify(solution, _sale.Id, _userId, Difficulty).ChallengeId);
    }

    // Without a solution the admission still decides for a shopper who may hold a place: it gives the place back.
    [Fact]
    public async Task Enter_WithoutASolution_ByAShopperHoldingAPlace_AsksTheAdmissionWithNoChallenge()
    {
        var place = QueuePlace.Create(Guid.NewGuid(), _sale.Id, _userId, 3, "earlier-qt", Now, Now.AddMinutes(10));
        _places.FindCurrentAsync(_sale.Id, _userId, Arg.Any<CancellationToken>()).Returns(place);
        _admissions.AdmitAsync(Arg.Do<AdmissionRequest>(r => _request = r), Arg.Any<CancellationToken>())
            .Returns(new AdmissionResult.AlreadyQueued(place));

        var ticket = (await Enter(null)).ShouldSucceed();

        ticket.QueueToken.Should().Be("earlier-qt");
        _request!.ChallengeId.Should().BeNull();
    }

    // A script that joins without doing the work costs one read: no signature, no turn of the sale row's lock.
    [Fact]
    public async Task Enter_WithoutASolution_ByAShopperHoldingNoPlace_AnswersChallengeRequired_WithoutTheAdmission()
    {
        var expired = QueuePlace.Create(Guid.NewGuid(), _sale.Id, _userId, 3, "old-qt", Now.AddHours(-2), Now.AddHours(-1));

        (await Enter(null)).ShouldFailWith(ErrorCodes.ChallengeRequired);
        _places.FindCurrentAsync(_sale.Id, _userId, Arg.Any<CancellationToken>()).Returns(expired);
        (await Enter("not-a-solution")).ShouldFailWith(ErrorCodes.ChallengeRequired);

        await _admissions.DidNotReceiveWithAnyArgs().AdmitAsync(default!, default);
        _tokens.DidNotReceiveWithAnyArgs().SignSaleToken(default, default!);
    }

    [Fact]
    public async Task Enter_WithAnotherShoppersSolution_IsAskedForItsOwn_AndSpendsNothing()
    {
        var solution = ChallengeSolving.Solve(_challenges.Issue(_sale.Id, Guid.NewGuid(), Difficulty).Challenge, Difficulty);

        var error = (await Enter(solution)).ShouldFailWith(ErrorCodes.ChallengeRequired);

        _challenges.Verify(ChallengeSolving.Solve(error.Challenge!.Challenge, Difficulty), _sale.Id, _userId, Difficulty).Verdict
            .Should().Be(ChallengeVerdict.Solved, "the fresh challenge is this shopper's own");
        await _admissions.DidNotReceiveWithAnyArgs().AdmitAsync(default!, default);
    }

    [Fact]
    public async Task Enter_WhenTheAdmissionAsksForASolution_AnswersChallengeRequiredWithAFreshOne()
    {
        // The place seemed held, but the admission found it over (its purchase window lapsed): a solution it is.
        _places.FindCurrentAsync(_sale.Id, _userId, Arg.Any<CancellationToken>())
            .Returns(QueuePlace.Create(Guid.NewGuid(), _sale.Id, _userId, 3, "lapsed-qt", Now, Now.AddMinutes(10)));

        var error = (await Enter(null)).ShouldFailWith(ErrorCodes.ChallengeRequired);

        await _admissions.ReceivedWithAnyArgs(1).AdmitAsync(default!, default);

        var fresh = error.Challenge!;
        fresh.Difficulty.Should().Be(Difficulty);
        fresh.ExpiresAt.Should().Be(Now + QueueChallenges.Lifetime);
        _challenges.Verify(ChallengeSolving.Solve(fresh.Challenge, Difficulty), _sale.Id, _userId, Difficulty).Verdict
            .Should().Be(ChallengeVerdict.Solved, "the fresh challenge is bound to this shopper and sale");
    }

    // The cached sale asked none yet, the sale under the lock does (an operator just turned it on): the fresh
    // challenge has the difficulty read now, not 0.
    [Fact]
    public async Task Enter_WhenTheChallengeWasTurnedOnSinceTheSaleWasCached_GivesTheNewDifficulty()
    {
        var cached = Sale.Schedule(_sale.Id, "iPhone 11 Pro", 699m, "EUR", 10, Now.AddMinutes(-10), ASale.Duration, 0);
        _sales.GetCurrentAsync(Arg.Any<CancellationToken>()).Returns(cached);
        _sales.FindAsync(_sale.Id, Arg.Any<CancellationToken>()).Returns(_sale);

        var error = (await Enter(null)).ShouldFailWith(ErrorCodes.ChallengeRequired);

        error.Challenge!.Difficulty.Should().Be(Difficulty);
    }
}
