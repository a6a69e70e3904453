using FlashPurchase.Domain.Users;

namespace FlashPurchase.Domain.UnitTests.Users;

public sealed class UsernameRulesTests
{
    [Theory]
    [InlineData("abc")]
    [InlineData("A.b-c_9")]
    [InlineData("a234567890123456789012345678901234567890123456789012345678901234")]
    public void IsWellFormed_AcceptsThreeToSixtyFourLettersDigitsAndSeparators(string username) =>
        UsernameRules.IsWellFormed(username).Should().BeTrue();

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("ab")]
    [InlineData("a2345678901234567890123456789012345678901234567890123456789012345")]
    [InlineData("alice ")]
    [InlineData(" alice")]
    [InlineData("alicé")]
    [InlineData("alice\n")]
    [InlineData("ａlice")]
    public void IsWellFormed_RefusesWhatNoAccountCanBeNamed(string? username) =>
        UsernameRules.IsWellFormed(username).Should().BeFalse();

    [Fact]
    public void Key_IsTheSameForEverySpellingOfOneAccount() =>
        new[] { "Alice", "ALICE", "alice", "aLiCe" }.Select(UsernameRules.Key).Distinct().Should().Equal("alice");
}
