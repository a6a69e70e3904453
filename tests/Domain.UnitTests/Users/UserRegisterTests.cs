using FlashPurchase.Domain.Users;

namespace FlashPurchase.Domain.UnitTests.Users;

public sealed class UserRegisterTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 17, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Register_KeepsUsernameHashAndCreationTimeUnderANewId()
    {
        var user = User.Register("alice", "$hash$", Now);

        user.Id.Should().NotBeEmpty();
        user.Username.Should().Be("alice");
        user.PasswordHash.Should().Be("$hash$");
        user.CreatedAt.Should().Be(Now);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void Register_WithABlankUsername_Throws(string username) =>
        FluentActions.Invoking(() => User.Register(username, "$hash$", Now)).Should().Throw<ArgumentException>();

    [Fact]
    public void Register_WithoutAPasswordHash_Throws() =>
        FluentActions.Invoking(() => User.Register("alice", "", Now)).Should().Throw<ArgumentException>();
}
