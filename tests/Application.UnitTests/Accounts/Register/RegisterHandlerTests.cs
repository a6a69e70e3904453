using FlashPurchase.Application.Abstractions;
using FlashPurchase.Application.Accounts.Register;
using FlashPurchase.Application.UnitTests.TestDoubles;
using FlashPurchase.Domain.Errors;
using FlashPurchase.Domain.Users;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;

namespace FlashPurchase.Application.UnitTests.Accounts.Register;

public sealed class RegisterHandlerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 17, 0, 0, TimeSpan.Zero);

    private readonly IUserRepository _users = Substitute.For<IUserRepository>();
    private readonly IPasswordHasher _hasher = Substitute.For<IPasswordHasher>();
    private readonly FakeTimeProvider _clock = new(Now);
    private User? _stored;

    public RegisterHandlerTests()
    {
        _hasher.Hash("correct horse").Returns("$slow-salted-hash$");
        _users.TryAddAsync(Arg.Do<User>(u => _stored = u), Arg.Any<CancellationToken>()).Returns(true);
    }

    private Task<Result<RegisteredUser>> Register() =>
        new RegisterHandler(_users, _hasher, _clock).Handle(new RegisterCommand("alice", "correct horse"), default).AsTask();

    [Fact]
    public async Task Register_WhenTheUsernameIsTaken_ReturnsUsernameTaken()
    {
        _users.TryAddAsync(Arg.Any<User>(), Arg.Any<CancellationToken>()).Returns(false);

        var result = await Register();

        result.ShouldFailWith(ErrorCodes.UsernameTaken);
    }

    [Fact]
    public async Task Register_ReturnsTheStoredUsersIdAndUsername()
    {
        var registered = (await Register()).ShouldSucceed();

        registered.Should().Be(new RegisteredUser(_stored!.Id, "alice"));
    }

    [Fact]
    public async Task Register_StoresTheHashNeverThePassword()
    {
        await Register();

        _stored!.PasswordHash.Should().Be("$slow-salted-hash$");
        _stored.CreatedAt.Should().Be(Now);
    }
}
