using FlashPurchase.Application.Accounts.Register;
using FluentValidation.TestHelper;

namespace FlashPurchase.Application.UnitTests.Accounts.Register;

// The contract: username 3–64 of A-Za-z0-9_.- ; password 8–128 characters.
public sealed class RegisterValidatorTests
{
    private const string GoodUsername = "alice";
    private const string GoodPassword = "correct horse";

    private readonly RegisterValidator _validator = new();

    [Theory]
    [InlineData("abc")]
    [InlineData("A.b-c_9")]
    [InlineData("a234567890123456789012345678901234567890123456789012345678901234")]
    public void Validate_AcceptsUsernamesOfThreeToSixtyFourAllowedCharacters(string username) =>
        _validator.TestValidate(new RegisterCommand(username, GoodPassword)).ShouldNotHaveAnyValidationErrors();

    [Theory]
    [InlineData("")]
    [InlineData("ab")]
    [InlineData("a2345678901234567890123456789012345678901234567890123456789012345")]
    [InlineData("with space")]
    [InlineData("bang!")]
    [InlineData("émile")]
    [InlineData("a/b")]
    [InlineData("alice\n")]
    public void Validate_RefusesUsernamesOutsideTheContract(string username) =>
        _validator.TestValidate(new RegisterCommand(username, GoodPassword)).ShouldHaveValidationErrorFor(c => c.Username);

    [Theory]
    [InlineData(8)]
    [InlineData(128)]
    public void Validate_AcceptsPasswordsOfEightToOneHundredTwentyEightCharacters(int length) =>
        _validator.TestValidate(new RegisterCommand(GoodUsername, new string('p', length))).ShouldNotHaveAnyValidationErrors();

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(129)]
    public void Validate_RefusesPasswordsOutsideEightToOneHundredTwentyEightCharacters(int length) =>
        _validator.TestValidate(new RegisterCommand(GoodUsername, new string('p', length))).ShouldHaveValidationErrorFor(c => c.Password);
}
