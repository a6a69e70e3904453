using FluentValidation;

namespace FlashPurchase.Application.Queue.ExchangeToken;

public sealed class ExchangeTokenValidator : AbstractValidator<ExchangeTokenCommand>
{
    /// <summary>Our tokens are a few hundred characters; anything far longer is not one of them.</summary>
    public const int MaxTokenLength = 4096;

    public ExchangeTokenValidator()
    {
        RuleFor(c => c.UserId).NotEmpty();
        RuleFor(c => c.QueueToken).NotEmpty().MaximumLength(MaxTokenLength);
    }
}
