using FlashPurchase.Application.Queue.ExchangeToken;
using FlashPurchase.Application.Shop.PlaceOrder;
using FluentValidation.TestHelper;

namespace FlashPurchase.Application.UnitTests.Shop.PlaceOrder;

public sealed class PlaceOrderValidatorTests
{
    private readonly PlaceOrderValidator _validator = new();

    [Fact]
    public void Validate_AcceptsATokenOfTheMaximumLength() =>
        _validator.TestValidate(new PlaceOrderCommand(Guid.NewGuid(), new string('t', ExchangeTokenValidator.MaxTokenLength)))
            .ShouldNotHaveAnyValidationErrors();

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Validate_RefusesAnEmptyToken(string token) =>
        _validator.TestValidate(new PlaceOrderCommand(Guid.NewGuid(), token)).ShouldHaveValidationErrorFor(c => c.PurchaseToken);

    [Fact]
    public void Validate_RefusesATokenLongerThanTheMaximum() =>
        _validator.TestValidate(new PlaceOrderCommand(Guid.NewGuid(), new string('t', ExchangeTokenValidator.MaxTokenLength + 1)))
            .ShouldHaveValidationErrorFor(c => c.PurchaseToken);

    [Fact]
    public void Validate_RefusesAnEmptyUserId() =>
        _validator.TestValidate(new PlaceOrderCommand(Guid.Empty, "pt")).ShouldHaveValidationErrorFor(c => c.UserId);
}
