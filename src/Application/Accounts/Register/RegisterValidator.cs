using FlashPurchase.Domain.Users;
using FluentValidation;

namespace FlashPurchase.Application.Accounts.Register;

public sealed class RegisterValidator : AbstractValidator<RegisterCommand>
{
    public RegisterValidator()
    {
        RuleFor(c => c.Username)
            .NotEmpty()
            .Length(UsernameRules.MinimumLength, UsernameRules.MaximumLength)
            .Matches(UsernameRules.Pattern).WithMessage("Username may contain only letters, digits, '_', '.' and '-'.");
        RuleFor(c => c.Password).NotEmpty().Length(8, 128);
    }
}
