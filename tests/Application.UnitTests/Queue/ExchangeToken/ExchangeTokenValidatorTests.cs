using FlashPurchase.Application.Queue.ExchangeToken;
using FluentValidation.TestHelper;

namespace FlashPurchase.Application.UnitTests.Queue.ExchangeToken;

public sealed class ExchangeTokenValidatorTests
{
    private readonly ExchangeTokenValidator _validator = new();

    [Fact]
    public void Validate_AcceptsATokenOfTheMaximumLength() =>
        _validator.TestValidate(new ExchangeTokenCommand(Guid.NewGuid(), new string('t', ExchangeTokenValidator.MaxTokenLength)))
            .ShouldNotHaveAnyValidationErrors();

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Validate_RefusesAnEmptyToken(string token) =>
        _validator.TestValidate(new ExchangeTokenCommand(Guid.NewGuid(), token)).ShouldHaveValidationErrorFor(c => c.QueueToken);

    // Refused before any JWT parsing: a megabyte "token" should cost nothing.
    [Fact]
    public void Validate_RefusesATokenLongerThanTheMaximum() =>
        _validator.TestValidate(new ExchangeTokenCommand(Guid.NewGuid(), new string('t', ExchangeTokenValidator.MaxTokenLength + 1)))
            .ShouldHaveValidationErrorFor(c => c.QueueToken);

    [Fact]
    public void Validate_RefusesAnEmptyUserId() =>
        _validator.TestValidate(new ExchangeTokenCommand(Guid.Empty, "qt")).ShouldHaveValidationErrorFor(c => c.UserId);
}
