using FlashPurchase.Application.Abstractions;
using FlashPurchase.Application.Accounts.IssueAccessToken;
using FlashPurchase.Application.UnitTests.TestDoubles;
using FlashPurchase.Domain.Errors;
using FlashPurchase.Domain.Users;
using NSubstitute;

namespace FlashPurchase.Application.UnitTests.Accounts.IssueAccessToken;

public sealed class IssueAccessTokenHandlerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 17, 0, 0, TimeSpan.Zero);

    private readonly IUserRepository _users = Substitute.For<IUserRepository>();
    private readonly IPasswordHasher _hasher = Substitute.For<IPasswordHasher>();
    private readonly ITokenService _tokens = Substitute.For<ITokenService>();
    private readonly ILoginThrottle _throttle = Substitute.For<ILoginThrottle>();
    private readonly User _alice = User.Register("alice", "$alices-hash$", Now);

    public IssueAccessTokenHandlerTests()
    {
        _users.FindByUsernameAsync("alice", Arg.Any<CancellationToken>()).Returns(_alice);
        _hasher.Verify("$alices-hash$", "correct horse").Returns(true);
        _tokens.IssueAccessToken(_alice).Returns(new SignedToken("alices-access-token", Now.AddHours(1)));
        _throttle.AdmitAsync(Arg.Any<LoginAttempt>(), Arg.Any<CancellationToken>())
            .Returns(call => LoginAdmission.Admitted(call.Arg<LoginAttempt>(), "attempt-1"));
    }

    private const string Address = "203.0.113.9";

    private Task<Result<IssuedAccessToken>> SignIn(string username, string password) =>
        new IssueAccessTokenHandler(_users, _hasher, _tokens, _throttle)
            .Handle(new IssueAccessTokenCommand(username, password, Address), default).AsTask();

    private void Lock(string usernameKey, TimeSpan retryAfter)
    {
        var attempt = new LoginAttempt(usernameKey, Address);
        _throttle.AdmitAsync(attempt, Arg.Any<CancellationToken>()).Returns(LoginAdmission.Refused(attempt, retryAfter));
    }

    // Without the simulated verification an unknown username answers measurably faster, which tells it apart.
    [Fact]
    public async Task SignIn_AsAnUnknownUser_ReturnsInvalidCredentialsAfterSpendingAVerificationsTime()
    {
        var result = await SignIn("mallory", "guess");

        result.ShouldFailWith(ErrorCodes.InvalidCredentials);
        _hasher.Received(1).SimulateVerify("guess");
        _tokens.DidNotReceiveWithAnyArgs().IssueAccessToken(default!);
    }

    [Fact]
    public async Task SignIn_WithAWrongPassword_ReturnsInvalidCredentials()
    {
        var result = await SignIn("alice", "wrong horse");

        result.ShouldFailWith(ErrorCodes.InvalidCredentials);
        _tokens.DidNotReceiveWithAnyArgs().IssueAccessToken(default!);
    }

    [Fact]
    public async Task SignIn_WithTheRightPassword_ReturnsABearerTokenWithItsExpiry()
    {
        var issued = (await SignIn("alice", "correct horse")).ShouldSucceed();

        issued.Should().Be(new IssuedAccessToken("alices-access-token", "Bearer", Now.AddHours(1)));
    }

    [Fact]
    public async Task SignIn_CountsEveryAttemptWithTheThrottle_UnderUsernameAndClientAddress_BeforeLookingTheUserUp()
    {
        await SignIn("alice", "wrong horse");
        await SignIn("mallory", "guess");

        Received.InOrder(() =>
        {
            _throttle.AdmitAsync(new LoginAttempt("alice", Address), Arg.Any<CancellationToken>());
            _users.FindByUsernameAsync("alice", Arg.Any<CancellationToken>());
            _throttle.AdmitAsync(new LoginAttempt("mallory", Address), Arg.Any<CancellationToken>());
            _users.FindByUsernameAsync("mallory", Arg.Any<CancellationToken>());
        });
    }

    [Fact]
    public async Task SignIn_CountsAttemptsUnderTheCaseInsensitiveUsername()
    {
        // "ALICE" and "alice" are one account: guessing must not get a fresh allowance per spelling.
        await SignIn("ALICE", "wrong horse");

        await _throttle.Received(1).AdmitAsync(new LoginAttempt("alice", Address), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task SignIn_WhenTheThrottleRefuses_ReturnsRateLimitedWithRetryAfter_AndChecksNoPassword()
    {
        Lock("alice", TimeSpan.FromSeconds(89.2));

        var error = (await SignIn("alice", "correct horse")).ShouldFailWith(ErrorCodes.RateLimited);

        error.RetryAfter.Should().Be(TimeSpan.FromSeconds(90), "a partial second rounds up");
        await _users.DidNotReceiveWithAnyArgs().FindByUsernameAsync(default!, default);
        _hasher.DidNotReceiveWithAnyArgs().Verify(default!, default!);
        _hasher.DidNotReceiveWithAnyArgs().SimulateVerify(default!);
        _tokens.DidNotReceiveWithAnyArgs().IssueAccessToken(default!);
    }

    [Fact]
    public async Task SignIn_Refused_AnswersTheSame_WhetherAnAccountHasTheUsernameOrNot()
    {
        Lock("alice", TimeSpan.FromSeconds(60));
        Lock("mallory", TimeSpan.FromSeconds(60));

        var known = (await SignIn("alice", "wrong horse")).ShouldFailWith(ErrorCodes.RateLimited);
        var unknown = (await SignIn("mallory", "guess")).ShouldFailWith(ErrorCodes.RateLimited);

        unknown.Detail.Should().Be(known.Detail);
        unknown.RetryAfter.Should().Be(known.RetryAfter);
    }

    [Fact]
    public async Task SignIn_WithTheRightPassword_TellsTheThrottleOfTheSuccessOfThatAdmission()
    {
        _users.FindByUsernameAsync("Alice", Arg.Any<CancellationToken>()).Returns(_alice); // as the collation does

        (await SignIn("Alice", "correct horse")).ShouldSucceed();

        await _throttle.Received(1).SucceededAsync(
            LoginAdmission.Admitted(new LoginAttempt("alice", Address), "attempt-1"), Arg.Any<CancellationToken>());
    }

    [Theory]
    [InlineData("alice", "wrong horse")]
    [InlineData("mallory", "guess")]
    public async Task SignIn_Refused_ForgetsNothing(string username, string password)
    {
        await SignIn(username, password);

        await _throttle.DidNotReceiveWithAnyArgs().SucceededAsync(default!, default);
    }

    [Theory]
    [InlineData("alice ")]
    [InlineData("alicé")]
    [InlineData("al")]
    public async Task SignIn_WithAUsernameNoAccountCanHave_IsNotLookedUp_AndAnswersLikeAnUnknownUser(string username)
    {
        // A database collation may call "alice " or "alicé" equal to "alice": looked up, they would guess alice's
        // password under a throttle key of their own.
        _users.FindByUsernameAsync(username, Arg.Any<CancellationToken>()).Returns(_alice);
        _hasher.Verify("$alices-hash$", "wrong horse").Returns(true);

        var result = await SignIn(username, "wrong horse");

        result.ShouldFailWith(ErrorCodes.InvalidCredentials);
        await _users.DidNotReceiveWithAnyArgs().FindByUsernameAsync(default!, default);
        _hasher.Received(1).SimulateVerify("wrong horse");
    }
}
