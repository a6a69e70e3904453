using FlashPurchase.Application.Queue.ExchangeToken;
using FluentValidation;

namespace FlashPurchase.Application.Shop.PlaceOrder;

public sealed class PlaceOrderValidator : AbstractValidator<PlaceOrderCommand>
{
    public PlaceOrderValidator()
    {
        RuleFor(c => c.UserId).NotEmpty();
        RuleFor(c => c.PurchaseToken).NotEmpty().MaximumLength(ExchangeTokenValidator.MaxTokenLength);
    }
}
