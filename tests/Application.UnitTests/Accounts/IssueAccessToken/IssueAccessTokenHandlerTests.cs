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
    private readonly User _alice = User.Register("alice", "$alices-hash$", Now);

    public IssueAccessTokenHandlerTests()
    {
        _users.FindByUsernameAsync("alice", Arg.Any<CancellationToken>()).Returns(_alice);
        _hasher.Verify("$alices-hash$", "correct horse").Returns(true);
        _tokens.IssueAccessToken(_alice).Returns(new SignedToken("alices-access-token", Now.AddHours(1)));
    }

    private Task<Result<IssuedAccessToken>> SignIn(string username, string password) =>
        new IssueAccessTokenHandler(_users, _hasher, _tokens)
            .Handle(new IssueAccessTokenCommand(username, password), default).AsTask();

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
}
