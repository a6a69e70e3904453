using FluentValidation;

namespace FlashPurchase.Application.Queue.EnterQueue;

public sealed class EnterQueueValidator : AbstractValidator<EnterQueueCommand>
{
    public EnterQueueValidator() => RuleFor(c => c.UserId).NotEmpty();
}
